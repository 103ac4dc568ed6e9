"""Art. 25a: the ART25A_A export and the assessment pack, checked against the published marts."""

from __future__ import annotations

import csv
import json
import re

import openpyxl
import pytest

from returnstats.warehouse import serving_path
from tests.conftest import SMALL_DEMO_BUILD_VARS, query, run_cli
from tests.html_cells import data_cells


@pytest.fixture(scope="module")
def demo(small_demo):
    """A small generated year, with thresholds low enough that several countries are eligible."""
    return small_demo


def test_export_year_writes_the_spec_format(demo, tmp_path):
    result = run_cli("export", "--year", "2024", "--out", str(tmp_path), "--db", str(demo))
    assert result.returncode == 0, result.stderr
    with (tmp_path / "ART25A_A_2024.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["DATAFLOW", "FREQ", "GEO", "THIRD_COUNTRY", "INDIC", "UNIT", "TIME_PERIOD", "OBS_VALUE",
                             "OBS_STATUS"]
    assert {(r["DATAFLOW"], r["FREQ"], r["TIME_PERIOD"]) for r in rows} == {("RETURNSTATS:ART25A_A(1.0)", "A", "2024")}
    for r in rows:
        value = r["OBS_VALUE"]
        pattern = {"RATIO": r"\d+\.\d{4}", "DAY": r"\d+\.\d", "PER": r"\d+", "NR": r"\d+"}[r["UNIT"]]
        assert value == "" and r["UNIT"] in ("RATIO", "DAY") or re.fullmatch(pattern, value), r
        # an undefined ratio or median is M (the demo declares no table not collected for a whole year)
        assert r["OBS_STATUS"] == ("M" if value == "" else "A"), r
        if r["INDIC"] in ("RATE_ACC", "RATE_TD", "RATE_EUTD", "RATE_CHARTER") and value:
            assert 0 <= float(value) <= 1, r  # cohort ratios; RATE_ALL/RATE_FORCED are not cohorts
    assert {r["GEO"] for r in rows if r["INDIC"] == "ELIGIBLE"} == {"TOTAL"}
    # every pair has the full set of indicators (41 for TOTAL with ELIGIBLE, 40 elsewhere)
    per_pair = {}
    for r in rows:
        per_pair.setdefault((r["GEO"], r["THIRD_COUNTRY"]), set()).add(r["INDIC"])
    assert {len(v) for k, v in per_pair.items() if k[0] == "TOTAL"} == {41}
    assert {len(v) for k, v in per_pair.items() if k[0] != "TOTAL"} == {40}
    # the duration classes partition what was replied or issued by the cut-off: every issued
    # document is in one TD class; a reply is in time or late (late also holds pending requests)
    cells = {(r["GEO"], r["THIRD_COUNTRY"], r["INDIC"]): r["OBS_VALUE"] for r in rows}
    classes = ("0-15", "16-30", "31-60", "61-90", "91-180", "GT180")
    for geo, tc in per_pair:
        def count(indic, geo=geo, tc=tc):
            return int(cells[(geo, tc, indic)])

        assert sum(count(f"TD_D{c}") for c in classes) == count("TD_ISS"), (geo, tc)
        assert count("TD_ISS") + count("TD_PENDING") <= count("TD_REQ"), (geo, tc)
        replied = sum(count(f"NAT_D{c}") for c in classes)
        assert count("NAT_IN_TIME") <= replied <= count("NAT_IN_TIME") + count("NAT_LATE"), (geo, tc)
    # TOTAL is the sum of the reporting countries, for a count
    rd = {(r["GEO"], r["THIRD_COUNTRY"]): int(r["OBS_VALUE"]) for r in rows if r["INDIC"] == "RD"}
    assert rd[("TOTAL", "DZ")] == sum(v for (geo, tc), v in rd.items() if tc == "DZ" and geo != "TOTAL")


def test_export_year_without_data_is_a_clear_error(demo, tmp_path):
    result = run_cli("export", "--year", "2019", "--out", str(tmp_path), "--db", str(demo))
    assert result.returncode == 2 and "no data for year 2019" in result.stderr


def test_report_has_a_page_per_eligible_country_with_the_marts_figures(demo, tmp_path):
    result = run_cli("report", "--year", "2024", "--out", str(tmp_path), "--db", str(demo))
    assert result.returncode == 0, result.stderr
    serving = serving_path(demo)
    eligible = {c for (c,) in query(serving, "select third_country from marts.art25a_indicators_a "
                                             "where geo = 'TOTAL' and year = 2024 and eligible = 1")}
    assert len(eligible) >= 3
    assert {p.stem for p in tmp_path.glob("*.html")} == eligible | {"index"}
    wide = {(r[0], r[1], r[2]): r[3:] for r in query(serving, """
        select geo, third_country, year, rd, rate_all, rate_acc, rate_td, med_days_nat
        from marts.art25a_indicators_a""")}
    columns = ["rd", "rate_all", "rate_acc", "rate_td", "med_days_nat"]
    for country in eligible:
        page = (tmp_path / f"{country}.html").read_text()
        assert '<script src="plotly.min.js"></script>' in page and "cdn." not in page  # one shared copy
        assert "not the Commission's assessment" in page
        assert "cut-off 2025-03-31" in page and "data published" in page
        assert "Selected for 2024" in page and "Selection rule (COM(2021) 56" in page
        cells = data_cells(page, "data-indic", "data-level")
        checked = 0
        for cell in cells:
            if cell.get("data-indic") in columns:
                expected = wide[(cell["data-geo"], country, int(cell["data-year"]))][columns.index(cell["data-indic"])]
                shown = cell["data-value"]
                assert (shown == "" and (expected is None or expected != expected)) \
                    or float(shown) == pytest.approx(expected), cell
                checked += 1
        assert checked >= 5
        levels = dict(query(serving, "select geo, level from marts.art25a_cooperation_proxy_a "
                                     "where year = 2024 and third_country = ?", [country]))
        for cell in cells:
            if "data-level" in cell:
                assert levels[cell["data-geo"]] == cell["data-level"]
    assert (tmp_path / "plotly.min.js").stat().st_size > 1_000_000
    assert sum(p.stat().st_size for p in tmp_path.glob("*.html")) < 200_000 * (len(eligible) + 1)
    # the .xlsx keeps numbers as numbers (a ratio stays 0.085, formatted as a percentage)
    sheet = openpyxl.load_workbook(tmp_path / "ART25A_summary_2024.xlsx")["summary"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == eligible
    rate = header.index("rate_all") + 1
    assert sheet.cell(row=2, column=rate).number_format == "0.0%"
    for r in rows:
        assert r[rate - 1] is None or isinstance(r[rate - 1], float) and 0 <= r[rate - 1] <= 5
        assert wide[("TOTAL", r[0], 2024)][0] == r[header.index("rd")]


def test_values_before_the_cut_off_are_provisional_and_the_year_export_tracks_revisions(demo, tmp_path):
    first = run_cli("export", "--year", "2024", "--out", str(tmp_path / "first"), "--db", str(demo))
    assert first.returncode == 0, first.stderr
    # A cut-off 120 months after 2024 (2034-12-31) has not passed: every value that is not L or M
    # is P, and replies dated after 31 March 2025 now count.
    built = run_cli("build", "--db", str(demo), *SMALL_DEMO_BUILD_VARS, "--var", "art25a_cutoff_months=120")
    assert built.returncode == 0, built.stdout[-2000:]
    try:
        result = run_cli("export", "--year", "2024", "--out", str(tmp_path / "second"), "--db", str(demo))
        assert result.returncode == 0, result.stderr
        second = tmp_path / "second"
        with (second / "ART25A_A_2024.csv").open() as handle:
            statuses = {(r["OBS_STATUS"], r["OBS_VALUE"] == "") for r in csv.DictReader(handle)}
        assert statuses <= {("P", False), ("M", True)} and ("P", False) in statuses
        manifest = json.loads((second / "manifest.json").read_text())
        assert manifest["art25a_cutoff"] == {"date": "2034-12-31", "passed": False,
                                             "settings": {"art25a_cutoff_months": "120"}}
        # the year export ran the validation gate on each quarter of the year
        assert manifest["validation"]["quarters_validated"] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
        # and reports, cell by cell, what changed since the first export of 2024
        with (second / "REVISIONS_2024.csv").open() as handle:
            revised = [r for r in csv.DictReader(handle) if r["dataflow"] == "ART25A_A"]
        assert manifest["revisions"]["cells_revised"] >= len(revised) > 0
        assert {(r["old_status"], r["new_status"]) for r in revised if r["change"] == "changed"} >= {("A", "P")}
    finally:
        assert run_cli("build", "--db", str(demo), *SMALL_DEMO_BUILD_VARS).returncode == 0
