"""Cut a generated extract into an earlier and a later delivery at a date, as a Member State's
quarterly extracts arrive (the incremental-build tests and `make bench`): every row goes to the
delivery of its event date; coverage.csv goes with the earlier one; persons go to each delivery
whose rows refer to them, as a case system's extract of a period carries the persons of its
cases (a person in both arrives twice, unchanged).

Done in DuckDB, out of core: the benchmark's 40 quarters at scale 10 (7 GB of CSV) do not fit
in memory as data frames."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import duckdb

from returnstats.ingest.contract import EVENT_DATE_COLUMN, TABLES
from returnstats.sql import memory_limit, string_literal


def _scan(path: Path) -> str:
    return f"read_csv({string_literal(path)}, header=true, all_varchar=true, delim=',', quote='\"')"


def _copy(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    con.execute(f"copy ({query}) to {string_literal(target)} (header, delimiter ',')")


def split_extract(source: Path, cut: date, earlier: Path, later: Path) -> tuple[Path, Path]:
    for folder in (earlier, later):
        folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=earlier.parent) as spill:
        con = duckdb.connect(config={"temp_directory": spill, "memory_limit": memory_limit()})
        try:
            _split(con, source, cut, earlier, later)
        finally:
            con.close()
    return earlier, later


def _split(con: duckdb.DuckDBPyConnection, source: Path, cut: date, earlier: Path, later: Path) -> None:
    sides = {earlier: "<", later: ">="}
    referred = {earlier: "referred_earlier", later: "referred_later"}  # (country, person_id) each side needs
    for name in referred.values():
        con.execute(f"create table {name} (reporting_country varchar, person_id varchar)")
    for path in sorted(source.glob("*.csv")):
        table = path.stem
        if table not in EVENT_DATE_COLUMN:  # persons (below), coverage
            if table != "persons":
                shutil.copy(path, earlier / path.name)
            continue
        when = f"try_cast({EVENT_DATE_COLUMN[table]} as date)"
        for folder, comparison in sides.items():
            rows = f"select * from {_scan(path)} where {when} {comparison} date '{cut.isoformat()}'"
            _copy(con, rows, folder / path.name)
            if TABLES[table].has_person_ref:
                con.execute(f"insert into {referred[folder]} select distinct reporting_country, person_id "
                            f"from ({rows}) where person_id is not null")
    persons = f"select *, row_number() over () as line from {_scan(source / 'persons.csv')}"
    for folder, needed in referred.items():
        _copy(con, f"""select * exclude (line) from ({persons}) as p
                       where exists (select 1 from {needed} as r
                                     where r.reporting_country = p.reporting_country and r.person_id = p.person_id)
                       order by line""", folder / "persons.csv")

