"""What was transmitted, and what changed since: revision tracking between exports.

Every export records the cells it sent in a transmission store beside the warehouse
(`<db>.transmissions.duckdb`; export owns it, so it never needs the warehouse's writer
lock). Exporting a quarter again compares each file's cells with the last export of the
same (dataflow, country, period): cells added, removed and changed, with old and new value.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb

from returnstats.export_flows import ALL_FLOWS, Dataflow
from returnstats.safe_csv import neutralised

REVISION_COLUMNS = ["dataflow", "geo", "time_period", "cell", "change", "old_value", "new_value"]


def store_path(db: Path) -> Path:
    return db.with_name(db.stem + ".transmissions.duckdb")


def _connect(db: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only:
        return duckdb.connect(str(store_path(db)), read_only=True)
    con = duckdb.connect(str(store_path(db)))
    con.execute("""create table if not exists exports (
        export_id bigint primary key, quarter varchar, exported_at timestamp, folder varchar, forced boolean)""")
    con.execute("""create table if not exists sent_cells (
        export_id bigint, dataflow varchar, geo varchar, time_period varchar, cell varchar, obs_value bigint)""")
    return con


def _cell_key(flow: Dataflow) -> str:
    return "concat_ws('|', " + ", ".join(f"'{d.upper()}=' || {d}" for d in flow.dims) + ")"


def record_export(db: Path, serving: Path, quarter: str, folder: Path, sent: list[dict], forced: bool) -> int:
    """Store every cell of the files just written; returns the export id."""
    con = _connect(db)
    try:
        con.execute("begin transaction")
        export_id = con.execute("select coalesce(max(export_id), 0) + 1 from exports").fetchone()[0]
        con.execute("insert into exports values (?, ?, ?, ?, ?)",
                    [export_id, quarter, datetime.now(timezone.utc), str(folder), forced])
        con.execute(f"attach '{serving}' as pub (read_only)")
        for f in sent:
            flow = ALL_FLOWS[f["dataflow"]]
            con.execute(
                f"insert into sent_cells select {export_id}, '{flow.code}', geo, time_period, {_cell_key(flow)}, "
                f"obs_value from pub.{flow.table} where geo = ? and time_period = ?", [f["geo"], f["time_period"]])
        con.execute("commit")
        return export_id
    finally:
        con.close()


def _revision_query(con: duckdb.DuckDBPyConnection, quarter: str, country: str | None,
                    export_id: int | None) -> tuple[str, dict] | None:
    export_id = export_id or con.execute("select max(export_id) from exports where quarter = ?", [quarter]).fetchone()[0]
    if export_id is None:
        return None
    geo_filter = "and geo = $country" if country else ""
    params = {"export_id": export_id} | ({"country": country} if country else {})
    new = f"select * from sent_cells where export_id = $export_id {geo_filter}"
    previous = f"""select s.* from sent_cells s join (
            select dataflow, geo, time_period, max(export_id) as export_id from sent_cells
            where export_id < $export_id group by all) last using (dataflow, geo, time_period, export_id)
        where (dataflow, geo, time_period) in (select dataflow, geo, time_period from ({new}))"""
    if not con.execute(f"select count(*) from ({previous})", params).fetchone()[0]:
        return None
    sql = f"""
        select dataflow, geo, time_period, cell,
               case when o.obs_value is null then 'added' when n.obs_value is null then 'removed'
                    else 'changed' end as change,
               o.obs_value as old_value, n.obs_value as new_value
        from ({previous}) o full join ({new}) n using (dataflow, geo, time_period, cell)
        where o.obs_value is distinct from n.obs_value
        order by dataflow, geo, time_period, cell"""
    return sql, params


def revisions(db: Path, quarter: str, country: str | None = None, export_id: int | None = None) -> list[tuple] | None:
    """Cells that differ between an export of `quarter` (default: its latest) and the export
    before it of the same files; None when there is nothing to compare with."""
    if not store_path(db).exists():
        return None
    con = _connect(db, read_only=True)
    try:
        query = _revision_query(con, quarter, country, export_id)
        return None if query is None else con.execute(*query).fetchall()
    finally:
        con.close()


def write_revision_report(db: Path, quarter: str, export_id: int, target: Path) -> int | None:
    """CSV of the revisions of an export (cells neutralised for spreadsheets), written
    atomically; returns the number of revised cells, None when there was no earlier export."""
    con = _connect(db)
    try:
        query = _revision_query(con, quarter, None, export_id)
        if query is None:
            return None
        sql, params = query
        select = ", ".join(neutralised(c) for c in REVISION_COLUMNS)
        tmp = target.with_name(f".{target.name}.tmp")
        con.execute(f"copy (select {select} from ({sql})) to '{tmp}' (header, delimiter ',')", params)
        count = con.execute(f"select count(*) from ({sql})", params).fetchone()[0]
    finally:
        con.close()
    tmp.replace(target)
    return count
