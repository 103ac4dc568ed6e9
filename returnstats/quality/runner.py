"""Running the expectation suites (`expectations/*.json`) with Great Expectations.

Each suite validates the frame of the same name (returnstats/quality/frames.py). Every
expectation carries Great Expectations' own `severity` — `critical` (reported as blocking:
export refuses) or `warning` — and its reason in `description`.

One validation of a quarter is one GX Checkpoint, `returnstats_<quarter>`, whose validation
definitions are `<suite>_<quarter>`: the data docs list the runs per quarter. The frames reach
GX as Parquet files (a Checkpoint passes the same batch parameters to every definition, so an
in-memory frame per suite cannot be handed over), indexed by their key columns, which is how
GX names the offending rows. The data docs are made to work offline: the stylesheets, scripts
and fonts GX loads from CDNs are shipped in `expectations/data_docs_assets/` and the built
pages point to copies beside them (`make_docs_offline`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import duckdb

from returnstats import clock
from returnstats.periods import previous_quarter
from returnstats.quality.frames import FRAMES, Frame
from returnstats.resources import EXPECTATIONS_DIR
from returnstats.warehouse import serving_path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

log = logging.getLogger(__name__)

SUITES_DIR = EXPECTATIONS_DIR
DOCS_ASSETS_DIR = EXPECTATIONS_DIR / "data_docs_assets"
DOCS_VENDOR_DIR = "static/vendor"  # where a data docs site gets its copy of DOCS_ASSETS_DIR


class ValidationError(Exception):
    """Validation could not run (nothing built, no such quarter)."""


def checkpoint_name(quarter: str) -> str:
    """The GX Checkpoint (and data source) of one quarter's validation."""
    return f"returnstats_{quarter}"


def validation_definition_name(suite: str, quarter: str) -> str:
    return f"{suite}_{quarter}"


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
    checkpoint: str = ""
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
    for name, suite in suites.items():
        # a frame's key columns become its index (they name the offending rows): not checkable columns
        checked_keys = {e["kwargs"].get("column") for e in suite["expectations"]} & set(FRAMES[name].keys)
        if checked_keys:
            raise ValidationError(f"suite {name} checks the key column(s) {sorted(checked_keys)} of its frame")
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
    run = ValidationRun(quarter, previous_quarter(quarter), _now(), checkpoint=checkpoint_name(quarter))
    run.results = _validate_with_gx(load_suites(), frames, quarter, docs_dir)
    run.finished_at = _now()
    return run


def _validate_with_gx(suites: dict[str, dict], frames: dict, quarter: str, docs_dir: Path | None) -> list[CheckResult]:
    """Run the quarter's Checkpoint; with `docs_dir`, in a file-backed GX project there that
    keeps every run and its data docs, else in memory (an export's gate)."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    if docs_dir:
        docs_dir.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(docs_dir))
    else:
        context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # our CLI prints its own summary
    with tempfile.TemporaryDirectory(prefix="returnstats-gx-") as scratch:
        # A file-backed project keeps the frames it validated beside its results.
        frames_dir = (Path(context.root_directory) / "uncommitted" / "frames" / quarter) if docs_dir else Path(scratch)
        frames_dir.mkdir(parents=True, exist_ok=True)
        source = context.data_sources.add_or_update_pandas(checkpoint_name(quarter))
        definitions = []
        for name, suite_json in suites.items():
            path = _write_frame(frames_dir, FRAMES[name], frames[name])
            batch = source.add_parquet_asset(name, path=path).add_batch_definition_whole_dataframe("whole_frame")
            suite = context.suites.add_or_update(gx.ExpectationSuite(**suite_json))
            definitions.append(context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=validation_definition_name(name, quarter), data=batch, suite=suite)))
        checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(
            name=checkpoint_name(quarter), validation_definitions=definitions,
            result_format={"result_format": "COMPLETE"}))
        outcome = checkpoint.run(run_id=RunIdentifier(run_name=checkpoint.name, run_time=clock.now()))
    by_suite = {result.suite_name: result for result in outcome.run_results.values()}
    if docs_dir:
        # The run's pages and the index, in one build (GX's UpdateDataDocsAction builds the site
        # once per suite: eight times the same templates compiled).
        context.build_data_docs(resource_identifiers=[*outcome.run_results,
                                                      *(ExpectationSuiteIdentifier(name=s) for s in suites)])
        for site in context.get_docs_sites_urls():
            left = make_docs_offline(Path(unquote(urlparse(site["site_url"]).path)).parent)
            if left:
                log.warning("the data docs still load %s: not in %s", ", ".join(sorted(left)),
                            DOCS_ASSETS_DIR / "assets.json")
    return [_check_result(name, r) for name in suites for r in by_suite[name].results]


def _write_frame(folder: Path, frame: Frame, data) -> Path:
    """The frame as Parquet, indexed by its key columns: GX names an offending row by its index."""
    path = folder / f"{frame.name}.parquet"
    indexed = data.set_index(list(frame.keys))
    if not indexed.index.is_unique:
        raise ValidationError(f"frame {frame.name}: its key columns {frame.keys} do not name one row each")
    indexed.to_parquet(path)
    return path


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
    return clock.iso_now()


# --- data docs without the network ------------------------------------------------------------

# An http(s) URL a page loads: a script's or image's src, a stylesheet's href, a CSS url().
_REMOTE = re.compile(r"""(?P<lead>\b(?:src|href)\s*=\s*["']|url\(\s*["']?)(?P<url>https?://[^\s"'()<>]+)""",
                     re.IGNORECASE)
_TAG = re.compile(r"<(?:script|link)\b[^>]*>", re.IGNORECASE)
_CROSS_ORIGIN = re.compile(r"""\s+(?:integrity|crossorigin)\s*=\s*(?:"[^"]*"|'[^']*')""", re.IGNORECASE)


def docs_asset_urls() -> dict[str, str]:
    """Each remote URL GX's data docs load → the local file replacing it, relative to a site's root."""
    manifest = json.loads((DOCS_ASSETS_DIR / "assets.json").read_text())
    return ({url: f"{DOCS_VENDOR_DIR}/{path}" for url, path in manifest["shipped"].items()}
            | {url: f"static/{path}" for url, path in manifest["gx_static"].items()})


def make_docs_offline(site: Path) -> set[str]:
    """Copy the shipped assets into a built data docs site and point its pages (and GX's own
    stylesheets) at them, instead of CDNs. Returns the remote URLs still loaded (none, unless
    a Great Expectations upgrade added one that assets.json does not map)."""
    urls = docs_asset_urls()
    vendor = site / DOCS_VENDOR_DIR
    shutil.copytree(DOCS_ASSETS_DIR, vendor, dirs_exist_ok=True)
    left: set[str] = set()
    for page in [*site.rglob("*.html"), *site.rglob("*.css")]:
        if vendor in page.parents:
            continue  # the shipped files themselves, untouched
        text = page.read_text(encoding="utf-8")
        rewritten = _local_references(text, urls, "../" * (len(page.relative_to(site).parts) - 1))
        if rewritten != text:
            page.write_text(rewritten, encoding="utf-8")
        left |= {m["url"] for m in _REMOTE.finditer(rewritten) if not _is_text_link(rewritten, m)}
    return left


def _local_references(text: str, urls: dict[str, str], up: str) -> str:
    """`text` with each mapped URL replaced by the local file (`up` leads from the page to the
    site's root), and without integrity/crossorigin on tags that now load a local file:
    subresource integrity and CORS do not apply to a file:// page, browsers refuse the script."""
    def local(match: re.Match) -> str:
        target = urls.get(match["url"].split("?", 1)[0])
        return match[0] if target is None else match["lead"] + up + target

    def without_cross_origin(tag: re.Match) -> str:
        remote = re.search(r"""(?:src|href)\s*=\s*["']https?:""", tag[0], re.IGNORECASE)
        return tag[0] if remote else _CROSS_ORIGIN.sub("", tag[0])

    return _TAG.sub(without_cross_origin, _REMOTE.sub(local, text))


def _is_text_link(text: str, match: re.Match) -> bool:
    """An <a href> (a link the reader may follow), not something the page loads."""
    if not match["lead"].lower().startswith("href"):
        return False
    return re.match(r"<a\b", text[text.rfind("<", 0, match.start()):], re.IGNORECASE) is not None
