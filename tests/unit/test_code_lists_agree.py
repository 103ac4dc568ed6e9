"""The code lists of the input contract (ingest/contract.py, their home; ingestion quarantines
any other code) and their copies: the seeds the SDMX structure and the dashboard read, and ISO
3166 itself (pycountry), so that a change made in one place and not in the others fails here.
(Great Expectations no longer checks code lists: docs/quality.md.)"""

from __future__ import annotations

import csv
import re

import pycountry

from returnstats.ingest import contract
from tests import REPO_ROOT


def _seed(name: str) -> list[dict[str, str]]:
    with (REPO_ROOT / "seeds" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


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


def _sql(path: str) -> str:
    return (REPO_ROOT / path).read_text()


def _column(table: str, column: str):
    (spec,) = [c for c in contract.TABLES[table].columns if c.name == column]
    return spec


def test_age_classes_seed_partitions_every_age_once():
    # The seed drives the rule (macros/measures.sql joins it): its classes must cover every age
    # from 0 up without a gap or an overlap, or a person would be lost or counted twice.
    classes = [r for r in _seed("ref_age_classes") if r["min_age"]]
    assert int(classes[0]["min_age"]) == 0 and classes[-1]["max_age"] == ""
    for lower, upper in zip(classes, classes[1:], strict=False):
        assert int(upper["min_age"]) == int(lower["max_age"]) + 1, (lower, upper)
    assert [r["age_class"] for r in _seed("ref_age_classes") if not r["min_age"]] == ["UNK"]
    assert {r["aggregate"] for r in _seed("ref_age_classes")} - {""} == {"Y_LT18"}


def test_return_types_seed_gives_every_pair_the_contract_accepts_one_code():
    # The seed drives the rule (macros/returns.sql joins it on return_type and assisted); the
    # contract refuses a FORCED return that is not assisted.
    pairs = [(r["return_type"], r["assisted"]) for r in _seed("ref_return_types")]
    accepted = {(t, a) for t in _column("returns", "return_type").values for a in ("Y", "N")} - {("FORCED", "N")}
    assert sorted(pairs) == sorted(accepted)
    assert "return_type = 'FORCED' and assisted = 'N'" in _sql("ingest/contract.py")


def test_destination_seed_lists_the_codes_of_the_rule_in_its_order():
    # C_DEST is decided by rules on the destination (macros/returns.sql), not by a lookup: the
    # seed is the code list (names, SDMX) and states the order the rules are tried in.
    rule = _sql("macros/returns.sql")
    destination_case = rule[rule.index("case", rule.index("w.*")):rule.index("as c_dest")]
    codes = [c for c in re.findall(r"then '([\w-]+)'|else '([\w-]+)'", destination_case) for c in c if c]
    ordered = sorted(_seed("ref_destination_classes"), key=lambda r: int(r["rule_order"]))
    assert [r["c_dest"] for r in ordered] == codes


def test_sex_seed_is_the_contract_enum():
    assert [r["sex"] for r in _seed("ref_sex")] == list(_column("persons", "sex").values)
