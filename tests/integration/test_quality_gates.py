"""Data-quality gates: each blocking expectation tripped and passed, the export gate, revisions."""

from __future__ import annotations

import csv
import json
import os
import shutil

import duckdb
import pytest

from returnstats.quality.runner import run_validation
from returnstats.warehouse import serving_path
from tests.conftest import run_cli, valid, write_extract
from tests.handmade_extract import built_warehouse


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    return built_warehouse(tmp_path_factory.mktemp("quality"))


@pytest.fixture
def warehouse(built_once, tmp_path):
    """A private copy of the built warehouse and its published marts."""
    db = tmp_path / "wh" / "returnstats.duckdb"
    db.parent.mkdir()
    shutil.copy(built_once, db)
    shutil.copy(serving_path(built_once), serving_path(db))
    os.chmod(serving_path(db), 0o644)
    return db


def _execute(path, sql):
    con = duckdb.connect(str(path))
    try:
        con.execute(sql)
    finally:
        con.close()


def _failed(db):
    run = run_validation(db, "2024-Q1")
    return {(r.suite, r.column): r for r in run.results if not r.success}, run


def test_the_clean_extract_passes_every_blocking_check(warehouse):
    failed, run = _failed(warehouse)
    assert run.blocking_failures == []
    assert len(run.results) == 19


# (what is broken, how, the check that must fail, a value it must name)
BLOCKING_CASES = [
    ("unknown reporting country", "wh", "update landing.return_decisions set reporting_country = 'XX' "
                                        "where decision_id = 'D6'", ("landing_reporting_countries", "code"), "XX"),
    ("EU citizen", "wh", "update landing.persons set citizenship = 'FR' where sex = 'UNK'",
     ("landing_citizenships", "code"), "FR"),
    ("unknown destination", "wh", "update landing.returns set destination = 'ZZ' where return_id = 'R4'",
     ("landing_countries", "code"), "ZZ"),
    ("future event", "wh", "update landing.returns set departure_date = current_date + 3 where return_id = 'R4'",
     ("landing_date_window", "days_after_today"), "returns"),
    ("future birth", "wh", "update landing.persons set birth_date = current_date + 30 where citizenship = 'SY'",
     ("landing_birth_dates", "days_after_today"), "FR"),
    ("end before start", "wh", "update landing.detentions set end_date = date '2024-01-01' "
                               "where detention_id = 'T2' and reporting_country = 'FR'",
     ("landing_measure_order", "n_end_before_start"), "detentions"),
    ("negative count", "pub", "update marts.eil_rtt_q set obs_value = -1 where geo = 'DE' and citizen = 'GE' "
                              "and return_type = 'ASSI_VOLU'", ("mart_values", "min_obs_value"), "EIL_RTT_Q"),
    ("broken margin", "pub", "update marts.eil_ord_q set obs_value = obs_value + 1 where geo = 'FR' "
                             "and citizen = 'DZ' and sex = 'F' and age = 'Y_LT14'", ("mart_margins", "mismatched"),
     "EIL_ORD_Q"),
    ("fractional count", "pub", "alter table marts.frontex_m alter obs_value type double; "
                                "update marts.frontex_m set obs_value = 0.5 where obs_value = 0",
     ("mart_values", "n_not_whole"), "FRONTEX_M"),
]


@pytest.mark.parametrize(("case", "where", "sql", "check", "named"), BLOCKING_CASES, ids=[c[0] for c in BLOCKING_CASES])
def test_blocking_check_trips(warehouse, case, where, sql, check, named):
    _execute(warehouse if where == "wh" else serving_path(warehouse), sql)
    failed, run = _failed(warehouse)
    assert check in failed, sorted(failed)
    assert failed[check].severity == "blocking"
    assert any(named in str(row.values()) for row in failed[check].offending), failed[check].offending
    # nothing unrelated fails (a changed mart value may also break its margin)
    related = {check} | ({("mart_values", "min_obs_value"), ("mart_margins", "mismatched")} if where == "pub"
                         else set())
    assert {(r.suite, r.column) for r in run.blocking_failures} <= related


def test_validate_command_exit_codes_and_reports(warehouse):
    ok = run_cli("validate", "--quarter", "2024-Q1", "--db", str(warehouse))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    qa = warehouse.parent / "qa"
    assert (qa / "qa_2024-Q1.html").exists() and (qa / "qa_2024-Q1.json").exists()
    assert (qa / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").exists()
    _execute(warehouse, "update landing.persons set citizenship = 'FR' where sex = 'UNK'")
    bad = run_cli("validate", "--quarter", "2024-Q1", "--db", str(warehouse))
    assert bad.returncode == 1
    assert bad.stdout.index("BLOCKING") < bad.stdout.index("│ ok")  # failures first
    assert "code=FR" in bad.stdout  # the offending value is shown


def test_export_refuses_on_blocking_failure_unless_forced(warehouse, tmp_path):
    _execute(warehouse, "update landing.persons set citizenship = 'FR' where sex = 'UNK'")
    refused = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "out"), "--db", str(warehouse))
    assert refused.returncode == 1
    assert "landing_citizenships.code" in refused.stderr and "--force" in refused.stderr
    assert not (tmp_path / "out").exists()

    forced = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "out"), "--db", str(warehouse),
                     "--force")
    assert forced.returncode == 0, forced.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["validation"]["forced"] is True
    assert [f["check"] for f in manifest["validation"]["blocking_failures"]] == ["landing_citizenships.code"]


def test_late_delivery_produces_a_revision_report_naming_every_changed_cell(warehouse, tmp_path):
    first = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "t1"), "--db", str(warehouse))
    assert first.returncode == 0, first.stderr
    assert not (tmp_path / "t1" / "REVISIONS_2024-Q1.csv").exists()

    # A late delivery: person H (DZ, M, born 1995, so 29: Y18-34) ordered to leave on 2024-03-10 in FR.
    write_extract(tmp_path / "late", {
        "persons": [valid("persons", person_id="H", birth_date="1995-01-01")],
        "return_decisions": [valid("return_decisions", decision_id="D7", person_id="H", decision_date="2024-03-10")],
    })
    assert run_cli("ingest", str(tmp_path / "late"), "--db", str(warehouse)).returncode == 0
    assert run_cli("build", "--db", str(warehouse)).returncode == 0
    second = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "t2"), "--db", str(warehouse))
    assert second.returncode == 0, second.stderr

    with (tmp_path / "t2" / "REVISIONS_2024-Q1.csv").open() as handle:
        revised = {(r["dataflow"], r["geo"], r["cell"]): (r["change"], r["old_value"], r["new_value"])
                   for r in csv.DictReader(handle)}
    # By hand: H falls in the 8 cells (DZ|TOTAL) x (M|T) x (Y18-34|TOTAL) of EIL_ORD_Q FR, all of
    # which already held A (DZ, M, Y18-34) — and B (DZ, F), C (MA, M), E (SY, M), D in the totals.
    old = {("DZ", "M", "Y18-34"): 1, ("DZ", "M", "TOTAL"): 1, ("DZ", "T", "Y18-34"): 1, ("DZ", "T", "TOTAL"): 2,
           ("TOTAL", "M", "Y18-34"): 1, ("TOTAL", "M", "TOTAL"): 3, ("TOTAL", "T", "Y18-34"): 1,
           ("TOTAL", "T", "TOTAL"): 5}
    assert revised == {("EIL_ORD_Q", "FR", f"CITIZEN={c}|SEX={s}|AGE={a}"): ("changed", str(n), str(n + 1))
                       for (c, s, a), n in old.items()}
    diff = run_cli("diff", "--quarter", "2024-Q1", "--country", "FR", "--db", str(warehouse))
    assert diff.returncode == 0 and "8 cells" in diff.stdout
