"""Loading one delivery: structural checks, row checks, then one atomic transaction.

The order matters for the guarantees:
1. every structural check runs before the warehouse is opened, so a refused delivery
   writes nothing;
2. a delivery whose content hash was already loaded is reported and skipped;
3. all writes (landing upserts, quarantine, audit) happen in one DuckDB transaction: a
   failure, or the process dying, leaves the warehouse exactly as it was.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from returnstats import clock
from returnstats.ingest.contract import (
    EARLIEST_BIRTH_DATE,
    EARLIEST_EVENT_DATE,
    INPUT_CONTRACT_V1,
    INPUT_CONTRACT_V2,
    V2_COLUMNS,
    Table,
)
from returnstats.ingest.coverage import Coverage, build_coverage_in_force, read_coverage, replace_coverage
from returnstats.ingest.declaration import Declaration, read_declaration
from returnstats.ingest.pseudonym import KeyChain, bind_key, check_key, load_key, warehouse_holds_data
from returnstats.ingest.readers import (
    ExtractFile,
    RawTable,
    StructuralError,
    check_header,
    csv_header,
    discover,
    file_sha256_checked,
    parquet_header,
    read_table,
)
from returnstats.ingest.retraction import retract_scope
from returnstats.ingest.schema import ensure_schema, landing_columns
from returnstats.ingest.touched import (
    record_touched,
    start_touched,
    touch_coverage,
    touch_events_of_changed_persons,
    touch_replaced_rows,
    touch_rows,
)
from returnstats.ingest.validate import (
    assign_person_keys,
    build_checked,
    build_date_window,
    build_violations,
    refresh_known_persons,
)
from returnstats.sql import memory_limit, string_literal
from returnstats.warehouse import connect_writer, spill_directory

# progress(message, done, total): work is measured in bytes of input, once per phase
# (read, check, load), so large files move the bar in proportion to their size.
Progress = Callable[[str, int, int], None]
PHASES = ("reading", "checking", "loading")


@dataclass
class FileResult:
    table: str
    file_name: str
    sha256: str
    rows_read: int
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_replaced: int = 0
    top_reasons: list[tuple[str, str, int]] = field(default_factory=list)  # (column, reason, rows)
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class DeliveryResult:
    status: str  # loaded | already_loaded | refused_strict
    delivery_id: int | None
    source_folder: str
    content_sha256: str
    files: list[FileResult] = field(default_factory=list)
    input_contract: str = INPUT_CONTRACT_V1
    coverage_rows: int = 0  # coverage.csv rows loaded
    coverage_replaced: int = 0  # earlier coverage rows they replaced
    rows_retracted: int = 0  # stored rows of the declared scope absent from this delivery

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)


@dataclass(frozen=True)
class DateWindow:
    """Plausible dates: events from `earliest_event`, births from `earliest_birth`, nothing after `latest`."""

    earliest_event: str = EARLIEST_EVENT_DATE
    earliest_birth: str = EARLIEST_BIRTH_DATE
    latest: str | None = None  # the delivery date; None = today

    def resolved(self) -> tuple[str, str, str]:
        for text in (self.earliest_event, self.earliest_birth, self.latest or date.today().isoformat()):
            try:
                date.fromisoformat(text)
            except ValueError:
                raise StructuralError(f"'{text}' is not a date of the form YYYY-MM-DD") from None
        return self.earliest_event, self.earliest_birth, self.latest or date.today().isoformat()


@dataclass
class Preflight:
    files: list[ExtractFile]
    coverage: Coverage | None
    declaration: Declaration
    content_sha256: str

    @property
    def input_contract(self) -> str:
        """v2 when the delivery uses anything version 1 did not have (coverage.csv, a new column)."""
        uses_v2 = self.coverage is not None or self.declaration.extracted_at is not None or any(
            column in f.header for f in self.files for column in V2_COLUMNS.get(f.table.name, ()))
        return INPUT_CONTRACT_V2 if uses_v2 else INPUT_CONTRACT_V1


def preflight(folder: Path) -> Preflight:
    """Every structural check, without opening the warehouse."""
    found = discover(folder)
    declaration = read_declaration(found.declaration)
    if not found.files and found.coverage is None and declaration.replaces != "scope":
        raise StructuralError(f"{folder}: no table files (<table>.csv or <table>.parquet) found")
    probe = duckdb.connect()
    try:
        for f in found.files:
            f.sha256 = file_sha256_checked(f)
            check_header(f, csv_header(f) if f.fmt == "csv" else parquet_header(probe, f))
        coverage = read_coverage(probe, found.coverage) if found.coverage else None
    finally:
        probe.close()
    manifest = "\n".join(f"{f.table.name}:{f.sha256}" for f in found.files)
    if coverage:
        manifest += f"\ncoverage:{coverage.sha256}"
    if found.declaration:
        manifest += f"\ndeclaration:{hashlib.sha256(found.declaration.read_bytes()).hexdigest()}"
    return Preflight(found.files, coverage, declaration, hashlib.sha256(manifest.encode()).hexdigest())


def ingest_delivery(
    folder: Path,
    db: Path,
    strict: bool = False,
    lock_timeout_s: float = 60.0,
    progress: Progress | None = None,
    dates: DateWindow = DateWindow(),
    force_older: bool = False,
) -> DeliveryResult:
    folder = folder.resolve()
    window = dates.resolved()
    checked = preflight(folder)
    files, content_hash = checked.files, checked.content_sha256
    say = _progress_reporter(files, progress)
    result = DeliveryResult("loaded", None, str(folder), content_hash, input_contract=checked.input_contract)
    new_warehouse = not db.exists()
    con = connect_writer(db, lock_timeout_s)
    # Spilled rows of a delivery hold raw national ids: none may outlive an ingest, even a killed one.
    shutil.rmtree(spill_directory(db), ignore_errors=True)
    try:
        # A key is created only for a warehouse without data; a different key is refused.
        key = load_key(create_if_missing=not warehouse_holds_data(con))
        check_key(con, key)
        previous = _already_loaded(con, content_hash)
        if previous is not None:
            result.status, result.delivery_id = "already_loaded", previous
            return result
        _configure(con, db)
        raws = []
        for f in files:
            say("reading", f)
            raws.append(read_table(con, f))
        _load_atomically(con, raws, checked, key, result, strict, say, window, force_older)
        return result
    except BaseException:
        if new_warehouse:  # a delivery that fails writes nothing, not even an empty warehouse
            con.close()
            for leftover in (db, db.with_name(db.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise
    finally:
        con.close()
        shutil.rmtree(spill_directory(db), ignore_errors=True)


def _progress_reporter(files: list[ExtractFile], progress: Progress | None) -> Callable[[str, ExtractFile], None]:
    sizes = {f.path: max(f.path.stat().st_size, 1) for f in files}
    total = sum(sizes.values()) * len(PHASES)
    done = 0

    def say(phase: str, f: ExtractFile) -> None:
        nonlocal done
        if progress:
            progress(f"{phase} {f.path.name}", done, total)
        done += sizes[f.path]

    return say


def _configure(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    spill = spill_directory(db)
    spill.mkdir(parents=True, exist_ok=True)
    # Larger-than-memory deliveries spill to disk instead of failing.
    con.execute(f"set temp_directory = {string_literal(spill)}; set memory_limit = {string_literal(memory_limit())}; "
                "set preserve_insertion_order = true")


def _already_loaded(con: duckdb.DuckDBPyConnection, content_hash: str) -> int | None:
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'audit' and table_name = 'deliveries'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute(
        "select min(delivery_id) from audit.deliveries where content_sha256 = ?", [content_hash]
    ).fetchone()
    return row[0]


def _load_atomically(
    con: duckdb.DuckDBPyConnection,
    raws: list[RawTable],
    checked: Preflight,
    key: KeyChain,
    result: DeliveryResult,
    strict: bool,
    say: Callable[[str, ExtractFile], None],
    window: tuple[str, str, str],
    force_older: bool,
) -> None:
    coverage, declaration = checked.coverage, checked.declaration
    started = clock.stored_now()
    con.execute("begin transaction")
    try:
        ensure_schema(con)
        bind_key(con, key)
        delivery_id = con.execute("select coalesce(max(delivery_id), 0) + 1 from audit.deliveries").fetchone()[0]
        # Rows are checked against the coverage this delivery puts in force.
        build_coverage_in_force(con, coverage)
        build_date_window(con, *window)
        start_touched(con)
        _check_tables(con, raws, key, say)
        countries = _countries_of(con, raws, declaration)
        _check_order(con, declaration, countries, force_older)
        for raw in raws:
            say("loading", raw.file)
            result.files.append(_write_table(con, raw, delivery_id))
        if strict and result.rows_quarantined:
            con.execute("rollback")
            result.status = "refused_strict"
            return
        result.rows_retracted = retract_scope(con, declaration, {r.file.table.name for r in raws}, delivery_id)
        if coverage:
            touch_coverage(con)
            result.coverage_rows = len(coverage.rows)
            result.coverage_replaced = replace_coverage(con, delivery_id)
        touch_events_of_changed_persons(con)
        record_touched(con, delivery_id)
        if countries:
            con.executemany("insert into audit.delivery_countries values (?, ?)",
                            [(delivery_id, c) for c in countries])
        _write_delivery_audit(con, delivery_id, result, started, declaration)
        con.execute("commit")
        result.delivery_id = delivery_id
    except BaseException:
        con.execute("rollback")
        raise


def _check_tables(con: duckdb.DuckDBPyConnection, raws: list[RawTable], key: KeyChain,
                  say: Callable[[str, ExtractFile], None]) -> None:
    """Row checks of every table. The persons a reference may point to are gathered once,
    after persons (first in load order) have been checked."""
    known_persons_ready = False
    for raw in raws:
        say("checking", raw.file)
        if raw.file.table.has_person_ref and not known_persons_ready:
            refresh_known_persons(con)
            known_persons_ready = True
        build_checked(con, raw.file.table, key)
        build_violations(con, raw.file.table, raw.rejects)
        if raw.file.table.name == "persons":  # new persons get their key before anything refers to them
            assign_person_keys(con)


def _countries_of(con: duckdb.DuckDBPyConnection, raws: list[RawTable], declaration: Declaration) -> list[str]:
    """The reporting countries a delivery speaks for: those of its rows and of its scope."""
    found = {e.reporting_country for e in declaration.scope}
    for raw in raws:
        found |= {r[0] for r in con.execute(
            f"select distinct reporting_country from checked_{raw.file.table.name} where reporting_country is not null"
        ).fetchall()}
    return sorted(found)


def _check_order(con: duckdb.DuckDBPyConnection, declaration: Declaration, countries: list[str],
                 force_older: bool) -> None:
    """An extract older than one already loaded for the same reporting country is refused unless forced."""
    if declaration.extracted_at is None or force_older or not countries:
        return
    newer = con.execute(
        """select d.delivery_id, d.extracted_at, c.reporting_country from audit.deliveries d
        join audit.delivery_countries c using (delivery_id)
        where d.extracted_at > ? and list_contains(?, c.reporting_country) order by d.extracted_at desc limit 1""",
        [declaration.extracted_at, countries]).fetchone()
    if newer:
        raise StructuralError(
            f"this extract (extracted {declaration.extracted_at.isoformat()}) is older than delivery {newer[0]} "
            f"(extracted {newer[1].isoformat()}) for {newer[2]}: loading it would overwrite newer rows. "
            "Use --force-older to load it anyway")


def _loaded_columns(table: Table) -> str:
    """The landing columns from checked_<table> (alias c); persons take their key from the dimension."""
    columns = []
    for name, _ in landing_columns(table):
        if name == "person_id":
            columns.append("c.pseudonym as person_id")
        elif name == "person_key" and not table.has_person_ref:
            columns.append("k.person_key")
        else:
            columns.append(f"c.{name}")
    return ", ".join(columns)


def _person_key_join(table: Table) -> str:
    if table.has_person_ref or "person_id" not in table.column_names:
        return ""
    return "join landing.person_keys k on k.reporting_country = c.reporting_country and k.person_id = c.pseudonym"


def _write_table(con: duckdb.DuckDBPyConnection, raw: RawTable, delivery_id: int) -> FileResult:
    """Upsert the delivery's valid rows by (reporting_country, id), straight from checked_<table>
    (no intermediate copy; the valid-row filter only when some row was rejected)."""
    table, name = raw.file.table, raw.file.table.name
    id_col = table.id_column
    rejected = con.execute(f"select count(*) from violations_{name}").fetchone()[0]
    valid = f"where c._line not in (select _line from violations_{name})" if rejected else ""
    replaced = 0
    if con.execute(f"select count(*) from (select 1 from landing.{name} limit 1)").fetchone()[0]:
        stored_id = "c.pseudonym" if id_col == "person_id" else f"c.{id_col}"  # persons: stored by pseudonym
        con.execute(f"""create or replace temp table incoming_{name} as
            select c.reporting_country, {stored_id} as {id_col} from checked_{name} c {valid}""")
        con.execute(
            f"""insert into audit.superseded_rows
            select {delivery_id}, '{name}', l.reporting_country, l.{id_col}, l.delivery_id
            from landing.{name} l join incoming_{name} n using (reporting_country, {id_col})"""
        )
        touch_replaced_rows(con, table)
        replaced = con.execute(
            f"""delete from landing.{name} l using incoming_{name} n
            where l.reporting_country = n.reporting_country and l.{id_col} = n.{id_col}"""
        ).fetchone()[0]
    touch_rows(con, table, f"checked_{name} c {valid}", "c")
    loaded = con.execute(
        f"""insert into landing.{name} by name
        select {_loaded_columns(table)}, {delivery_id} as delivery_id, c._line as source_line
        from checked_{name} c {_person_key_join(table)} {valid}"""
    ).fetchone()[0]
    _write_quarantine(con, raw, delivery_id)
    return _file_result(con, raw, loaded, replaced)


def _write_quarantine(con: duckdb.DuckDBPyConnection, raw: RawTable, delivery_id: int) -> None:
    table, name = raw.file.table, raw.file.table.name
    record_id = "c.pseudonym" if table.id_column == "person_id" else f"c.raw__{table.id_column}"
    con.execute(
        f"""insert into audit.quarantine
        select {delivery_id}, '{name}', ?, v._line, {record_id}, v.column_name, v.value, v.reason
        from violations_{name} v left join checked_{name} c using (_line)
        order by v._line, v.column_name""",
        [raw.file.path.name],
    )


def _file_result(con: duckdb.DuckDBPyConnection, raw: RawTable, loaded: int, replaced: int) -> FileResult:
    name = raw.file.table.name
    quarantined = con.execute(f"select count(distinct _line) from violations_{name}").fetchone()[0]
    if loaded + quarantined != raw.rows_read:  # an invariant, not a data problem
        raise RuntimeError(f"{raw.file.path.name}: {raw.rows_read} rows read but {loaded} + {quarantined} accounted")
    reasons = con.execute(
        f"""select column_name, reason, count(distinct _line) from violations_{name}
        group by all order by 3 desc, 1, 2 limit 3"""
    ).fetchall()
    f = raw.file
    return FileResult(name, f.path.name, f.sha256, raw.rows_read, loaded, quarantined, replaced, reasons,
                      f.ignored_columns)


def _write_delivery_audit(
    con: duckdb.DuckDBPyConnection, delivery_id: int, result: DeliveryResult, started: datetime,
    declaration: Declaration,
) -> None:
    for f in result.files:
        con.execute(
            "insert into audit.delivery_files values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [delivery_id, f.table, f.file_name, f.sha256, f.rows_read, f.rows_loaded, f.rows_quarantined,
             f.rows_replaced, ",".join(f.ignored_columns) or None],
        )
    totals = [sum(getattr(f, a) for f in result.files) for a in ("rows_read", "rows_loaded", "rows_quarantined",
                                                                  "rows_replaced")]
    con.execute(
        "insert into audit.deliveries by name select ? as delivery_id, ? as source_folder, ? as content_sha256, "
        "? as started_at, ? as finished_at, ? as rows_read, ? as rows_loaded, ? as rows_quarantined, "
        "? as rows_replaced, ? as input_contract, ? as extracted_at, ? as replaces, ? as rows_retracted",
        [delivery_id, result.source_folder, result.content_sha256, started, clock.stored_now(), *totals,
         result.input_contract, declaration.extracted_at, declaration.replaces, result.rows_retracted],
    )
