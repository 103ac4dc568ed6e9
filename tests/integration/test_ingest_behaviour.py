"""Delivery-level behaviour of `returnstats ingest`: structure, idempotency, redelivery, atomicity."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import polars as pl
import pytest

import returnstats.ingest.load
from returnstats.ingest.load import ingest_delivery
from tests.conftest import TEST_KEY, query, run_cli, valid, write_csv, write_extract


def _snapshot(db) -> list:
    """Everything in the warehouse, table by table, for before/after comparisons."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("select schema_name, table_name from duckdb_tables() order by all").fetchall()
        return [(s, t, sorted(con.execute(f"select * from {s}.{t}").fetchall(), key=repr)) for s, t in tables]
    finally:
        con.close()


@pytest.fixture
def loaded(tmp_path):
    """A warehouse holding one good delivery."""
    db = tmp_path / "wh.duckdb"
    folder = write_extract(tmp_path / "first", {
        "persons": [valid("persons"), valid("persons", person_id="P2", citizenship="MA")],
        "return_decisions": [valid("return_decisions"), valid("return_decisions", decision_id="D2", person_id="P2")],
    })
    assert run_cli("ingest", str(folder), "--db", str(db)).returncode == 0
    return db


STRUCTURAL = [
    ("empty file", lambda d: (d / "persons.csv").write_bytes(b""), "persons.csv: empty header"),
    ("missing column", lambda d: write_csv(d, "persons", [valid("persons")],
                                           ["person_id", "reporting_country", "sex", "birth_date"]),
     "persons.csv: missing required column 'citizenship'"),
    ("wrong column case", lambda d: write_csv(d, "persons", [], ["Person_ID", "reporting_country", "sex",
                                                                 "citizenship"]),
     "missing required column 'person_id' (column names are exact and lower case)"),
    ("semicolons", lambda d: (d / "persons.csv").write_text("person_id;reporting_country;sex;citizenship\n"),
     "is the file comma-separated?"),
    ("duplicated column", lambda d: (d / "persons.csv").write_text(
        "person_id,reporting_country,sex,citizenship,sex\n"), "column 'sex' appears twice"),
    ("unknown table", lambda d: (d / "people.csv").write_text("a\n"), "'people.csv': not a file of the case extract"),
    ("latin-1", lambda d: (d / "persons.csv").write_bytes(
        "person_id,reporting_country,sex,citizenship\nJosé,FR,M,DZ\n".encode("latin-1")),
     "persons.csv: not valid UTF-8 at byte"),
    ("utf-16", lambda d: (d / "persons.csv").write_bytes(
        "person_id,reporting_country,sex,citizenship\n".encode("utf-16")), "persons.csv: file is UTF-16"),
    ("binary garbage parquet", lambda d: (d / "persons.parquet").write_bytes(b"\x00\x01garbage" * 50),
     "persons.parquet: not a readable Parquet file"),
    ("table twice", lambda d: (write_csv(d, "persons", []), shutil.copy(d / "persons.csv", d / "x.tmp"),
                               pl.DataFrame({"person_id": ["a"]}).write_parquet(d / "persons.parquet")),
     "delivered twice"),
]


@pytest.mark.parametrize(("case", "make", "message"), STRUCTURAL, ids=[c for c, _, _ in STRUCTURAL])
def test_structural_problem_refuses_delivery_and_writes_nothing(tmp_path, loaded, case, make, message):
    folder = tmp_path / "bad"
    folder.mkdir()
    write_csv(folder, "return_decisions", [valid("return_decisions", decision_id="D9")])
    make(folder)
    before = _snapshot(loaded)

    result = run_cli("ingest", str(folder), "--db", str(loaded))

    assert result.returncode == 2, result.stdout + result.stderr
    assert message in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(loaded) == before


def test_structural_problem_on_a_new_warehouse_creates_no_file(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "persons.csv").write_bytes(b"")
    assert run_cli("ingest", str(folder), "--db", str(tmp_path / "new.duckdb")).returncode == 2
    assert not (tmp_path / "new.duckdb").exists()


def test_loading_the_same_extract_twice_changes_nothing(tmp_path, loaded):
    before = _snapshot(loaded)
    result = run_cli("ingest", str(tmp_path / "first"), "--db", str(loaded))
    assert result.returncode == 0
    assert "already loaded as delivery 1" in " ".join(result.stdout.split())
    assert _snapshot(loaded) == before


def test_redelivery_replaces_rows_with_the_same_id_and_keeps_history(tmp_path, loaded):
    folder = write_extract(tmp_path / "second", {
        "return_decisions": [valid("return_decisions", decision_date="2024-02-09"),
                             valid("return_decisions", decision_id="D3", person_id="P2")],
    })
    result = ingest_delivery(folder, loaded)
    assert result.delivery_id == 2
    assert result.files[0].rows_replaced == 1
    rows = query(loaded, "select decision_id, decision_date::varchar, delivery_id from landing.return_decisions "
                         "order by 1")
    assert rows == [("D1", "2024-02-09", 2), ("D2", "2024-02-01", 1), ("D3", "2024-02-01", 2)]
    assert query(loaded, "select table_name, record_id, previous_delivery_id, delivery_id from audit.superseded_rows") \
        == [("return_decisions", "D1", 1, 2)]


def test_a_failure_midway_leaves_the_warehouse_exactly_as_before(tmp_path, loaded, monkeypatch):
    folder = write_extract(tmp_path / "second", {
        "persons": [valid("persons", person_id="P3")],
        "return_decisions": [valid("return_decisions", decision_id="D5", person_id="P3")],
    })
    original = returnstats.ingest.load._write_table
    calls = []

    def fail_on_second_table(con, raw, delivery_id):
        calls.append(raw.file.table.name)
        if len(calls) == 2:
            raise OSError("disk full (injected)")
        return original(con, raw, delivery_id)

    monkeypatch.setattr(returnstats.ingest.load, "_write_table", fail_on_second_table)
    before = _snapshot(loaded)
    with pytest.raises(OSError, match="injected"):
        ingest_delivery(folder, loaded)
    assert calls == ["persons", "return_decisions"]  # persons had been written when it failed
    assert _snapshot(loaded) == before


def test_strict_refuses_the_delivery_when_a_row_is_quarantined(tmp_path, loaded):
    folder = write_extract(tmp_path / "second", {
        "persons": [valid("persons", person_id="P3"), valid("persons", person_id="P4", sex="?")],
    })
    before = _snapshot(loaded)
    result = run_cli("ingest", str(folder), "--db", str(loaded), "--strict")
    assert result.returncode == 1
    assert "refused" in result.stdout
    assert _snapshot(loaded) == before


def test_quarantined_rows_give_exit_1_and_a_report(tmp_path, loaded):
    formula = valid("persons", person_id="P4", sex="=cmd|'/c calc'!A1")
    folder = write_extract(tmp_path / "second", {"persons": [formula]})
    result = run_cli("ingest", str(folder), "--db", str(loaded))
    assert result.returncode == 1
    report = loaded.parent / "reports" / "quarantine_delivery_2.csv"
    text = report.read_text()
    assert "'=cmd" in text and ",=cmd" not in text  # neutralised for spreadsheets


def test_audit_records_files_hashes_and_counts(tmp_path, loaded):
    sha = hashlib.sha256((tmp_path / "first" / "persons.csv").read_bytes()).hexdigest()
    assert query(loaded, "select table_name, file_sha256, rows_read, rows_loaded, rows_quarantined "
                         "from audit.delivery_files order by 1") == [
        ("persons", sha, 2, 2, 0), ("return_decisions", hashlib.sha256(
            (tmp_path / "first" / "return_decisions.csv").read_bytes()).hexdigest(), 2, 2, 0)]
    (source, read, loaded_rows, quarantined, started, finished), = query(
        loaded, "select source_folder, rows_read, rows_loaded, rows_quarantined, started_at, finished_at "
                "from audit.deliveries")
    assert (source, read, loaded_rows, quarantined) == (str(tmp_path / "first"), 4, 4, 0)
    assert started <= finished


def test_person_ids_are_pseudonymised_with_the_key(tmp_path, loaded):
    expected = __import__("hmac").new(TEST_KEY.encode(), b"P1", "sha256").hexdigest()
    assert (expected,) in query(loaded, "select person_id from landing.persons")
    assert b"P1," not in loaded.read_bytes() and b"\x02P1" not in loaded.read_bytes()


def test_parquet_extract_loads_like_csv(tmp_path):
    folder = tmp_path / "pq"
    folder.mkdir()
    pl.DataFrame([valid("persons", birth_date=None)]).with_columns(
        birth_date=pl.lit("1990-01-01").str.to_date()).write_parquet(folder / "persons.parquet")
    pl.DataFrame([valid("return_decisions"), valid("return_decisions", decision_id="D2", decision_date="2024-02-30")]
                 ).write_parquet(folder / "return_decisions.parquet")
    db = tmp_path / "wh.duckdb"
    result = ingest_delivery(folder, db)
    assert [(f.table, f.rows_loaded, f.rows_quarantined) for f in result.files] == [
        ("persons", 1, 0), ("return_decisions", 1, 1)]
    assert query(db, "select line, column_name from audit.quarantine") == [(2, "decision_date")]  # row number
