"""Running the expectation suites (`expectations/*.json`) with Great Expectations.

Each suite validates the frame of the same name (returnstats/quality/frames.py). Every
expectation carries Great Expectations' own `severity` — `critical` (reported as blocking:
export refuses) or `warning` — and its reason in `description`.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from returnstats.periods import previous_quarter
from returnstats.quality.frames import FRAMES, Frame
from returnstats.resources import EXPECTATIONS_DIR
from returnstats.warehouse import serving_path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

SUITES_DIR = EXPECTATIONS_DIR


class ValidationError(Exception):
    """Validation could not run (nothing built, no such quarter)."""


@dataclass
class CheckResult:
    suite: str
    expectation: str
    column: str
    severity: str
    description: str
    success: bool
    offending: list[dict] = field(default_factory=list)


@dataclass
class ValidationRun:
    quarter: str
    previous: str
    started_at: str
    finished_at: str = ""
    results: list[CheckResult] = field(default_factory=list)

    @property
    def blocking_failures(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success and r.severity == "blocking"]

    @property
    def warnings(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success and r.severity != "blocking"]

    def to_dict(self) -> dict:
        return asdict(self) | {"blocking_failed": len(self.blocking_failures), "warnings": len(self.warnings)}


def load_suites() -> dict[str, dict]:
    suites = {p.stem: json.loads(p.read_text()) for p in sorted(SUITES_DIR.glob("*.json"))}
    missing = set(suites) ^ set(FRAMES)
    if missing:
        raise ValidationError(f"expectation suites and frames do not match: {sorted(missing)}")
    return suites


def _open(db: Path, serving: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The warehouse as `wh` and the published marts as `pub` (by default the serving file; an
    export passes the publication it pinned, so it validates exactly what it writes)."""
    serving = serving or serving_path(db)
    if not db.exists() or not serving.exists():
        raise ValidationError(f"the warehouse has not been built ({serving} missing): run `returnstats build` first")
    con = duckdb.connect()
    con.execute("attach ? as wh (read_only)", [str(db)])
    con.execute("attach ? as pub (read_only)", [str(serving)])
    return con


def latest_quarter(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("select max(time_period) from pub.marts.eil_ord_q").fetchone()
    if not row or not row[0]:
        raise ValidationError("the published warehouse holds no quarter")
    return row[0]


def published_quarters(db: Path, serving: Path | None = None) -> set[str]:
    """The quarters of the published reporting calendar (any country)."""
    con = _open(db, serving)
    try:
        return {r[0] for r in con.execute("select distinct time_period from pub.marts.eil_ord_q").fetchall()}
    finally:
        con.close()


def compute_frames(con: duckdb.DuckDBPyConnection, quarter: str) -> dict:
    params = {"quarter": quarter, "previous": previous_quarter(quarter)}
    frames = {}
    for frame in FRAMES.values():
        needed = {k: v for k, v in params.items() if f"${k}" in frame.sql}
        frames[frame.name] = con.execute(frame.sql, needed).df()
    return frames


def run_validation(db: Path, quarter: str | None = None, docs_dir: Path | None = None,
                   serving: Path | None = None) -> ValidationRun:
    """Validate the warehouse and the published marts of `quarter` (default: the latest)."""
    con = _open(db, serving)
    try:
        quarter = quarter or latest_quarter(con)
        known = con.execute("select count(*) from pub.marts.eil_ord_q where time_period = ?", [quarter]).fetchone()[0]
        if not known:
            raise ValidationError(f"no data for quarter {quarter} in the published warehouse")
        frames = compute_frames(con, quarter)
    finally:
        con.close()
    run = ValidationRun(quarter, previous_quarter(quarter), _now())
    run.results = _validate_with_gx(load_suites(), frames, docs_dir)
    run.finished_at = _now()
    return run


def _validate_with_gx(suites: dict[str, dict], frames: dict, docs_dir: Path | None) -> list[CheckResult]:
    import great_expectations as gx

    if docs_dir:
        docs_dir.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(docs_dir))
    else:
        context = gx.get_context(mode="ephemeral")
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # our CLI prints its own summary
    source = context.data_sources.add_or_update_pandas("returnstats_frames")
    results = []
    for name, suite_json in suites.items():
        frame: Frame = FRAMES[name]
        asset = _asset(source, name)
        batch = _batch_definition(asset)
        suite = context.suites.add_or_update(gx.ExpectationSuite(**suite_json))
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=name, data=batch, suite=suite))
        outcome = definition.run(
            batch_parameters={"dataframe": frames[name]},
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": list(frame.keys)},
        )
        results += [_check_result(name, r) for r in outcome.results]
    if docs_dir:
        context.build_data_docs()
    return results


def _asset(source, name: str):
    try:
        return source.get_asset(name)
    except LookupError:
        return source.add_dataframe_asset(name)


def _batch_definition(asset):
    try:
        return asset.get_batch_definition("whole_frame")
    except (KeyError, LookupError):
        return asset.add_batch_definition_whole_dataframe("whole_frame")


def _check_result(suite: str, r) -> CheckResult:
    config = r.expectation_config
    offending = [{k: _plain(v) for k, v in row.items()} for row in (r.result or {}).get("unexpected_index_list") or []]
    severity = "blocking" if config.severity == "critical" else "warning"  # FailureSeverity is a str enum
    return CheckResult(suite, config.type, config.kwargs.get("column", ""), severity,
                       config.description or "", bool(r.success), offending)


def _plain(value):
    """numpy scalars to plain Python, for JSON."""
    return value.item() if hasattr(value, "item") else value


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
