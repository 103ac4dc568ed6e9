"""DDL of the landing tables (one per contract table) and the audit tables."""

from __future__ import annotations

import duckdb

from ingest.contract import TABLES, Table

_SQL_TYPE = {"date": "date", "count": "bigint"}


def landing_ddl(table: Table) -> str:
    cols = [f"{c.name} {_SQL_TYPE.get(c.kind, 'varchar')}" for c in table.columns]
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
]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists landing; create schema if not exists audit")
    for table in TABLES.values():
        con.execute(landing_ddl(table))
    for ddl in AUDIT_DDL:
        con.execute(ddl)
