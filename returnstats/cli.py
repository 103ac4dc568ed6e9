"""The `returnstats` command line. Subcommands are thin: the work lives in the modules.

Exit codes: 0 success, 1 data problems found, 2 usage or structural error.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import logging
import os
import sys
import tempfile
import time
import traceback
from importlib.metadata import version
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from returnstats import __version__, environment, logs
from returnstats.ingest.contract import EARLIEST_BIRTH_DATE, EARLIEST_EVENT_DATE
from returnstats.warehouse import DEFAULT_DB, DEFAULT_HUB_DB, WarehouseBusy, WarehousePaths, WarehouseUnusable

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

app = typer.Typer(
    help="Statistical reporting warehouse for the EU return system: case extracts in, "
    "Art. 48 / Eurostat / Frontex transmission files out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("returnstats.cli")


class LoggedConsole(Console):
    """A console whose printed text is also written to the run's log file (at its level, or at
    the `level` a call gives: an error message is an error in the log)."""

    def __init__(self, level: int, **options) -> None:
        super().__init__(**options)
        self._level = level

    def print(self, *objects, level: int | None = None, **options) -> None:  # noqa: A003 — Console's own name
        super().print(*objects, **options)
        text = " ".join(str(o) for o in objects if isinstance(o, str | Text))
        if text:
            logging.getLogger(logs.OUTPUT_LOGGER).log(level or self._level, text)


# Markup is off: file names, folder names and reasons are data and are printed as they are.
out = LoggedConsole(logging.INFO, markup=False, highlight=False)
err = LoggedConsole(logging.WARNING, stderr=True, markup=False, highlight=False)

DbOption = Annotated[
    Path,
    typer.Option("--db", envvar=environment.DB.name, help="Warehouse DuckDB file.", show_default=True),
]
HubOption = Annotated[
    Path,
    typer.Option("--db", envvar=environment.HUB_DB.name, help="Hub DuckDB file.", show_default=True),
]
JsonOption = Annotated[bool, typer.Option(
    "--json", help="Print the result as one JSON document on stdout (errors too), for scripts.")]
EXIT_OK, EXIT_DATA, EXIT_STRUCTURE = 0, 1, 2
# Set by a command run with --json: its result, and any error, is one JSON document on stdout.
_json_output = False
hub_app = typer.Typer(help="The Commission hub: receive the Member States' transmission files, build EU "
                           "aggregates, export them, and see who has sent what.", no_args_is_help=True)
app.add_typer(hub_app, name="hub")


def _print_version(asked: bool) -> None:
    if asked:
        engines = (f"DuckDB {version('duckdb')}, dbt-core {version('dbt-core')}, dbt-duckdb {version('dbt-duckdb')}, "
                   f"Great Expectations {version('great_expectations')}")
        out.print(f"returnstats {__version__} ({engines})", soft_wrap=True)
        raise typer.Exit()


@app.callback()
def _options(
    ctx: typer.Context,
    show_version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                               help="Print the version of returnstats and its engines, and stop.")]
    = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print only errors (and --json documents).")] = False,
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True,
                                         help="Print each step on stderr (-vv: debug detail too).")] = 0,
) -> None:
    """Every run also writes a log file (see `returnstats.logs`: RETURNSTATS_LOG_DIR)."""
    out.quiet = quiet
    logs.configure(ctx.invoked_subcommand or "", quiet, verbose)
    log.info("returnstats %s: %s (log file %s)", __version__, " ".join(sys.argv[1:]), logs.log_file)


def progress_bar(disable: bool = False) -> Progress:
    return Progress(TextColumn("{task.description:<40}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                    console=out, transient=True, disable=disable)



def fail(message: str, code: int = EXIT_STRUCTURE) -> typer.Exit:
    if _json_output:
        emit_json({"status": "error", "exit_code": code, "error": message})
    err.print(Text.assemble(("error: ", "bold red"), message), level=logging.ERROR)
    return typer.Exit(code)


def use_json(wanted: bool) -> None:
    global _json_output
    _json_output = wanted


def emit_json(document) -> None:
    """One JSON document on stdout: dates and paths as text, dataclasses as objects."""

    def plain(value):
        if dataclasses.is_dataclass(value):
            return dataclasses.asdict(value)
        return str(value)

    sys.stdout.write(json.dumps(document, default=plain, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the extract into.")],
    scale: Annotated[float, typer.Option(help="1.0 = EU-wide volumes as published by Eurostat.")] = 1.0,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = 42,
    period_from: Annotated[str, typer.Option("--from", help="First quarter, YYYY-Qn.")] = "2024-Q1",
    period_to: Annotated[str, typer.Option("--to", help="Last quarter, YYYY-Qn.")] = "2025-Q4",
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
    flawed_rows: Annotated[bool, typer.Option(
        "--flawed-rows", help="Add three rows that break the input contract (ingestion quarantines them).")] = False,
) -> None:
    """Write a realistic demo case extract for all 31 reporting countries (contract-valid unless --flawed-rows)."""
    from returnstats.generate import GeneratorError, generate_extract

    try:
        counts = generate_extract(out_dir, scale=scale, seed=seed, first=period_from, last=period_to, fmt=fmt,
                                  flawed=flawed_rows)
    except GeneratorError as e:
        raise fail(str(e)) from None
    for table, n in counts.items():
        out.print(f"  {table:<26} {n:>10,} rows")
    out.print(f"Demo extract written to {out_dir} ({sum(counts.values()):,} rows).")


@app.command()
def ingest(
    folder: Annotated[Path, typer.Argument(help="Extract folder: <table>.csv or <table>.parquet files.")],
    db: DbOption = DEFAULT_DB,
    strict: Annotated[bool, typer.Option(help="Refuse the whole delivery if any row is quarantined.")] = False,
    lock_timeout: Annotated[float, typer.Option(help="Seconds to wait while another process writes.")] = 60.0,
    earliest_event_date: Annotated[str, typer.Option(help="Events dated before this are implausible: quarantined.")]
    = EARLIEST_EVENT_DATE,
    earliest_birth_date: Annotated[str, typer.Option(help="Births before this are implausible: quarantined.")]
    = EARLIEST_BIRTH_DATE,
    delivery_date: Annotated[str | None, typer.Option(
        help="Dates after this are implausible: quarantined (default: today).")] = None,
    force_older: Annotated[bool, typer.Option(
        help="Load an extract older (delivery.json extracted_at) than one already loaded.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Load a case extract (contract case-extract v2; v1 extracts are valid v2): every row is loaded or
    quarantined with its reason."""
    from returnstats.ingest.load import DateWindow, ingest_delivery
    from returnstats.ingest.pseudonym import KeyProblem
    from returnstats.ingest.readers import StructuralError
    from returnstats.reporting import print_delivery_summary, write_quarantine_report

    use_json(json_output)
    try:
        with progress_bar(disable=json_output) as bar:
            task = bar.add_task("ingesting", total=None)

            def report(message: str, done: int, total: int) -> None:
                if message != bar.tasks[task].description:
                    log.info("ingest: %s", message)
                bar.update(task, description=message, completed=done, total=total)

            result = ingest_delivery(folder, db, strict, lock_timeout, progress=report,
                                     dates=DateWindow(earliest_event_date, earliest_birth_date, delivery_date),
                                     force_older=force_older)
    except (StructuralError, WarehouseBusy, WarehouseUnusable, KeyProblem) as e:
        raise fail(f"{e} — delivery refused, nothing was written") from None
    report = write_quarantine_report(db, result.delivery_id) \
        if result.status != "already_loaded" and result.rows_quarantined else None
    log.info("delivery %s %s: %d rows read, %d loaded, %d quarantined, %d replaced, %d retracted",
             result.delivery_id, result.status, sum(f.rows_read for f in result.files),
             sum(f.rows_loaded for f in result.files), result.rows_quarantined,
             sum(f.rows_replaced for f in result.files), result.rows_retracted)
    if json_output:
        emit_json(dataclasses.asdict(result) | {"rows_quarantined": result.rows_quarantined,
                                                 "quarantine_report": report})
    else:
        print_delivery_summary(out, result)
        if report:
            out.print(f"Quarantine report: {report}")
    if result.status != "already_loaded" and result.rows_quarantined:
        raise typer.Exit(EXIT_DATA)


@app.command()
def quarantine(
    delivery: Annotated[int, typer.Option("--delivery", help="Delivery id (see the ingest summary).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write (again) the quarantine report of a delivery, from what the warehouse keeps."""
    from returnstats.reporting import write_quarantine_report
    from returnstats.warehouse import connect_reader

    if not db.exists():
        raise fail(f"no warehouse at {db}")
    con = connect_reader(db)
    try:
        found = con.execute("select rows_quarantined from audit.deliveries where delivery_id = ?",
                            [delivery]).fetchone()
    finally:
        con.close()
    if found is None:
        raise fail(f"no delivery {delivery} in {db}")
    report = write_quarantine_report(db, delivery)
    out.print(f"Delivery {delivery}: {found[0]:,} rows quarantined; report {report}")


@app.command()
def rekey(
    new_key_file: Annotated[Path, typer.Option("--new-key-file", help="File holding the new key (at least 32 bytes).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Rotate the pseudonymisation key: re-pseudonymise every stored person in one transaction."""
    from returnstats.ingest.pseudonym import KeyProblem
    from returnstats.ingest.rekey import rekey as rotate

    try:
        persons = rotate(db, new_key_file)
    except (KeyProblem, WarehouseBusy) as e:
        raise fail(f"{e} — nothing was changed") from None
    out.print(f"{persons:,} persons re-pseudonymised; the key file now holds the rotated key chain "
              "(the previous one is kept beside it as .previous)")


def _settings(items: list[str] | None) -> dict[str, str]:
    """--var KEY=VALUE options as a dict."""
    settings = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise fail(f"--var takes KEY=VALUE, not '{item}'")
        settings[key.strip()] = value.strip()
    return settings


@app.command()
def build(
    db: DbOption = DEFAULT_DB,
    var: Annotated[list[str] | None, typer.Option(
        help="Methodology setting KEY=VALUE, e.g. art48_measure_count=started (repeatable).")] = None,
    full_refresh: Annotated[bool, typer.Option(
        "--full-refresh", help="Rebuild every period, not only those the deliveries since the last build changed."
    )] = False,
    engine: Annotated[str, typer.Option(
        help="duckdb (the default) or spark: build on a Spark session through dbt-spark, always whole, with every "
             "dbt data and unit test (docs/scale-out.md).")] = "duckdb",
    landing: Annotated[Path | None, typer.Option(
        help="With --engine spark: read this Parquet landing (`returnstats export-landing`) instead of "
             "exporting the warehouse's.")] = None,
    spark_dir: Annotated[Path | None, typer.Option(
        help="With --engine spark: keep Spark's metastore and tables in this folder (default: a temporary "
             "folder, removed after the build).")] = None,
) -> None:
    """Run the dbt build (models and their data tests) and publish the marts for the dashboard.
    Periods no delivery changed since the last build keep their rows (docs/methodology.md)."""
    from returnstats.build import BuildError, build_and_publish, build_on_spark

    if engine not in ("duckdb", "spark"):
        raise fail(f"--engine is duckdb or spark, not '{engine}'")
    if engine == "duckdb" and (landing or spark_dir):
        raise fail("--landing and --spark-dir go with --engine spark")
    if landing is not None and not landing.is_dir():
        raise fail(f"no landing folder at {landing}: write one with `returnstats export-landing --out DIR`")
    echo = lambda line: out.print(line, soft_wrap=True, markup=False, highlight=False)  # noqa: E731
    try:
        if engine == "spark":
            serving = build_on_spark(db, echo, _settings(var) or None, landing, spark_dir)
        else:
            serving = build_and_publish(db, dbt_vars=_settings(var) or None, full_refresh=full_refresh, echo=echo)
    except BuildError as e:
        raise fail(str(e), EXIT_DATA if e.data_problem else EXIT_STRUCTURE) from None
    except WarehouseBusy as e:
        raise fail(str(e)) from None
    out.print(f"Published marts to {serving}")


@app.command("export-landing")
def export_landing(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the landing (replaced whole if it exists).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the warehouse's landing tables as Parquet, one folder per table partitioned by reporting
    country, for `returnstats build --engine spark --landing DIR` on another machine (docs/scale-out.md)."""
    from returnstats.spark import SparkError
    from returnstats.spark import export_landing as write_landing

    if not db.exists():
        raise fail(f"no warehouse at {db}: load an extract first with `returnstats ingest DIR`")
    try:
        counts = write_landing(db, out_dir, echo=lambda line: out.print(line, highlight=False))
    except SparkError as e:
        raise fail(str(e)) from None
    except WarehouseBusy as e:
        raise fail(str(e)) from None
    out.print(f"Landing: {sum(counts.values()):,} rows in {len(counts)} tables → {out_dir}")


@app.command()
def export(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the transmission files.")],
    quarter: Annotated[str | None, typer.Option(help="Quarter YYYY-Qn: the quarterly flows and its three "
                                                        "FRONTEX_M months.")] = None,
    month: Annotated[str | None, typer.Option(help="Month YYYY-MM: the FRONTEX_M files (Art. 48(3)).")] = None,
    year: Annotated[int | None, typer.Option(help="Year YYYY: the annual EIL flows and ART25A_A_<YYYY>.csv.")]
    = None,
    all_quarters: Annotated[bool, typer.Option("--all-quarters", help="Every ended quarter, into DIR/<quarter>/.")]
    = False,
    country: Annotated[str | None, typer.Option(help="One reporting country (GEO code).")] = None,
    force: Annotated[bool, typer.Option(help="Export although a blocking check fails (recorded in manifest.json).")]
    = False,
    fmt: Annotated[str, typer.Option("--format", help="sdmx-csv (SDMX-CSV 1.0, the default) or sdmx-ml "
                                                     "(SDMX-ML 2.1 structure-specific data messages).")]
    = "sdmx-csv",
    db: DbOption = DEFAULT_DB,
    json_output: JsonOption = False,
) -> None:
    """Validate, then write the transmission files, their SDMX structure, manifest.json and a revision report."""
    from returnstats.export import ExportError, export_all_quarters, export_month, export_quarter, export_year

    use_json(json_output)
    if sum([bool(quarter), bool(month), all_quarters, year is not None]) != 1:
        raise fail("give exactly one of --quarter YYYY-Qn, --month YYYY-MM, --year YYYY or --all-quarters")
    try:
        if all_quarters:
            manifests = export_all_quarters(db, out_dir, country, force, fmt)
        elif quarter:
            manifests = [export_quarter(db, out_dir, quarter, country, force, fmt)]
        elif month:
            manifests = [export_month(db, out_dir, month, country, force, fmt)]
        else:
            manifests = [export_year(db, out_dir, year, country, force, fmt)]
    except ExportError as e:
        raise fail(str(e), EXIT_DATA if e.data_problem else EXIT_STRUCTURE) from None
    except WarehouseBusy as e:
        raise fail(f"{e} — nothing was written") from None
    if json_output:
        emit_json({"status": "exported", "manifests": manifests})
        return
    for m in manifests:
        revised = m["revisions"]["cells_revised"]
        note = f"; {revised} cells revised since the last export ({m['revisions']['report']})" if revised is not None \
            else ""
        forced = " (forced past blocking checks)" if m["validation"]["forced"] else ""
        out.print(f"{m['period']}: {len(m['files'])} files → {m['folder']}{note}{forced}")
    skipped: dict[tuple[str, str], list[str]] = {}
    for m in manifests:
        for entry in m["not_transmitted"]:
            geos = skipped.setdefault((entry["dataflow"], entry["reason"]), [])
            geos += [] if entry["geo"] in geos else [entry["geo"]]
    for (dataflow, reason), geos in skipped.items():
        out.print(f"{dataflow} not written for {', '.join(geos)}: {reason} (see manifest.json)")


@app.command()
def structure(
    out_file: Annotated[Path, typer.Option("--out", help="File (or folder) for the SDMX-ML 2.1 structure message.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the SDMX 2.1 structure of every dataflow: code lists, concepts, DSDs and dataflows."""
    from returnstats.build import default_settings
    from returnstats.structure import StructureError, write_structure
    from returnstats.warehouse import connect_reader, serving_path

    serving = serving_path(db)
    if serving.exists():  # the settings the published figures were built with
        con = connect_reader(serving)
        try:
            settings = json.loads(con.execute("select settings_json from publication").fetchone()[0])
        finally:
            con.close()
        source = f"the build published in {serving}"
    else:
        settings, source = default_settings(), "the defaults of dbt_project.yml (no built warehouse)"
    try:
        written = write_structure(out_file, settings)
    except StructureError as e:
        raise fail(str(e)) from None
    out.print(f"Structure written to {written}; counting settings from {source}")


@app.command()
def report(
    year: Annotated[int, typer.Option(help="Reference year YYYY.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the assessment pack.")],
    hub: Annotated[bool, typer.Option("--hub", help="From the Commission hub's received files instead.")] = False,
    hub_db: Annotated[Path, typer.Option("--hub-db", envvar=environment.HUB_DB.name, help="Hub DuckDB file.")]
    = DEFAULT_HUB_DB,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the annual Art. 25a assessment pack: a page per selected third country, an index, an .xlsx summary."""
    from returnstats.assessment import ReportError, write_pack

    try:
        pack = write_pack(hub_db if hub else db, year, out_dir, hub=hub)
    except ReportError as e:
        raise fail(str(e)) from None
    out.print(f"{year}: {len(pack['pages'])} country pages, index {pack['index']}, summary {pack['summary']}")
    if pack["selection_basis"] == "NONE":
        err.print(Text.assemble(("note: ", "yellow"), f"the Art. 25a selection rule cannot be applied for {year}: no "
                                "EU+ figure for its selection year (see index.html); no third country is selected"))


@app.command()
def validate(
    quarter: Annotated[str | None, typer.Option(help="Quarter YYYY-Qn (default: the latest).")] = None,
    db: DbOption = DEFAULT_DB,
    json_output: JsonOption = False,
) -> None:
    """Run the expectation suites; write the QA report and data docs to warehouse/qa/. Exit 1 on a blocking failure."""
    from returnstats.quality.report import print_summary, write_report
    from returnstats.quality.runner import ValidationError, run_validation

    use_json(json_output)
    qa_dir = WarehousePaths(db).qa_reports
    try:
        run = run_validation(db, quarter, docs_dir=qa_dir / "gx")
    except ValidationError as e:
        raise fail(str(e)) from None
    json_report, html_report = write_report(qa_dir, run)
    if json_output:
        emit_json(json.loads(json_report.read_text()) | {"report": json_report, "report_html": html_report})
    else:
        print_summary(out, run)
        out.print(f"QA report: {html_report}; data docs: {qa_dir / 'gx' / 'gx' / 'uncommitted' / 'data_docs'}")
    if run.blocking_failures:
        raise typer.Exit(EXIT_DATA)


@app.command()
def diff(
    quarter: Annotated[str, typer.Option(help="Quarter YYYY-Qn.")],
    country: Annotated[str | None, typer.Option(help="One reporting country (GEO code).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show the revisions of the last export of a quarter against the export before it."""
    from rich.table import Table

    from returnstats.revisions import REVISION_COLUMNS, revisions

    rows = revisions(db, quarter, country.upper() if country else None)
    if rows is None:
        out.print(f"No earlier transmission of {quarter}{' for ' + country.upper() if country else ''} "
                  "to compare with.")
        return
    grid = Table(title=f"Revisions of {quarter}: {len(rows)} cells")
    for column in REVISION_COLUMNS:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*["" if v is None else str(v) for v in row])
    out.print(grid)


@app.command()
def dashboard(
    db: DbOption = DEFAULT_DB,
    hub: Annotated[bool, typer.Option("--hub", help="Serve the Commission hub's EU dashboard instead.")] = False,
    hub_db: Annotated[Path, typer.Option("--hub-db", envvar=environment.HUB_DB.name, help="Hub DuckDB file.")]
    = DEFAULT_HUB_DB,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to listen on; anything but loopback exposes the data.")]
    = "127.0.0.1",
) -> None:
    """Serve the analytics dashboard (Streamlit) from the published serving file, on 127.0.0.1:8501."""
    import signal
    import subprocess
    import sys

    from returnstats.resources import dashboard_script
    from returnstats.warehouse import serving_path

    serving = serving_path(hub_db if hub else db)
    if not serving.exists():
        raise fail(f"nothing published yet ({serving} missing): run "
                   f"{'`returnstats hub build`' if hub else '`returnstats build`'} first")
    if address not in ("127.0.0.1", "localhost", "::1"):
        err.print(Text.assemble(("warning: ", "yellow"),
                                f"listening on {address}: the dashboard is reachable from other machines"))
    out.print(f"{'Hub dashboard' if hub else 'Dashboard'} on http://{address}:{port} (Ctrl+C to stop), "
              f"serving {serving}")
    env = os.environ | {"RETURNSTATS_DB": str(db.resolve()), "RETURNSTATS_SERVING": str(serving.resolve())}
    app_file = dashboard_script(hub)
    # streamlit run, its libraries imported before the first visitor (returnstats/dashboard/serve.py)
    command = [sys.executable, "-m", "returnstats.dashboard.serve", "run", str(app_file),
               "--server.address", address, "--server.port", str(port), "--server.headless", "true",
               "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "viewer", "--client.showErrorDetails", "false"]
    child = subprocess.Popen(command, env=env)

    def forward(signum, _frame):  # stopping `returnstats dashboard` stops the server it started
        child.send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    code = child.wait()
    raise typer.Exit(EXIT_OK if code in (0, -signal.SIGTERM, -signal.SIGINT) else code)


@hub_app.command("receive")
def hub_receive(
    source: Annotated[Path, typer.Argument(help="Folder holding export folders, each with its manifest.json.")],
    db: HubOption = DEFAULT_HUB_DB,
) -> None:
    """Check and load every transmission file under DIR; a refused file is listed with its reason."""
    from collections import Counter

    from returnstats.hub.receive import ReceiveError, receive

    try:
        receipts = receive(db, source)
    except ReceiveError as e:
        raise fail(str(e)) from None
    except WarehouseBusy as e:
        raise fail(f"{e} — nothing was received") from None
    counts = Counter(r.outcome for r in receipts)
    for r in receipts:
        if r.outcome == "refused":
            err.print(Text.assemble(("refused: ", "bold red"), f"{Path(r.folder).name}/{r.file}: {r.reason}"))
    out.print(f"{counts['accepted']} accepted, {counts['unchanged']} unchanged (received before), "
              f"{counts['refused']} refused — hub {db}")
    if counts["refused"]:
        raise typer.Exit(EXIT_DATA)


@hub_app.command("build")
def hub_build(
    var: Annotated[list[str] | None, typer.Option("--var", help="Setting KEY=VALUE (see dbt_project.yml).")] = None,
    db: HubOption = DEFAULT_HUB_DB,
) -> None:
    """Build the EU aggregates, completeness, revisions and the hub's Art. 25a; publish them."""
    from returnstats.build import BuildError, build_and_publish

    try:
        serving = build_and_publish(db, dbt_vars=_settings(var) or None, hub=True,
                                    echo=lambda line: out.print(line, soft_wrap=True))
    except BuildError as e:
        raise fail(str(e), EXIT_DATA if e.data_problem else EXIT_STRUCTURE) from None
    except WarehouseBusy as e:
        raise fail(str(e)) from None
    out.print(f"Published the hub's figures to {serving}")


@hub_app.command("export")
def hub_export(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the EU transmission files.")],
    quarter: Annotated[str | None, typer.Option(help="Quarter YYYY-Qn.")] = None,
    month: Annotated[str | None, typer.Option(help="Month YYYY-MM (FRONTEX_M).")] = None,
    year: Annotated[int | None, typer.Option(help="Year YYYY (annual flows and ART25A_A).")] = None,
    db: HubOption = DEFAULT_HUB_DB,
) -> None:
    """Write the EU aggregates (GEO EU27_2020, EU27_2020_EFTA) of one period as transmission files."""
    from returnstats.export import ExportError, parse_period
    from returnstats.hub.export import export_hub_period
    from returnstats.periods import MONTH, QUARTER, YEAR

    if sum([bool(quarter), bool(month), year is not None]) != 1:
        raise fail("give exactly one of --quarter YYYY-Qn, --month YYYY-MM or --year YYYY")
    kind, label = (QUARTER, quarter) if quarter else (MONTH, month) if month else (YEAR, year)
    try:
        manifest = export_hub_period(db, out_dir, parse_period(kind, label))
    except ExportError as e:
        raise fail(str(e)) from None
    partial = [f["file"] for f in manifest["files"] if f.get("countries_missing") or f.get("countries_not_collected")]
    incomplete = f"; {len(partial)} aggregate(s) without every country (status P, see manifest.json)"
    out.print(f"{manifest['period']}: {len(manifest['files'])} files → {out_dir}" + (incomplete if partial else ""))


@hub_app.command("status")
def hub_status(
    period: Annotated[str | None, typer.Option(help="One period (YYYY-Qn, YYYY-MM or YYYY; a year shows its "
                                                       "quarters and months too).")] = None,
    db: HubOption = DEFAULT_HUB_DB,
    json_output: JsonOption = False,
) -> None:
    """Which country has sent what: received, late, revised, missing; and the refused files."""
    from returnstats.hub.status import HubStatusError, completeness, refusals

    use_json(json_output)
    try:
        table, refused = completeness(db, period), refusals(db)
    except HubStatusError as e:
        raise fail(str(e)) from None
    if json_output:
        emit_json({"completeness": json.loads(table.to_json(orient="records", date_format="iso")),
                   "refused": json.loads(refused.to_json(orient="records", date_format="iso"))})
        return
    # plain columns: readable at any terminal width, and in a log
    out.print(f"Hub completeness{' — ' + period if period else ''}: countries per dataflow and period")
    out.print(f"{'dataflow':<10} {'period':<8} {'deadline':<10} {'expected':>8} {'received':>8} {'late':>5} "
              f"{'revised':>7}  missing (deadline passed) / not yet due", soft_wrap=True)
    for r in table.itertuples():
        deadline = "" if pd_missing(r.deadline) else str(r.deadline)[:10]
        gaps = " / ".join(x for x in (r.missing, r.not_yet_due and f"not yet due: {r.not_yet_due}") if x) or "-"
        out.print(f"{r.dataflow:<10} {r.time_period:<8} {deadline:<10} {r.expected:>8} {r.received:>8} {r.late:>5} "
                  f"{r.revised:>7}  {gaps}", soft_wrap=True)
    if len(refused):
        out.print(f"{len(refused)} refused file(s):")
        for r in refused.itertuples():
            out.print(f"  {r.received_at:%Y-%m-%d %H:%M} {Path(r.folder).name}/{r.file_name}: {r.reason}")
    else:
        out.print("No refused file.")


def pd_missing(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _one_line(error: BaseException) -> str:
    """What went wrong, in words a user can act on, without the program's internals."""
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or "No space left on device" in text:
        return f"the disk is full ({text}); free space and run the command again — nothing half-written is kept"
    if isinstance(error, OSError) and error.errno in (errno.EROFS, errno.EACCES, errno.EPERM) \
            or "Read-only file system" in text or "Permission denied" in text:
        return f"cannot write where it must ({text})"
    return text[:500]


def main() -> None:
    """The console entry point: every failure is one line on stderr and an exit code, never a
    traceback; the traceback goes to the run's log file for whoever maintains the installation."""
    started = time.monotonic()
    try:
        app()
    except SystemExit as done:
        log.info("finished with exit code %s in %.1f s", done.code or 0, time.monotonic() - started)
        raise
    except KeyboardInterrupt:
        log.warning("interrupted after %.1f s", time.monotonic() - started)
        err.print("interrupted")
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 — the last line of defence; the detail is logged
        err.print(Text.assemble(("error: ", "bold red"), _one_line(error) + _details_logged(error)),
                  level=logging.ERROR)
        sys.exit(EXIT_STRUCTURE)


def _details_logged(error: BaseException) -> str:
    """Where the traceback went: the run's log file, or a file of its own when there is none."""
    if logs.log_file is not None:
        logging.getLogger("returnstats").debug("unexpected error", exc_info=error)
        return f" (details: {logs.log_file})"
    target = Path(tempfile.gettempdir()) / f"returnstats-error-{os.getpid()}.log"
    try:
        target.write_text("".join(traceback.format_exception(error)))
    except OSError:
        return ""
    return f" (details: {target})"


if __name__ == "__main__":
    main()
