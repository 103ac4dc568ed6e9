"""The v2 hand-made extract (tests/handmade_extract_v2.py) through ingest → build → export:
every v2 rule, every cell of every file, worked out by hand below.

IT has coverage.csv: return decisions collected 2024-Q1..Q2 (so its calendar is exactly
those two quarters) and alternatives NOT collected in 2024-Q2. DK has no coverage.csv and is
not bound by the Return Regulation.
"""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import query, run_cli
from tests.e2e.test_end_to_end import expand
from tests.handmade_extract_v2 import write_handmade_extract_v2

# --- who is counted where, by hand ------------------------------------------------------
# A: orders D1 (RETURN, 2024-01-10) and D2 (DUBLIN_TRANSFER: not an order). Departures R1
#    (Dublin transfer, 2024-02-15: not a return) and R2 (FORCED to MA, 2024-03-01): counted
#    return R2, THRD_CTZ. Age 34 all year (born 1990-01-01). ALT in Q1 (M1, ART31).
# B: orders D3 (2024-01-20, not UAM) and D4 (2024-03-10, UAM): ordered in Q1 at D3, aged 15
#    (born 2008-06-01); UAM ORD in Q1. Return R3 2024-05-10 (Q2), assisted voluntary to AF,
#    UAM: RTN and UAM RTN in Q2, aged 15. M2 is an availability measure (ART23): not ALT.
# C: only an intra-EU transfer decision and an intra-EU transfer: counted nowhere.
# D: order D6 2024-02-10, aged 39. R5 to "re" = La Réunion = FR: EU27_2020_EFTA_FOR,
#    non-assisted voluntary. ALT Q1 by M4 (starts 2024-03-20 in Q1, runs into Q2); M3 starts
#    in Q2, not collected: quarantined. ALT Q2 is "not collected": L.
# E: citizenship RE is not a citizenship: E and its decision D7 are quarantined.
# F: order D8 2024-01-05, aged 29; R6 goes to IT itself: quarantined. Detained 2024-04-01 to
#    2024-04-30: DET Q2, aged 29.
# G (DK): order 2024-01-10, aged 34; detained in Q1, but DK transmits no ART48_Q.
ORDERED = {("IT", "2024-Q1"): [("MA", "M", "Y18-34"), ("AF", "F", "Y14-17"), ("DZ", "M", "Y35-64"),
                               ("EG", "M", "Y18-34")],
           ("IT", "2024-Q2"): [],
           ("DK", "2024-Q1"): [("IQ", "M", "Y18-34")]}
RETURNED = {("IT", "2024-Q1"): [(("MA", "M", "Y18-34", "THRD_CTZ"), "ASSI_FORC"),
                                (("DZ", "M", "Y35-64", "EU27_2020_EFTA_FOR"), "NASSI_VOLU")],
            ("IT", "2024-Q2"): [(("AF", "F", "Y14-17", "THRD_CTZ"), "ASSI_VOLU")],
            ("DK", "2024-Q1"): []}
UAM = {("IT", "2024-Q1"): {"ORD": [("AF", "F")], "RTN": []},
       ("IT", "2024-Q2"): {"ORD": [], "RTN": [("AF", "F")]},
       ("DK", "2024-Q1"): {"ORD": [], "RTN": []}}
ART48 = {"2024-Q1": {"RECOG": [], "ALT": [("MA", "M", "Y18-34"), ("DZ", "M", "Y35-64")], "DET": []},
         "2024-Q2": {"RECOG": [], "ALT": None, "DET": [("EG", "M", "Y18-34")]}}  # None: not collected
FRONTEX_IT = {  # A1: an EUTD issued in February; A2: a national document issued in March
    "2024-01": {("MA", "READM_APP"): 1, ("MA", "TD_REQ"): 1, ("TOTAL", "READM_APP"): 1, ("TOTAL", "TD_REQ"): 1},
    "2024-02": {("DZ", "READM_APP"): 1, ("DZ", "TD_REQ"): 1, ("MA", "TD_EUTD"): 1, ("TOTAL", "READM_APP"): 1,
                ("TOTAL", "TD_REQ"): 1, ("TOTAL", "TD_EUTD"): 1},
    "2024-03": {("DZ", "TD_ISS"): 1, ("TOTAL", "TD_ISS"): 1},
    "2024-04": {}, "2024-05": {}, "2024-06": {},
}
FRONTEX_INDICS = ["READM_APP", "NAT_REQ", "NAT_POS", "NAT_NEG", "TD_REQ", "TD_ISS", "TD_EUTD", "TD_NEG", "REINT"]
QUARANTINED = {  # (table, record id, column) -> words of the reason
    ("persons", "citizenship"): "EU territory (part of FR), not a citizenship",
    ("return_decisions", "D7", "person_id"): "person_id not found",
    ("returns", "R6", "destination"): "destination is the reporting country itself",
    ("alternatives", "M3", "start_date"): "not collected in this period per coverage.csv",
    ("readmission_applications", "A3", "third_country"): "an EU/EFTA country is not a third country",
    ("readmission_applications", "A4", "travel_document_type"): "must be empty unless travel_document_outcome = ISSUED",
    ("reintegration", "I1", "third_country"): "EU territory (part of FR), not a third country",
}


def read_cells(path, dims: list[str]) -> dict:
    """{codes: (OBS_VALUE text, OBS_STATUS)}, codes kept as text (no NA → NaN)."""
    with path.open(newline="") as handle:
        return {tuple(r[d.upper()] for d in dims): (r["OBS_VALUE"], r["OBS_STATUS"]) for r in csv.DictReader(handle)}


def counted(persons: list[tuple], dims: list[str]) -> dict:
    return {codes: (str(n), "A") for codes, n in expand(persons, dims).items()}


@pytest.fixture(scope="module")
def v2(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e_v2")
    write_handmade_extract_v2(base / "extract")
    db = base / "wh" / "returnstats.duckdb"
    result = run_cli("ingest", str(base / "extract"), "--db", str(db))
    assert result.returncode == 1, result.stdout + result.stderr  # rows were quarantined
    for args in (["build"], ["export", "--quarter", "2024-Q1", "--out", str(base / "q1")],
                 ["export", "--quarter", "2024-Q2", "--out", str(base / "q2")],
                 ["export", "--year", "2024", "--out", str(base / "y")],
                 ["export", "--month", "2024-02", "--out", str(base / "m")]):
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 0, result.stdout + result.stderr
    return base, db


def test_every_v2_rule_quarantines_its_row(v2):
    _, db = v2
    rows = query(db, "select table_name, record_id, column_name, reason from audit.quarantine")
    found = {}
    for table, record, column, reason in rows:
        key = (table, column) if table == "persons" else (table, record, column)
        found[key] = reason
    assert set(found) == set(QUARANTINED)
    for key, words in QUARANTINED.items():
        assert words in found[key], (key, found[key])
    assert query(db, "select input_contract from audit.deliveries") == [("case-extract-v2",)]
    assert query(db, "select destination from landing.returns where return_id = 'R5'") == [("FR",)]


def test_files_of_a_quarter_and_why_dk_has_no_art48(v2):
    base, _ = v2
    names = {p.name for p in (base / "q1").iterdir()}
    flows = ("EIL_ORD_Q", "EIL_RTN_Q", "EIL_RTT_Q", "EIL_UAM_Q")
    expected = {f"{f}_{geo}_2024-Q1.csv" for f in flows for geo in ("IT", "DK")} | {"ART48_Q_IT_2024-Q1.csv"}
    expected |= {f"FRONTEX_M_{geo}_2024-{m}.csv" for geo in ("IT", "DK") for m in ("01", "02", "03")}
    assert names == expected | {"manifest.json", "RETURNSTATS_STRUCTURE.xml"}
    manifest = json.loads((base / "q1" / "manifest.json").read_text())
    assert [(e["dataflow"], e["geo"]) for e in manifest["not_transmitted"]] == [("ART48_Q", "DK")]
    assert "not bound by the Return Regulation" in manifest["not_transmitted"][0]["reason"]
    assert manifest["art48_measure_count"] == "overlap" and manifest["settings"]["art48_measure_count"] == "overlap"
    assert manifest["input_contracts"] == ["case-extract-v2"]
    assert manifest["software"]["version"]
    # DK's calendar is its events (2024-Q1 only): no DK file in 2024-Q2
    assert {p.name.split("_")[-2] for p in (base / "q2").glob("*.csv")} == {"IT"}


@pytest.mark.parametrize(("geo", "quarter"), list(ORDERED))
def test_eil_quarterly_every_cell(v2, geo, quarter):
    base, _ = v2
    folder = base / ("q1" if quarter == "2024-Q1" else "q2")
    assert read_cells(folder / f"EIL_ORD_Q_{geo}_{quarter}.csv", ["citizen", "sex", "age"]) == \
        counted(ORDERED[(geo, quarter)], ["citizen", "sex", "age"])
    assert read_cells(folder / f"EIL_RTN_Q_{geo}_{quarter}.csv", ["citizen", "sex", "age", "c_dest"]) == \
        counted([c for c, _ in RETURNED[(geo, quarter)]], ["citizen", "sex", "age", "c_dest"])
    assert read_cells(folder / f"EIL_RTT_Q_{geo}_{quarter}.csv", ["citizen", "return_type"]) == \
        counted([(c[0], t) for c, t in RETURNED[(geo, quarter)]], ["citizen", "return_type"])
    uam = read_cells(folder / f"EIL_UAM_Q_{geo}_{quarter}.csv", ["indic", "citizen", "sex"])
    expected = {}
    for indic, persons in UAM[(geo, quarter)].items():
        expected |= {(indic, *codes): value for codes, value in counted(persons, ["citizen", "sex"]).items()}
    assert uam == expected


@pytest.mark.parametrize("quarter", list(ART48))
def test_art48_every_cell_with_not_collected_alternatives(v2, quarter):
    base, _ = v2
    folder = base / ("q1" if quarter == "2024-Q1" else "q2")
    cells = read_cells(folder / f"ART48_Q_IT_{quarter}.csv", ["indic", "citizen", "sex", "age"])
    expected = {}
    for indic, persons in ART48[quarter].items():
        if persons is None:
            expected[(indic, "TOTAL", "T", "TOTAL")] = ("", "L")
            continue
        expected |= {(indic, *codes): value for codes, value in counted(persons, ["citizen", "sex", "age"]).items()}
    assert cells == expected


@pytest.mark.parametrize("month", list(FRONTEX_IT))
def test_frontex_eutd_apart_from_documents_of_the_third_country(v2, month):
    base, _ = v2
    folder = base / ("q1" if month <= "2024-03" else "q2")
    cells = read_cells(folder / f"FRONTEX_M_IT_{month}.csv", ["third_country", "indic"])
    expected = {("TOTAL", i): ("0", "A") for i in FRONTEX_INDICS}
    expected |= {k: (str(v), "A") for k, v in FRONTEX_IT[month].items()}
    assert cells == expected


def test_month_export_writes_that_month_only(v2):
    base, _ = v2
    # The month was sent before, with its quarter: a revision report, with no cell revised.
    assert {p.name for p in (base / "m").glob("*.csv")} == {"FRONTEX_M_IT_2024-02.csv", "FRONTEX_M_DK_2024-02.csv",
                                                           "REVISIONS_2024-02.csv"}
    assert len((base / "m" / "REVISIONS_2024-02.csv").read_text().splitlines()) == 1
    assert json.loads((base / "m" / "manifest.json").read_text())["revisions"]["cells_revised"] == 0
    assert read_cells(base / "m" / "FRONTEX_M_IT_2024-02.csv", ["third_country", "indic"]) == \
        read_cells(base / "q1" / "FRONTEX_M_IT_2024-02.csv", ["third_country", "indic"])


def test_annual_flows_count_a_person_once_a_year(v2):
    base, _ = v2
    year = base / "y"
    # IT 2024: the persons ordered in Q1 (nobody in Q2), each once; ages on their earliest order.
    assert read_cells(year / "EIL_ORD_A_IT_2024.csv", ["citizen", "sex", "age"]) == \
        counted(ORDERED[("IT", "2024-Q1")], ["citizen", "sex", "age"])
    # counted return of the year: A's R2, D's R5, B's R3 (Q2)
    returned = RETURNED[("IT", "2024-Q1")] + RETURNED[("IT", "2024-Q2")]
    assert read_cells(year / "EIL_RTN_A_IT_2024.csv", ["citizen", "sex", "age", "c_dest"]) == \
        counted([c for c, _ in returned], ["citizen", "sex", "age", "c_dest"])
    assert read_cells(year / "EIL_RTT_A_IT_2024.csv", ["citizen", "return_type"]) == \
        counted([(c[0], t) for c, t in returned], ["citizen", "return_type"])
    assert read_cells(year / "EIL_ORD_A_DK_2024.csv", ["citizen", "sex", "age"]) == \
        counted(ORDERED[("DK", "2024-Q1")], ["citizen", "sex", "age"])
    assert (year / "ART25A_A_2024.csv").exists()
    manifest = json.loads((year / "manifest.json").read_text())
    assert manifest["year"] == "2024" and manifest["validation"]["quarters_validated"] == ["2024-Q1", "2024-Q2"]


def test_art25a_counts_only_orders_returns_and_third_country_documents(v2):
    base, _ = v2
    with (base / "y" / "ART25A_A_2024.csv").open(newline="") as handle:
        rows = {(r["GEO"], r["THIRD_COUNTRY"], r["INDIC"]): (r["OBS_VALUE"], r["OBS_STATUS"])
                for r in csv.DictReader(handle)}
    # MA: A ordered once (D2 is a Dublin transfer), one FORCED return; A1's EUTD is accepted
    # (RA_ACC counts any ISSUED outcome) but not a document issued by Morocco.
    assert rows[("IT", "MA", "RD")] == ("1", "A")
    assert rows[("IT", "MA", "RET_FORCED")] == ("1", "A")
    assert rows[("IT", "MA", "RA_ACC")] == ("1", "A")
    assert rows[("IT", "MA", "TD_REQ")] == ("1", "A")
    assert rows[("IT", "MA", "TD_ISS")] == ("0", "A")
    assert rows[("IT", "MA", "MED_DAYS_TD")] == ("", "M")  # no document issued by Morocco: undefined
    assert rows[("IT", "MA", "RATE_EUTD")] == ("", "M")  # EUTD never offered: undefined
    assert rows[("IT", "DZ", "TD_ISS")] == ("1", "A")
    # TN: C only had an intra-EU transfer decision: no pair at all
    assert not [k for k in rows if k[1] == "TN"]
    # v2 timeliness (statistics v2 §6, §9): A2's document for DZ, requested 2024-02-15 and issued
    # 2024-03-05, took 19 days against the default 30 calendar days: in time, class 16-30. A1's
    # EUTD is neither in time, late nor pending. No nationality request anywhere.
    assert rows[("IT", "DZ", "TD_IN_TIME")] == ("1", "A")
    assert rows[("IT", "DZ", "TD_D16-30")] == ("1", "A")
    assert [rows[("IT", "DZ", i)] for i in ("TD_LATE", "TD_PENDING", "TD_D0-15")] == [("0", "A")] * 3
    assert [rows[("IT", "MA", i)] for i in ("TD_IN_TIME", "TD_LATE", "TD_PENDING")] == [("0", "A")] * 3
    assert [rows[("IT", "MA", i)] for i in ("NAT_IN_TIME", "NAT_LATE", "NAT_PENDING")] == [("0", "A")] * 3
    # D's only return went to La Réunion, i.e. France: not a return to a third country
    assert rows[("IT", "DZ", "RET_ALL")] == ("0", "A") and rows[("IT", "DZ", "RET_UNK_DEST")] == ("0", "A")
    # A, a Moroccan, was returned by force to Morocco: no transit; the rate with transit = 1 / 1
    assert rows[("IT", "MA", "RET_FORCED_TRANSIT")] == ("0", "A")
    assert rows[("IT", "MA", "RATE_FORCED_INCL_TRANSIT")] == ("1.0000", "A")
    # the selection year 2023 has neither seed figures nor data of all 31 countries: no ELIGIBLE
    assert not [k for k in rows if k[2] == "ELIGIBLE"]
