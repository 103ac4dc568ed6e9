"""Everything the dashboard reads: the published serving file (read-only), plus the QA
reports and the transmission store written beside it. Never the build database.

Queries are cached per published version of the serving file: a new build (which
replaces the file) gives new results; until then every page renders from the cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from returnstats import environment
from returnstats.dashboard.look import moment
from returnstats.revisions import store_path
from returnstats.warehouse import WarehousePaths, default_db, serving_path


def warehouse_path() -> Path:
    return default_db()


def serving_file() -> Path:
    return Path(environment.SERVING.value() or serving_path(warehouse_path()))


def version(path: Path) -> tuple:
    """Identifies one published file: a rebuild replaces it with a new inode."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (None,)
    return (stat.st_ino, stat.st_mtime_ns)


@st.cache_data(show_spinner=False, max_entries=512)
def _query(path: str, stamp: tuple, sql: str, params: tuple) -> pd.DataFrame:
    con = duckdb.connect(path, read_only=True)
    try:
        return con.execute(sql, list(params)).df()
    finally:
        con.close()


def query(sql: str, *params) -> pd.DataFrame:
    path = serving_file()
    return _query(str(path), version(path), sql, tuple(params))


def quarters() -> list[str]:
    return query("select distinct time_period from marts.eil_ord_q order by 1").time_period.tolist()


def codes_in(mart: str, column: str) -> list[str]:
    """The codes a mart has for a dimension (what a filter can offer)."""
    return query(f"select distinct {column} from marts.{mart} order by 1")[column].tolist()


def vintage() -> str:
    """Which data the figures are: when published, from which deliveries, with what cut-off."""
    published = query("select published_at, settings_json from publication")
    deliveries = query("select count(*) as n, max(finished_at) as latest, max(extracted_at) as extracted "
                       "from audit.deliveries")
    settings = json.loads(published.settings_json.iloc[0] or "{}")
    cutoff = settings.get("reporting_date") or "none (every event delivered)"
    extracted, count = deliveries.extracted.iloc[0], int(deliveries.n.iloc[0])
    return (f"Figures published {moment(published.published_at.iloc[0])} · "
            f"{count} {'delivery' if count == 1 else 'deliveries'} loaded, "
            f"the latest on {moment(deliveries.latest.iloc[0])}"
            + ("" if pd.isna(extracted) else f" (extracted {moment(extracted)})")
            + f" · reporting cut-off: {cutoff}")


def reporting_countries() -> pd.DataFrame:
    return query("select geo, name from ref.ref_reporting_countries where geo in "
                 "(select distinct geo from marts.eil_ord_q) order by geo")


def qa_reports() -> dict[str, dict]:
    """The latest QA report of each quarter (warehouse/qa/qa_<quarter>.json)."""
    folder = WarehousePaths(warehouse_path()).qa_reports
    reports = {}
    for path in sorted(folder.glob("qa_*.json")):
        try:
            reports[path.stem[3:]] = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError):
            continue
    return reports


def transmissions() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(exports, files sent per export) from the transmission store, empty when nothing was exported."""
    path = store_path(warehouse_path())
    empty = pd.DataFrame(columns=["export_id", "period", "exported_at", "geo", "dataflow", "time_period"])
    if not path.exists():
        return empty, empty
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return empty, empty  # an export is writing it right now
    try:
        exports = con.execute("select * from exports order by export_id").df()
        sent = con.execute("select distinct e.export_id, e.period, e.exported_at, s.geo, s.dataflow, "
                           "s.time_period from sent_cells s join exports e using (export_id)").df()
        return exports, sent
    finally:
        con.close()
