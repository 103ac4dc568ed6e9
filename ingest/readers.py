"""Reading one extract folder into DuckDB temporary tables, all columns as text.

Structural problems (the whole delivery is refused, exit 2) are raised as
`StructuralError`; malformed CSV records are kept as rejects so they can be
quarantined with their line number. Nothing here writes to the warehouse.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import stat
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

from returnstats.ingest.contract import COVERAGE_FILE, DECLARATION_FILE, TABLES, Table
from returnstats.sql import string_literal

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
    csv_records: int | None = None  # data records counted independently of the CSV parser
    mixed_line_endings: bool = False
    header: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class RawTable:
    """A table read into the temp table `raw_<name>`: `_line` plus every contract column as text."""

    file: ExtractFile
    rows_read: int
    relation: str
    rejects: str | None  # temp table of malformed records (line, column_name, value, reason)


@dataclass
class Discovered:
    files: list[ExtractFile]  # the table files, in load order
    coverage: Path | None  # coverage.csv (contract v2), when delivered
    declaration: Path | None = None  # delivery.json, when delivered


def expected_names() -> list[str]:
    return [f"{t}{ext}" for t in TABLES for ext in (".csv", ".parquet")] + [COVERAGE_FILE, DECLARATION_FILE]


def _near_miss(name: str) -> str:
    """A hint naming the expected file a wrong name resembles (trailing space, .gz, case, typo)."""
    cleaned = name.strip().lower()
    for suffix in (".gz", ".zip", ".bz2", ".xz", ".tmp", ".bak"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
    match = difflib.get_close_matches(cleaned, expected_names(), n=1, cutoff=0.75)
    if not match:
        return (f"the extract folder holds only the table files (<table>.csv or <table>.parquet), {COVERAGE_FILE} "
                f"and {DECLARATION_FILE}")
    extra = " (compressed files are not accepted: decompress it)" if cleaned != name.strip().lower() else ""
    return f"did you mean {match[0]}?{extra}"


def _checked_file(folder: Path, path: Path) -> None:
    """A delivered file must be a regular file, or a symlink to one inside the folder."""
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            raise StructuralError(f"{path.name}: a symbolic link to nothing")
        if not target.is_relative_to(folder.resolve()):
            raise StructuralError(f"{path.name}: a symbolic link to a file outside the extract folder")
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe" if stat.S_ISFIFO(mode) else "not a regular file"
        raise StructuralError(f"{path.name}: {kind}, not a table file")


def discover(folder: Path) -> Discovered:
    """The table files of an extract folder, in load order, and coverage.csv. Anything else in
    the folder refuses the delivery, named (a near-miss name says which file it resembles)."""
    if not folder.is_dir():
        raise StructuralError(f"{folder}: not a folder")
    found: dict[str, ExtractFile] = {}
    extra: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        stem, suffix = path.stem, path.suffix.lower()
        special = path.name in (COVERAGE_FILE, DECLARATION_FILE)
        if not special and (suffix not in (".csv", ".parquet") or stem not in TABLES):
            raise StructuralError(f"{path.name!r}: not a file of the case extract — {_near_miss(path.name)}")
        _checked_file(folder, path)
        if special:
            extra[path.name] = path
            continue
        if stem in found:
            raise StructuralError(f"{path.name}: table '{stem}' is delivered twice ({found[stem].path.name})")
        found[stem] = ExtractFile(TABLES[stem], path, suffix[1:])
    ordered = [found[name] for name in TABLES if name in found]
    return Discovered(ordered, extra.get(COVERAGE_FILE), extra.get(DECLARATION_FILE))


class RecordCounter:
    """Counts RFC 4180 records of a CSV file chunk by chunk, with numpy (no Python loop per byte).

    A line feed ends a record when an even number of quote characters precede it (so it is
    not inside a quoted field; an escaped quote "" counts twice). Empty lines are not records.
    The count is independent of the CSV parser, so a record the parser drops unreported
    (DuckDB does so for an unterminated quote in the last record) is still accounted for.
    """

    def __init__(self) -> None:
        self.quotes = 0  # quote characters so far
        self.records = 0
        self.last_end = -1  # offset of the last record separator
        self.last_byte = b""  # the byte before the current chunk
        self.offset = 0
        self.line_feeds = 0
        self.crlf = 0

    def feed(self, chunk: bytes) -> None:
        data = np.frombuffer(chunk, dtype=np.uint8)
        feeds = np.flatnonzero(data == 0x0A)
        is_quote = data == 0x22
        quotes = int(np.count_nonzero(is_quote))
        if quotes == 0:
            # Fast path (most extracts quote nothing): the parity is the same all through the chunk.
            ends = feeds if self.quotes % 2 == 0 else feeds[:0]
        else:
            parity = (np.cumsum(is_quote, dtype=np.int64)[feeds] + self.quotes) % 2
            ends = feeds[parity == 0]
        previous_byte = ord(self.last_byte or b"\0")
        if ends.size:
            previous = np.concatenate(([self.last_end - self.offset], ends[:-1]))
            before = np.where(ends > 0, data[np.maximum(ends - 1, 0)], previous_byte)
            length = ends - previous - 1 - (before == 0x0D)
            self.records += int(np.count_nonzero(length > 0))
            self.last_end = self.offset + int(ends[-1])
        self.quotes += quotes
        self.line_feeds += feeds.size
        if feeds.size:
            before_feed = np.where(feeds > 0, data[np.maximum(feeds - 1, 0)], previous_byte)
            self.crlf += int(np.count_nonzero(before_feed == 0x0D))
        self.offset += len(chunk)
        self.last_byte = chunk[-1:]

    @property
    def mixed_line_endings(self) -> bool:
        return 0 < self.crlf < self.line_feeds

    def data_records(self) -> int:
        """Records after the header, the last one counted even without a final line feed."""
        trailing = self.offset - self.last_end - 1 - (self.last_byte == b"\r")
        total = self.records + (1 if trailing > 0 else 0)
        return max(total - 1, 0)


def file_sha256_checked(f: ExtractFile) -> str:
    """SHA-256 of the file; for CSV also proves it is UTF-8 and counts its records, in the same pass."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    counter = RecordCounter()
    offset = 0
    with f.path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            if f.fmt == "csv":
                counter.feed(chunk)
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
        f.csv_records = counter.data_records()
        f.mixed_line_endings = counter.mixed_line_endings
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
        if "\x00" in name:  # not a column name anybody wrote; DuckDB could not even name it
            raise StructuralError(f"{f.path.name}: the header holds a NUL character (is the file binary or "
                                  "UTF-16?)")
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
    columns = "{" + ", ".join(f"{string_literal(h)}: 'VARCHAR'" for h in f.header) + "}"
    scan = (
        f"read_csv({string_literal(f.path.resolve())}, header=true, auto_detect=false, delim=',', "
        "quote='\"', escape='\"', "
        f"columns={columns}, store_rejects=true, rejects_table='rej_{name}', rejects_scan='rejscan_{name}', "
        f"null_padding=false, max_line_size={MAX_LINE_BYTES}, parallel=false)"
    )
    try:
        con.execute(f"create or replace temp table parsed_{name} as select * from {scan}")
    except duckdb.Error as err:
        hint = "the file mixes CRLF and LF line endings; " if f.mixed_line_endings else ""
        raise StructuralError(f"{f.path.name}: cannot be read as CSV ({hint}{str(err).splitlines()[0]})") from None
    con.execute(
        f"""create or replace temp table rejects_{name} as
        select line, any_value(column_name) as column_name, any_value(csv_line) as value,
               'malformed CSV record: ' || string_agg(distinct error_message, '; ') as reason
        from rej_{name} group by line"""
    )
    if con.execute(f"select count(*) from rejects_{name}").fetchone()[0] == 0:
        # The usual case: every record parsed, in file order (parallel=false), so the record
        # number is rowid + 2 (header = line 1) and no copy of the table is needed.
        con.execute(f"create or replace temp view raw_{name} as "
                    + _select_contract_columns(f, f"parsed_{name}", "rowid + 2"))
    else:
        # Record numbers of good rows: the numbers not taken by rejected records, in order.
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
    n_bad += _account_for_dropped_records(con, f, n_good + n_bad)
    return RawTable(f, n_good + n_bad, f"raw_{name}", f"rejects_{name}")


def _account_for_dropped_records(con: duckdb.DuckDBPyConnection, f: ExtractFile, parsed: int) -> int:
    """Records the parser dropped without a reject (only ever at the end of the file: an
    unterminated quote swallows the rest) are quarantined with that reason."""
    missing = (f.csv_records or 0) - parsed
    if missing <= 0:
        return 0
    con.execute(
        f"""insert into rejects_{f.table.name}
        select n, null, null, 'malformed CSV record: a quoted field is never closed (unbalanced quotes), '
                              || 'so the record runs to the end of the file'
        from range(?, ?) t(n)""", [parsed + 2, parsed + 2 + missing])
    return missing


def read_parquet_table(con: duckdb.DuckDBPyConnection, f: ExtractFile) -> RawTable:
    name = f.table.name
    scan = f"read_parquet({string_literal(f.path.resolve())}, file_row_number=true)"
    try:
        con.execute(f"create or replace temp table raw_{name} as "
                    + _select_contract_columns(f, scan, "file_row_number + 1"))
    except duckdb.Error as err:
        raise StructuralError(f"{f.path.name}: cannot be read as Parquet ({str(err).splitlines()[0]})") from None
    n = con.execute(f"select count(*) from raw_{name}").fetchone()[0]
    return RawTable(f, n, f"raw_{name}", None)


def read_table(con: duckdb.DuckDBPyConnection, f: ExtractFile) -> RawTable:
    """Read a file whose structure `check_header` has already accepted."""
    return read_csv_table(con, f) if f.fmt == "csv" else read_parquet_table(con, f)
