"""Facts that must be written twice, and the tests that keep the copies in step (issue 17)."""

from __future__ import annotations

import re
from datetime import date
from importlib.metadata import version

import pytest
import yaml

from returnstats import __version__, environment
from returnstats.export_flows import ALL_FLOWS, ART25A_CODE
from returnstats.periods import DEADLINE_MONTHS, FRONTEX_DEADLINE_DAY, parse_month, parse_quarter, transmission_deadline
from returnstats.sql import DEFAULT_MEMORY_LIMIT
from returnstats.structure import CONCEPTS, code_lists, margins
from tests import REPO_ROOT


def test_dbt_run_by_hand_uses_the_memory_limit_returnstats_sets():
    # returnstats passes RETURNSTATS_MEMORY_LIMIT to dbt; profiles.yml's fallback is for a hand-run dbt
    profile = (REPO_ROOT / "profiles.yml").read_text()
    fallback = re.search(r"env_var\('RETURNSTATS_MEMORY_LIMIT', '([^']+)'\)", profile)
    assert fallback and fallback.group(1) == DEFAULT_MEMORY_LIMIT


def test_the_spark_profile_falls_back_to_the_declared_defaults():
    profile = (REPO_ROOT / "profiles.yml").read_text()
    for variable in (environment.SPARK_DIR, environment.SPARK_MEMORY):
        fallbacks = set(re.findall(rf"env_var\('{variable.name}', '([^']+)'\)", profile))
        assert fallbacks == {variable.default}, variable.name


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


def _mart_tests(mart: str) -> list[dict]:
    properties = yaml.safe_load((REPO_ROOT / "models" / "marts" / "transmission" / "_transmission__models.yml")
                                .read_text())
    (model,) = [m for m in properties["models"] if m["name"] == mart]
    return model.get("data_tests", [])


@pytest.mark.parametrize("flow", [f for f in ALL_FLOWS.values() if f.code != ART25A_CODE], ids=lambda f: f.code)
def test_each_marts_margin_tests_are_the_aggregates_of_its_dataflows_code_lists(flow):
    """The dbt margin tests of a transmitted mart check exactly the totals its dimensions' code lists
    declare (seed ref_codes, column sums, read by structure.margins); a dimension without a total
    (INDIC) is a key."""
    aggregated = [d for d in flow.dims if margins(d.upper())]
    expected = {(d, total, frozenset(parts)) for d in aggregated for total, parts in margins(d.upper()).items()}
    declared = set()
    for test in _mart_tests(flow.mart):
        if "margins_add_up" not in test:
            continue
        args = test["margins_add_up"]["arguments"]
        assert args["dims"] == aggregated
        assert args["keys"] == ["geo", "time_period", *(d for d in flow.dims if d not in aggregated)]
        dim = args["dim"]
        codes = code_lists()[CONCEPTS[dim.upper()][1]].ids
        parts = set(args["parts"]) if "parts" in args else codes - {args["total"], *args.get("exclude", [])}
        declared.add((dim, args["total"], frozenset(parts)))
    assert declared == expected


def test_every_environment_variable_read_is_declared_once_and_documented():
    readme = (REPO_ROOT / "README.md").read_text()
    declared = {v.name: v for v in environment.ALL}
    used = set()
    for folder in ("returnstats", "ingest", "dashboards"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r"\bRETURNSTATS_[A-Z_]+\b", path.read_text()))
    # names of the SDMX structure file and annotation type, not variables
    used -= {"RETURNSTATS_STRUCTURE", "RETURNSTATS_COUNTING_SETTING"}
    assert used <= set(declared), used - set(declared)
    for variable in environment.ALL:
        row = re.search(rf"^\| `{variable.name}` \| ([^|]+) \|", readme, re.M)
        assert row, f"README does not list {variable.name}"
        if variable.default:
            assert f"`{variable.default}`" in row.group(1), variable.name
