"""`make bench`, incremental scenario (issue 18): what adding one quarter costs a warehouse that
already holds HISTORY quarters, against loading that quarter into an empty warehouse, against a
full rebuild of the whole history, and against the pandas script recomputing the whole history
(what a statistician's script does every quarter).

The extract of HISTORY + 1 quarters is generated once and cut at the last quarter
(returnstats/split_extract.py): the added delivery carries its quarter's rows and the persons
they refer to, as a quarterly extract does. After the incremental build the published marts
are compared with those of a full rebuild (they must be equal, or the timing is void).

usage: python bench/incremental.py SCALE HISTORY WORK   (prints one JSON line)
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import duckdb

from run import measure, py, rs  # bench/ is on sys.path when run as a script
from returnstats.periods import parse_quarter, previous_quarter
from returnstats.split_extract import split_extract

LAST = "2025-Q4"


def first_quarter(history: int) -> str:
    quarter = LAST
    for _ in range(history):
        quarter = previous_quarter(quarter)
    return quarter


def marts_differ(a: Path, b: Path) -> int:
    con = duckdb.connect()
    con.execute(f"attach '{a}' as a (read_only); attach '{b}' as b (read_only)")
    tables = [t for (t,) in con.execute("select table_name from duckdb_tables() where database_name = 'a' "
                                       "and schema_name = 'marts'").fetchall()]
    return sum(con.execute(f"select count(*) from (select * from a.marts.{t} except all select * from b.marts.{t}) "
                           f"union all select count(*) from (select * from b.marts.{t} except all "
                           f"select * from a.marts.{t})").fetchall()[i][0] for t in tables for i in (0, 1))


def run(scale: float, history: int, work: Path) -> dict:
    data = work / f"incremental_{scale:g}_{history}"
    shutil.rmtree(data, ignore_errors=True)
    first = first_quarter(history)
    extract = data / "extract"
    timings = {"generate": measure(rs("generate", "--out", str(extract), "--scale", str(scale), "--from", first,
                                      "--to", LAST))}
    old, new = split_extract(extract, parse_quarter(LAST).start, data / "history", data / "added")
    db, empty = data / "wh" / "returnstats.duckdb", data / "empty" / "returnstats.duckdb"
    timings["history: ingest"] = measure(rs("ingest", str(old), "--db", str(db)))
    timings["history: build (full)"] = measure(rs("build", "--db", str(db)))
    timings["add a quarter: ingest"] = measure(rs("ingest", str(new), "--db", str(db)))
    timings["add a quarter: build (incremental)"] = measure(rs("build", "--db", str(db)))
    incremental = data / "incremental.serving.duckdb"
    shutil.copy(db.with_name(db.stem + ".serving.duckdb"), incremental)
    timings["whole history: build (full)"] = measure(rs("build", "--full-refresh", "--db", str(db)))
    differing = marts_differ(incremental, db.with_name(db.stem + ".serving.duckdb"))
    timings["empty warehouse: ingest the quarter"] = measure(rs("ingest", str(new), "--db", str(empty)))
    timings["empty warehouse: build"] = measure(rs("build", "--db", str(empty)))
    timings["pandas script, whole history (csv)"] = measure(
        py("pandas_baseline.py", str(extract), first, LAST, str(data / "pandas.parquet")))
    added = timings["add a quarter: ingest"][0] + timings["add a quarter: build (incremental)"][0]
    alone = timings["empty warehouse: ingest the quarter"][0] + timings["empty warehouse: build"][0]
    return {"scale": scale, "history_quarters": history, "first_quarter": first, "added_quarter": LAST,
            "marts_differing_cells": differing,
            "seconds": {k: round(v[0], 1) for k, v in timings.items()},
            "peak_mb": {k: round(v[1]) for k, v in timings.items()},
            "ratio_added_to_alone": round(added / alone, 2),
            "ratio_added_to_pandas_history": round(added / timings["pandas script, whole history (csv)"][0], 2)}


if __name__ == "__main__":
    print(json.dumps(run(float(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))))
