"""returnstats tests; they run from a checkout."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent  # the checkout
