"""Scale-out (issue 19, docs/scale-out.md): the same dbt models built on Apache Spark.

Ingestion and the serving file stay DuckDB. `export_landing` writes the warehouse's landing
tables as Parquet, one folder per table partitioned by reporting country; `build_on_spark`
builds the national models on a Spark session from that landing (dbt-spark, profile target
`spark`), runs every data and unit test there, and publishes the marts Spark wrote into the
same DuckDB serving file a DuckDB build publishes, so export, validate, the hub and the
dashboard read them unchanged.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb

from returnstats.files import publish_folder, staged_folder
from returnstats.ingest.contract import TABLES
from returnstats.sql import string_literal
from returnstats.warehouse import connect_reader

# The dbt sources of models/staging/landing (tests/integration/test_spark_parity.py checks they agree).
LANDING_TABLES = (*TABLES, "coverage")
# Where each landing table's Parquet folder gives its rows to Spark, and the column Spark's
# partitions are named after (one folder per reporting country: reporting_country=AT, …).
PARTITION_COLUMN = "reporting_country"
# DuckDB's names of the landing's column types, in Spark's spelling.
SPARK_TYPES = {"VARCHAR": "string", "BIGINT": "bigint", "INTEGER": "int", "DATE": "date",
               "BOOLEAN": "boolean", "DOUBLE": "double"}
COLUMNS_FILE = "landing_columns.json"
# What PySpark warns about on every run, to nobody's use, in dbt's output: pandas 3 (returnstats
# hands Spark no pandas frame) and, on Spark Connect, each static setting the session repeats to
# a server that started with it.
QUIET_WARNINGS = ",".join(["ignore:PySpark does not yet fully support pandas:FutureWarning",
                           "ignore::UserWarning:pyspark.sql.connect.conf"])


class SparkError(Exception):
    pass


def missing_requirement() -> str | None:
    """What this machine lacks to build on Spark, in one line; None when nothing."""
    for module, package in (("pyspark", "pyspark"), ("dbt.adapters.spark", "dbt-spark")):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            return f"--engine spark needs {package}: pip install 'returnstats[spark]' (docs/scale-out.md)"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "--engine spark needs a Java runtime (17 or 21), e.g. Debian's default-jre-headless (docs/scale-out.md)"
    return None


def landing_columns(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Per landing table, its columns as a Spark column list ("name type, …")."""
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'landing' order by table_name, ordinal_position").fetchall()
    columns: dict[str, list[str]] = {table: [] for table in LANDING_TABLES}
    for table, column, kind in rows:
        if table not in columns:
            continue  # e.g. person_keys: the pseudonyms stay in the warehouse
        if kind not in SPARK_TYPES:
            raise SparkError(f"landing.{table}.{column} has type {kind}, which the Spark landing does not carry")
        columns[table].append(f"{column} {SPARK_TYPES[kind]}")
    missing = [table for table, cols in columns.items() if not cols]
    if missing:
        raise SparkError(f"the warehouse has no landing table {', '.join(missing)}: load an extract first")
    return {table: ", ".join(cols) for table, cols in columns.items()}


def export_landing(db: Path, out: Path, echo: Callable[[str], None] = print) -> dict[str, int]:
    """Write the landing tables of warehouse `db` to `out` as Parquet; return the rows per table.

    The folder is written beside `out` under a temporary name and swapped into place whole, so
    a failed export leaves no half-written landing. An existing `out` is replaced."""
    con = connect_reader(db)
    staging = staged_folder(out)
    try:
        columns = landing_columns(con)
        counts = {}
        for table in LANDING_TABLES:
            target = staging / table
            target.mkdir()
            counts[table] = con.execute(f"select count(*) from landing.{table}").fetchone()[0]
            if counts[table]:
                con.execute(f"copy landing.{table} to {string_literal(target)} "
                            f"(format parquet, partition_by ({PARTITION_COLUMN}), overwrite_or_ignore)")
            echo(f"  landing.{table}: {counts[table]:,} rows")
        (staging / COLUMNS_FILE).write_text(json.dumps(columns, indent=2) + "\n")
        publish_folder(staging, out)
    finally:
        con.close()
        shutil.rmtree(staging, ignore_errors=True)
    return counts


def read_landing_columns(landing: Path) -> dict[str, str]:
    """The column lists an export wrote beside its Parquet folders."""
    try:
        columns = json.loads((landing / COLUMNS_FILE).read_text())
    except (OSError, ValueError):
        raise SparkError(f"{landing} is not a landing written by `returnstats export-landing` "
                           f"(no readable {COLUMNS_FILE})") from None
    missing = [table for table in LANDING_TABLES if table not in columns]
    if missing:
        raise SparkError(f"{landing} has no landing table {', '.join(missing)}")
    return columns


def dbt_vars(landing: Path) -> dict:
    """The dbt var that makes Spark read `landing` as the source('landing', …) tables (macros/engine.sql)."""
    if any(c in str(landing.resolve()) for c in "'\"\\"):
        # the folder goes into Spark's CREATE TABLE … LOCATION '…' as it is
        raise SparkError(f"the landing path {landing.resolve()} holds a quote or backslash, which Spark's table "
                         "location cannot take: move the landing to a folder without one")
    return {"spark_landing": {"dir": str(landing.resolve()), "partition_column": PARTITION_COLUMN,
                              "tables": read_landing_columns(landing)}}


def spark_tables(warehouse_dir: Path, schemas: tuple[str, ...]) -> dict[tuple[str, str], Path]:
    """The tables Spark wrote (managed tables: <warehouse>/<schema>.db/<table>/part-*.parquet)."""
    return {(schema, folder.name): folder
            for schema in schemas
            for folder in sorted((warehouse_dir / f"{schema}.db").glob("*")) if folder.is_dir()}


def load_into_duckdb(tables: dict[tuple[str, str], Path], target: Path) -> None:
    """Copy Spark's Parquet tables into a DuckDB file, schema by schema."""
    con = duckdb.connect(str(target))
    try:
        for (schema, table), folder in tables.items():
            if not any(folder.glob("*.parquet")):  # Spark writes a file with the columns even for no rows
                raise SparkError(f"Spark wrote no Parquet file for {schema}.{table} ({folder}): nothing published")
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create table {schema}.{table} as select * from read_parquet(?)",
                        [str(folder / "*.parquet")])
    finally:
        con.close()

