"""Shared fixtures: small extracts written by hand, the real CLI in a subprocess, real DuckDB."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

from returnstats.ingest.contract import TABLES, V2_COLUMNS

BIN = Path(sys.executable).parent
TEST_KEY = "test-pseudonymisation-key-of-at-least-32-bytes"
# Module- and session-scoped fixtures run before the per-test environment below: they get the
# same key, and never the key file of the user running the tests.
os.environ["RETURNSTATS_KEY"] = TEST_KEY
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="returnstats-test-config-")
os.environ["RETURNSTATS_LOG_DIR"] = tempfile.mkdtemp(prefix="returnstats-test-logs-")  # the CLI runs' logs


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RETURNSTATS_KEY", TEST_KEY)
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "false")
    monkeypatch.delenv("RETURNSTATS_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def v1_columns(table: str) -> list[str]:
    """The columns of a table in contract v1 (without the columns v2 added)."""
    return [c for c in TABLES[table].column_names if c not in V2_COLUMNS.get(table, ())]


def write_csv(folder: Path, table: str, rows: list[dict], columns: list[str] | None = None) -> Path:
    """Write rows as <table>.csv with the contract's columns (or the ones given)."""
    folder.mkdir(parents=True, exist_ok=True)
    columns = columns or TABLES[table].column_names
    path = folder / f"{table}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def write_extract(folder: Path, tables: dict[str, list[dict]], contract: str = "v2") -> Path:
    """Write each table; with contract="v1" only version 1's columns (a v1 extract)."""
    for table, rows in tables.items():
        write_csv(folder, table, rows, v1_columns(table) if contract == "v1" else None)
    return folder


def run_cli(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The real `returnstats` command, as a user runs it."""
    return subprocess.run(
        [str(BIN / "returnstats"), *args], capture_output=True, text=True, timeout=timeout,
        env=os.environ | {"COLUMNS": "200"} | (env or {}),
    )


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# A valid row of every table, to be varied by each test.
VALID = {
    "persons": {"person_id": "P1", "reporting_country": "FR", "sex": "M", "birth_date": "1990-05-01",
                "citizenship": "DZ"},
    "return_decisions": {"decision_id": "D1", "person_id": "P1", "reporting_country": "FR",
                         "decision_date": "2024-02-01", "country_of_return": "DZ", "entry_ban": "Y"},
    "recognitions": {"recognition_id": "G1", "person_id": "P1", "reporting_country": "FR", "issuing_country": "DE",
                     "recognition_date": "2024-02-02", "outcome": "RECOGNISED"},
    "detentions": {"detention_id": "T1", "person_id": "P1", "reporting_country": "FR", "start_date": "2024-02-03",
                   "end_date": "2024-02-20", "ground": "ABSCONDING"},
    "alternatives": {"measure_id": "M1", "person_id": "P1", "reporting_country": "FR", "measure_type": "REPORTING",
                     "start_date": "2024-02-03", "end_date": ""},
    "returns": {"return_id": "R1", "person_id": "P1", "reporting_country": "FR", "decision_id": "D1",
                "departure_date": "2024-03-01", "return_type": "FORCED", "assisted": "Y", "destination": "DZ",
                "transport": "CHARTER", "frontex_support": "N"},
    "readmission_applications": {
        "application_id": "A1", "person_id": "P1", "reporting_country": "FR", "third_country": "DZ",
        "submission_date": "2024-02-05", "nationality_request": "Y", "nationality_reply": "POSITIVE",
        "nationality_reply_date": "2024-02-15", "travel_document_request": "Y",
        "travel_document_request_date": "2024-02-16", "travel_document_outcome": "ISSUED",
        "travel_document_outcome_date": "2024-02-20", "eutd_used": "N", "eutd_accepted": ""},
    "reintegration": {"assistance_id": "I1", "person_id": "P1", "reporting_country": "FR", "third_country": "DZ",
                      "start_date": "2024-02-25", "assistance_type": "CASH"},
    "return_operations": {"operation_id": "O1", "reporting_country": "FR", "third_country": "DZ",
                          "request_date": "2024-02-10", "mode": "CHARTER", "outcome": "ACCEPTED", "returnees": "12"},
}


def valid(table: str, **changes: str) -> dict:
    return VALID[table] | changes


# --- one small generated demo, built once per test session ----------------------------------
# several selected countries, selected on the year itself (the demo holds no earlier year)
SMALL_DEMO_BUILD_VARS = ["--var", "art25a_min_return_decisions=150", "--var", "art25a_selection_year_offset=0"]


@pytest.fixture(scope="session")
def small_demo_master(tmp_path_factory) -> Path:
    """The demo generator's year 2024 at scale 0.02 (seed 11), ingested and built once. Tests use
    a copy (`small_demo`), never this one: exports and rebuilds write beside the warehouse."""
    from returnstats.generate import generate_extract

    base = tmp_path_factory.mktemp("small_demo")
    generate_extract(base / "extract", scale=0.02, seed=11, first="2024-Q1", last="2024-Q4")
    db = base / "wh" / "returnstats.duckdb"
    for args in (["ingest", str(base / "extract")], ["build", *SMALL_DEMO_BUILD_VARS]):
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return db


def copy_warehouse(db: Path, folder: Path) -> Path:
    """A copy of a warehouse folder (warehouse, serving file, key fingerprint, stores)."""
    import shutil

    shutil.copytree(db.parent, folder / "wh", ignore=shutil.ignore_patterns("*.lock", "dbt_*", "qa"))
    return folder / "wh" / db.name


@pytest.fixture(scope="module")
def small_demo(small_demo_master, tmp_path_factory) -> Path:
    """This module's own copy of the small built demo."""
    return copy_warehouse(small_demo_master, tmp_path_factory.mktemp("demo_copy"))
