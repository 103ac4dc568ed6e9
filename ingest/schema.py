"""DDL of the landing tables (one per contract table) and the audit tables.

Persons are joined by a compact key: `landing.person_keys` (the person dimension) gives every
(reporting_country, pseudonym) a BIGINT `person_key`, once and for good (a retracted person who
comes back gets the same key). `landing.persons` keeps the pseudonym (`person_id`) and the key;
every other landing table holds only `person_key`. Joining on an integer instead of a 64-character
hex string is what makes the person-level models cheap (docs/benchmarks.md)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from returnstats.ingest.contract import INPUT_CONTRACT_V1, TABLES, Table
from returnstats.ingest.coverage import COVERAGE_DDL

_SQL_TYPE = {"date": "date", "count": "bigint"}


def _sql_type(kind: str) -> str:
    return _SQL_TYPE.get(kind, "varchar")


def landing_columns(table: Table) -> list[tuple[str, str]]:
    """(name, type) of a landing table's contract columns: person_id becomes person_key in
    every table but persons, which keeps the pseudonym beside its key."""
    columns = []
    for c in table.columns:
        if c.name == "person_id" and table.has_person_ref:
            columns.append(("person_key", "bigint"))
        else:
            columns.append((c.name, _sql_type(c.kind)))
            if c.name == "person_id":
                columns.append(("person_key", "bigint"))
    return columns


def landing_ddl(table: Table) -> str:
    cols = [f"{name} {kind}" for name, kind in landing_columns(table)]
    cols += ["delivery_id bigint not null", "source_line bigint"]
    return f"create table if not exists landing.{table.name} ({', '.join(cols)})"


PERSON_KEYS_DDL = """create table if not exists landing.person_keys (
    reporting_country varchar not null, person_id varchar not null, person_key bigint not null)"""


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
    migrate_to_person_keys(con)
    con.execute(PERSON_KEYS_DDL)
    for table in TABLES.values():
        con.execute(landing_ddl(table))
        for name, kind in landing_columns(table):
            con.execute(f"alter table landing.{table.name} add column if not exists {name} {kind}")
    con.execute(COVERAGE_DDL)
    for ddl in AUDIT_DDL:
        con.execute(ddl)
    con.execute("alter table audit.deliveries add column if not exists input_contract varchar "
                f"default '{INPUT_CONTRACT_V1}'")
    con.execute("alter table audit.deliveries add column if not exists extracted_at timestamptz")
    con.execute("alter table audit.deliveries add column if not exists replaces varchar default 'rows'")
    con.execute("alter table audit.deliveries add column if not exists rows_retracted bigint default 0")


def _columns_of(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = 'landing' and table_name = ?",
        [table]).fetchall()}


def needs_person_key_migration(con: duckdb.DuckDBPyConnection) -> bool:
    """A warehouse written before the person dimension: its landing tables join on the pseudonym."""
    return "person_id" in _columns_of(con, "return_decisions")


def migrate_to_person_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Give every pseudonym of an older warehouse its key and replace person_id by person_key in
    the referencing tables (inside the caller's transaction: all of it or nothing)."""
    if not needs_person_key_migration(con):
        return
    referencing = [t.name for t in TABLES.values() if t.has_person_ref and "person_id" in _columns_of(con, t.name)]
    every_pseudonym = " union ".join(
        f"select reporting_country, person_id from landing.{name}" for name in ["persons", *referencing])
    con.execute(PERSON_KEYS_DDL)
    con.execute(f"""insert into landing.person_keys
        select reporting_country, person_id, row_number() over (order by reporting_country, person_id)
        from ({every_pseudonym}) where person_id is not null""")
    con.execute("alter table landing.persons add column if not exists person_key bigint")
    con.execute("""update landing.persons p set person_key = k.person_key from landing.person_keys k
        where k.reporting_country = p.reporting_country and k.person_id = p.person_id""")
    for name in referencing:
        con.execute(f"alter table landing.{name} add column person_key bigint")
        con.execute(f"""update landing.{name} t set person_key = k.person_key from landing.person_keys k
            where k.reporting_country = t.reporting_country and k.person_id = t.person_id""")
        con.execute(f"alter table landing.{name} drop column person_id")


def upgrade_warehouse(db: Path, lock_timeout_s: float = 60.0) -> bool:
    """Bring a warehouse written by an earlier version to the current layout, in one
    transaction (`returnstats build` calls it before dbt reads the warehouse). True if it did."""
    from returnstats.warehouse import connect_reader, connect_writer

    reader = connect_reader(db)  # most builds need nothing: look without taking the writer's lock
    try:
        if not needs_person_key_migration(reader):
            return False
    finally:
        reader.close()
    con = connect_writer(db, lock_timeout_s)
    try:
        if not needs_person_key_migration(con):
            return False
        con.execute("begin transaction")
        try:
            migrate_to_person_keys(con)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return True
    finally:
        con.close()
