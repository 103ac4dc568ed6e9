"""Pseudonymisation, spreadsheet-formula neutralisation, and what the dashboard listens on."""

from __future__ import annotations

import csv
import hmac
import stat

import pytest

from ingest.pseudonym import load_key
from returnstats.safe_csv import neutralise_value
from returnstats.warehouse import serving_path
from tests.conftest import query, run_cli, valid, write_extract

RAW_IDS = ["NATIONAL-ID-0001", "NATIONAL-ID-0002"]


def test_key_file_is_created_owner_only_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("RETURNSTATS_KEY")
    key_file = tmp_path / "keys" / "pseudonym.key"
    monkeypatch.setenv("RETURNSTATS_KEY_FILE", str(key_file))
    first = load_key()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_key() == first and len(first) == 64


def test_no_national_identifier_reaches_warehouse_serving_file_reports_or_logs(tmp_path, monkeypatch):
    monkeypatch.delenv("RETURNSTATS_KEY")
    monkeypatch.setenv("RETURNSTATS_KEY_FILE", str(tmp_path / "key"))
    db = tmp_path / "wh" / "returnstats.duckdb"
    folder = write_extract(tmp_path / "x", {
        "persons": [valid("persons", person_id=RAW_IDS[0]), valid("persons", person_id=RAW_IDS[1], sex="?")],
        "return_decisions": [valid("return_decisions", person_id=RAW_IDS[0]),
                             valid("return_decisions", decision_id="D2", person_id=RAW_IDS[1])],
    })
    assert run_cli("ingest", str(folder), "--db", str(db)).returncode == 1  # P2 and its decision quarantined
    assert run_cli("build", "--db", str(db)).returncode == 0
    key = (tmp_path / "key").read_text().strip().encode()
    assert query(db, "select person_id from landing.persons") == [
        (hmac.new(key, RAW_IDS[0].encode(), "sha256").hexdigest(),)]
    written = [p for p in db.parent.rglob("*") if p.is_file()]
    assert serving_path(db) in written and any("quarantine" in p.name for p in written)
    for path in written:
        content = path.read_bytes()
        for raw in RAW_IDS:
            assert raw.encode() not in content, f"{raw} found in {path}"


def test_loads_with_the_same_key_stay_linked(tmp_path):
    db = tmp_path / "wh.duckdb"
    assert run_cli("ingest", str(write_extract(tmp_path / "a", {"persons": [valid("persons")]})),
                   "--db", str(db)).returncode == 0
    later = write_extract(tmp_path / "b", {"return_decisions": [valid("return_decisions")]})
    assert run_cli("ingest", str(later), "--db", str(db)).returncode == 0
    assert query(db, "select count(*) from landing.return_decisions d join landing.persons p using (person_id)") \
        == [(1,)]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_quarantine_report_neutralises_formula_cells(tmp_path, start):
    db = tmp_path / "wh.duckdb"
    evil = f"{start}HYPERLINK(\"http://x\")"
    folder = write_extract(tmp_path / "x", {"persons": [valid("persons", sex=evil)]})
    assert run_cli("ingest", str(folder), "--db", str(db)).returncode == 1
    with (tmp_path / "reports" / "quarantine_delivery_1.csv").open(newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["offending_value"] == "'" + evil


def test_download_cells_are_neutralised_too():
    assert [neutralise_value(v) for v in ["=1+1", "-3", "FR", 5, "@x"]] == ["'=1+1", "'-3", "FR", 5, "'@x"]


def test_dashboard_refuses_without_a_published_file(tmp_path):
    # it serves only the published serving file (where it listens: tests/dashboard/test_browser.py)
    refused = run_cli("dashboard", "--db", str(tmp_path / "none.duckdb"))
    assert refused.returncode == 2 and "returnstats build" in refused.stderr
