"""Facts that must be written twice, and the tests that keep the copies in step (issue 17)."""

from __future__ import annotations

import re
from datetime import date
from importlib.metadata import version

import yaml

from returnstats import __version__
from returnstats.periods import DEADLINE_MONTHS, FRONTEX_DEADLINE_DAY, parse_month, parse_quarter, transmission_deadline
from returnstats.sql import DEFAULT_MEMORY_LIMIT
from tests import REPO_ROOT


def test_dbt_run_by_hand_uses_the_memory_limit_returnstats_sets():
    # returnstats passes RETURNSTATS_MEMORY_LIMIT to dbt; profiles.yml's fallback is for a hand-run dbt
    profile = (REPO_ROOT / "profiles.yml").read_text()
    fallback = re.search(r"env_var\('RETURNSTATS_MEMORY_LIMIT', '([^']+)'\)", profile)
    assert fallback and fallback.group(1) == DEFAULT_MEMORY_LIMIT


def test_package_version_is_the_one_in_pyproject():
    assert version("returnstats") == __version__


def test_hub_models_use_the_transmission_deadlines_of_the_periods_module():
    dbt_vars = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())["vars"]
    assert dbt_vars["hub_deadline_months"] == DEADLINE_MONTHS
    assert dbt_vars["hub_frontex_deadline_day"] == FRONTEX_DEADLINE_DAY


def test_transmission_deadlines_worked_by_hand():
    assert transmission_deadline(parse_quarter("2024-Q1")) == date(2024, 5, 31)
    assert transmission_deadline(parse_quarter("2024-Q4")) == date(2025, 2, 28)  # across the year, not a leap year
    assert transmission_deadline(parse_quarter("2023-Q4")) == date(2024, 2, 29)  # a leap year
    assert transmission_deadline(parse_month("2025-12")) == date(2026, 1, 15)
