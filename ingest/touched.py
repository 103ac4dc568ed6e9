"""What a delivery changed, for the incremental build: per reporting country, the earliest date
of any row it added, replaced (old and new version), retracted or re-declared (coverage), and of
every event of a person whose sex, birth date or citizenship it changed. Every period ending on
or after that date may count differently and is rebuilt (returnstats/build.py); earlier periods
keep their figures. Written to audit.delivery_touched in the delivery's transaction."""

from __future__ import annotations

import duckdb

from returnstats.ingest.contract import TABLES, Table
from returnstats.ingest.coverage import quarter_start_sql

TOUCHED_DDL = """create table if not exists audit.delivery_touched (
    delivery_id bigint, reporting_country varchar, touched_from date)"""
PERSON_ATTRIBUTES = ("sex", "birth_date", "citizenship")


def event_dates(table: Table) -> list[str]:
    """The date columns that place a row in periods (a person's birth date places nothing)."""
    return [c.name for c in table.columns if c.kind == "date" and table.name != "persons"]


def earliest_date(table: Table, alias: str) -> str:
    """SQL: the earliest of a row's dates (DuckDB's least skips NULLs)."""
    dates = [f"{alias}.{c}" for c in event_dates(table)]
    return dates[0] if len(dates) == 1 else f"least({', '.join(dates)})"


def start_touched(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create or replace temp table touched (reporting_country varchar, touched_from date)")
    con.execute("create or replace temp table changed_persons (reporting_country varchar, person_key bigint)")


def touch(con: duckdb.DuckDBPyConnection, rows_sql: str, params: dict | None = None) -> None:
    """Add (reporting_country, date) rows; the query's second column is the date."""
    con.execute(f"""insert into touched select reporting_country, min(d) from ({rows_sql}) r(reporting_country, d)
                    where reporting_country is not null and d is not null group by all""", params or {})


def touch_rows(con: duckdb.DuckDBPyConnection, table: Table, rows: str, alias: str,
               params: dict | None = None) -> None:
    """Touch the earliest date of each of `rows` (what follows FROM, naming the table's rows `alias`);
    rows without event dates (persons) place nothing in a period."""
    if event_dates(table):
        touch(con, f"select {alias}.reporting_country, {earliest_date(table, alias)} from {rows}", params)


def touch_replaced_rows(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """The stored versions of the rows a delivery replaces (temp table incoming_<table>), before
    they go; for persons, those whose attributes change."""
    name, id_col = table.name, table.id_column
    touch_rows(con, table, f"landing.{name} l join incoming_{name} n using (reporting_country, {id_col})", "l")
    if name == "persons":
        changed = " or ".join(f"l.{a} is distinct from c.{a}" for a in PERSON_ATTRIBUTES)
        con.execute(f"""insert into changed_persons select l.reporting_country, l.person_key
            from landing.persons l join incoming_persons n using (reporting_country, person_id)
            join checked_persons c on c.reporting_country = l.reporting_country and c.pseudonym = l.person_id
            where {changed}""")


# Touched from the beginning: every period of the country is rebuilt.
ALL_PERIODS = "0001-01-01"


def touch_coverage(con: duckdb.DuckDBPyConnection) -> None:
    """Coverage rows declared now, and the stored ones of each (country, table) they replace.
    A country's first collected = Y row changes its calendar from its events' span to the
    declared quarters (models/intermediate/calendar): quarters before the declared ones leave
    the calendar, so all its periods are rebuilt (called before the stored rows are replaced)."""
    touch(con, f"select reporting_country, {quarter_start_sql('period_from')} from delivered_coverage")
    touch(con, f"""select c.reporting_country, {quarter_start_sql('c.period_from')}
                   from landing.coverage c join delivered_coverage d using (reporting_country, table_name)""")
    touch(con, f"""select distinct reporting_country, date '{ALL_PERIODS}' from delivered_coverage
                   where collected = 'Y' and reporting_country not in
                       (select reporting_country from landing.coverage where collected = 'Y')""")


def touch_events_of_changed_persons(con: duckdb.DuckDBPyConnection) -> None:
    """Every stored event of a person whose attributes changed: the person's counts by
    citizenship, sex and age move in each period they are counted in."""
    if not con.execute("select count(*) from changed_persons").fetchone()[0]:
        return
    for table in TABLES.values():
        if table.has_person_ref:
            touch_rows(con, table,
                       f"landing.{table.name} e join changed_persons p using (reporting_country, person_key)",
                       "e")


def record_touched(con: duckdb.DuckDBPyConnection, delivery_id: int) -> None:
    con.execute(TOUCHED_DDL)
    con.execute("""insert into audit.delivery_touched
        select ?, reporting_country, min(touched_from) from touched group by all""", [delivery_id])
