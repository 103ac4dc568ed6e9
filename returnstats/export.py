"""`returnstats export`: the SDMX-CSV 1.0 transmission files and manifest.json.

One period per export: a quarter (the quarterly flows and the three FRONTEX_M months), a
month (FRONTEX_M, Art. 48(3) is monthly) or a year (the annual EIL flows and ART25A_A).
A period that has not ended is never written; a country whose calendar (its declared
coverage, or its events) does not include the period gets no file.

Reads only the published serving file. Every file is written under a temporary name in
the target folder and renamed into place, so no partial file is ever visible under its
final name; manifest.json, listing each file with its SHA-256 and row count and saying
what built the figures (software, settings, input contracts), comes last.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import duckdb

from returnstats import clock, sdmx_ml
from returnstats.export_flows import ANNUAL_FLOWS, ART25A, ART25A_CODE, FRONTEX, QUARTERLY_FLOWS, Dataflow
from returnstats.files import publish_folder, replace_file, staged_folder, temporary_sibling, write_atomically
from returnstats.ingest.contract import CODE_ALIASES
from returnstats.periods import MONTH, QUARTER, YEAR, Period, PeriodError, parse_month, parse_quarter, parse_year
from returnstats.revisions import commit_export, record_export, settle_pending_exports, write_revision_report
from returnstats.sql import string_literal
from returnstats.structure import STRUCTURE_FILE, structure_bytes
from returnstats.warehouse import WarehousePaths, connect_reader, exclusive, serving_path

# --format: the file extension and what the manifest calls it.
FORMATS = {
    "sdmx-csv": ("csv", "statistics-v2: SDMX-CSV 1.0 with OBS_STATUS, structure in " + STRUCTURE_FILE),
    "sdmx-ml": ("xml", "statistics-v2: SDMX-ML 2.1 structure-specific data (series, time at observation level), "
                       "structure in " + STRUCTURE_FILE),
}
NOT_BOUND_REASON = ("not bound by the Return Regulation (COM(2025) 101, recitals (49)-(50)): no ART48_Q is "
                    "transmitted; the EIL and FRONTEX flows are")


class ExportError(Exception):
    def __init__(self, message: str, data_problem: bool = False):
        super().__init__(message)
        self.data_problem = data_problem


def open_published(db: Path) -> duckdb.DuckDBPyConnection:
    serving = serving_path(db)
    if not serving.exists():
        raise ExportError(f"the warehouse has not been built ({serving} missing): run `returnstats build` first")
    return connect_reader(serving)


def parse_period(kind: str, text: str | int) -> Period:
    parser = {QUARTER: parse_quarter, MONTH: parse_month, YEAR: parse_year}[kind]
    try:
        return parser(text)
    except PeriodError as e:
        raise ExportError(str(e)) from None


def export_quarter(db: Path, out: Path, quarter: str, country: str | None = None, force: bool = False,
                 fmt: str = "sdmx-csv") -> dict:
    return export_period(db, out, parse_period(QUARTER, quarter), country, force, fmt)


def export_month(db: Path, out: Path, month: str, country: str | None = None, force: bool = False,
                 fmt: str = "sdmx-csv") -> dict:
    return export_period(db, out, parse_period(MONTH, month), country, force, fmt)


def export_year(db: Path, out: Path, year: int | str, country: str | None = None, force: bool = False,
                fmt: str = "sdmx-csv") -> dict:
    return export_period(db, out, parse_period(YEAR, year), country, force, fmt)


def _files_to_write(period: Period) -> list[tuple[Dataflow, str]]:
    """(dataflow, period label) of each file a country transmits for the period."""
    if period.kind == QUARTER:
        return [(flow, period.label) for flow in QUARTERLY_FLOWS] + [(FRONTEX, m) for m in period.months]
    if period.kind == MONTH:
        return [(FRONTEX, period.label)]
    return [(flow, period.label) for flow in ANNUAL_FLOWS]


def export_period(db: Path, out: Path, period: Period, country: str | None = None, force: bool = False,
                  fmt: str = "sdmx-csv") -> dict:
    """One export as one unit: the export lock first; one pinned publication, validated and then
    written; every file, the revision report and the manifest written into a hidden staging
    folder that then replaces `out` atomically; the transmission store's record of the export
    becomes final only once the folder is published."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not period.has_ended():
        raise ExportError(f"{period.label} has not ended (it ends on {period.end.isoformat()}): "
                          "a period is exported only once it is over; nothing was written")
    if not serving_path(db).exists():
        raise ExportError(f"the warehouse has not been built ({serving_path(db)} missing): "
                          "run `returnstats build` first")
    with exclusive(WarehousePaths(db).export_lock, "export"):
        settle_pending_exports(db)
        with pinned_publication(db) as pinned:
            return _export_pinned(db, pinned, out, period, country, force, fmt)


@contextmanager
def pinned_publication(db: Path) -> Iterator[Path]:
    """A second name for the current serving file: a build that publishes meanwhile renames a
    new file over the serving name, and this one keeps the publication the export validated."""
    serving = serving_path(db)
    for stale in serving.parent.glob(f".{serving.name}.pinned-*"):  # left by a killed export
        stale.unlink(missing_ok=True)
    pinned = serving.with_name(f".{serving.name}.pinned-{os.getpid()}")
    try:
        os.link(serving, pinned)
    except OSError:
        shutil.copy2(serving, pinned)  # a file system without hard links
    try:
        yield pinned
    finally:
        pinned.unlink(missing_ok=True)


def _export_pinned(db: Path, pinned: Path, out: Path, period: Period, country: str | None, force: bool,
                   fmt: str) -> dict:
    con = connect_reader(pinned)
    try:
        countries = _countries_with_data(con, period, country)
        bound = {r[0] for r in con.execute(
            "select geo from ref.ref_reporting_countries where bound_by_return_regulation = 'Y'").fetchall()}
        provenance = _provenance(con)
        has_art25a = period.kind == YEAR and country is None and bool(con.execute(
            "select count(*) from marts.art25a_a where year = ?", [int(period.label)]).fetchone()[0])
        if has_art25a:
            cutoff = con.execute("select max(cutoff_date) from marts.art25a_a where year = ?",
                                 [int(period.label)]).fetchone()[0]
            provenance["art25a_cutoff"] = {"date": cutoff.isoformat(), "passed": cutoff < date.today(),
                                           "settings": {"art25a_cutoff_months":
                                                        provenance["settings"].get("art25a_cutoff_months")}}
    finally:
        con.close()
    validation = _gate(db, pinned, period, force)
    staging = staged_folder(out)
    try:
        files, not_transmitted = _write_files(pinned, staging, period, countries, bound, has_art25a, fmt)
        structure = _write_structure(staging, provenance)
        export_id = record_export(db, pinned, period.label, out, files, forced=bool(validation["blocking_failures"]))
        report = f"REVISIONS_{period.label}.csv"
        revised = write_revision_report(db, period.label, export_id, staging / report)
        manifest = {
            period.kind: period.label,
            "period": period.label,
            "folder": str(out),
            "export_id": export_id,
            "generated_at": clock.iso_now(),
            **provenance,
            "output_format": FORMATS[fmt][1],
            "validation": validation,
            "revisions": {"previous_export": revised is not None, "cells_revised": revised,
                          "report": report if revised is not None else None},
            "not_transmitted": not_transmitted,
            "structure": structure,
            "files": files,
        }
        write_atomically(staging / "manifest.json", json.dumps(manifest, indent=2).encode())
        publish_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    commit_export(db, export_id)
    return manifest


def _write_files(pinned: Path, folder: Path, period: Period, countries: list[str], bound: set[str],
                 has_art25a: bool, fmt: str) -> tuple[list[dict], list[dict]]:
    extension = FORMATS[fmt][0]
    write = _write_file if fmt == "sdmx-csv" else _write_sdmx_ml
    files, not_transmitted = [], []
    con = connect_reader(pinned)
    try:
        for geo in countries:
            for flow, label in _files_to_write(period):
                if flow.bound_only and geo not in bound:
                    not_transmitted.append({"dataflow": flow.code, "geo": geo, "reason": NOT_BOUND_REASON})
                    continue
                files.append(write(con, flow, geo, label, folder / flow.file_name(geo, label, extension)))
        if has_art25a:
            target = folder / ART25A.file_name(None, period.label, extension)
            files.append(_write_art25a(con, int(period.label), target) if fmt == "sdmx-csv"
                         else _write_sdmx_ml(con, ART25A, None, period.label, target))
    finally:
        con.close()
    return files, not_transmitted


def _provenance(con: duckdb.DuckDBPyConnection) -> dict:
    """What built the figures: the publication, the software, every setting, the input contracts."""
    published_at, version, settings = con.execute(
        "select published_at, software_version, settings_json from publication").fetchone()
    contracts = [r[0] for r in con.execute(
        "select distinct coalesce(input_contract, 'case-extract-v1') from audit.deliveries order by 1").fetchall()]
    settings = json.loads(settings)
    return {
        "data_published_at": published_at.isoformat(timespec="seconds"),
        "software": {"name": "returnstats", "version": version},
        "settings": settings,
        "art48_measure_count": settings.get("art48_measure_count"),
        "input_contracts": contracts,
    }


def _gate(db: Path, pinned: Path, period: Period, force: bool) -> dict:
    """Refuse to export while a blocking expectation fails for a quarter of the period, unless
    forced (then say so). A month is validated with its quarter; a year with each of its quarters."""
    from returnstats.quality.report import offending_text
    from returnstats.quality.runner import ValidationError, published_quarters, run_validation

    quarters = [q for q in period.quarters if q in published_quarters(db, pinned)] or period.quarters[-1:]
    failures, listed, warnings, finished = [], [], 0, ""
    for quarter in quarters:
        try:
            run = run_validation(db, quarter, serving=pinned)
        except ValidationError as e:
            raise ExportError(str(e)) from None
        failures += [{"quarter": quarter, "check": f"{r.suite}.{r.column}", "description": r.description,
                      "offending": r.offending} for r in run.blocking_failures]
        listed += [f"{quarter} {r.suite}.{r.column} ({offending_text(r, 3)})" for r in run.blocking_failures]
        warnings += len(run.warnings)
        finished = run.finished_at
    if failures and not force:
        raise ExportError(f"{len(failures)} blocking check(s) fail for {period.label}: {'; '.join(listed)}. "
                          "Nothing was exported; fix the data, or use --force to export anyway "
                          "(the failures are recorded in manifest.json)", data_problem=True)
    return {"validated_at": finished, "quarters_validated": quarters, "forced": bool(failures),
            "blocking_failures": failures, "warnings": warnings}


def export_all_quarters(db: Path, out: Path, country: str | None = None, force: bool = False,
                        fmt: str = "sdmx-csv") -> list[dict]:
    """Every quarter of the published calendar that has ended, each into out/<quarter>/."""
    con = open_published(db)
    try:
        quarters = [r[0] for r in con.execute("select distinct time_period from marts.eil_ord_q order by 1").fetchall()]
    finally:
        con.close()
    ended = [q for q in quarters if parse_quarter(q).has_ended()]
    if not ended:
        raise ExportError("the published warehouse holds no quarter that has ended: load an extract and build first")
    return [export_quarter(db, out / quarter, quarter, country, force, fmt) for quarter in ended]


def _write_art25a(con: duckdb.DuckDBPyConnection, year: int, target: Path, flow: Dataflow = ART25A) -> dict:
    """ART25A_A_<YYYY>.csv: the Art. 25a indicators of a reference year, all countries in one file
    (the aggregate first: TOTAL in a warehouse, EU27_2020_EFTA at the hub)."""
    tmp = temporary_sibling(target)
    con.execute(f"copy ({flow.select()} where year = $year order by geo in ('TOTAL', 'EU27_2020_EFTA') desc, geo, "
                f"third_country, indic_order) to {string_literal(tmp)} (format csv, header true, delimiter ',')",
                {"year": year})
    rows = con.execute(f"select count(*) from {flow.table} where year = ?", [year]).fetchone()[0]
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    replace_file(tmp, target)
    return {"file": target.name, "dataflow": ART25A_CODE, "geo": "ALL", "time_period": str(year), "rows": rows,
            "sha256": digest}


def _countries_with_data(con: duckdb.DuckDBPyConnection, period: Period, country: str | None) -> list[str]:
    """Countries whose calendar holds the period (their all-totals cells are always written)."""
    table = {QUARTER: "marts.eil_ord_q", MONTH: "marts.frontex_m", YEAR: "marts.eil_ord_a"}[period.kind]
    geos = [r[0] for r in con.execute(
        f"select distinct geo from {table} where time_period = ? order by 1", [period.label]).fetchall()]
    if not geos:
        raise ExportError(f"no data for {period.kind} {period.label} in the published warehouse "
                          "(no reporting country's calendar holds it)")
    if country:
        code = country.strip().upper()
        code = CODE_ALIASES.get(code, code)
        if code not in geos:
            raise ExportError(f"no data for reporting country {code} in {period.label} "
                              f"(countries with data: {', '.join(geos)})")
        return [code]
    return geos


def _write_file(con: duckdb.DuckDBPyConnection, flow: Dataflow, geo: str, period: str, target: Path) -> dict:
    order = ", ".join(f'"{d.upper()}"' for d in flow.dims)
    tmp = temporary_sibling(target)
    con.execute(
        f"copy ({flow.select()} where geo = $geo and time_period = $period order by {order}) "
        f"to {string_literal(tmp)} (format csv, header true, delimiter ',')",
        {"geo": geo, "period": period},
    )
    rows = con.execute(f"select count(*) from {flow.table} where geo = ? and time_period = ?",
                       [geo, period]).fetchone()[0]
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    replace_file(tmp, target)
    return {"file": target.name, "dataflow": flow.code, "geo": geo, "time_period": period, "rows": rows,
            "sha256": digest}


def _write_sdmx_ml(con: duckdb.DuckDBPyConnection, flow: Dataflow, geo: str | None, period: str, target: Path) -> dict:
    """One SDMX-ML data message with the cells of the SDMX-CSV file of the same name (geo None:
    the one file of every GEO, ART25A_A)."""
    filters = '"TIME_PERIOD" = $period' + (' and "GEO" = $geo' if geo else "")
    params = {"period": period, **({"geo": geo} if geo else {})}
    body = con.execute(sdmx_ml.body_sql(flow, filters), params).fetchone()[0]
    rows = con.execute(f"select count(*) from ({flow.select()}) where {filters}", params).fetchone()[0]
    published_at = con.execute("select published_at from publication").fetchone()[0]
    payload = sdmx_ml.message(flow, target.stem, geo or "RETURNSTATS", published_at.isoformat(timespec="seconds"),
                              body)
    write_atomically(target, payload)
    return {"file": target.name, "dataflow": flow.code, "geo": geo or "ALL", "time_period": period, "rows": rows,
            "sha256": hashlib.sha256(payload).hexdigest()}


def _write_structure(folder: Path, provenance: dict) -> dict:
    """The structure message beside the data, its annotations the settings the figures were built
    with; prepared = the publication's time, so the same publication gives the same file."""
    payload = structure_bytes(provenance["settings"], prepared=datetime.fromisoformat(provenance["data_published_at"]))
    write_atomically(folder / STRUCTURE_FILE, payload)
    return {"file": STRUCTURE_FILE, "format": "SDMX-ML 2.1 structure message",
            "sha256": hashlib.sha256(payload).hexdigest()}
