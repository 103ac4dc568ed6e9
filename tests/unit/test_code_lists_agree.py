"""The code lists of the input contract (ingest/contract.py, their home) and their copies: the
seeds the SDMX structure and the dashboard read, the Great Expectations suites, and ISO 3166
itself (pycountry), so that a change made in one place and not in the others fails here."""

from __future__ import annotations

import csv
import json
import re

import pycountry
import pytest

from returnstats.ingest import contract
from tests import REPO_ROOT


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


def _sql(path: str) -> str:
    return (REPO_ROOT / path).read_text()


def _column(table: str, column: str):
    (spec,) = [c for c in contract.TABLES[table].columns if c.name == column]
    return spec


def test_age_classes_seed_states_the_thresholds_of_the_age_macro():
    # macros/age.sql: "< 14 then 'Y_LT14'", ..., "else 'Y_GE65'"; the seed: min_age, max_age of each class
    branches = [(n, c) for n, c in re.findall(r"< (\d+) then '([\w-]+)'", _sql("macros/age.sql")) if c != "UNK"]
    (last,) = re.findall(r"else '([\w-]+)'", _sql("macros/age.sql"))
    classes = [r for r in _seed("ref_age_classes") if r["min_age"]]
    assert [(r["max_age"], r["age_class"]) for r in classes[:-1]] == [(str(int(n) - 1), c) for n, c in branches]
    assert (classes[-1]["age_class"], classes[-1]["max_age"]) == (last, "")
    assert [int(r["min_age"]) for r in classes] == [0] + [int(n) for n, _ in branches]
    assert {r["aggregate"] for r in _seed("ref_age_classes")} - {""} == {"Y_LT18"}


def test_destination_and_return_type_seeds_are_the_codes_the_rule_gives_in_its_order():
    rule = _sql("macros/returns.sql")
    destination_case = rule[rule.index("case", rule.index("select\n        *")):rule.index("as c_dest")]
    type_case = rule[rule.index("as c_dest"):rule.index("as return_type_code")]
    codes = [c for c in re.findall(r"then '([\w-]+)'|else '([\w-]+)'", destination_case) for c in c if c]
    ordered = sorted(_seed("ref_destination_classes"), key=lambda r: int(r["rule_order"]))
    assert [r["c_dest"] for r in ordered] == codes
    codes = [c for c in re.findall(r"then '([\w-]+)'|else '([\w-]+)'", type_case) for c in c if c]
    assert [r["return_type_code"] for r in _seed("ref_return_types")] == codes
    assert {r["return_type"] for r in _seed("ref_return_types")} == set(_column("returns", "return_type").values)


def test_sex_seed_is_the_contract_enum():
    assert [r["sex"] for r in _seed("ref_sex")] == list(_column("persons", "sex").values)
