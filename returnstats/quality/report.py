"""What `returnstats validate` shows and writes: a compact summary and the QA report."""

from __future__ import annotations

import html
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from returnstats.files import write_atomically
from returnstats.quality.runner import CheckResult, ValidationRun

MAX_OFFENDING_SHOWN = 5


def offending_text(result: CheckResult, limit: int = MAX_OFFENDING_SHOWN) -> str:
    rows = [", ".join(f"{k}={v}" for k, v in row.items()) for row in result.offending[:limit]]
    more = len(result.offending) - limit
    return "; ".join(rows) + (f"; … {more} more" if more > 0 else "")


def _ordered(run: ValidationRun) -> list[CheckResult]:
    """Failures first (blocking before warnings), then passes."""
    rank = {(False, "blocking"): 0, (False, "warning"): 1}
    return sorted(run.results, key=lambda r: (rank.get((r.success, r.severity), 2), r.suite))


def print_summary(console: Console, run: ValidationRun) -> None:
    grid = Table(title=f"Validation of {run.quarter} (previous quarter {run.previous})")
    for heading in ("status", "severity", "check", "why it matters", "offending"):
        grid.add_column(heading, overflow="fold")
    for r in _ordered(run):
        status = Text("ok", "green") if r.success else (Text("BLOCKING", "bold red") if r.severity == "blocking"
                                                        else Text("warning", "yellow"))
        grid.add_row(status, r.severity, f"{r.suite}.{r.column}", r.description,
                     offending_text(r) if not r.success else "")
    console.print(grid)
    console.print(f"{len(run.blocking_failures)} blocking failure(s), {len(run.warnings)} warning(s), "
                  f"{sum(r.success for r in run.results)} of {len(run.results)} checks passed.")


def write_report(qa_dir: Path, run: ValidationRun) -> tuple[Path, Path]:
    qa_dir.mkdir(parents=True, exist_ok=True)
    data = json.dumps(run.to_dict(), indent=2, default=str)
    json_path = qa_dir / f"qa_{run.quarter}.json"
    html_path = qa_dir / f"qa_{run.quarter}.html"
    for path, payload in ((json_path, data), (qa_dir / "latest.json", data), (html_path, _html(run))):
        write_atomically(path, payload)
    return json_path, html_path


def _html(run: ValidationRun) -> str:
    rows = []
    for r in _ordered(run):
        status = "ok" if r.success else r.severity.upper()
        rows.append("<tr class='{}'><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            "ok" if r.success else r.severity, status, html.escape(f"{r.suite}.{r.column}"),
            html.escape(r.description), html.escape(offending_text(r, 50)) if not r.success else ""))
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>QA {run.quarter}</title>
<style>body{{font-family:sans-serif;margin:2em}} td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}
table{{border-collapse:collapse}} .blocking{{background:#fdd}} .warning{{background:#ffd}}</style></head><body>
<h1>Data quality — {run.quarter}</h1>
<p>Validated {html.escape(run.started_at)}; previous quarter {run.previous}.
{len(run.blocking_failures)} blocking failure(s), {len(run.warnings)} warning(s).
Great Expectations checkpoint {html.escape(run.checkpoint)}:
<a href="gx/gx/uncommitted/data_docs/local_site/index.html">data docs</a> (they work offline).</p>
<table><tr><th>status</th><th>check</th><th>why it matters</th><th>offending</th></tr>
{''.join(rows)}</table></body></html>"""
