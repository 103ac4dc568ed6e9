"""What was transmitted, and what changed since: revision tracking between exports.

Every export records the cells it sent in a transmission store beside the warehouse
(`<db>.transmissions.duckdb`; export owns it, so it never needs the warehouse's writer
lock). Exporting a period (quarter, month or year) again compares each file's cells with
the last export of the same (dataflow, country, period): cells added, removed and changed,
with old and new value and observation status. Values are kept as the text written in the
file, so counts, ratios and empty (L, M) values compare alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from returnstats import clock
from returnstats.export_flows import ALL_FLOWS, ART25A_CODE, ART25A_SELECT, Dataflow
from returnstats.files import replace_file, temporary_sibling
from returnstats.safe_csv import neutralised
from returnstats.sql import string_literal
from returnstats.warehouse import WarehousePaths

REVISION_COLUMNS = ["dataflow", "geo", "time_period", "cell", "change", "old_value", "new_value", "old_status",
                    "new_status"]


def store_path(db: Path) -> Path:
    return WarehousePaths(db).transmissions


def _connect(db: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only:
        return duckdb.connect(str(store_path(db)), read_only=True)
    con = duckdb.connect(str(store_path(db)))
    con.execute("""create table if not exists exports (
        export_id bigint primary key, period varchar, exported_at timestamp, folder varchar, forced boolean,
        committed boolean default true)""")
    con.execute("""create table if not exists sent_cells (
        export_id bigint, dataflow varchar, geo varchar, time_period varchar, cell varchar, obs_value varchar,
        obs_status varchar)""")
    _migrate_v1_store(con)
    return con


def _migrate_v1_store(con: duckdb.DuckDBPyConnection) -> None:
    """A store written by version 1 (quarters only, whole-number values, no status)."""
    columns = dict(con.execute("select column_name, data_type from duckdb_columns() "
                               "where table_name in ('exports', 'sent_cells')").fetchall())
    if "quarter" in columns:
        con.execute("alter table exports rename column quarter to period")
    if "committed" not in columns:
        con.execute("alter table exports add column committed boolean default true")
    if columns.get("obs_value") == "BIGINT":
        con.execute("alter table sent_cells alter obs_value type varchar")
        con.execute("alter table sent_cells add column obs_status varchar default 'A'")


def _cell_key(flow: Dataflow) -> str:
    return "concat_ws('|', " + ", ".join(f"'{d.upper()}=' || {d}" for d in flow.dims) + ")"


def _sent_cells_sql(dataflow: str) -> str:
    """(geo, time_period, cell, obs_value as text, obs_status) of one transmitted file, filtered
    by $geo and $period; for ART25A_A (one file for every GEO) by $period only."""
    if dataflow == ART25A_CODE:
        return (f'select "GEO" as geo, "TIME_PERIOD" as time_period, concat_ws(\'|\', \'GEO=\' || "GEO", '
                f'\'THIRD_COUNTRY=\' || "THIRD_COUNTRY", \'INDIC=\' || "INDIC") as cell, "OBS_VALUE" as obs_value, '
                f'"OBS_STATUS" as obs_status from ({ART25A_SELECT.replace("marts.", "published.marts.")}) '
                f'where "TIME_PERIOD" = $period')
    flow = ALL_FLOWS[dataflow]
    return (f"select geo, time_period, {_cell_key(flow)} as cell, cast(obs_value as varchar) as obs_value, obs_status "
            f"from published.{flow.table} where geo = $geo and time_period = $period")


def settle_pending_exports(db: Path) -> None:
    """An export killed between recording its cells and publishing its folder left a pending
    record: it counts when its folder's manifest names it (the folder was published), and is
    dropped otherwise, so a revision report never compares with files that were never sent."""
    if not store_path(db).exists():
        return
    con = _connect(db)
    try:
        for export_id, folder in con.execute("select export_id, folder from exports where not committed").fetchall():
            if _manifest_export_id(Path(folder)) == export_id:
                con.execute("update exports set committed = true where export_id = ?", [export_id])
            else:
                con.execute("delete from sent_cells where export_id = ?", [export_id])
                con.execute("delete from exports where export_id = ?", [export_id])
    finally:
        con.close()


def _manifest_export_id(folder: Path) -> int | None:
    try:
        return json.loads((folder / "manifest.json").read_text()).get("export_id")
    except (OSError, ValueError):
        return None


def commit_export(db: Path, export_id: int) -> None:
    con = _connect(db)
    try:
        con.execute("update exports set committed = true where export_id = ?", [export_id])
    finally:
        con.close()


def record_export(db: Path, serving: Path, period: str, folder: Path, sent: list[dict], forced: bool) -> int:
    """Store every cell of the files about to be published, as a pending export; returns its id."""
    con = _connect(db)
    try:
        con.execute("begin transaction")
        export_id = con.execute("select coalesce(max(export_id), 0) + 1 from exports").fetchone()[0]
        con.execute("insert into exports (export_id, period, exported_at, folder, forced, committed) "
                    "values (?, ?, ?, ?, ?, false)",
                    [export_id, period, clock.stored_now(), str(folder.resolve()), forced])
        con.execute("attach ? as published (read_only)", [str(serving)])
        for f in sent:
            sql = _sent_cells_sql(f["dataflow"])
            params = {"period": f["time_period"]} | ({"geo": f["geo"]} if "$geo" in sql else {})
            con.execute(f"insert into sent_cells select {export_id}, '{f['dataflow']}', geo, time_period, cell, "
                        f"obs_value, obs_status from ({sql})", params)
        con.execute("commit")
        return export_id
    finally:
        con.close()


def _revision_query(con: duckdb.DuckDBPyConnection, period: str, country: str | None,
                    export_id: int | None) -> tuple[str, dict] | None:
    export_id = export_id or con.execute("select max(export_id) from exports where period = ? and committed",
                                         [period]).fetchone()[0]
    if export_id is None:
        return None
    geo_filter = "and geo = $country" if country else ""
    params = {"export_id": export_id} | ({"country": country} if country else {})
    new = f"select * from sent_cells where export_id = $export_id {geo_filter}"
    previous = f"""select s.* from sent_cells s join (
            select dataflow, geo, time_period, max(export_id) as export_id from sent_cells
            where export_id < $export_id and export_id in (select export_id from exports where committed)
            group by all) last using (dataflow, geo, time_period, export_id)
        where (dataflow, geo, time_period) in (select dataflow, geo, time_period from ({new}))"""
    if not con.execute(f"select count(*) from ({previous})", params).fetchone()[0]:
        return None
    sql = f"""
        select dataflow, geo, time_period, cell,
               case when o.cell is null then 'added' when n.cell is null then 'removed'
                    else 'changed' end as change,
               o.obs_value as old_value, n.obs_value as new_value, o.obs_status as old_status,
               n.obs_status as new_status
        from ({previous}) o full join ({new}) n using (dataflow, geo, time_period, cell)
        where o.obs_value is distinct from n.obs_value or o.obs_status is distinct from n.obs_status
        order by dataflow, geo, time_period, cell"""
    return sql, params


def revisions(db: Path, period: str, country: str | None = None, export_id: int | None = None) -> list[tuple] | None:
    """Cells that differ between an export of `period` (default: its latest) and the export
    before it of the same files; None when there is nothing to compare with."""
    if not store_path(db).exists():
        return None
    con = _connect(db, read_only=True)
    try:
        query = _revision_query(con, period, country, export_id)
        return None if query is None else con.execute(*query).fetchall()
    finally:
        con.close()


def write_revision_report(db: Path, period: str, export_id: int, target: Path) -> int | None:
    """CSV of the revisions of an export (cells neutralised for spreadsheets), written
    atomically; returns the number of revised cells, None when there was no earlier export."""
    con = _connect(db)
    try:
        query = _revision_query(con, period, None, export_id)
        if query is None:
            return None
        sql, params = query
        select = ", ".join(neutralised(c) for c in REVISION_COLUMNS)
        tmp = temporary_sibling(target)
        con.execute(f"copy (select {select} from ({sql})) to {string_literal(tmp)} (header, delimiter ',')", params)
        count = con.execute(f"select count(*) from ({sql})", params).fetchone()[0]
    finally:
        con.close()
    replace_file(tmp, target)
    return count
