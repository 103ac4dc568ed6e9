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
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ingest.contract import CODE_ALIASES
from returnstats.export_flows import FRONTEX, QUARTERLY_FLOWS, Dataflow
from returnstats.revisions import record_export, write_revision_report
from returnstats.warehouse import connect_reader, serving_path


class ExportError(Exception):
    def __init__(self, message: str, data_problem: bool = False):
        super().__init__(message)
        self.data_problem = data_problem


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


def export_quarter(db: Path, out: Path, quarter: str, country: str | None = None, force: bool = False) -> dict:
    year, q = parse_quarter(quarter)
    con = open_published(db)
    try:
        countries = _countries_with_data(con, quarter, country)
        published_at = con.execute("select published_at from publication").fetchone()[0]
    finally:
        con.close()
    validation = _gate(db, quarter, force)
    months = [f"{year}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    con = open_published(db)
    try:
        files = []
        for geo in countries:
            for flow in QUARTERLY_FLOWS:
                files.append(_write_file(con, flow, geo, quarter, out / f"{flow.code}_{geo}_{quarter}.csv"))
            for month in months:
                files.append(_write_file(con, FRONTEX, geo, month, out / f"{FRONTEX.code}_{geo}_{month}.csv"))
    finally:
        con.close()
    export_id = record_export(db, serving_path(db), quarter, out, files, forced=bool(validation["blocking_failures"]))
    revised = write_revision_report(db, quarter, export_id, out / f"REVISIONS_{quarter}.csv")
    manifest = {
        "quarter": quarter,
        "folder": str(out),
        "export_id": export_id,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data_published_at": published_at.isoformat(timespec="seconds"),
        "validation": validation,
        "revisions": {"previous_export": revised is not None, "cells_revised": revised,
                      "report": f"REVISIONS_{quarter}.csv" if revised is not None else None},
        "files": files,
    }
    write_atomically(out / "manifest.json", json.dumps(manifest, indent=2).encode())
    return manifest


def _gate(db: Path, quarter: str, force: bool) -> dict:
    """Refuse to export while a blocking expectation fails, unless forced (then say so)."""
    from returnstats.quality.report import offending_text
    from returnstats.quality.runner import ValidationError, run_validation

    try:
        run = run_validation(db, quarter)
    except ValidationError as e:
        raise ExportError(str(e)) from None
    failures = [{"check": f"{r.suite}.{r.column}", "description": r.description, "offending": r.offending}
                for r in run.blocking_failures]
    if failures and not force:
        listed = "; ".join(f"{r.suite}.{r.column} ({offending_text(r, 3)})" for r in run.blocking_failures)
        raise ExportError(f"{len(failures)} blocking check(s) fail for {quarter}: {listed}. "
                          "Nothing was exported; fix the data, or use --force to export anyway "
                          "(the failures are recorded in manifest.json)", data_problem=True)
    return {"validated_at": run.finished_at, "forced": bool(failures), "blocking_failures": failures,
            "warnings": len(run.warnings)}


def export_all_quarters(db: Path, out: Path, country: str | None = None, force: bool = False) -> list[dict]:
    con = open_published(db)
    try:
        quarters = [r[0] for r in con.execute("select distinct time_period from marts.eil_ord_q order by 1").fetchall()]
    finally:
        con.close()
    if not quarters:
        raise ExportError("the published warehouse holds no quarter: load an extract and build first")
    return [export_quarter(db, out / quarter, quarter, country, force) for quarter in quarters]


def export_year(db: Path, out: Path, year: int) -> dict:
    """ART25A_A_<YYYY>.csv: the Art. 25a indicators of a reference year, and manifest.json."""
    con = open_published(db)
    try:
        if not con.execute("select count(*) from marts.art25a_a where year = ?", [year]).fetchone()[0]:
            raise ExportError(f"no Art. 25a data for {year} in the published warehouse")
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"ART25A_A_{year}.csv"
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        con.execute(f"copy ({ART25A_SELECT} where year = ? order by geo = 'TOTAL' desc, geo, third_country, "
                    f"indic_order) to '{tmp}' (format csv, header true, delimiter ',')", [year])
        rows = con.execute("select count(*) from marts.art25a_a where year = ?", [year]).fetchone()[0]
        published_at = con.execute("select published_at from publication").fetchone()[0]
    finally:
        con.close()
    entry = {"file": target.name, "dataflow": "ART25A_A", "geo": "ALL", "time_period": str(year), "rows": rows,
             "sha256": hashlib.sha256(tmp.read_bytes()).hexdigest()}
    _replace(tmp, target)
    manifest = {"year": year, "folder": str(out), "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "data_published_at": published_at.isoformat(timespec="seconds"), "files": [entry]}
    write_atomically(out / "manifest.json", json.dumps(manifest, indent=2).encode())
    return manifest


# OBS_VALUE as the spec writes it: ratios with 4 decimals, medians with 1, counts whole, undefined empty.
ART25A_SELECT = """select 'RETURNSTATS:ART25A_A(1.0)' as "DATAFLOW", 'A' as "FREQ", geo as "GEO",
    third_country as "THIRD_COUNTRY", indic as "INDIC", unit as "UNIT", cast(year as varchar) as "TIME_PERIOD",
    case when obs_value is null then null
         when unit = 'RATIO' then printf('%.4f', obs_value)
         when unit = 'DAY' then printf('%.1f', obs_value)
         else cast(cast(obs_value as bigint) as varchar) end as "OBS_VALUE",
    cast(null as varchar) as "OBS_FLAG"
from marts.art25a_a"""


def _countries_with_data(con: duckdb.DuckDBPyConnection, quarter: str, country: str | None) -> list[str]:
    geos = [r[0] for r in con.execute(
        "select distinct geo from marts.eil_ord_q where time_period = ? order by 1", [quarter]).fetchall()]
    if not geos:
        raise ExportError(f"no data for quarter {quarter} in the published warehouse")
    if country:
        code = country.strip().upper()
        code = CODE_ALIASES.get(code, code)
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


def remove_stale_temporaries(folder: Path) -> None:
    """Hidden temporary files left by an export that was killed before renaming them."""
    for stale in folder.glob(".*.tmp"):
        stale.unlink(missing_ok=True)


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
