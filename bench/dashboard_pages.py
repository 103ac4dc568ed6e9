"""Render time of each dashboard page under AppTest (cold cache, then warm), printed as JSON.

usage: python bench/dashboard_pages.py WAREHOUSE.duckdb
"""

from __future__ import annotations

import json
import os
import sys
import time

from streamlit.testing.v1 import AppTest

from returnstats.resources import dashboard_script

VIEWS = ["overview", "compare", "article48", "returns", "cooperation", "frontex", "quality", "glossary"]


def main(db: str) -> None:
    os.environ["RETURNSTATS_DB"] = db
    app = AppTest.from_file(str(dashboard_script()), default_timeout=300)
    app.run()
    timings = {}
    for view in VIEWS:
        runs = []
        for _ in range(2):  # the first run fills the query cache
            app.switch_page(f"views/{view}.py")
            start = time.perf_counter()
            app.run()
            runs.append(round(time.perf_counter() - start, 2))
            failed = [e.value for e in app.exception] + [e.value for e in app.error if "could not be drawn" in e.value]
            if failed:  # the page's error boundary turns an exception into that message
                raise SystemExit(f"{view}: {failed[0]}")
        timings[view] = {"cold": runs[0], "warm": runs[1]}
    print(json.dumps(timings))


if __name__ == "__main__":
    main(sys.argv[1])
