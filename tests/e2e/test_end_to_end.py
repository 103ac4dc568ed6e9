"""A hand-made extract of a few persons through ingest → build → export, every cell checked.

Who is counted where was worked out by hand (see the comments at each person); the test only
expands those person-level classifications into cubes with margins, a mechanical step that
the spec defines (every combination of each dimension's codes and its total).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from collections import Counter

import pytest

from tests.conftest import run_cli, write_extract

P = "person_id"
PERSONS = [
    {P: "A", "reporting_country": "FR", "sex": "M", "birth_date": "1990-06-01", "citizenship": "DZ"},
    {P: "B", "reporting_country": "FR", "sex": "F", "birth_date": "2012-01-01", "citizenship": "DZ"},
    {P: "C", "reporting_country": "FR", "sex": "M", "birth_date": "2007-02-10", "citizenship": "MA"},
    {P: "D", "reporting_country": "FR", "sex": "UNK", "birth_date": "", "citizenship": "MA"},
    {P: "E", "reporting_country": "FR", "sex": "M", "birth_date": "1970-03-15", "citizenship": "SY"},
    {P: "F", "reporting_country": "FR", "sex": "F", "birth_date": "1950-01-01", "citizenship": "AF"},
    {P: "A", "reporting_country": "DE", "sex": "M", "birth_date": "1985-01-01", "citizenship": "TR"},
    {P: "G", "reporting_country": "DE", "sex": "F", "birth_date": "2000-01-01", "citizenship": "GE"},
]
DECISIONS = [
    {"decision_id": "D1", P: "A", "reporting_country": "FR", "decision_date": "2024-01-10"},
    {"decision_id": "D2", P: "A", "reporting_country": "FR", "decision_date": "2024-02-10"},
    {"decision_id": "D3", P: "B", "reporting_country": "FR", "decision_date": "2024-01-15"},
    {"decision_id": "D4", P: "C", "reporting_country": "FR", "decision_date": "2024-02-10"},
    {"decision_id": "D5", P: "D", "reporting_country": "FR", "decision_date": "2024-03-01"},
    {"decision_id": "D6", P: "E", "reporting_country": "FR", "decision_date": "2024-03-31"},
    {"decision_id": "D1", P: "A", "reporting_country": "DE", "decision_date": "2024-01-05"},
    {"decision_id": "D2", P: "G", "reporting_country": "DE", "decision_date": "2024-02-01"},
]


def _return(rid, person, geo, day, kind, assisted, dest):
    return {"return_id": rid, P: person, "reporting_country": geo, "departure_date": day, "return_type": kind,
            "assisted": assisted, "destination": dest}


RETURNS = [
    _return("R1", "A", "FR", "2024-03-05", "FORCED", "Y", "DZ"),
    _return("R2", "B", "FR", "2024-02-01", "VOLUNTARY", "Y", "DZ"),
    _return("R3", "B", "FR", "2024-02-01", "VOLUNTARY", "N", "ES"),  # same day: R3 > R2 is counted
    _return("R4", "C", "FR", "2024-03-20", "VOLUNTARY", "Y", "TN"),
    _return("R5", "E", "FR", "2024-03-31", "FORCED", "Y", "UNK"),
    _return("R1", "G", "DE", "2024-03-01", "VOLUNTARY", "Y", "GE"),
]
DETENTIONS = [
    {"detention_id": "T1", P: "A", "reporting_country": "FR", "start_date": "2023-12-20", "end_date": "2024-01-01",
     "ground": "ABSCONDING"},
    {"detention_id": "T2", P: "A", "reporting_country": "FR", "start_date": "2024-02-01", "end_date": "2024-02-10",
     "ground": "HAMPERING"},
    {"detention_id": "T3", P: "E", "reporting_country": "FR", "start_date": "2024-03-31", "end_date": "",
     "ground": "SECURITY"},
    {"detention_id": "T4", P: "F", "reporting_country": "FR", "start_date": "2023-11-01", "end_date": "2023-12-31",
     "ground": "IDENTITY"},
    {"detention_id": "T1", P: "A", "reporting_country": "DE", "start_date": "2024-01-10", "end_date": "",
     "ground": "ABSCONDING"},
]
ALTERNATIVES = [
    {"measure_id": "M1", P: "B", "reporting_country": "FR", "measure_type": "REPORTING", "start_date": "2024-01-20",
     "end_date": "2024-02-20"},
    {"measure_id": "M2", P: "C", "reporting_country": "FR", "measure_type": "RESIDENCE", "start_date": "2023-10-01",
     "end_date": ""},
]
RECOGNITIONS = [
    {"recognition_id": "G1", P: "D", "reporting_country": "FR", "issuing_country": "DE",
     "recognition_date": "2024-02-15", "outcome": "RECOGNISED"},
    {"recognition_id": "G2", P: "E", "reporting_country": "FR", "issuing_country": "IT",
     "recognition_date": "2024-03-01", "outcome": "REFUSED"},
]
APPLICATIONS = [
    {"application_id": "A1", P: "A", "reporting_country": "FR", "third_country": "DZ", "submission_date": "2024-01-12",
     "nationality_request": "Y", "nationality_reply": "POSITIVE", "nationality_reply_date": "2024-02-05",
     "travel_document_request": "Y", "travel_document_request_date": "2024-02-06",
     "travel_document_outcome": "ISSUED", "travel_document_outcome_date": "2024-03-01"},
    {"application_id": "A2", P: "C", "reporting_country": "FR", "third_country": "MA", "submission_date": "2024-02-20",
     "nationality_request": "Y", "nationality_reply": "NEGATIVE", "nationality_reply_date": "2024-03-10",
     "travel_document_request": "N"},
    {"application_id": "A3", P: "E", "reporting_country": "FR", "third_country": "SY", "submission_date": "2024-03-05",
     "nationality_request": "N", "travel_document_request": "Y", "travel_document_request_date": "2024-03-05",
     "travel_document_outcome": "REFUSED", "travel_document_outcome_date": "2024-03-25"},
]
REINTEGRATION = [
    {"assistance_id": "I1", P: "B", "reporting_country": "FR", "third_country": "DZ", "start_date": "2024-01-25"},
    {"assistance_id": "I2", P: "B", "reporting_country": "FR", "third_country": "MA", "start_date": "2024-01-28"},
    {"assistance_id": "I3", P: "C", "reporting_country": "FR", "third_country": "TN", "start_date": "2024-03-18"},
]
OPERATIONS = [{"operation_id": "O1", "reporting_country": "FR", "third_country": "DZ", "request_date": "2024-02-10",
               "mode": "CHARTER", "outcome": "ACCEPTED", "returnees": "1"}]

# Person-level classification, by hand (citizen, sex, age on the reference date).
ORDERED = {
    "FR": [("DZ", "M", "Y18-34"),   # A: two decisions, earliest 2024-01-10, age 33
           ("DZ", "F", "Y_LT14"),   # B: 12
           ("MA", "M", "Y14-17"),   # C: 17 on 2024-02-10, his birthday
           ("MA", "UNK", "UNK"),    # D: unknown birth date
           ("SY", "M", "Y35-64")],  # E: 54 on 2024-03-31
    "DE": [("TR", "M", "Y35-64"),   # A in DE is another person: 39
           ("GE", "F", "Y18-34")],  # G: 24
}
RETURNED = {  # (citizen, sex, age, c_dest), return type
    "FR": [(("DZ", "M", "Y18-34", "THRD_CTZ"), "ASSI_FORC"),    # A, R1 to DZ
           (("DZ", "F", "Y_LT14", "EU27_2020_EFTA_FOR"), "NASSI_VOLU"),  # B, R3 (tie won) to ES
           (("MA", "M", "Y14-17", "THRD_OTH"), "ASSI_VOLU"),    # C, R4 to TN, 17 on 2024-03-20
           (("SY", "M", "Y35-64", "UNK"), "ASSI_FORC")],        # E, R5 to UNK
    "DE": [(("GE", "F", "Y18-34", "THRD_CTZ"), "ASSI_VOLU")],  # G
}
ART48 = {
    "FR": {"DET": [("DZ", "M", "Y18-34"),    # A: T1 ends 2024-01-01, T2 also in Q1: once
                   ("SY", "M", "Y35-64")],   # E: T3 starts 2024-03-31; F's T4 ended in 2023
           "ALT": [("DZ", "F", "Y_LT14"),    # B
                   ("MA", "M", "Y14-17")],   # C: ongoing since 2023, reference 2024-01-01, age 16
           "RECOG": [("MA", "UNK", "UNK")]},  # D; E's recognition was REFUSED
    "DE": {"DET": [("TR", "M", "Y35-64")], "ALT": [], "RECOG": []},
}
FRONTEX = {  # (geo, month) -> {(third_country, indic): value}, by hand
    ("FR", "2024-01"): {("DZ", "READM_APP"): 1, ("DZ", "NAT_REQ"): 1, ("DZ", "REINT"): 1, ("MA", "REINT"): 1,
                        ("TOTAL", "READM_APP"): 1, ("TOTAL", "NAT_REQ"): 1, ("TOTAL", "REINT"): 1},
    ("FR", "2024-02"): {("DZ", "NAT_POS"): 1, ("DZ", "TD_REQ"): 1, ("MA", "READM_APP"): 1, ("MA", "NAT_REQ"): 1,
                        ("TOTAL", "NAT_POS"): 1, ("TOTAL", "TD_REQ"): 1, ("TOTAL", "READM_APP"): 1,
                        ("TOTAL", "NAT_REQ"): 1},
    ("FR", "2024-03"): {("DZ", "TD_ISS"): 1, ("MA", "NAT_NEG"): 1, ("SY", "READM_APP"): 1, ("SY", "TD_REQ"): 1,
                        ("SY", "TD_NEG"): 1, ("TN", "REINT"): 1, ("TOTAL", "TD_ISS"): 1, ("TOTAL", "NAT_NEG"): 1,
                        ("TOTAL", "READM_APP"): 1, ("TOTAL", "TD_REQ"): 1, ("TOTAL", "TD_NEG"): 1,
                        ("TOTAL", "REINT"): 1},
    ("DE", "2024-01"): {}, ("DE", "2024-02"): {}, ("DE", "2024-03"): {},
}
FRONTEX_INDICS = ["READM_APP", "NAT_REQ", "NAT_POS", "NAT_NEG", "TD_REQ", "TD_ISS", "TD_NEG", "REINT"]
TOTALS = {"citizen": "TOTAL", "sex": "T", "age": "TOTAL", "c_dest": "TOTAL", "return_type": "TOTAL"}


def expand(persons: list[tuple], dims: list[str]) -> Counter:
    """Every cell each person falls in: own code or total per dimension, and Y_LT18 for minors."""
    cells = Counter()
    for codes in persons:
        options = []
        for dim, code in zip(dims, codes):
            choice = [code, TOTALS[dim]]
            if dim == "age" and code in ("Y_LT14", "Y14-17"):
                choice.append("Y_LT18")
            options.append(choice)
        cells.update(itertools.product(*options))
    total_cell = tuple(TOTALS[d] for d in dims)
    cells[total_cell] += 0  # always written
    return cells


def read_file(path, dims: list[str]) -> dict:
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {tuple(r[d.upper()] for d in dims): int(r["OBS_VALUE"]) for r in rows}, rows


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e")
    write_extract(base / "extract", {
        "persons": PERSONS, "return_decisions": DECISIONS, "returns": RETURNS, "detentions": DETENTIONS,
        "alternatives": ALTERNATIVES, "recognitions": RECOGNITIONS, "readmission_applications": APPLICATIONS,
        "reintegration": REINTEGRATION, "return_operations": OPERATIONS,
    })
    db = base / "wh" / "returnstats.duckdb"
    for args in (["ingest", str(base / "extract")], ["build"], ["export", "--quarter", "2024-Q1",
                                                                "--out", str(base / "out")]):
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 0, result.stdout + result.stderr
    return base / "out"


def test_exactly_the_expected_files_and_manifest(exported):
    names = {p.name for p in exported.iterdir()}
    expected = {f"{flow}_{geo}_2024-Q1.csv" for flow in ("ART48_Q", "EIL_ORD_Q", "EIL_RTN_Q", "EIL_RTT_Q")
                for geo in ("FR", "DE")}
    expected |= {f"FRONTEX_M_{geo}_2024-{m}.csv" for geo in ("FR", "DE") for m in ("01", "02", "03")}
    assert names == expected | {"manifest.json"}
    manifest = json.loads((exported / "manifest.json").read_text())
    assert {f["file"] for f in manifest["files"]} == expected
    for entry in manifest["files"]:
        content = (exported / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
        assert entry["rows"] == content.count(b"\n") - 1


@pytest.mark.parametrize("geo", ["FR", "DE"])
def test_eil_ord_q_every_cell(exported, geo):
    cells, rows = read_file(exported / f"EIL_ORD_Q_{geo}_2024-Q1.csv", ["citizen", "sex", "age"])
    assert cells == dict(expand(ORDERED[geo], ["citizen", "sex", "age"]))
    assert list(rows[0]) == ["DATAFLOW", "FREQ", "GEO", "CITIZEN", "SEX", "AGE", "UNIT", "TIME_PERIOD", "OBS_VALUE",
                             "OBS_FLAG"]
    assert {(r["DATAFLOW"], r["FREQ"], r["GEO"], r["UNIT"], r["TIME_PERIOD"], r["OBS_FLAG"]) for r in rows} == {
        ("RETURNSTATS:EIL_ORD_Q(1.0)", "Q", geo, "PER", "2024-Q1", "")}


def test_hand_counted_headline_figures(exported):
    ordered, _ = read_file(exported / "EIL_ORD_Q_FR_2024-Q1.csv", ["citizen", "sex", "age"])
    assert ordered[("TOTAL", "T", "TOTAL")] == 5
    assert ordered[("TOTAL", "T", "Y_LT18")] == 2
    assert ordered[("DZ", "T", "TOTAL")] == 2
    art48, _ = read_file(exported / "ART48_Q_DE_2024-Q1.csv", ["indic", "citizen", "sex", "age"])
    assert art48[("ALT", "TOTAL", "T", "TOTAL")] == 0 and art48[("RECOG", "TOTAL", "T", "TOTAL")] == 0
    assert art48[("DET", "TOTAL", "T", "TOTAL")] == 1


@pytest.mark.parametrize("geo", ["FR", "DE"])
def test_eil_rtn_and_rtt_every_cell(exported, geo):
    rtn, _ = read_file(exported / f"EIL_RTN_Q_{geo}_2024-Q1.csv", ["citizen", "sex", "age", "c_dest"])
    assert rtn == dict(expand([codes for codes, _ in RETURNED[geo]], ["citizen", "sex", "age", "c_dest"]))
    rtt, _ = read_file(exported / f"EIL_RTT_Q_{geo}_2024-Q1.csv", ["citizen", "return_type"])
    assert rtt == dict(expand([(codes[0], kind) for codes, kind in RETURNED[geo]], ["citizen", "return_type"]))


@pytest.mark.parametrize("geo", ["FR", "DE"])
def test_art48_q_every_cell(exported, geo):
    cells, _ = read_file(exported / f"ART48_Q_{geo}_2024-Q1.csv", ["indic", "citizen", "sex", "age"])
    expected = {}
    for indic, persons in ART48[geo].items():
        for codes, value in expand(persons, ["citizen", "sex", "age"]).items():
            expected[(indic, *codes)] = value
    assert cells == expected


@pytest.mark.parametrize(("geo", "month"), list(FRONTEX))
def test_frontex_m_every_cell(exported, geo, month):
    cells, rows = read_file(exported / f"FRONTEX_M_{geo}_{month}.csv", ["third_country", "indic"])
    expected = {("TOTAL", indic): 0 for indic in FRONTEX_INDICS} | FRONTEX[(geo, month)]
    assert cells == expected
    assert {r["INDIC"]: r["UNIT"] for r in rows} == {i: ("PER" if i == "REINT" else "NR") for i in FRONTEX_INDICS}
