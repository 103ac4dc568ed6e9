"""What the last successful build of a warehouse covered, so the next one rebuilds only what
changed (issue 18; the model side is macros/incremental.sql).

The build database (the scratch file beside the warehouse) keeps the person-level models
between builds, with `main.build_state`: a fingerprint of everything the figures depend on
besides the data (software version, settings, the dbt project's files), the last delivery it
covered, and a digest of the deliveries up to it. A build is incremental only when all three
still hold; it writes `main.build_scope` (per reporting country, the earliest date changed by
the deliveries since) and removes the state until it succeeds, so a failed build is followed by
a full one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from returnstats import __version__, clock
from returnstats.ingest.touched import ALL_PERIODS
from returnstats.resources import PROJECT_DIR

STATE_DDL = """create table if not exists main.build_state (
    fingerprint varchar, last_delivery_id bigint, deliveries_digest varchar, built_at timestamptz)"""
SCOPE_DDL = "create or replace table main.build_scope (reporting_country varchar, dirty_from date)"
PROJECT_PARTS = ("dbt_project.yml", "models", "macros", "seeds")


@dataclass(frozen=True)
class BuildPlan:
    full: bool
    reason: str  # why full, or what the incremental build covers (for the user)
    last_delivery_id: int
    deliveries_digest: str
    scope: tuple[tuple[str, object], ...] = ()  # (reporting_country, dirty_from date)


def project_fingerprint(settings: dict) -> str:
    """Digest of what besides the data decides the figures: version, settings, dbt project files."""
    digest = hashlib.sha256(f"{__version__}\n{json.dumps(settings, sort_keys=True)}\n".encode())
    for part in PROJECT_PARTS:
        root = PROJECT_DIR / part
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if path.is_file():
                digest.update(str(path.relative_to(PROJECT_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _deliveries(warehouse: Path) -> tuple[int, bool, dict[int, str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        audit = {t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'audit'").fetchall()}
        rows = (con.execute("select delivery_id, content_sha256 from audit.deliveries order by 1").fetchall()
                if "deliveries" in audit else [])
        touched = "delivery_touched" in audit
    finally:
        con.close()
    return (rows[-1][0] if rows else 0), touched, dict(rows)


def _digest(deliveries: dict[int, str], up_to: int) -> str:
    text = "\n".join(f"{i}:{h}" for i, h in sorted(deliveries.items()) if i <= up_to)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_build(warehouse: Path, scratch: Path, fingerprint: str, full_refresh: bool) -> BuildPlan:
    last, has_touched, deliveries = _deliveries(warehouse)

    def full(reason: str) -> BuildPlan:
        return BuildPlan(True, reason, last, _digest(deliveries, last))

    if full_refresh:
        return full("--full-refresh")
    if not scratch.exists():
        return full("no earlier build")
    try:
        con = duckdb.connect(str(scratch), read_only=True)
        try:
            state = con.execute("select fingerprint, last_delivery_id, deliveries_digest from main.build_state"
                                ).fetchone()
        finally:
            con.close()
    except duckdb.Error:
        state = None
    if state is None:
        return full("no completed earlier build")
    if state[0] != fingerprint:
        return full("the settings or the software changed since the last build")
    if state[1] > last or _digest(deliveries, state[1]) != state[2] or not has_touched:
        return full("the warehouse is not the one the last build read")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        scope = tuple(con.execute(
            """select reporting_country, min(touched_from) from audit.delivery_touched
            where delivery_id > ? group by all order by 1""", [state[1]]).fetchall())
    finally:
        con.close()
    covered = ", ".join(f"{country} {_from(start)}" for country, start in scope) or "nothing changed"
    return BuildPlan(False, f"incremental: {covered}", last, _digest(deliveries, last), scope)


def discard(scratch: Path) -> None:
    """Remove a build database (and its write-ahead log): the next build starts from nothing."""
    for stale in (scratch, scratch.with_name(scratch.name + ".wal")):
        stale.unlink(missing_ok=True)


def _from(start) -> str:
    return "all periods" if str(start) == ALL_PERIODS else f"from {start}"


def begin(scratch: Path, plan: BuildPlan) -> None:
    """Before dbt: a full build starts from an empty build database; an incremental one gets its
    scope. Either way the state goes until the build succeeds."""
    if plan.full:
        discard(scratch)
    con = duckdb.connect(str(scratch))
    try:
        con.execute(STATE_DDL)
        con.execute("delete from main.build_state")
        con.execute(SCOPE_DDL)
        if plan.scope:
            con.executemany("insert into main.build_scope values (?, ?)", list(plan.scope))
    finally:
        con.close()


def complete(scratch: Path, plan: BuildPlan, fingerprint: str) -> None:
    con = duckdb.connect(str(scratch))
    try:
        con.execute(STATE_DDL)
        con.execute("delete from main.build_state")
        con.execute("insert into main.build_state values (?, ?, ?, ?)",
                    [fingerprint, plan.last_delivery_id, plan.deliveries_digest, clock.stored_now()])
    finally:
        con.close()
