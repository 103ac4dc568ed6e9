"""A hand-made v1 extract of a few persons through ingest → build → export, every cell checked:
a version-1 extract still loads and gives version 1's figures, in the v2 file format.

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

from tests.conftest import run_cli
from tests.handmade_extract import write_handmade_extract

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
FRONTEX_INDICS = ["READM_APP", "NAT_REQ", "NAT_POS", "NAT_NEG", "TD_REQ", "TD_ISS", "TD_EUTD", "TD_NEG", "REINT"]
TOTALS = {"citizen": "TOTAL", "sex": "T", "age": "TOTAL", "c_dest": "TOTAL", "return_type": "TOTAL"}


def expand(persons: list[tuple], dims: list[str]) -> Counter:
    """Every cell each person falls in: own code or total per dimension, and Y_LT18 for minors."""
    cells = Counter()
    for codes in persons:
        options = []
        for dim, code in zip(dims, codes, strict=True):
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
    write_handmade_extract(base / "extract")
    db = base / "wh" / "returnstats.duckdb"
    for args in (["ingest", str(base / "extract")], ["build"], ["export", "--quarter", "2024-Q1",
                                                                "--out", str(base / "out")]):
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 0, result.stdout + result.stderr
    return base / "out"


def test_exactly_the_expected_files_and_manifest(exported):
    names = {p.name for p in exported.iterdir()}
    expected = {f"{flow}_{geo}_2024-Q1.csv" for flow in ("ART48_Q", "EIL_ORD_Q", "EIL_RTN_Q", "EIL_RTT_Q", "EIL_UAM_Q")
                for geo in ("FR", "DE")}
    expected |= {f"FRONTEX_M_{geo}_2024-{m}.csv" for geo in ("FR", "DE") for m in ("01", "02", "03")}
    assert names == expected | {"manifest.json", "RETURNSTATS_STRUCTURE.xml"}
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
                             "OBS_STATUS"]
    assert {(r["DATAFLOW"], r["FREQ"], r["GEO"], r["UNIT"], r["TIME_PERIOD"], r["OBS_STATUS"]) for r in rows} == {
        ("RETURNSTATS:EIL_ORD_Q(1.0)", "Q", geo, "PER", "2024-Q1", "A")}


@pytest.mark.parametrize("geo", ["FR", "DE"])
def test_a_v1_extract_has_no_unaccompanied_minors(exported, geo):
    cells, _ = read_file(exported / f"EIL_UAM_Q_{geo}_2024-Q1.csv", ["indic", "citizen", "sex"])
    assert cells == {("ORD", "TOTAL", "T"): 0, ("RTN", "TOTAL", "T"): 0}


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
