"""First meaningful paint of every dashboard page in headless Chromium (issue 16/18 target:
under 2 s on the demo). The dashboard is served for real (`returnstats dashboard`); each page
is opened in a fresh browser context, and two times are taken from the start of navigation: the
first meaningful paint (the first metric value, drawn chart, table grid or message in the page's
main area, while the page may still be running below it) and the page finished (it has stopped
running and shows its first chart, table, metric or message).
Each page is opened twice: the first visit fills the dashboard's query cache (cold), the second
shows what every later visitor gets (warm). Both are a new visitor's: a fresh browser context,
so Streamlit's scripts (and Plotly's 4.7 MB chunk, on a page with a chart) are loaded and
compiled again each time. A third time (in_app) goes to the page from the overview by its link
in the sidebar, as a visitor moves between pages: the scripts are already loaded, only the page
runs and draws. A fourth (returning) reloads that page in the same browser, as a visitor who
has used the dashboard before opens a link: Streamlit's scripts come from the browser's cache
(served `immutable`), the page loads and runs anew.

usage: python bench/dashboard_paint.py WAREHOUSE.duckdb [HUB.duckdb]   (prints one JSON line)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
NATIONAL = ["", "compare", "article48", "returns", "cooperation", "frontex", "quality", "glossary"]
HUB = ["", "member_states", "completeness", "country"]
CONTENT = ('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stMetric"], '
           '[data-testid="stTable"], [data-testid="stAlert"]')
PAINTED = f"""() => document.querySelector('[data-testid="stSidebarNav"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && document.querySelector('{CONTENT}')"""
# First meaningful paint: the first thing a reader can read is drawn in the page's main area (a
# metric's value, a chart's drawing, a table's grid, a message), whether or not the page is still
# running below it. A chart counts once Plotly has drawn it, not when its empty frame appears.
READABLE = ('[data-testid="stMetricValue"], [data-testid="stPlotlyChart"] .main-svg, '
            '[data-testid="stDataFrame"] canvas, [data-testid="stTable"] table, [data-testid="stAlert"]')
MEANINGFUL = f"""() => {{ const main = document.querySelector('[data-testid="stMain"]');
    return main && main.querySelector('{READABLE}'); }}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(args: list[str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen([str(BIN / "returnstats"), "dashboard", *args, "--port", str(port)],
                               stdout=tempfile.TemporaryFile(), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return process, url
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("the dashboard did not start")


def paint_times(url: str, pages: list[str]) -> dict[str, dict[str, float]]:
    times: dict[str, dict[str, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            titles = {}
            for page_path in pages:
                runs, firsts = [], []
                for _ in range(2):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.goto(f"{url}/{page_path}")
                    page.wait_for_function(MEANINGFUL, timeout=120_000, polling=20)
                    firsts.append(round(page.evaluate("performance.now()") / 1000, 2))
                    page.wait_for_function(PAINTED, timeout=120_000, polling=20)
                    runs.append(round(page.evaluate("performance.now()") / 1000, 2))
                    titles[page_path] = page.locator("h1").first.inner_text()
                    context.close()
                times[page_path or "overview"] = {"cold": runs[0], "warm": runs[1],
                                                  "first_cold": firsts[0], "first_warm": firsts[1]}
            for page_path, seconds in in_app_times(browser, url, pages[1:], titles).items():
                times[page_path] |= seconds
            times["overview"]["returning"] = returning_time(browser, url)
        finally:
            browser.close()
    return times


def returning_time(browser, url: str) -> float:
    """The first page reloaded in a browser that has shown it once."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(PAINTED, timeout=120_000, polling=20)
    page.reload()
    page.wait_for_function(PAINTED, timeout=120_000, polling=20)
    seconds = round(page.evaluate("performance.now()") / 1000, 2)
    context.close()
    return seconds


def in_app_times(browser, url: str, pages: list[str], titles: dict[str, str]) -> dict[str, dict[str, float]]:
    """Each page reached from the first one by its sidebar link: from the click until the page
    (known by its title) has finished running and shows its content; then the page reloaded."""
    times = {}
    for page_path in pages:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(PAINTED, timeout=120_000, polling=20)
        link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{page_path}"]')
        start = page.evaluate("performance.now()")
        link.click()
        page.wait_for_function(f"""() => {{
            const h1 = document.querySelector('h1');
            return h1 && h1.innerText === {json.dumps(titles[page_path])} && ({PAINTED})(); }}""",
                               timeout=120_000, polling=20)
        in_app = round((page.evaluate("performance.now()") - start) / 1000, 2)
        page.reload()
        page.wait_for_function(PAINTED, timeout=120_000, polling=20)
        times[page_path] = {"in_app": in_app, "returning": round(page.evaluate("performance.now()") / 1000, 2)}
        context.close()
    return times


def main() -> None:
    results = {}
    for name, args, pages in (("national", ["--db", sys.argv[1]], NATIONAL),
                              ("hub", ["--hub", "--hub-db", sys.argv[2]] if len(sys.argv) > 2 else None, HUB)):
        if args is None:
            continue
        process, url = serve(args)
        try:
            results[name] = paint_times(url, pages)
        finally:
            process.terminate()
            process.wait(timeout=20)
    print(json.dumps(results))


if __name__ == "__main__":
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    main()
