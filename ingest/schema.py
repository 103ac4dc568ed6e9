"""DDL of the landing tables (one per contract table) and the audit tables."""

from __future__ import annotations

import duckdb

from ingest.contract import INPUT_CONTRACT_V1, TABLES, Table
from ingest.coverage import COVERAGE_DDL

_SQL_TYPE = {"date": "date", "count": "bigint"}


def _sql_type(kind: str) -> str:
    return _SQL_TYPE.get(kind, "varchar")


def landing_ddl(table: Table) -> str:
    cols = [f"{c.name} {_sql_type(c.kind)}" for c in table.columns]
    cols += ["delivery_id bigint not null", "source_line bigint"]
    return f"create table if not exists landing.{table.name} ({', '.join(cols)})"


AUDIT_DDL = [
    """create table if not exists audit.deliveries (
        delivery_id bigint primary key, source_folder varchar, content_sha256 varchar,
        started_at timestamp, finished_at timestamp,
        rows_read bigint, rows_loaded bigint, rows_quarantined bigint, rows_replaced bigint)""",
    """create table if not exists audit.delivery_files (
        delivery_id bigint, table_name varchar, file_name varchar, file_sha256 varchar,
        rows_read bigint, rows_loaded bigint, rows_quarantined bigint, rows_replaced bigint,
        ignored_columns varchar)""",
    """create table if not exists audit.quarantine (
        delivery_id bigint, table_name varchar, file_name varchar, line bigint,
        record_id varchar, column_name varchar, offending_value varchar, reason varchar)""",
    """create table if not exists audit.superseded_rows (
        delivery_id bigint, table_name varchar, reporting_country varchar, record_id varchar,
        previous_delivery_id bigint)""",
    """create table if not exists audit.retracted_rows (
        delivery_id bigint, table_name varchar, reporting_country varchar, record_id varchar,
        previous_delivery_id bigint, row_json varchar)""",
    """create table if not exists audit.delivery_countries (delivery_id bigint, reporting_country varchar)""",
]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing; a warehouse created under contract v1 gains the v2 columns
    (NULL for its earlier rows, which read as the v1 defaults in staging)."""
    con.execute("create schema if not exists landing; create schema if not exists audit")
    for table in TABLES.values():
        con.execute(landing_ddl(table))
        for c in table.columns:
            con.execute(f"alter table landing.{table.name} add column if not exists {c.name} {_sql_type(c.kind)}")
    con.execute(COVERAGE_DDL)
    for ddl in AUDIT_DDL:
        con.execute(ddl)
    con.execute("alter table audit.deliveries add column if not exists input_contract varchar "
                f"default '{INPUT_CONTRACT_V1}'")
    con.execute("alter table audit.deliveries add column if not exists extracted_at timestamptz")
    con.execute("alter table audit.deliveries add column if not exists replaces varchar default 'rows'")
    con.execute("alter table audit.deliveries add column if not exists rows_retracted bigint default 0")
