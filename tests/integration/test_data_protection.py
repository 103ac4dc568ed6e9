"""Pseudonymisation, spreadsheet-formula neutralisation, and what the dashboard listens on."""

from __future__ import annotations

import csv
import hmac
import stat

import pytest

from returnstats.ingest.pseudonym import load_key
from returnstats.safe_csv import neutralise_value
from returnstats.warehouse import serving_path
from tests.conftest import TEST_KEY, query, run_cli, valid, write_extract

RAW_IDS = ["NATIONAL-ID-0001", "NATIONAL-ID-0002"]


def test_key_file_is_created_owner_only_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("RETURNSTATS_KEY")
    key_file = tmp_path / "keys" / "pseudonym.key"
    monkeypatch.setenv("RETURNSTATS_KEY_FILE", str(key_file))
    first = load_key(create_if_missing=True)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_key() == first and len(first.keys[0]) == 64


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
    assert query(db, "select count(*) from landing.return_decisions d join landing.persons p "
                     "using (reporting_country, person_key)") == [(1,)]


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


# --- the key is bound to the warehouse (reliability round 2, item 1) ----------------------

OTHER_KEY = "another-pseudonymisation-key-of-32-bytes-or-more"


def _load(tmp_path, name, db, env=None):
    folder = write_extract(tmp_path / name, {"persons": [valid("persons")],
                                              "return_decisions": [valid("return_decisions")]})
    return run_cli("ingest", str(folder), "--db", str(db), env=env)


def test_a_different_key_is_refused_and_changes_nothing(tmp_path):
    db = tmp_path / "wh.duckdb"
    assert _load(tmp_path, "a", db).returncode == 0
    before = db.read_bytes()
    refused = _load(tmp_path, "b", db, env={"RETURNSTATS_KEY": OTHER_KEY})
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "not the key this warehouse was built with" in " ".join(refused.stderr.split())
    assert query(db, "select count(*) from landing.persons") == [(1,)]
    assert db.read_bytes() == before


def test_a_missing_key_file_is_never_replaced_for_a_warehouse_with_data(tmp_path, monkeypatch):
    monkeypatch.delenv("RETURNSTATS_KEY")
    key = tmp_path / "pseudonym.key"
    monkeypatch.setenv("RETURNSTATS_KEY_FILE", str(key))
    db = tmp_path / "wh.duckdb"
    assert _load(tmp_path, "a", db).returncode == 0 and key.exists()  # created for the new warehouse
    key.unlink()
    refused = _load(tmp_path, "b", db)
    assert refused.returncode == 2 and "no pseudonymisation key" in " ".join(refused.stderr.split())
    assert not key.exists()


@pytest.mark.parametrize(("content", "words"), [
    (b"", "is empty"), (b"short-key\n", "too short (9 bytes"), (b"\xff\xfe\x00k" * 20, "not UTF-8"),
])
def test_bad_key_files_are_refused_in_one_line(tmp_path, monkeypatch, content, words):
    monkeypatch.delenv("RETURNSTATS_KEY")
    key = tmp_path / "pseudonym.key"
    key.write_bytes(content)
    monkeypatch.setenv("RETURNSTATS_KEY_FILE", str(key))
    refused = _load(tmp_path, "a", tmp_path / "wh.duckdb")
    assert refused.returncode == 2 and words in " ".join(refused.stderr.split()), refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "wh.duckdb").exists()


def test_a_key_file_that_is_a_directory_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("RETURNSTATS_KEY")
    (tmp_path / "keydir").mkdir()
    monkeypatch.setenv("RETURNSTATS_KEY_FILE", str(tmp_path / "keydir"))
    refused = _load(tmp_path, "a", tmp_path / "wh.duckdb")
    assert refused.returncode == 2 and "is a directory" in refused.stderr and "Traceback" not in refused.stderr


def test_the_key_reaches_sql_only_as_parameters():
    from returnstats.ingest.pseudonym import KeyChain, _pads, hmac_sql

    chain = KeyChain((b"k" * 40,), "test")
    sql, params = hmac_sql(chain, "person_id")
    inner, outer = _pads(b"k" * 40)
    assert inner not in sql and outer not in sql and "k" * 40 not in sql
    assert set(params.values()) == {inner, outer}


def test_rekey_rotates_the_key_in_one_transaction_and_keeps_persons_linked(tmp_path, monkeypatch):
    monkeypatch.delenv("RETURNSTATS_KEY")
    key = tmp_path / "pseudonym.key"
    key.write_text(TEST_KEY + "\n")
    monkeypatch.setenv("RETURNSTATS_KEY_FILE", str(key))
    db = tmp_path / "wh.duckdb"
    assert _load(tmp_path, "a", db).returncode == 0
    new = tmp_path / "new.key"
    new.write_text(OTHER_KEY + "\n")
    rotated = run_cli("rekey", "--new-key-file", str(new), "--db", str(db))
    assert rotated.returncode == 0, rotated.stderr
    # by hand: the pseudonym is now HMAC(new key, HMAC(old key, id))
    first = hmac.new(TEST_KEY.encode(), b"P1", "sha256").hexdigest()
    expected = hmac.new(OTHER_KEY.encode(), first.encode(), "sha256").hexdigest()
    assert query(db, "select person_id, person_key from landing.persons") == [(expected, 1)]
    assert query(db, "select person_id, person_key from landing.person_keys") == [(expected, 1)]
    assert query(db, "select person_key from landing.return_decisions") == [(1,)]
    assert key.read_text().split() == [TEST_KEY, OTHER_KEY]
    # a later delivery with the rotated key file still links to the stored persons
    later = write_extract(tmp_path / "c", {"return_decisions": [valid("return_decisions", decision_id="D9")]})
    assert run_cli("ingest", str(later), "--db", str(db)).returncode == 0
    # the old key alone is refused from now on
    assert _load(tmp_path, "d", db, env={"RETURNSTATS_KEY": TEST_KEY}).returncode == 2


def test_a_lost_quarantine_report_can_be_written_again(tmp_path):
    db = tmp_path / "wh.duckdb"
    folder = write_extract(tmp_path / "x", {"persons": [valid("persons", sex="?")]})
    assert run_cli("ingest", str(folder), "--db", str(db)).returncode == 1
    report = tmp_path / "reports" / "quarantine_delivery_1.csv"
    original = report.read_bytes()
    report.unlink()  # the process died after the commit, say
    assert run_cli("ingest", str(folder), "--db", str(db)).returncode == 0  # "already loaded": no report
    again = run_cli("quarantine", "--delivery", "1", "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert report.read_bytes() == original
    missing = run_cli("quarantine", "--delivery", "7", "--db", str(db))
    assert missing.returncode == 2 and "no delivery 7" in missing.stderr
