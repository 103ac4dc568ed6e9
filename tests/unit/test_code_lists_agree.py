"""The code lists of the input contract (ingest/contract.py, their home) and their copies: the
seeds the SDMX structure and the dashboard read, the Great Expectations suites, and ISO 3166
itself (pycountry), so that a change made in one place and not in the others fails here."""

from __future__ import annotations

import csv
import json

import pycountry
import pytest

from ingest import contract
from returnstats.warehouse import REPO_ROOT


def _seed(name: str) -> list[dict[str, str]]:
    with (REPO_ROOT / "seeds" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _gx_value_set(suite: str) -> set[str]:
    expectations = json.loads((REPO_ROOT / "expectations" / f"{suite}.json").read_text())["expectations"]
    (only,) = [e for e in expectations if e["type"] == "expect_column_values_to_be_in_set"]
    return set(only["kwargs"]["value_set"])


def test_iso_countries_are_iso_3166_with_eurostat_codes():
    eurostat_to_iso = {"EL": "GR", "UK": "GB"}
    ours = {eurostat_to_iso.get(code, code) for code in contract.ISO_COUNTRIES} - {"XK"}  # Kosovo: not in ISO
    assert ours == {country.alpha_2 for country in pycountry.countries}


def test_reporting_countries_seed_is_the_contract_list():
    rows = _seed("ref_reporting_countries")
    assert [r["geo"] for r in rows] == contract.REPORTING_COUNTRIES
    assert {r["geo"] for r in rows if r["membership"] == "EFTA"} == set(contract.EFTA_STATES)


def test_countries_seed_holds_the_contract_lists():
    rows = _seed("ref_countries")
    assert {r["code"] for r in rows} == set(contract.COUNTRY_CODES) | set(contract.SPECIAL_CITIZENSHIPS)
    assert {r["code"] for r in rows if r["is_citizenship_code"] == "true"} == set(contract.CITIZEN_CODES)
    assert {r["code"] for r in rows if r["membership"] == "THIRD"} == set(contract.THIRD_COUNTRY_CODES) - {"UNK"}
    assert {r["code"] for r in rows if r["membership"] == "EU_TERRITORY"} == set(contract.MEMBER_STATE_TERRITORIES)


@pytest.mark.parametrize(("suite", "codes"), [
    ("landing_reporting_countries", contract.REPORTING_COUNTRIES),
    ("landing_citizenships", contract.CITIZEN_CODES),
    ("landing_countries", contract.COUNTRY_CODES),
])
def test_great_expectations_suites_check_the_contract_lists(suite, codes):
    assert _gx_value_set(suite) == set(codes)
