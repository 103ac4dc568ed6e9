"""Reading one extract folder into DuckDB temporary tables, all columns as text.

Structural problems (the whole delivery is refused, exit 2) are raised as
`StructuralError`; malformed CSV records are kept as rejects so they can be
quarantined with their line number. Nothing here writes to the warehouse.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingest.contract import TABLES, Table

CHUNK = 1 << 20
MAX_LINE_BYTES = 64 << 20  # a record longer than this is rejected, not fatal


class StructuralError(Exception):
    """A problem that makes the whole delivery unreadable; one line, names file and column."""


@dataclass
class ExtractFile:
    table: Table
    path: Path
    fmt: str  # "csv" | "parquet"
    sha256: str = ""
    header: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class RawTable:
    """A table read into the temp table `raw_<name>`: `_line` plus every contract column as text."""

    file: ExtractFile
    rows_read: int
    relation: str
    rejects: str | None  # temp table of malformed records (line, column_name, value, reason)


def discover(folder: Path) -> tuple[list[ExtractFile], list[str]]:
    """The table files of an extract folder, in load order, and the names of ignored files."""
    if not folder.is_dir():
        raise StructuralError(f"{folder}: not a folder")
    found: dict[str, ExtractFile] = {}
    ignored = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        stem, suffix = path.stem, path.suffix.lower()
        if suffix not in (".csv", ".parquet"):
            ignored.append(path.name)
            continue
        if stem not in TABLES:
            known = ", ".join(TABLES)
            raise StructuralError(f"{path.name}: unknown table file (the contract's tables are: {known})")
        if stem in found:
            raise StructuralError(f"{path.name}: table '{stem}' is delivered twice ({found[stem].path.name})")
        found[stem] = ExtractFile(TABLES[stem], path, suffix[1:])
    ordered = [found[name] for name in TABLES if name in found]
    return ordered, ignored


def file_sha256_checked(f: ExtractFile) -> str:
    """SHA-256 of the file; for CSV also proves it is UTF-8, in the same streaming pass."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with f.path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            if f.fmt == "csv":
                if offset == 0 and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    raise StructuralError(f"{f.path.name}: file is UTF-16; the contract requires UTF-8")
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as err:
                    raise StructuralError(
                        f"{f.path.name}: not valid UTF-8 at byte {offset + err.start} "
                        "(re-export the file as UTF-8)"
                    ) from None
            offset += len(chunk)
    if f.fmt == "csv":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise StructuralError(f"{f.path.name}: not valid UTF-8 (truncated character at end of file)") from None
    return digest.hexdigest()


def csv_header(f: ExtractFile) -> list[str]:
    with f.path.open("r", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline(MAX_LINE_BYTES)
    if not first.strip():
        raise StructuralError(f"{f.path.name}: empty header (the first line must name the columns)")
    return next(csv.reader(io.StringIO(first)))


def parquet_header(con: duckdb.DuckDBPyConnection, f: ExtractFile) -> list[str]:
    try:
        rows = con.execute("select name from parquet_schema(?) where num_children is null", [str(f.path)]).fetchall()
    except duckdb.Error as err:
        raise StructuralError(f"{f.path.name}: not a readable Parquet file ({str(err).splitlines()[0]})") from None
    return [r[0] for r in rows]


def check_header(f: ExtractFile, header: list[str]) -> None:
    """Required columns present, no duplicates; unknown extra columns are ignored (and reported)."""
    if not header or all(not h.strip() for h in header):
        raise StructuralError(f"{f.path.name}: empty header (the first line must name the columns)")
    seen = set()
    for name in header:
        if name in seen:
            raise StructuralError(f"{f.path.name}: column '{name}' appears twice in the header")
        seen.add(name)
    for column in f.table.columns:
        if column.required and column.name not in seen:
            hint = ""
            if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
                hint = " (the header is one column: is the file comma-separated?)"
            elif column.name in {h.lower().strip() for h in header}:
                hint = " (column names are exact and lower case)"
            raise StructuralError(f"{f.path.name}: missing required column '{column.name}'{hint}")
    f.header = header
    f.ignored_columns = [h for h in header if h not in f.table.column_names]


def _select_contract_columns(f: ExtractFile, source: str, line_expr: str) -> str:
    """Every contract column as VARCHAR; an absent optional column is NULL."""
    cols = [
        f'cast("{c.name}" as varchar) as "{c.name}"' if c.name in f.header else f'cast(null as varchar) as "{c.name}"'
        for c in f.table.columns
    ]
    return f"select {line_expr} as _line, {', '.join(cols)} from {source}"


def read_csv_table(con: duckdb.DuckDBPyConnection, f: ExtractFile) -> RawTable:
    name = f.table.name
    columns = "{" + ", ".join(f"'{_sql_text(h)}': 'VARCHAR'" for h in f.header) + "}"
    scan = (
        f"read_csv('{_sql_path(f.path)}', header=true, auto_detect=false, delim=',', quote='\"', escape='\"', "
        f"columns={columns}, store_rejects=true, rejects_table='rej_{name}', rejects_scan='rejscan_{name}', "
        f"null_padding=false, max_line_size={MAX_LINE_BYTES}, parallel=false)"
    )
    try:
        con.execute(f"create or replace temp table parsed_{name} as select * from {scan}")
    except duckdb.Error as err:
        raise StructuralError(f"{f.path.name}: cannot be read as CSV ({str(err).splitlines()[0]})") from None
    # Record numbers (header = line 1) of good rows: the numbers not taken by rejected records,
    # in order. Rows keep file order in a DuckDB table, so rowid is the good-row index.
    con.execute(
        f"""create or replace temp table rejects_{name} as
        select line, any_value(column_name) as column_name, any_value(csv_line) as value,
               'malformed CSV record: ' || string_agg(distinct error_message, '; ') as reason
        from rej_{name} group by line"""
    )
    con.execute(
        f"""create or replace temp table linemap_{name} as
        select row_number() over (order by n) - 1 as idx, n as line
        from range(2, (select count(*) from parsed_{name}) + (select count(*) from rejects_{name}) + 2) t(n)
        where n not in (select line from rejects_{name})"""
    )
    con.execute(
        f"create or replace temp table raw_{name} as "
        + _select_contract_columns(f, f"parsed_{name} p join linemap_{name} m on m.idx = p.rowid", "m.line")
    )
    con.execute(f"drop table parsed_{name}; drop table linemap_{name}")
    n_good = con.execute(f"select count(*) from raw_{name}").fetchone()[0]
    n_bad = con.execute(f"select count(*) from rejects_{name}").fetchone()[0]
    return RawTable(f, n_good + n_bad, f"raw_{name}", f"rejects_{name}")


def read_parquet_table(con: duckdb.DuckDBPyConnection, f: ExtractFile) -> RawTable:
    name = f.table.name
    scan = f"read_parquet('{_sql_path(f.path)}', file_row_number=true)"
    try:
        con.execute(f"create or replace temp table raw_{name} as " + _select_contract_columns(f, scan, "file_row_number + 1"))
    except duckdb.Error as err:
        raise StructuralError(f"{f.path.name}: cannot be read as Parquet ({str(err).splitlines()[0]})") from None
    n = con.execute(f"select count(*) from raw_{name}").fetchone()[0]
    return RawTable(f, n, f"raw_{name}", None)


def read_table(con: duckdb.DuckDBPyConnection, f: ExtractFile) -> RawTable:
    """Read a file whose structure `check_header` has already accepted."""
    return read_csv_table(con, f) if f.fmt == "csv" else read_parquet_table(con, f)


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def _sql_path(path: Path) -> str:
    return _sql_text(str(path.resolve()))
