"""--json (issue 17): ingest, validate and export print one JSON document on stdout — their
result, or their error — for scripts; nothing else is printed there."""

from __future__ import annotations

import csv
import json

from tests.conftest import run_cli
from tests.handmade_extract import write_handmade_extract


def _document(result) -> dict:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout  # one document, no progress bar or summary around it
    return json.loads(lines[0])


def test_ingest_validate_and_export_report_in_json(tmp_path):
    extract = write_handmade_extract(tmp_path / "extract")
    db = tmp_path / "wh" / "returnstats.duckdb"
    loaded = run_cli("ingest", str(extract), "--db", str(db), "--json")
    assert loaded.returncode == 0, loaded.stderr
    delivery = _document(loaded)
    lines_per_table = {p.stem: sum(1 for _ in csv.reader(p.open())) - 1 for p in extract.glob("*.csv")}
    assert delivery["status"] == "loaded" and delivery["rows_quarantined"] == 0
    assert {f["table"]: f["rows_read"] for f in delivery["files"]} == lines_per_table
    assert {f["table"]: f["rows_loaded"] for f in delivery["files"]} == lines_per_table

    assert run_cli("build", "--db", str(db)).returncode == 0
    checked = run_cli("validate", "--quarter", "2024-Q1", "--db", str(db), "--json")
    report = _document(checked)
    assert report["quarter"] == "2024-Q1" and report["report"].endswith("qa_2024-Q1.json")
    assert checked.returncode == (1 if report["blocking_failed"] else 0)

    exported = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "out"), "--db", str(db),
                       "--force", "--json")
    assert exported.returncode == 0, exported.stderr
    (manifest,) = _document(exported)["manifests"]
    assert manifest["period"] == "2024-Q1"
    assert manifest["files"] and all((tmp_path / "out" / f["file"]).exists() for f in manifest["files"])


def test_a_refused_delivery_is_a_json_error(tmp_path):
    result = run_cli("ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "wh.duckdb"), "--json")
    assert result.returncode == 2
    error = _document(result)
    assert error["status"] == "error" and error["exit_code"] == 2 and "nowhere" in error["error"]
