"""The hostile-input corpus: each case loads (and what loaded is asserted), quarantines exactly
the bad rows with the right reason, or refuses the delivery with exit 2 and a precise message —
never a traceback, never a partial load. Every case runs through the real CLI."""

from __future__ import annotations

import os
from datetime import date

import polars as pl
import pytest

from tests.conftest import query, run_cli, valid, write_csv, write_extract

PERSONS_HEADER = "person_id,reporting_country,sex,birth_date,citizenship\n"
GOOD_PERSON = "P1,FR,M,1990-05-01,DZ\n"


def _text(name: str, content: str | bytes):
    def make(folder):
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return make


def _rows(table: str, rows: list[dict], columns: list[str] | None = None):
    return lambda folder: write_csv(folder, table, rows, columns)


def _parquet(table: str, frame: pl.DataFrame):
    return lambda folder: frame.write_parquet(folder / f"{table}.parquet")


REFUSED = [  # (case, files, words of the one-line message)
    ("empty file", _text("persons.csv", b""), "persons.csv: empty header"),
    ("binary garbage", _text("persons.csv", bytes(range(256)) * 20), "persons.csv: not valid UTF-8 at byte 128"),
    ("semicolon delimiter", _text("persons.csv", PERSONS_HEADER.replace(",", ";") + GOOD_PERSON.replace(",", ";")),
     "missing required column 'person_id' (the header is one column: is the file comma-separated?)"),
    ("latin-1", _text("persons.csv", (PERSONS_HEADER + "Jos\u00e9,FR,M,,DZ\n").encode("latin-1")),
     "persons.csv: not valid UTF-8 at byte 58"),  # 55 header bytes, then "Jos": é is byte 58
    ("utf-16", _text("persons.csv", (PERSONS_HEADER + GOOD_PERSON).encode("utf-16")), "file is UTF-16"),
    ("duplicated column", _text("persons.csv", "person_id,sex,reporting_country,sex,citizenship\n"),
     "column 'sex' appears twice"),
    ("NUL in the header", _text("persons.csv", PERSONS_HEADER.replace("birth_date", "\x00birth_date") + GOOD_PERSON),
     "persons.csv: the header holds a NUL character"),
    ("wrong column case", _text("persons.csv", PERSONS_HEADER.upper() + GOOD_PERSON),
     "missing required column 'person_id' (column names are exact and lower case)"),
    ("unknown table", _text("deportations.csv", "a,b\n1,2\n"), "'deportations.csv': not a file of the case extract"),
    ("mixed line endings", _text("persons.csv", PERSONS_HEADER.replace("\n", "\r\n") + "P\n,FR,M,1990-05-01,DZ\r\n"),
     "persons.csv: cannot be read as CSV (the file mixes CRLF and LF line endings;"),
    ("garbage parquet", _text("persons.parquet", b"PAR1 not really"), "persons.parquet: not a readable Parquet"),
]


@pytest.mark.parametrize(("case", "make", "message"), REFUSED, ids=[c for c, _, _ in REFUSED])
def test_refused_with_exit_2_and_a_precise_message(tmp_path, case, make, message):
    folder = tmp_path / "x"
    folder.mkdir()
    make(folder)
    result = run_cli("ingest", str(folder), "--db", str(tmp_path / "wh.duckdb"))
    assert result.returncode == 2
    assert message in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) <= 2  # one clear line (rich may wrap it once)
    assert not (tmp_path / "wh.duckdb").exists()


LONG = "x" * 100_000
QUARANTINED = [  # (case, files, table, lines quarantined, column, words of the reason)
    ("truncated last line", _text("persons.csv", PERSONS_HEADER + GOOD_PERSON + "P2,FR,M"), "persons", [3], None,
     "malformed CSV record"),
    # DuckDB drops an unterminated last record without a reject; the independent record count catches it.
    ("unbalanced quotes, last record", _text("persons.csv", PERSONS_HEADER + GOOD_PERSON + 'P2,FR,"M,1990-01-01,DZ\n'),
     "persons", [3], None, "a quoted field is never closed (unbalanced quotes)"),
    # Mid-file, the open quote swallows the rest of the file into one malformed record.
    ("unbalanced quotes, mid-file", _text("persons.csv", PERSONS_HEADER + GOOD_PERSON + 'P2,FR,"M,1990-01-01,DZ\n'
                                          + "P3,FR,M,1990-01-01,DZ\n"), "persons", [3], None, "malformed CSV record"),
    ("too many fields", _text("persons.csv", PERSONS_HEADER + GOOD_PERSON + "P2,FR,M,1990-01-01,DZ,extra\n"),
     "persons", [3], None, "malformed CSV record"),
    ("very long field", _rows("persons", [valid("persons"), valid("persons", person_id=LONG)]), "persons", [3],
     "person_id", "longer than 64 characters"),
    ("impossible date", _rows("persons", [valid("persons"), valid("persons", person_id="P2",
                                                                  birth_date="2025-02-30")]),
     "persons", [3], "birth_date", "not a valid calendar date"),
    ("day-first date", _rows("persons", [valid("persons"), valid("persons", person_id="P2",
                                                                 birth_date="25/12/2025")]),
     "persons", [3], "birth_date", "not a valid calendar date"),
    ("EU citizen", _rows("persons", [valid("persons"), valid("persons", person_id="P2", citizenship=" fr ")]),
     "persons", [3], "citizenship", "EU/EFTA citizen is not a third-country national"),
    ("duplicate ids in a file", _rows("persons", [valid("persons"), valid("persons", person_id="P2"),
                                                  valid("persons", person_id="P2", sex="F")]),
     "persons", [3, 4], "person_id", "appears 2 times"),
    ("unknown person", _rows("return_decisions", [valid("return_decisions", person_id="GHOST")]),
     "return_decisions", [2], "person_id", "person_id not found"),
    ("end before start", _rows("detentions", [valid("detentions", start_date="2024-03-01", end_date="2024-02-01")]),
     "detentions", [2], "end_date", "end_date is before start_date"),
    ("parquet with wrong types", _parquet("return_decisions", pl.DataFrame({
        "decision_id": ["D1", "D2"], "person_id": ["P1", "P1"], "reporting_country": ["FR", "FR"],
        "decision_date": [20240201, 20240202]})), "return_decisions", [1, 2], "decision_date",
     "not a valid calendar date"),
]


@pytest.mark.parametrize(("case", "make", "table", "lines", "column", "reason"), QUARANTINED,
                         ids=[c[0] for c in QUARANTINED])
def test_exactly_the_bad_rows_are_quarantined(tmp_path, case, make, table, lines, column, reason):
    folder = tmp_path / "x"
    folder.mkdir()
    if table != "persons":
        write_csv(folder, "persons", [valid("persons")])
    make(folder)
    db = tmp_path / "wh.duckdb"
    result = run_cli("ingest", str(folder), "--db", str(db))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    entries = query(db, "select line, column_name, reason from audit.quarantine where table_name = ?", [table])
    assert sorted({line for line, _, _ in entries}) == lines
    assert all(reason in why and (column is None or col == column) for _, col, why in entries), entries
    read, loaded, quarantined = query(db, "select rows_read, rows_loaded, rows_quarantined from audit.delivery_files "
                                          "where table_name = ?", [table])[0]
    assert quarantined == len(lines) and loaded + quarantined == read
    assert query(db, f"select count(*) from landing.{table}")[0][0] == loaded


def test_header_only_loads_nothing_and_succeeds(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "persons.csv").write_text(PERSONS_HEADER)
    db = tmp_path / "wh.duckdb"
    assert run_cli("ingest", str(folder), "--db", str(db)).returncode == 0
    assert query(db, "select rows_read, rows_loaded from audit.delivery_files") == [(0, 0)]


def test_bom_extra_columns_embedded_newlines_codes_with_spaces_load_and_future_dates_do_not(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "persons.csv").write_bytes(b"\xef\xbb\xbf" + (
        b"person_id,reporting_country,sex,birth_date,citizenship,notes\n"
        b'P1, gr ,m,1990-05-01, ma ,"free text, with a comma"\n'))
    write_extract(folder, {"return_decisions": [
        valid("return_decisions", decision_id="D\n1", reporting_country="EL"),
        valid("return_decisions", decision_id="D2", reporting_country="EL", decision_date="2099-01-01")]})
    db = tmp_path / "wh.duckdb"
    result = run_cli("ingest", str(folder), "--db", str(db))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "columns not in the contract ignored: notes" in " ".join(result.stdout.split())
    assert query(db, "select reporting_country, sex, citizenship from landing.persons") == [("EL", "M", "MA")]
    assert query(db, "select decision_id, decision_date::varchar from landing.return_decisions") == [
        ("D\n1", "2024-02-01")]
    # a date after the delivery date is implausible (reliability round 2): quarantined
    assert query(db, "select record_id, reason from audit.quarantine") == [
        ("D2", f"implausible date: after the delivery date {date.today().isoformat()}")]


def test_the_same_id_in_two_tables_is_not_a_duplicate(tmp_path):
    folder = write_extract(tmp_path / "x", {
        "persons": [valid("persons")],
        "return_decisions": [valid("return_decisions", decision_id="X1")],
        "detentions": [valid("detentions", detention_id="X1")],
    })
    assert run_cli("ingest", str(folder), "--db", str(tmp_path / "wh.duckdb")).returncode == 0


def test_a_million_rows_of_one_bad_value(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    n = 1_000_000
    pl.DataFrame({"person_id": pl.int_range(n, eager=True).cast(pl.String), "reporting_country": "FR",
                  "sex": "X", "birth_date": "1990-01-01", "citizenship": "DZ"}).write_csv(folder / "persons.csv")
    db = tmp_path / "wh.duckdb"
    result = run_cli("ingest", str(folder), "--db", str(db))
    assert result.returncode == 1
    assert query(db, "select rows_read, rows_loaded, rows_quarantined from audit.delivery_files") == [(n, 0, n)]
    assert query(db, "select count(*), count(distinct line), min(line), max(line) from audit.quarantine "
                     "where column_name = 'sex'") == [(n, n, 2, n + 1)]


@pytest.mark.parametrize(("table", "changes", "words"), [
    ("return_decisions", {"decision_date": "1900-01-01"}, "implausible date: before 1990-01-01"),
    ("return_decisions", {"decision_date": "0001-01-01"}, "implausible date: before 1990-01-01"),
    ("return_decisions", {"decision_date": "9999-12-31"}, "implausible date: after the delivery date"),
    ("detentions", {"end_date": "2999-01-01"}, "implausible date: after the delivery date"),
    ("persons", {"birth_date": "1899-12-31"}, "implausible date: before 1900-01-01"),
    ("persons", {"birth_date": "2999-01-01"}, "implausible date: after the delivery date"),
])
def test_one_implausible_date_is_quarantined_and_cannot_wreck_the_calendar(tmp_path, table, changes, words):
    bad = valid(table, **changes)
    if table != "persons":
        bad[next(c for c in bad if c.endswith("_id") and c != "person_id")] = "BAD"
    rows = {"persons": [valid("persons")], "return_decisions": [valid("return_decisions")]}
    rows[table] = [*rows.get(table, []), bad] if table != "persons" else [valid("persons"), bad | {"person_id": "P2"}]
    db = tmp_path / "wh.duckdb"
    result = run_cli("ingest", str(write_extract(tmp_path / "x", rows)), "--db", str(db))
    assert result.returncode == 1, result.stderr
    reasons = [r for (r,) in query(db, "select reason from audit.quarantine")]
    assert len(reasons) == 1 and words in reasons[0]
    assert run_cli("build", "--db", str(db)).returncode == 0
    periods = query(db.with_name("wh.serving.duckdb"), "select distinct time_period from marts.eil_ord_q")
    assert periods == [("2024-Q1",)]


def test_the_plausible_window_is_a_setting(tmp_path):
    rows = {"persons": [valid("persons")],
            "return_decisions": [valid("return_decisions", decision_date="1985-06-01")]}
    db = tmp_path / "wh.duckdb"
    result = run_cli("ingest", str(write_extract(tmp_path / "x", rows)), "--db", str(db),
                     "--earliest-event-date", "1980-01-01")
    assert result.returncode == 0, result.stderr
    bad = run_cli("ingest", str(tmp_path / "x"), "--db", str(tmp_path / "other.duckdb"),
                  "--delivery-date", "2024-13-01")
    assert bad.returncode == 2 and "not a date of the form YYYY-MM-DD" in bad.stderr


def test_export_refuses_a_period_outside_the_calendar(tmp_path):
    from tests.handmade_extract import built_warehouse

    db = built_warehouse(tmp_path)
    result = run_cli("export", "--quarter", "1950-Q1", "--out", str(tmp_path / "o"), "--db", str(db))
    assert result.returncode == 2 and "no data for quarter 1950-Q1" in result.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("name", ["warehouse.duckdb", "build_scratch.duckdb", "published_new.duckdb"])
def test_a_warehouse_builds_and_exports_whatever_its_file_is_called(tmp_path, name):
    db = tmp_path / name
    rows = {"persons": [valid("persons")], "return_decisions": [valid("return_decisions")]}
    assert run_cli("ingest", str(write_extract(tmp_path / "x", rows)), "--db", str(db)).returncode == 0
    built = run_cli("build", "--db", str(db))
    assert built.returncode == 0, built.stdout[-2000:]
    exported = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "it's out"), "--db", str(db))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "it's out" / "manifest.json").exists()


def test_an_apostrophe_in_a_path_never_gives_a_traceback(tmp_path):
    db = tmp_path / "o'brien" / "wh.duckdb"
    rows = {"persons": [valid("persons")], "return_decisions": [valid("return_decisions")]}
    folder = write_extract(tmp_path / "it's the extract", rows)
    assert run_cli("ingest", str(folder), "--db", str(db)).returncode == 0
    built = run_cli("build", "--db", str(db))
    assert built.returncode == 2 and "holds a quote" in " ".join(built.stderr.split())
    assert "Traceback" not in built.stderr + built.stdout



def _fifo(folder):
    os.mkfifo(folder / "returns.csv")


@pytest.mark.parametrize(("make", "words"), [
    (lambda d: (d / "returns.csv").mkdir(), "returns.csv: a folder, not a table file"),
    (lambda d: (d / "returns.csv").symlink_to(d / "nowhere.csv"), "returns.csv: a symbolic link to nothing"),
    (lambda d: (d / "returns.csv").symlink_to("/etc/hostname"), "a symbolic link to a file outside the extract folder"),
    (_fifo, "returns.csv: a pipe, not a table file"),
    (lambda d: (d / "persons.csv.gz").write_bytes(b"\x1f\x8b"), "did you mean persons.csv? (compressed files"),
    (lambda d: (d / "persons.csv ").write_text("x"), "did you mean persons.csv?"),
    (lambda d: (d / "retrun_decisions.csv").write_text("x"), "did you mean return_decisions.csv?"),
    (lambda d: (d / "README.txt").write_text("notes"), "'README.txt': not a file of the case extract"),
    (lambda d: (d / ".persons.csv").write_text("x"), "'.persons.csv': not a file of the case extract"),
])
def test_anything_but_the_extract_files_refuses_the_delivery(tmp_path, make, words):
    folder = write_extract(tmp_path / "x", {"persons": [valid("persons")]})
    make(folder)
    db = tmp_path / "wh.duckdb"
    result = run_cli("ingest", str(folder), "--db", str(db))
    assert result.returncode == 2, result.stdout
    assert words in " ".join(result.stderr.split()) and "Traceback" not in result.stderr
    assert not db.exists()
