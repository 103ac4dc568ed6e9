"""`returnstats export`: the SDMX-CSV 1.0 transmission files and manifest.json.

Reads only the published serving file. Every file is written under a temporary name in
the target folder and renamed into place, so no partial file is ever visible under its
final name; manifest.json, listing each file with its SHA-256 and row count, comes last.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from returnstats.warehouse import connect_reader, serving_path


class ExportError(Exception):
    pass


@dataclass(frozen=True)
class Dataflow:
    code: str
    table: str
    freq: str
    dims: tuple[str, ...]
    unit_sql: str  # SQL for UNIT, per row

    def select(self) -> str:
        dims = ", ".join(f'{d} as "{d.upper()}"' for d in self.dims)
        return (
            f"select 'RETURNSTATS:{self.code}(1.0)' as \"DATAFLOW\", '{self.freq}' as \"FREQ\", geo as \"GEO\", "
            f"{dims}, {self.unit_sql} as \"UNIT\", time_period as \"TIME_PERIOD\", obs_value as \"OBS_VALUE\", "
            f"cast(null as varchar) as \"OBS_FLAG\" from {self.table}"
        )


QUARTERLY_FLOWS = [
    Dataflow("ART48_Q", "marts.art48_q", "Q", ("indic", "citizen", "sex", "age"), "'PER'"),
    Dataflow("EIL_ORD_Q", "marts.eil_ord_q", "Q", ("citizen", "sex", "age"), "'PER'"),
    Dataflow("EIL_RTN_Q", "marts.eil_rtn_q", "Q", ("citizen", "sex", "age", "c_dest"), "'PER'"),
    Dataflow("EIL_RTT_Q", "marts.eil_rtt_q", "Q", ("citizen", "return_type"), "'PER'"),
]
# Application indicators count applications (NR); REINT counts persons (PER).
FRONTEX = Dataflow("FRONTEX_M", "marts.frontex_m", "M", ("third_country", "indic"),
                   "case when indic = 'REINT' then 'PER' else 'NR' end")


def parse_quarter(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-Q([1-4])", text or "")
    if not match:
        raise ExportError(f"'{text}' is not a quarter of the form YYYY-Qn")
    return int(match[1]), int(match[2])


def open_published(db: Path) -> duckdb.DuckDBPyConnection:
    serving = serving_path(db)
    if not serving.exists():
        raise ExportError(f"the warehouse has not been built ({serving} missing): run `returnstats build` first")
    return connect_reader(serving)


def export_quarter(db: Path, out: Path, quarter: str, country: str | None = None) -> dict:
    year, q = parse_quarter(quarter)
    con = open_published(db)
    try:
        countries = _countries_with_data(con, quarter, country)
        months = [f"{year}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]
        out.mkdir(parents=True, exist_ok=True)
        files = []
        for geo in countries:
            for flow in QUARTERLY_FLOWS:
                files.append(_write_file(con, flow, geo, quarter, out / f"{flow.code}_{geo}_{quarter}.csv"))
            for month in months:
                files.append(_write_file(con, FRONTEX, geo, month, out / f"{FRONTEX.code}_{geo}_{month}.csv"))
        published_at = con.execute("select published_at from publication").fetchone()[0]
    finally:
        con.close()
    manifest = {
        "quarter": quarter,
        "folder": str(out),
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data_published_at": published_at.isoformat(timespec="seconds"),
        "files": files,
    }
    write_atomically(out / "manifest.json", json.dumps(manifest, indent=2).encode())
    return manifest


def export_all_quarters(db: Path, out: Path, country: str | None = None) -> list[dict]:
    con = open_published(db)
    try:
        quarters = [r[0] for r in con.execute("select distinct time_period from marts.eil_ord_q order by 1").fetchall()]
    finally:
        con.close()
    if not quarters:
        raise ExportError("the published warehouse holds no quarter: load an extract and build first")
    return [export_quarter(db, out / quarter, quarter, country) for quarter in quarters]


def _countries_with_data(con: duckdb.DuckDBPyConnection, quarter: str, country: str | None) -> list[str]:
    geos = [r[0] for r in con.execute(
        "select distinct geo from marts.eil_ord_q where time_period = ? order by 1", [quarter]).fetchall()]
    if not geos:
        raise ExportError(f"no data for quarter {quarter} in the published warehouse")
    if country:
        code = country.strip().upper()
        code = {"GR": "EL", "GB": "UK"}.get(code, code)
        if code not in geos:
            raise ExportError(f"no data for reporting country {code} in {quarter} (countries with data: {', '.join(geos)})")
        return [code]
    return geos


def _write_file(con: duckdb.DuckDBPyConnection, flow: Dataflow, geo: str, period: str, target: Path) -> dict:
    order = ", ".join(f'"{d.upper()}"' for d in flow.dims)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    con.execute(
        f"copy ({flow.select()} where geo = $geo and time_period = $period order by {order}) "
        f"to '{tmp}' (format csv, header true, delimiter ',')",
        {"geo": geo, "period": period},
    )
    rows = con.execute(f"select count(*) from {flow.table} where geo = ? and time_period = ?", [geo, period]).fetchone()[0]
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    _replace(tmp, target)
    return {"file": target.name, "dataflow": flow.code, "geo": geo, "time_period": period, "rows": rows,
            "sha256": digest}


def write_atomically(target: Path, payload: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    _replace(tmp, target)


def _replace(tmp: Path, target: Path) -> None:
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
