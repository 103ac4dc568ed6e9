"""coverage.csv (contract v2): what a case system records, and for which quarters.

A declaration, not data: every row must be valid, or the whole delivery is refused
(exit 2) with the line and the reason. Partly accepting a declaration would silently
change which rows are quarantined and which cells read "not collected", so there is no
quarantine for coverage rows. Two rows of one delivery for the same (reporting_country,
table) whose periods overlap also refuse the delivery.

The rows are read and checked in DuckDB; the few valid rows come back as tuples that the
load writes to `landing.coverage` in its transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from returnstats.ingest.contract import CODE_ALIASES, REPORTING_COUNTRIES, TABLES
from returnstats.ingest.readers import StructuralError
from returnstats.sql import string_list

COLUMNS = ("reporting_country", "table", "collected", "period_from", "period_to")
REQUIRED = ("reporting_country", "table", "collected", "period_from")
QUARTER_PATTERN = r"^\d{4}-Q[1-4]$"


@dataclass
class CoverageRow:
    reporting_country: str
    table_name: str
    collected: str  # Y | N
    period_from: str  # YYYY-Qn
    period_to: str | None  # YYYY-Qn, None = open-ended
    line: int


@dataclass
class Coverage:
    path: Path
    sha256: str
    rows: list[CoverageRow] = field(default_factory=list)

    @property
    def declared(self) -> set[tuple[str, str]]:
        """The (reporting_country, table) pairs whose earlier coverage this delivery replaces."""
        return {(r.reporting_country, r.table_name) for r in self.rows}


def quarter_start_sql(text: str) -> str:
    return f"make_date(cast(left({text}, 4) as int), 3 * cast(right({text}, 1) as int) - 2, 1)"


def read_coverage(con: duckdb.DuckDBPyConnection, path: Path) -> Coverage:
    """Read and check coverage.csv; raise StructuralError naming the first problems."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        header = con.execute(
            "select column_name from (describe select * from read_csv(?, header=true, all_varchar=true, "
            "delim=',', quote='\"', escape='\"', auto_detect=true))", [str(path)]).fetchall()
    except duckdb.Error as err:
        raise StructuralError(f"{path.name}: cannot be read as CSV ({str(err).splitlines()[0]})") from None
    names = [h[0] for h in header]
    for column in REQUIRED:
        if column not in names:
            raise StructuralError(f"{path.name}: missing required column '{column}' "
                                  f"(the columns are: {', '.join(COLUMNS)})")
    period_to = "period_to" if "period_to" in names else "cast(null as varchar)"
    con.execute(
        f"""create or replace temp table coverage_raw as
        select row_number() over () + 1 as line,
               upper(trim(reporting_country)) as geo_raw, trim("table") as table_name,
               upper(trim(collected)) as collected, upper(trim(period_from)) as period_from,
               nullif(upper(trim({period_to})), '') as period_to
        from read_csv(?, header=true, all_varchar=true, delim=',', quote='\"', escape='\"', auto_detect=true)""",
        [str(path)])
    aliases = " ".join(f"when '{a}' then '{c}'" for a, c in CODE_ALIASES.items())
    con.execute(f"""create or replace temp table coverage_checked as
        select *, case geo_raw {aliases} else geo_raw end as reporting_country,
            concat_ws('; ',
                case when not list_contains({string_list(REPORTING_COUNTRIES)}, case geo_raw {aliases} else geo_raw end)
                     then 'reporting_country ''' || coalesce(geo_raw, '') || ''' is not a reporting country code' end,
                case when not list_contains({string_list(TABLES)}, coalesce(table_name, ''))
                     then 'table ''' || coalesce(table_name, '') || ''' is not one of the nine table names' end,
                case when collected is null or collected not in ('Y', 'N') then 'collected must be Y or N' end,
                case when not regexp_matches(coalesce(period_from, ''), '{QUARTER_PATTERN}')
                     then 'period_from must be a quarter YYYY-Qn' end,
                case when period_to is not null and not regexp_matches(period_to, '{QUARTER_PATTERN}')
                     then 'period_to must be empty or a quarter YYYY-Qn' end,
                case when regexp_matches(coalesce(period_from, ''), '{QUARTER_PATTERN}')
                      and regexp_matches(coalesce(period_to, ''), '{QUARTER_PATTERN}') and period_to < period_from
                     then 'period_to is before period_from' end
            ) as problem
        from coverage_raw""")
    _refuse(path, con.execute(
        "select line, problem from coverage_checked where problem != '' order by line limit 5").fetchall())
    _refuse(path, con.execute(f"""
        select a.line, 'overlaps line ' || b.line || ' (' || a.reporting_country || ', ' || a.table_name || ')'
        from coverage_checked a join coverage_checked b
          on a.reporting_country = b.reporting_country and a.table_name = b.table_name and a.line < b.line
         and {quarter_start_sql('a.period_from')} <= coalesce({quarter_start_sql('b.period_to')}, date '9999-01-01')
         and {quarter_start_sql('b.period_from')} <= coalesce({quarter_start_sql('a.period_to')}, date '9999-01-01')
        order by 1 limit 5""").fetchall())
    rows = con.execute("""select reporting_country, table_name, collected, period_from, period_to, line
                          from coverage_checked order by line""").fetchall()
    return Coverage(path, digest, [CoverageRow(*r) for r in rows])


def _refuse(path: Path, problems: list[tuple[int, str]]) -> None:
    if problems:
        listed = "; ".join(f"line {line}: {problem}" for line, problem in problems)
        raise StructuralError(f"{path.name}: {listed}")


# --- in the warehouse ---------------------------------------------------------------

COVERAGE_DDL = """create table if not exists landing.coverage (
    reporting_country varchar, table_name varchar, collected varchar, period_from varchar, period_to varchar,
    delivery_id bigint, source_line bigint)"""


def build_coverage_in_force(con: duckdb.DuckDBPyConnection, coverage: Coverage | None) -> None:
    """temp table coverage_in_force: this delivery's rows, and the warehouse's rows of every
    (reporting_country, table) the delivery does not declare; with each period as dates
    (quarter_start of period_from, quarter end of period_to, NULL = open-ended)."""
    con.execute("""create or replace temp table delivered_coverage (
        reporting_country varchar, table_name varchar, collected varchar, period_from varchar, period_to varchar,
        source_line bigint)""")
    if coverage and coverage.rows:
        con.executemany("insert into delivered_coverage values (?, ?, ?, ?, ?, ?)",
                        [(r.reporting_country, r.table_name, r.collected, r.period_from, r.period_to, r.line)
                         for r in coverage.rows])
    con.execute(f"""create or replace temp table coverage_in_force as
        with rows as (
            select reporting_country, table_name, collected, period_from, period_to from delivered_coverage
            union all
            select reporting_country, table_name, collected, period_from, period_to from landing.coverage c
            where not exists (select 1 from delivered_coverage d
                              where d.reporting_country = c.reporting_country and d.table_name = c.table_name)
        )
        select *, {quarter_start_sql('period_from')} as start_date,
               cast({quarter_start_sql('period_to')} + interval 3 month - interval 1 day as date) as end_date
        from rows""")


def replace_coverage(con: duckdb.DuckDBPyConnection, delivery_id: int) -> int:
    """Write the delivered coverage rows, replacing the earlier rows of each declared
    (reporting_country, table); returns the number of earlier rows replaced."""
    replaced = con.execute("""delete from landing.coverage c using delivered_coverage d
        where c.reporting_country = d.reporting_country and c.table_name = d.table_name""").fetchone()[0]
    con.execute("""insert into landing.coverage
        select reporting_country, table_name, collected, period_from, period_to, ?, source_line
        from delivered_coverage""", [delivery_id])
    return replaced
