"""Scale-out (issue 19): the demo built by DuckDB and by Spark (a local session, dbt-spark) gives
the same tables, cell for cell, and `returnstats build --engine spark` publishes them into the
serving file the exports and the dashboard read.

One Spark build of the small demo (about two minutes on two cores: dbt-spark's cost is per
statement, not per row), then comparisons without a JVM."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import duckdb
import pytest
import yaml

from returnstats.spark import LANDING_TABLES, PARTITION_COLUMN
from tests import REPO_ROOT
from tests.conftest import SMALL_DEMO_BUILD_VARS, copy_warehouse, run_cli

pytestmark = pytest.mark.slow

# The tables dbt materialises (staging models are views: what they show, the tables built from them hold)
COMPARED_SCHEMAS = ("intermediate", "marts", "ref")


@pytest.fixture(scope="module")
def both_builds(small_demo, tmp_path_factory):
    """(the DuckDB build's scratch database, Spark's warehouse folder, the serving files before and after)."""
    spark_dir = tmp_path_factory.mktemp("spark") / "spark"
    duckdb_scratch = small_demo.with_name("returnstats.build.duckdb")
    serving = small_demo.with_name("returnstats.serving.duckdb")
    duckdb_marts = tmp_path_factory.mktemp("duckdb_serving") / "serving.duckdb"
    duckdb_marts.write_bytes(serving.read_bytes())
    result = run_cli("build", "--engine", "spark", "--spark-dir", str(spark_dir), *SMALL_DEMO_BUILD_VARS,
                     "--db", str(small_demo), timeout=1800)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return duckdb_scratch, spark_dir / "warehouse", duckdb_marts, serving, result.stdout


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    return con.execute("select schema_name, table_name from duckdb_tables() where database_name = ? "
                       f"and schema_name in {schemas} order by all", [catalog]).fetchall()


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in con.execute(f"describe {relation}").fetchall()]


def _differing_rows(con: duckdb.DuckDBPyConnection, left: str, right: str) -> int:
    """Rows of either relation the other lacks, duplicates counted (values compared exactly)."""
    return con.execute(f"select (select count(*) from (from {left} except all from {right})) "
                       f"+ (select count(*) from (from {right} except all from {left}))").fetchone()[0]


def test_spark_runs_every_data_and_unit_test_of_the_national_models(both_builds):
    *_, output = both_builds
    summary = next(line for line in output.splitlines() if "Finished running" in line)
    assert "unit tests" in summary and "data tests" in summary, summary
    assert "ERROR=0" in output and "SKIP=0" in output


def test_every_table_spark_builds_equals_duckdb_cell_for_cell(both_builds):
    duckdb_scratch, spark_warehouse, *_ = both_builds
    con = duckdb.connect()
    con.execute("attach ? as built (read_only)", [str(duckdb_scratch)])
    tables = _tables(con, "built", COMPARED_SCHEMAS)
    assert len(tables) > 50  # every intermediate model, mart and seed, not a handful
    problems = []
    for schema, table in tables:
        folder = spark_warehouse / f"{schema}.db" / table
        if not any(folder.glob("*.parquet")):
            problems.append(f"{schema}.{table}: Spark wrote no table")
            continue
        con.execute(f"create or replace temp view on_spark as from read_parquet('{folder}/*.parquet')")
        on_duckdb = f"built.{schema}.{table}"
        if _columns(con, on_duckdb) != _columns(con, "on_spark"):
            problems.append(f"{schema}.{table}: columns {_columns(con, on_duckdb)} vs {_columns(con, 'on_spark')}")
        elif differing := _differing_rows(con, on_duckdb, "on_spark"):
            problems.append(f"{schema}.{table}: {differing} rows differ")
    assert not problems, problems
    # and Spark built nothing DuckDB did not (the hub's models stay on DuckDB)
    spark_tables = {(folder.parent.name.removesuffix(".db"), folder.name)
                    for schema in COMPARED_SCHEMAS for folder in (spark_warehouse / f"{schema}.db").iterdir()}
    assert spark_tables == set(tables)


def test_the_serving_file_spark_publishes_holds_the_same_marts(both_builds):
    *_, duckdb_serving, spark_serving, _ = both_builds
    con = duckdb.connect()
    con.execute("attach ? as by_duckdb (read_only)", [str(duckdb_serving)])
    con.execute("attach ? as by_spark (read_only)", [str(spark_serving)])
    published = _tables(con, "by_duckdb", ("marts", "ref", "audit"))
    assert _tables(con, "by_spark", ("marts", "ref", "audit")) == published
    for schema, table in published:
        left, right = f"by_duckdb.{schema}.{table}", f"by_spark.{schema}.{table}"
        assert _columns(con, left) == _columns(con, right), table
        assert _differing_rows(con, left, right) == 0, table


def test_exports_from_spark_marts_validate(both_builds, small_demo, tmp_path):
    result = run_cli("export", "--year", "2024", "--out", str(tmp_path / "out"), "--db", str(small_demo))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out" / "ART25A_A_2024.csv").exists()


# --- the landing: no JVM needed ------------------------------------------------------------------

def test_the_landing_is_the_dbt_sources():
    sources = yaml.safe_load((REPO_ROOT / "models/staging/landing/_landing__sources.yml").read_text())
    assert {t["name"] for t in sources["sources"][0]["tables"]} == set(LANDING_TABLES)


def test_export_landing_writes_every_row_by_reporting_country(small_demo_master, tmp_path):
    out = tmp_path / "landing"
    result = run_cli("export-landing", "--out", str(out), "--db", str(small_demo_master))
    assert result.returncode == 0, result.stdout + result.stderr
    con = duckdb.connect()
    con.execute("attach ? as wh (read_only)", [str(small_demo_master)])
    for table in LANDING_TABLES:
        expected = con.execute(f"select {PARTITION_COLUMN}, count(*) from wh.landing.{table} "
                               "group by all order by all").fetchall()
        folders = sorted(p.name for p in (out / table).iterdir())
        assert folders == [f"{PARTITION_COLUMN}={geo}" for geo, _ in expected], table
        written = con.execute(f"select {PARTITION_COLUMN}, count(*) from read_parquet('{out}/{table}/*/*.parquet', "
                              "hive_partitioning = true) group by all order by all").fetchall()
        assert written == expected, table


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build_from_a_spoilt_landing(small_demo_master: Path, tmp_path: Path, spoil) -> subprocess.CompletedProcess:
    """A Spark build of a copy of the demo from its exported landing after `spoil(landing)`;
    asserts it failed without a traceback and left the published marts as they were."""
    db = copy_warehouse(small_demo_master, tmp_path)
    serving = db.with_name("returnstats.serving.duckdb")
    before = _digest(serving)
    landing = tmp_path / "landing"
    assert run_cli("export-landing", "--out", str(landing), "--db", str(db)).returncode == 0
    spoil(landing)
    result = run_cli("build", "--engine", "spark", "--landing", str(landing), "--db", str(db), timeout=900)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert _digest(serving) == before
    return result


def test_a_spark_build_from_a_broken_landing_publishes_nothing(small_demo_master, tmp_path):
    def not_an_export(landing: Path) -> None:
        (landing / "landing_columns.json").unlink()

    result = _build_from_a_spoilt_landing(small_demo_master, tmp_path, not_an_export)
    assert "not a landing written by `returnstats export-landing`" in result.stderr


def test_a_failed_spark_build_publishes_nothing(small_demo_master, tmp_path):
    def unreadable_files(landing: Path) -> None:
        for part in landing.rglob("*.parquet"):
            part.write_bytes(b"not parquet")  # every model that reads the landing fails, the rest is skipped

    result = _build_from_a_spoilt_landing(small_demo_master, tmp_path, unreadable_files)
    assert "dbt build on Spark failed" in result.stderr


def test_a_landing_folder_with_a_quote_exports_and_is_refused_by_spark_clearly(small_demo_master, tmp_path):
    landing = tmp_path / "it's landing"
    result = run_cli("export-landing", "--out", str(landing), "--db", str(small_demo_master))
    assert result.returncode == 0, result.stdout + result.stderr  # DuckDB's COPY takes the name quoted
    assert any((landing / "persons").rglob("*.parquet"))
    result = run_cli("build", "--engine", "spark", "--landing", str(landing), "--db", str(small_demo_master))
    assert result.returncode != 0 and "holds a quote or backslash" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_engine_options_are_checked_before_anything_runs(small_demo_master, tmp_path):
    result = run_cli("build", "--engine", "flink", "--db", str(small_demo_master))
    assert result.returncode != 0 and "--engine is duckdb or spark" in result.stderr
    result = run_cli("build", "--landing", str(tmp_path), "--db", str(small_demo_master))
    assert result.returncode != 0 and "--landing and --spark-dir go with --engine spark" in result.stderr
