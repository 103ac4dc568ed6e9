"""Facts that must be written twice, and the tests that keep the copies in step (issue 17)."""

from __future__ import annotations

import re
from importlib.metadata import version

from returnstats import __version__
from returnstats.sql import DEFAULT_MEMORY_LIMIT
from returnstats.warehouse import REPO_ROOT


def test_dbt_run_by_hand_uses_the_memory_limit_returnstats_sets():
    # returnstats passes RETURNSTATS_MEMORY_LIMIT to dbt; profiles.yml's fallback is for a hand-run dbt
    profile = (REPO_ROOT / "profiles.yml").read_text()
    fallback = re.search(r"env_var\('RETURNSTATS_MEMORY_LIMIT', '([^']+)'\)", profile)
    assert fallback and fallback.group(1) == DEFAULT_MEMORY_LIMIT


def test_package_version_is_the_one_in_pyproject():
    assert version("returnstats") == __version__
