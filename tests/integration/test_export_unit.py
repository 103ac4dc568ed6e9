"""An export is one unit: locked, one pinned publication validated and written, the folder
replaced whole, and the record of what was sent final only once the folder is published."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from returnstats.export import pinned_publication
from returnstats.revisions import record_export
from returnstats.warehouse import connect_reader, exclusive, serving_path
from tests.conftest import run_cli, valid, write_extract
from tests.handmade_extract import built_warehouse


@pytest.fixture
def warehouse(tmp_path):
    return built_warehouse(tmp_path)


def _export(db, out, *extra):
    result = run_cli("export", "--quarter", "2024-Q1", "--out", str(out), "--db", str(db), *extra)
    assert result.returncode == 0, result.stderr
    return json.loads((out / "manifest.json").read_text())


def test_the_folder_holds_only_the_current_export(warehouse, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "EIL_ORD_Q_XX_2019-Q1.csv").write_text("old file of another export\n")
    manifest = _export(warehouse, out)
    assert {p.name for p in out.iterdir()} == {f["file"] for f in manifest["files"]} | {"manifest.json",
                                                                                        "RETURNSTATS_STRUCTURE.xml"}
    assert not list(tmp_path.glob(".out.staging-*"))
    one = _export(warehouse, out, "--country", "DE")  # a narrower export replaces the folder too
    assert {p.name for p in out.iterdir()} == {f["file"] for f in one["files"]} | {
        "manifest.json", "RETURNSTATS_STRUCTURE.xml", "REVISIONS_2024-Q1.csv"}


def test_an_interrupted_export_does_not_falsify_the_next_revision_report(warehouse, tmp_path):
    _export(warehouse, tmp_path / "t1")
    # A late delivery: one more person ordered to leave in FR (DZ, M, 29: Y18-34).
    write_extract(tmp_path / "late", {
        "persons": [valid("persons", person_id="H", birth_date="1995-01-01")],
        "return_decisions": [valid("return_decisions", decision_id="D7", person_id="H", decision_date="2024-03-10")]})
    assert run_cli("ingest", str(tmp_path / "late"), "--db", str(warehouse)).returncode == 0
    assert run_cli("build", "--db", str(warehouse)).returncode == 0
    # An export killed after recording what it was about to send, before its folder was published:
    sent = [{"dataflow": "EIL_ORD_Q", "geo": "FR", "time_period": "2024-Q1"}]
    record_export(warehouse, serving_path(warehouse), "2024-Q1", tmp_path / "t2", sent, forced=False)
    manifest = _export(warehouse, tmp_path / "t2")
    assert manifest["revisions"]["cells_revised"] == 8  # by hand: H adds 1 to 8 cells of EIL_ORD_Q FR
    with (tmp_path / "t2" / "REVISIONS_2024-Q1.csv").open() as handle:
        total = [r for r in csv.DictReader(handle) if r["cell"] == "CITIZEN=TOTAL|SEX=T|AGE=TOTAL"]
    assert [(r["old_value"], r["new_value"]) for r in total] == [("5", "6")]


def test_a_pinned_publication_outlives_a_new_build(warehouse):
    with pinned_publication(warehouse) as pinned:
        before = _published_at(pinned)
        assert run_cli("build", "--db", str(warehouse)).returncode == 0
        assert _published_at(serving_path(warehouse)) != before
        assert _published_at(pinned) == before  # the export validates and writes this one
    assert not pinned.exists()


def _published_at(path):
    con = connect_reader(path)
    try:
        return con.execute("select published_at from publication").fetchone()[0]
    finally:
        con.close()


def test_a_second_export_at_the_same_time_is_refused_and_writes_nothing(warehouse, tmp_path):
    with exclusive(warehouse.with_name(warehouse.stem + ".export.lock"), "export"):
        result = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "o"), "--db", str(warehouse))
    assert result.returncode == 2 and "another export is running" in " ".join(result.stderr.split())
    assert not (tmp_path / "o").exists()


def test_the_assessment_pack_folder_holds_only_the_current_pack(tmp_path):
    from returnstats.generate import generate_extract

    generate_extract(tmp_path / "x", scale=0.02, seed=11, first="2024-Q1", last="2024-Q4")
    db = tmp_path / "wh" / "returnstats.duckdb"
    assert run_cli("ingest", str(tmp_path / "x"), "--db", str(db)).returncode == 0
    assert run_cli("build", "--db", str(db), "--var", "art25a_min_return_decisions=150").returncode == 0
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "ZZ.html").write_text("a page of an older pack")
    assert run_cli("report", "--year", "2024", "--out", str(pack), "--db", str(db)).returncode == 0
    assert not (pack / "ZZ.html").exists() and (pack / "index.html").exists()
    shutil.rmtree(pack)
