"""`returnstats hub export`: the hub's EU aggregates as transmission files (hub-v1).

The same files as a Member State's export (statistics v2 §7: SDMX-CSV 1.0, the structure
file beside them, manifest.json last, the folder replaced atomically), with GEO `EU27_2020`
and `EU27_2020_EFTA`; for a year also `ART25A_A_<YYYY>.csv`, the hub's Art. 25a (GEO =
`EU27_2020_EFTA` and each Member State). The manifest adds, per file, which countries are
missing from the aggregate. The hub checked every file at receipt, so there is no
validation gate here.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from returnstats import clock
from returnstats.export import ExportError, _files_to_write, _write_art25a, _write_file, _write_structure
from returnstats.export_flows import ART25A, ART25A_CODE, Dataflow
from returnstats.files import publish_folder, staged_folder, write_atomically
from returnstats.periods import YEAR, Period
from returnstats.warehouse import connect_reader, serving_path

AGGREGATES = ("EU27_2020", "EU27_2020_EFTA")


def hub_flow(flow: Dataflow) -> Dataflow:
    """A dataflow read from the hub's aggregates instead of a national mart."""
    if flow.code == ART25A_CODE:
        return replace(flow, table="eu.hub_art25a_a",
                       select_sql=ART25A.select().replace("from marts.art25a_a", "from eu.hub_art25a_a"))
    columns = ", ".join(["geo", "time_period", *flow.dims, "obs_value", "obs_status"])
    return replace(flow, table=f"(select {columns} from eu.hub_aggregates where dataflow = '{flow.code}')")


def export_hub_period(hub_db: Path, out: Path, period: Period) -> dict:
    if not period.has_ended():
        raise ExportError(f"{period.label} has not ended: a period is exported only once it is over")
    serving = serving_path(hub_db)
    if not serving.exists():
        raise ExportError(f"the hub has not been built ({serving} missing): run `returnstats hub build` first")
    con = connect_reader(serving)
    try:
        published_at, version, settings = con.execute(
            "select published_at, software_version, settings_json from publication").fetchone()
        flows = [(hub_flow(flow), label) for flow, label in _files_to_write(period)]
        present = {(r[0], r[1]) for r in con.execute(
            "select distinct dataflow, time_period from eu.hub_aggregates").fetchall()}
        to_write = [(flow, label) for flow, label in flows if (flow.code, label) in present]
        has_art25a = period.kind == YEAR and con.execute(
            "select count(*) from eu.hub_art25a_a where year = ?", [int(period.label)]).fetchone()[0] > 0
        if not to_write and not has_art25a:
            raise ExportError(f"the hub holds no file for {period.label}: receive the Member States' files first")
        provenance = {"data_published_at": published_at.isoformat(timespec="seconds"),
                      "software": {"name": "returnstats", "version": version}, "settings": json.loads(settings)}
        staging = staged_folder(out)
        try:
            files = []
            for flow, label in to_write:
                for geo in AGGREGATES:
                    entry = _write_file(con, flow, geo, label, staging / flow.file_name(geo, label))
                    entry["countries_missing"], entry["countries_not_collected"] = _missing(con, flow, geo, label)
                    files.append(entry)
            if has_art25a:
                files.append(_write_art25a(con, int(period.label), staging / ART25A.file_name(None, period.label),
                                           hub_flow(ART25A)))
            manifest = {
                period.kind: period.label, "period": period.label, "folder": str(out), "side": "hub",
                "generated_at": clock.iso_now(), **provenance,
                "output_format": "statistics-v2: SDMX-CSV 1.0 with OBS_STATUS (P: an aggregate without every "
                                 "country), structure in RETURNSTATS_STRUCTURE.xml",
                "structure": _write_structure(staging, provenance),
                "files": files,
            }
            write_atomically(staging / "manifest.json", json.dumps(manifest, indent=2, default=str).encode())
            publish_folder(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return manifest
    finally:
        con.close()


def _missing(con, flow: Dataflow, geo: str, period: str) -> tuple[list[str], list[str]]:
    """The countries missing from, and not collected in, an aggregate file (its all-totals cells)."""
    rows = con.execute("select string_agg(distinct countries_missing, ', '), "
                       "string_agg(distinct countries_not_collected, ', ') from eu.hub_aggregates "
                       "where dataflow = ? and geo = ? and time_period = ?", [flow.code, geo, period]).fetchone()
    split = lambda text: sorted({c.strip() for c in (text or "").split(",") if c.strip()})  # noqa: E731
    return split(rows[0]), split(rows[1])
