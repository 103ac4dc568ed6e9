"""`returnstats build`: dbt build into a scratch database, then publish the marts.

The warehouse is only ever attached read-only by dbt, so a failed build cannot change
it. The published serving file (what the dashboard and the exports read) is written
under a temporary name and renamed over the previous one only after a successful build:
readers see either the old or the new marts, never a mixture.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import yaml

from returnstats import __version__, build_state, clock, environment
from returnstats.files import replace_file, temporary_sibling
from returnstats.ingest.schema import upgrade_warehouse
from returnstats.resources import PROJECT_DIR
from returnstats.sql import memory_limit
from returnstats.warehouse import (
    SERVING_STORAGE_VERSION,
    WarehousePaths,
    WarehouseUnusable,
    connect_reader,
    exclusive,
    serving_path,
)

log = logging.getLogger(__name__)

# Published for the dashboard and the exports: the transmission and analytic marts and the code lists.
PUBLISHED_SCHEMAS = ("marts", "ref")
# The two sides of the product build from one dbt project: the Member State warehouse builds
# everything but models/hub; the hub builds models/hub and the seeds it reads.
NATIONAL_SELECTION = ["--exclude", "path:models/hub", "tag:guaranteed_by_ingestion", "tag:grain"]
HUB_SELECTION = ["--select", "+path:models/hub", "path:seeds", "--indirect-selection", "cautious",
                 "--exclude", "tag:guaranteed_by_ingestion", "tag:grain"]
# A production build checks the data, not the code: dbt's unit tests, the data tests of what
# ingestion already enforces (tag guaranteed_by_ingestion) and the grain tests of the
# intermediate models (tag grain: a property of the SQL, not of a delivery) run in `make test`
# only (tests/integration/test_dbt_code_tests.py).
PRODUCTION_EXCLUSIONS = ["--exclude-resource-type", "unit_test"]
# On Spark every test runs, unit tests included: the engine is what is under test there.
SPARK_SELECTION = ["--exclude", "path:models/hub"]
HUB_PUBLISHED_SCHEMAS = ("eu", "ref")  # not "hub": DuckDB names a file hub.*.duckdb's catalog "hub"


class BuildError(Exception):
    def __init__(self, message: str, data_problem: bool = False):
        super().__init__(message)
        self.data_problem = data_problem


def scratch_path(db: Path) -> Path:
    return WarehousePaths(db).build_scratch


def dbt_environment(db: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    work = db.resolve().parent
    return os.environ | (extra or {}) | {
        "RETURNSTATS_DB": str(db.resolve()),
        "RETURNSTATS_BUILD_DB": str(scratch_path(db).resolve()),
        "RETURNSTATS_MEMORY_LIMIT": memory_limit(),  # one limit for ingest and build
        "DBT_TARGET_PATH": str(work / "dbt_target"),
        "DBT_LOG_PATH": str(work / "dbt_logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def _die_with_parent() -> None:
    """In the dbt child, before it starts: the kernel kills it when `returnstats` dies, however
    it dies (Linux PR_SET_PDEATHSIG), so no orphaned dbt goes on holding the build files."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def run_dbt(db: Path, args: list[str], echo: Callable[[str], None], dbt_vars: dict | None = None,
            extra_env: dict[str, str] | None = None) -> int:
    """dbt in a subprocess (in-process dbt has kept files locked after the call)."""
    dbt = Path(sys.executable).with_name("dbt")
    cmd = [str(dbt), "--warn-error-options", json.dumps(_warnings_as_errors()), "--no-use-colors", *args,
           "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
    if dbt_vars:
        cmd += ["--vars", json.dumps(dbt_vars)]
    log.info("running %s", " ".join(cmd))
    proc = subprocess.Popen(cmd, env=dbt_environment(db, extra_env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=PROJECT_DIR, preexec_fn=_die_with_parent)
    assert proc.stdout is not None
    in_traceback = False
    for line in proc.stdout:
        # dbt prints Python tracebacks of its adapter: they stay in dbt's own log (dbt_logs/), not on screen
        if "Traceback (most recent call last)" in line:
            in_traceback = True
            echo("(dbt printed an internal traceback: see the dbt log in the warehouse folder, dbt_logs/)")
        elif in_traceback and (line.startswith((" ", "\t")) or not line.strip()):
            log.debug("dbt: %s", line.rstrip())  # the traceback is kept in the run's log file
            continue
        else:
            in_traceback = False
        if not in_traceback:
            echo(line.rstrip())
    code = proc.wait()
    log.info("dbt exited with code %s", code)
    return code


def _dbt_project() -> dict:
    return yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())


def _warnings_as_errors() -> dict:
    """Every dbt warning is an error, but those the project silences (its dbt file locations)."""
    return {"error": "all", "silence": _dbt_project()["flags"]["warn_error_options"]["silence"]}


def default_settings() -> dict:
    """The methodology settings (dbt vars) with their defaults, from dbt_project.yml."""
    return _dbt_project()["vars"]


def settings_in_force(overrides: dict | None) -> dict:
    """Every setting the build uses: the defaults with the overrides given; an unknown name is refused."""
    defaults = default_settings()
    unknown = sorted(set(overrides or {}) - set(defaults))
    if unknown:
        raise BuildError(f"unknown setting(s) {', '.join(unknown)}; the settings are: {', '.join(sorted(defaults))}")
    return defaults | (overrides or {})


def _check_readable(db: Path) -> None:
    """A corrupt or foreign file is refused here, in one line, before dbt meets it."""
    try:
        con = connect_reader(db)
    except WarehouseUnusable as e:
        raise BuildError(str(e)) from None
    try:
        con.execute("select count(*) from information_schema.tables").fetchone()
    except duckdb.Error as e:
        raise BuildError(f"{db}: the warehouse cannot be read ({str(e).splitlines()[0]})") from None
    finally:
        con.close()


def _check_buildable(db: Path, hub: bool = False) -> None:
    if not db.exists():
        raise BuildError(f"no hub database at {db}: receive transmission files first with `returnstats hub receive DIR`"
                         if hub else f"no warehouse at {db}: load an extract first with `returnstats ingest DIR`")
    _check_readable(db)
    if any(c in str(db.resolve()) for c in "'\"\\"):
        # dbt-duckdb writes the path into its ATTACH statement unquoted-escaped
        raise BuildError(f"the warehouse path {db.resolve()} holds a quote or backslash, which dbt cannot attach: "
                         "move the warehouse to a folder without one")


def build_and_publish(db: Path, echo: Callable[[str], None] = print, dbt_vars: dict | None = None,
                      hub: bool = False, full_refresh: bool = False) -> Path:
    """Build the Member State warehouse `db` (or, with hub=True, the hub database `db`) and
    publish its marts to the serving file beside it."""
    settings = settings_in_force(dbt_vars)  # a misspelt setting is refused before anything runs
    _check_buildable(db, hub)
    scratch = scratch_path(db)
    if not hub and upgrade_warehouse(db):
        echo(f"{db}: upgraded to this version's layout (persons joined by a compact key)")
    with exclusive(WarehousePaths(db).build_lock, "build"):
        if hub:  # the hub's models are small: always built whole
            build_state.discard(scratch)
            _dbt_build(db, HUB_SELECTION, echo, dbt_vars)
            return publish(scratch, serving_path(db), db, settings, HUB_PUBLISHED_SCHEMAS, HUB_AUDIT_COPIES)
        fingerprint = build_state.project_fingerprint(settings)
        plan = build_state.plan_build(db, scratch, fingerprint, full_refresh)
        echo(f"Build: {'full (' + plan.reason + ')' if plan.full else plan.reason}")
        build_state.begin(scratch, plan)
        _dbt_build(db, NATIONAL_SELECTION, echo, dbt_vars)
        build_state.complete(scratch, plan, fingerprint)
        return publish(scratch, serving_path(db), db, settings)


def build_on_spark(db: Path, echo: Callable[[str], None] = print, dbt_vars: dict | None = None,
                   landing: Path | None = None, spark_dir: Path | None = None) -> Path:
    """Build the national models on a Spark session (docs/scale-out.md) from the warehouse's
    landing (or from `landing`, a folder `returnstats export-landing` wrote), run every data and
    unit test there, and publish the marts Spark wrote into the serving file beside `db`.
    Spark's files (metastore, tables) go to `spark_dir`, else to a folder removed afterwards."""
    from returnstats import spark

    settings = settings_in_force(dbt_vars)
    _check_buildable(db)
    if problem := spark.missing_requirement():
        raise BuildError(problem)
    with exclusive(WarehousePaths(db).build_lock, "build"):
        work = Path(tempfile.mkdtemp(prefix=".returnstats-spark-", dir=db.resolve().parent))
        try:
            if landing is None:
                echo("Landing: the warehouse's landing tables as Parquet, by reporting country")
                landing = work / "landing"
                spark.export_landing(db, landing, echo)
            spark_dir = (spark_dir or work / "spark").resolve()
            shutil.rmtree(spark_dir, ignore_errors=True)  # a fresh metastore: every Spark build is whole
            code = run_dbt(db, ["build", "--target", "spark", "--full-refresh", *SPARK_SELECTION], echo,
                           (dbt_vars or {}) | spark.dbt_vars(landing),
                           {environment.SPARK_DIR.name: str(spark_dir), "PYTHONWARNINGS": spark.QUIET_WARNINGS})
            if code != 0:
                raise BuildError("dbt build on Spark failed (see the lines above); the warehouse and the published "
                                 "marts are unchanged", data_problem=code == 1)
            scratch = work / "spark.duckdb"
            spark.load_into_duckdb(spark.spark_tables(spark_dir / "warehouse", PUBLISHED_SCHEMAS), scratch)
            return publish(scratch, serving_path(db), db, settings)
        except spark.SparkError as e:
            raise BuildError(str(e)) from None
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _dbt_build(db: Path, selection: list[str], echo: Callable[[str], None], dbt_vars: dict | None) -> None:
    code = run_dbt(db, ["build", *selection, *PRODUCTION_EXCLUSIONS], echo, dbt_vars)
    if code != 0:
        raise BuildError(
            "dbt build failed (see the lines above); the warehouse and the published marts are unchanged",
            data_problem=code == 1,
        )


# The load audit, published for the national dashboard's data-quality page: the national
# statistician downloads the quarantined rows there to send them back to the data owner. (The
# national serving file stays on the national side; the hub never receives it.)
AUDIT_COPIES = {
    "deliveries": "select * from source_warehouse.audit.deliveries",
    "delivery_files": "select * from source_warehouse.audit.delivery_files",
    "quarantine_reasons": "select delivery_id, table_name, column_name, reason, count(distinct line) as rows "
                          "from source_warehouse.audit.quarantine group by all",
    "quarantine": "select * from source_warehouse.audit.quarantine order by delivery_id, table_name, line",
}


# The hub publishes its receipt log (refusals) for `hub status` and the dashboard.
HUB_AUDIT_COPIES = {"refusals": "select * from source_warehouse.received.refusals"}


def publish(scratch: Path, serving: Path, warehouse: Path, settings: dict | None = None,
            schemas: tuple[str, ...] = PUBLISHED_SCHEMAS, audit_copies: dict[str, str] = AUDIT_COPIES) -> Path:
    """Copy the marts (and the load audit) into a new file, then rename it over the serving file (atomic)."""
    for stale in serving.parent.glob(f".{serving.name}.*.tmp"):  # left by a publish that was killed
        stale.unlink(missing_ok=True)
    tmp = temporary_sibling(serving)
    # Every database is attached under an explicit alias to an in-memory session: DuckDB names a
    # database opened directly after its file, which could clash with an alias.
    con = duckdb.connect()
    try:
        con.execute(f"attach ? as published_new (storage_version '{SERVING_STORAGE_VERSION}')", [str(tmp)])
        con.execute("attach ? as build_scratch (read_only)", [str(scratch)])
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'build_scratch' "
            f"and schema_name in {schemas} order by all"
        ).fetchall():
            con.execute(f"create schema if not exists published_new.{schema}")
            con.execute(f"create table published_new.{schema}.{table} as select * from build_scratch.{schema}.{table}")
        con.execute("attach ? as source_warehouse (read_only)", [str(warehouse)])
        con.execute("create schema published_new.audit")
        for table, query in audit_copies.items():
            con.execute(f"create table published_new.audit.{table} as {query}")
        # What built these figures: recorded so every export can say it (manifest.json).
        con.execute("create table published_new.main.publication as select ? as published_at, "
                    "? as software_version, ? as settings_json",
                    [clock.stored_now(), __version__,
                     json.dumps(settings if settings is not None else default_settings())])
        con.execute("detach build_scratch; detach source_warehouse")
        con.execute("checkpoint published_new")
        con.execute("detach published_new")
    finally:
        con.close()
    os.chmod(tmp, 0o444)
    replace_file(tmp, serving)
    return serving
