"""Incremental build (issue 18): after a new quarter, and after a redelivery that changes
persons, measures and retracts rows, the incremental build equals a full build cell for cell —
every published mart and every intermediate model kept between builds."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from returnstats.build import scratch_path
from returnstats.split_extract import split_extract
from returnstats.warehouse import serving_path
from tests.conftest import SMALL_DEMO_BUILD_VARS, run_cli
from tests.handmade_extract_v2 import write_handmade_extract_v2


def _run(*args: str) -> str:
    result = run_cli(*args)
    assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr
    return result.stdout


def _tables(path: Path, schemas: tuple[str, ...]) -> dict[str, pl.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = con.execute("select schema_name, table_name from duckdb_tables() where schema_name in "
                            f"{schemas + ('',)} order by all").fetchall()
        return {f"{s}.{t}": con.sql(f'select * from "{s}"."{t}"').pl() for s, t in names}
    finally:
        con.close()


def _snapshot(db: Path) -> dict[str, pl.DataFrame]:
    """Every published mart, and every model of the build database (incremental ones included)."""
    return _tables(serving_path(db), ("marts",)) | _tables(scratch_path(db), ("marts", "intermediate"))


def assert_same_tables(incremental: dict[str, pl.DataFrame], full: dict[str, pl.DataFrame]) -> None:
    assert incremental.keys() == full.keys()
    for name, frame in full.items():
        other = incremental[name]
        assert other.columns == frame.columns, name
        keys = frame.columns
        same = other.sort(keys, nulls_last=True).equals(frame.sort(keys, nulls_last=True))
        assert same, f"{name}: the incremental build differs from the full build"


def _build(db: Path, *extra: str) -> str:
    output = _run("build", *SMALL_DEMO_BUILD_VARS, *extra, "--db", str(db))
    return next(line for line in output.splitlines() if line.startswith("Build:"))


def _full_build_of_a_copy(db: Path, folder: Path) -> dict[str, pl.DataFrame]:
    shutil.copytree(db.parent, folder, ignore=shutil.ignore_patterns("*.lock", "dbt_*", "*.serving.*"))
    copy = folder / db.name
    assert _build(copy, "--full-refresh") == "Build: full (--full-refresh)"
    return _snapshot(copy)


def _shorten_not_collected_range(coverage: Path, out: Path) -> None:
    """The one not-collected range of the extract (a table of one country) cut to its first
    quarter: the quarters after it become collected (true zeros where L stood)."""
    declared = pl.read_csv(coverage, infer_schema_length=0)
    gap = declared.filter(pl.col("collected") == "N").row(0, named=True)
    assert gap["period_from"] != gap["period_to"]
    year, quarter = int(gap["period_from"][:4]), int(gap["period_from"][-1])
    following = f"{year + quarter // 4}-Q{quarter % 4 + 1}"
    collected_after = declared.filter((pl.col("reporting_country") == gap["reporting_country"])
                                      & (pl.col("table") == gap["table"]) & (pl.col("collected") == "Y"))
    assert collected_after.height == 1
    pl.DataFrame([gap | {"period_to": gap["period_from"]},
                  gap | {"collected": "Y", "period_from": following, "period_to": collected_after["period_to"][0]}]
                 ).write_csv(out)


def _redelivery(extract: Path, folder: Path) -> Path:
    """Citizenship changed for ten persons with decisions in the first quarter, end dates moved
    for ten detentions that started in it, FR's 2024-Q1 decisions delivered again without
    their first five (retracted by scope), and the not-collected range of the coverage
    shortened (statuses L become A)."""
    folder.mkdir(parents=True)
    decisions = pl.read_csv(extract / "return_decisions.csv", infer_schema_length=0)
    early = decisions.filter(pl.col("decision_date") < "2024-04-01")
    persons = pl.read_csv(extract / "persons.csv", infer_schema_length=0)
    moved = early.select("reporting_country", "person_id").unique().sort("reporting_country", "person_id").head(10)
    persons.join(moved, on=["reporting_country", "person_id"]).with_columns(
        citizenship=pl.when(pl.col("citizenship") == "AF").then(pl.lit("SY")).otherwise(pl.lit("AF"))
    ).write_csv(folder / "persons.csv")
    detentions = pl.read_csv(extract / "detentions.csv", infer_schema_length=0)
    detentions.filter(pl.col("start_date") < "2024-04-01").sort("detention_id").head(10).with_columns(
        end_date=pl.lit("2024-11-30")).write_csv(folder / "detentions.csv")
    fr_q1 = early.filter(pl.col("reporting_country") == "FR").sort("decision_id")
    assert fr_q1.height > 10
    fr_q1.tail(fr_q1.height - 5).write_csv(folder / "return_decisions.csv")
    _shorten_not_collected_range(extract / "coverage.csv", folder / "coverage.csv")
    (folder / "delivery.json").write_text(json.dumps({
        "extracted_at": "2025-01-15T10:00:00Z", "replaces": "scope",
        "scope": [{"reporting_country": "FR", "period_from": "2024-Q1", "period_to": "2024-Q1",
                   "tables": ["return_decisions"]}]}))
    return folder


def test_incremental_builds_equal_full_builds_on_the_demo(small_demo_master, tmp_path):
    extract = small_demo_master.parent.parent / "extract"
    earlier, later = split_extract(extract, date(2024, 7, 1), tmp_path / "a", tmp_path / "b")
    db = tmp_path / "wh" / "returnstats.duckdb"
    _run("ingest", str(earlier), "--db", str(db))
    assert _build(db) == "Build: full (no earlier build)"
    assert _build(db) == "Build: incremental: nothing changed"
    _run("ingest", str(later), "--db", str(db))
    assert _build(db).startswith("Build: incremental: ")
    assert_same_tables(_snapshot(db), _full_build_of_a_copy(db, tmp_path / "full1"))

    _run("ingest", str(_redelivery(extract, tmp_path / "c")), "--db", str(db))
    line = _build(db)
    # the retracted FR decisions date from Q1, the changed persons' earliest events from before
    assert "FR from 202" in line and line.count(" from ") < 31, line
    assert_same_tables(_snapshot(db), _full_build_of_a_copy(db, tmp_path / "full2"))


def test_incremental_build_equals_full_build_on_the_handmade_extract(tmp_path):
    extract = write_handmade_extract_v2(tmp_path / "x")
    earlier, later = split_extract(extract, date(2024, 4, 1), tmp_path / "a", tmp_path / "b")
    db = tmp_path / "wh" / "returnstats.duckdb"
    _run("ingest", str(earlier), "--db", str(db))
    _build(db)
    _run("ingest", str(later), "--db", str(db))
    assert _build(db).startswith("Build: incremental: ")
    assert_same_tables(_snapshot(db), _full_build_of_a_copy(db, tmp_path / "full"))


@pytest.mark.parametrize("change", ["setting", "failed build"])
def test_a_build_is_full_when_its_basis_changed(small_demo, tmp_path, change):
    db = small_demo
    if change == "setting":
        line = _build(db, "--var", "art48_measure_count=started")
        assert line == "Build: full (the settings or the software changed since the last build)"
    else:
        con = duckdb.connect(str(scratch_path(db)))
        con.execute("delete from main.build_state")  # what a build that failed half-way leaves
        con.close()
        assert _build(db) == "Build: full (no completed earlier build)"


def test_a_first_declared_coverage_rebuilds_every_period_of_its_country(small_demo, tmp_path):
    """FR had no coverage.csv: its calendar was its events' span, all of 2024. Declaring returns
    collected in 2024-Q3..2024-Q4 only makes the calendar those two quarters: the marts must
    lose FR's first half-year, as a full build does (a review found the incremental build kept it)."""
    db = small_demo
    folder = tmp_path / "coverage_only"
    folder.mkdir()
    (folder / "coverage.csv").write_text("reporting_country,table,collected,period_from,period_to\n"
                                         "FR,returns,Y,2024-Q3,2024-Q4\n")
    _run("ingest", str(folder), "--db", str(db))
    line = _build(db)
    assert "FR all periods" in line, line
    incremental = _snapshot(db)
    fr_quarters = incremental["marts.eil_ord_q"].filter(pl.col("geo") == "FR")["time_period"].unique().sort()
    assert fr_quarters.to_list() == ["2024-Q3", "2024-Q4"]
    assert_same_tables(incremental, _full_build_of_a_copy(db, tmp_path / "full"))
