"""Opening the warehouse: paths, and a writer lock that waits instead of failing at once."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from returnstats import environment

DEFAULT_DB = Path(environment.DB.default)
DEFAULT_HUB_DB = Path(environment.HUB_DB.default)  # the Commission hub (hub-v1)


class WarehouseBusy(Exception):
    """Another process holds the warehouse file."""


class WarehouseUnusable(Exception):
    """The warehouse file cannot be opened: corrupt, not a DuckDB file, unreadable."""


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def default_db() -> Path:
    return Path(environment.DB.value())


@dataclass(frozen=True)
class WarehousePaths:
    """Every file and folder kept beside a warehouse file (a national one or the hub's), named
    here and nowhere else: `warehouse/returnstats.duckdb` has `returnstats.serving.duckdb`, …"""

    db: Path

    def _sibling(self, suffix: str) -> Path:
        return self.db.with_name(f"{self.db.stem}.{suffix}")

    @property
    def serving(self) -> Path:
        """The published, read-only copy of the marts that the dashboard and exports read."""
        return self._sibling("serving.duckdb")

    @property
    def build_scratch(self) -> Path:
        """Where dbt builds before the marts are published."""
        return self._sibling("build.duckdb")

    @property
    def build_lock(self) -> Path:
        return self._sibling("build.lock")

    @property
    def export_lock(self) -> Path:
        return self._sibling("export.lock")

    @property
    def transmissions(self) -> Path:
        """The record of every export: which cells were sent when (revisions)."""
        return self._sibling("transmissions.duckdb")

    @property
    def qa_reports(self) -> Path:
        return self.db.parent / "qa"

    @property
    def quarantine_reports(self) -> Path:
        return self.db.parent / "reports"

    @property
    def spill(self) -> Path:
        """Where DuckDB spills a large delivery to disk (raw rows: removed when an ingest ends)."""
        return self.db.parent / ".duckdb_tmp"


def serving_path(db: Path) -> Path:
    return WarehousePaths(db).serving


# The serving files (a warehouse's and the hub's) are opened by analysts' own DuckDB clients
# (the duckdb CLI, DBeaver's driver), which lag behind the library: written in the storage
# format of DuckDB 1.0, every 1.x and 2.x client reads them. The warehouse and build files are
# ours alone and keep the library's newest format.
SERVING_STORAGE_VERSION = "v1.0.0"


def spill_directory(db: Path) -> Path:
    return WarehousePaths(db).spill


def connect_writer(db: Path, timeout_s: float = 60.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing; while another process holds it, retry until timeout.

    DuckDB allows one writing process per file; a second ingest waits here rather than
    failing at once, then stops with a clear message.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            con = duckdb.connect(str(db), config={"threads": os.cpu_count() or 2})
            _probe(con, db)
            return con
        except duckdb.IOException as err:
            if "lock" not in str(err).lower():
                raise WarehouseUnusable(f"{db}: cannot be opened as a warehouse ({_first_line(err)})") from None
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{db}: the warehouse is in use by another process (waited {timeout_s:.0f} s); "
                    "try again when it has finished"
                ) from None
            time.sleep(0.5)


def _probe(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """A damaged file is refused when it is opened, before anything is written to it, not
    half-way through a delivery: every table's metadata must read, and the file must hold all
    the blocks its header counts (a truncated copy does not)."""
    try:
        blocks, block_size = con.execute("select total_blocks, block_size from pragma_database_size()").fetchone()
        if db.exists() and db.stat().st_size < blocks * block_size:
            raise duckdb.IOException(f"the file holds {db.stat().st_size:,} bytes but its header counts "
                                     f"{blocks} blocks of {block_size:,} bytes: it was truncated")
        for schema, table in con.execute(
                "select schema_name, table_name from duckdb_tables() where not temporary").fetchall():
            con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()
    except duckdb.Error as err:
        con.close()
        raise WarehouseUnusable(f"{db}: the warehouse file is damaged ({_first_line(err)}); restore it from a "
                                "backup — nothing was written") from None


def connect_reader(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        raise WarehouseUnusable(f"{path}: cannot be opened read-only ({_first_line(err)})") from None


@contextmanager
def exclusive(lock_file: Path, what: str) -> Iterator[None]:
    """One build, or one export, at a time per warehouse: a second one is refused at once."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WarehouseBusy(f"another {what} is running on this warehouse ({lock_file})") from None
        yield
