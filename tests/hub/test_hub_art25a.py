"""Art. 25a at the hub, from the received files only: on the small demo (one warehouse holding
all 31 countries), every count the hub sums for EU27_2020_EFTA must equal the warehouse's own
TOTAL, the selection must select the same third countries, and the pack from the hub shows the
questionnaire answers beside the indicators."""

from __future__ import annotations

import csv
import json
import subprocess

import duckdb
import pytest

from returnstats.warehouse import serving_path
from tests import REPO_ROOT
from tests.conftest import SMALL_DEMO_BUILD_VARS, query, run_cli
from tests.html_cells import data_cells

COUNTS = ["RD", "RET_FORCED", "RET_ALL", "RET_FORCED_TRANSIT", "RET_UNK_DEST", "RA_SUB", "RA_ACC", "TD_REQ", "TD_ISS",
          "NAT_PENDING", "NAT_IN_TIME", "NAT_LATE", "TD_PENDING", "TD_IN_TIME", "TD_LATE", "EUTD_USED", "EUTD_ACC",
          "CHARTER_REQ", "CHARTER_ACC", "ELIGIBLE"]


@pytest.fixture(scope="module")
def hub(small_demo, tmp_path_factory):
    base = tmp_path_factory.mktemp("hub_art25a")
    inbox = base / "inbox"
    result = run_cli("export", "--year", "2024", "--out", str(inbox / "2024"), "--db", str(small_demo))
    assert result.returncode == 0, result.stderr
    with (inbox / "art25a_questionnaire_2024.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reporting_country", "third_country", "question", "answer", "comment"])
        writer.writerow(["FR", "DZ", "IDENTIFICATION", "1", "interviews refused"])
        writer.writerow(["FR", "DZ", "FLIGHTS", "2", ""])
        writer.writerow(["DE", "DZ", "IDENTIFICATION", "3", "works well"])
    hub_db = base / "hub.duckdb"
    for args in (["hub", "receive", str(inbox)], ["hub", "build", *SMALL_DEMO_BUILD_VARS]):
        result = run_cli(*args, "--db", str(hub_db))
        assert result.returncode == 0, result.stdout + result.stderr
    return hub_db


def test_hub_counts_equal_the_warehouse_totals(hub, small_demo):
    national = dict(((tc, i), v) for tc, i, v in query(
        serving_path(small_demo), "select third_country, indic, obs_value from marts.art25a_a "
                                  "where year = 2024 and geo = 'TOTAL'"))
    at_hub = dict(((tc, i), v) for tc, i, v in query(
        serving_path(hub), "select third_country, indic, obs_value from eu.hub_art25a_a "
                           "where year = 2024 and geo = 'EU27_2020_EFTA'"))
    compared = [(k, national[k], at_hub.get(k)) for k in national if k[1] in COUNTS]
    assert len(compared) > 100
    assert [c for c in compared if c[1] != c[2]] == []
    assert {k[1] for k in at_hub if k[1] == "ELIGIBLE"} == {"ELIGIBLE"}


def test_grouped_medians_stay_within_their_class(hub):
    """A grouped median lies in the class where half the replies are reached."""
    checked = 0
    bounds = [("NAT_D0-15", 0, 16), ("NAT_D16-30", 16, 31), ("NAT_D31-60", 31, 61), ("NAT_D61-90", 61, 91),
              ("NAT_D91-180", 91, 181), ("NAT_DGT180", 181, 181)]
    con_rows = query(serving_path(hub), "select third_country, indic, obs_value from eu.hub_art25a_a "
                                        "where year = 2024 and geo = 'EU27_2020_EFTA' and (indic like 'NAT_D%' "
                                        "or indic = 'MED_DAYS_NAT')")
    by_country = {}
    for tc, indic, value in con_rows:
        by_country.setdefault(tc, {})[indic] = value
    for tc, values in by_country.items():
        n = sum(values.get(c, 0) or 0 for c, _, _ in bounds)
        if not n:
            assert values["MED_DAYS_NAT"] is None
            continue
        cumulative = 0
        for code, lower, upper in bounds:
            cumulative += values.get(code, 0) or 0
            if cumulative >= n / 2:
                assert lower <= values["MED_DAYS_NAT"] <= upper, (tc, values)
                checked += 1
                break
    assert checked >= 20


def test_pack_from_the_hub_selects_the_same_countries_and_shows_the_questionnaire(hub, small_demo, tmp_path):
    assert run_cli("report", "--year", "2024", "--out", str(tmp_path / "national"), "--db", str(small_demo)) \
        .returncode == 0
    result = run_cli("report", "--year", "2024", "--hub", "--hub-db", str(hub), "--out", str(tmp_path / "hub"))
    assert result.returncode == 0, result.stderr
    national = {p.name for p in (tmp_path / "national").glob("*.html")}
    assert {p.name for p in (tmp_path / "hub").glob("*.html")} == national and "DZ.html" in national
    page = (tmp_path / "hub" / "DZ.html").read_text()
    assert "GEO = EU27_2020_EFTA" in page and "Questionnaire answers, 2024" in page
    cells = data_cells(page, "data-question")
    assert {(c["data-geo"], c["data-question"], c["data-value"]) for c in cells} == {
        ("FR", "IDENTIFICATION", "1"), ("FR", "FLIGHTS", "2"), ("DE", "IDENTIFICATION", "3")}


def test_a_questionnaire_answer_off_the_scale_is_refused(tmp_path):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "art25a_questionnaire_2024.csv").write_text(
        "reporting_country,third_country,question,answer,comment\nFR,DZ,IDENTIFICATION,4,\n")
    result = run_cli("hub", "receive", str(tmp_path / "inbox"), "--db", str(tmp_path / "hub.duckdb"))
    assert result.returncode == 1 and "answer not on the 1-3 scale" in result.stderr


def test_hub_unit_tests_pass(hub):
    """The hub models' dbt unit tests (left out of `returnstats hub build`), against the built hub."""
    from returnstats.build import run_dbt

    lines: list[str] = []
    code = run_dbt(hub, ["test", "--select", "test_type:unit,path:models/hub"], lines.append)
    summary = next(line for line in lines if "Finished running" in line)
    assert code == 0 and "unit test" in summary, "\n".join(lines[-40:])


ANALYST_CLIENT = REPO_ROOT / ".venv-duckdb1" / "bin" / "python"


def _rows_seen_by_a_duckdb_1_client(serving, table: str) -> int:
    """Rows of `table` as an analyst's DuckDB 1.0 client reads them, read-only, from its own process."""
    assert ANALYST_CLIENT.exists(), "the DuckDB 1.x client is missing: `make analyst-client` (part of `make test`)"
    script = ("import duckdb, sys; assert duckdb.__version__.startswith('1.'), duckdb.__version__; "
              "con = duckdb.connect(sys.argv[1], read_only=True); "
              f"print(con.execute('select count(*) from {table}').fetchone()[0])")
    result = subprocess.run([str(ANALYST_CLIENT), "-c", script, str(serving)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_serving_files_open_in_a_duckdb_1_client_while_the_dashboard_reads_them(hub, small_demo):
    for serving, table in ((serving_path(small_demo), "marts.eil_ord_q"), (serving_path(hub), "eu.hub_aggregates")):
        dashboard = duckdb.connect(str(serving), read_only=True)  # as the dashboard holds it
        try:
            ours = dashboard.execute(f"select count(*) from {table}").fetchone()[0]
            assert ours > 0
            assert _rows_seen_by_a_duckdb_1_client(serving, table) == ours
        finally:
            dashboard.close()


def test_hub_status_in_json(hub):
    result = run_cli("hub", "status", "--period", "2024", "--db", str(hub), "--json")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.strip().splitlines()
    status = json.loads(line)
    annual = {r["dataflow"]: r for r in status["completeness"] if r["time_period"] == "2024"}
    # the small demo's warehouse sent 2024's annual flows for all 31 countries (EIL_RTT_A too)
    assert annual["EIL_ORD_A"]["received"] == 31 and annual["EIL_ORD_A"]["expected"] == 31
    assert status["refused"] == []
