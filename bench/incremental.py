"""`make bench`, incremental scenario (issue 18): what adding one quarter costs a warehouse that
already holds HISTORY quarters, against loading that quarter into an empty warehouse, against a
full rebuild of the whole history, and against the pandas script recomputing the whole history
(what a statistician's script does every quarter).

The extract of HISTORY + 1 quarters is generated once and cut (returnstats/split_extract.py)
into one delivery per calendar year of history and the added quarter: each delivery carries its
period's rows and the persons they refer to, as an extract does. After the incremental build the published marts
are compared with those of a full rebuild (they must be equal, or the timing is void).

usage: python bench/incremental.py SCALE HISTORY WORK [--prepare-only] [--resume]   (prints one JSON line)

--prepare-only generates and loads the history and stops; --resume reuses such a preparation
(its timings included) instead of generating and loading again: the 40-quarter scale-10
history takes longer to prepare than everything after it.
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path

import duckdb
from run import measure, py, rs  # bench/ is on sys.path when run as a script

from returnstats.generate import quarters_between
from returnstats.periods import parse_quarter, previous_quarter
from returnstats.split_extract import split_extract

LAST = "2025-Q4"


def first_quarter(history: int) -> str:
    quarter = LAST
    for _ in range(history):
        quarter = previous_quarter(quarter)
    return quarter


def marts_differ(a: Path, b: Path, schemas: tuple[str, ...] = ("marts",)) -> int:
    """Rows of any table of `schemas` that one serving file has and the other lacks."""
    con = duckdb.connect()
    con.execute(f"attach '{a}' as a (read_only); attach '{b}' as b (read_only)")
    tables = con.execute("select schema_name, table_name from duckdb_tables() where database_name = 'a' "
                         "and list_contains(?, schema_name)", [list(schemas)]).fetchall()
    return sum(con.execute(f"select count(*) from (select * from {x}.{s}.{t} except all select * from {y}.{s}.{t})")
               .fetchall()[0][0] for s, t in tables for x, y in (("a", "b"), ("b", "a")))


# The pandas script holds the whole history in memory: 17.5 GB at scale 1 with 41 quarters
# (measured). Where that estimate exceeds what the machine can give it, it is not run.
PANDAS_GB_PER_SCALE_QUARTER = 17.5 / 41
PANDAS_MEMORY_LIMIT_GB = 20
# Above this many scale-quarters the extract is generated in pieces (bench/chunked_extract.py).
ONE_SHOT_GENERATION_LIMIT = 100


def _in_pieces(scale: float, first: str) -> bool:
    return scale * len(quarters_between(first, LAST)) > ONE_SHOT_GENERATION_LIMIT


def _generate(extract: Path, scale: float, first: str) -> list[str]:
    if _in_pieces(scale, first):
        return py("chunked_extract.py", str(extract), str(scale), first, LAST)
    return rs("generate", "--out", str(extract), "--scale", str(scale), "--from", first, "--to", LAST)


def _history_deliveries(extract: Path, data: Path, first: str) -> list[Path]:
    """The history cut into one delivery per calendar year (as a backfill arrives, and as ingestion
    can hold it: 40 quarters at scale 10 in one delivery spill more than 45 GB), and the added
    quarter into data/added."""
    first_year = int(first[:4])
    cuts = [date(year, 1, 1) for year in range(first_year + 1, int(LAST[:4]) + 1)] + [parse_quarter(LAST).start]
    deliveries, rest = [], extract
    for cut in cuts:
        earlier, later = data / f"history_{cut.year - 1 if cut.month == 1 else cut.year}", data / f"rest_{cut}"
        split_extract(rest, cut, earlier, later)
        if rest != extract:
            shutil.rmtree(rest)
        deliveries.append(earlier)
        rest = later
    rest.rename(data / "added")
    return deliveries


def _prepare(data: Path, scale: float, first: str, timings: dict) -> None:
    """Generate (unless a complete extract of the same scenario is there), cut and load the
    history; kept in data/ (prepared.json) for a later run."""
    extract, marker = data / "extract", data / "extract.json"
    if marker.exists() and json.loads(marker.read_text())["first_quarter"] == first:
        timings["generate"] = json.loads(marker.read_text())["generate"]
    else:
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        timings["generate"] = measure(_generate(extract, scale, first))
        marker.write_text(json.dumps({"first_quarter": first, "generate": timings["generate"]}))
    deliveries = _reuse_deliveries(data) or _split(extract, data, first)
    loads = [measure(rs("ingest", str(delivery), "--db", str(data / "wh" / DB))) for delivery in deliveries]
    timings["history: ingest"] = (sum(s for s, _ in loads), max(mb for _, mb in loads))
    shutil.copytree(data / "wh", data / "wh.prepared")
    (data / "prepared.json").write_text(json.dumps(timings))


def _split(extract: Path, data: Path, first: str) -> list[Path]:
    keep = ("extract", "extract.json")
    for stale in [p for p in data.iterdir() if p.name not in keep]:
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    deliveries = _history_deliveries(extract, data, first)
    (data / "deliveries.json").write_text(json.dumps([d.name for d in deliveries]))
    return deliveries


def _reuse_deliveries(data: Path) -> list[Path] | None:
    """The yearly deliveries of an earlier, completed cut of the same extract (deliveries.json)."""
    listed = data / "deliveries.json"
    if not listed.exists() or not (data / "added").exists():
        return None
    for stale in ("wh", "wh.prepared", "empty", "prepared.json"):
        path = data / stale
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    return [data / name for name in json.loads(listed.read_text())]


def _reuse_prepared(data: Path) -> dict | None:
    """The timings of a preparation of the same scenario, its history warehouse restored."""
    if not (data / "prepared.json").exists():
        return None
    shutil.rmtree(data / "wh", ignore_errors=True)
    shutil.rmtree(data / "empty", ignore_errors=True)
    shutil.copytree(data / "wh.prepared", data / "wh")
    return {k: tuple(v) if v else None for k, v in json.loads((data / "prepared.json").read_text()).items()}


DB = "returnstats.duckdb"


def run(scale: float, history: int, work: Path, resume: bool = False, prepare_only: bool = False) -> dict:
    data = work / f"incremental_{scale:g}_{history}"
    first = first_quarter(history)
    timings = (_reuse_prepared(data) if resume else None) or {}
    if not timings:
        _prepare(data, scale, first, timings)
    if prepare_only:
        return {"scale": scale, "history_quarters": history, "prepared": str(data)}
    db, empty = data / "wh" / DB, data / "empty" / DB
    new = data / "added"
    timings["history: build (full)"] = measure(rs("build", "--db", str(db)))
    timings["add a quarter: ingest"] = measure(rs("ingest", str(new), "--db", str(db)))
    timings["add a quarter: build (incremental)"] = measure(rs("build", "--db", str(db)))
    incremental = data / "incremental.serving.duckdb"
    shutil.copy(db.with_name(db.stem + ".serving.duckdb"), incremental)
    timings["whole history: build (full)"] = measure(rs("build", "--full-refresh", "--db", str(db)))
    differing = marts_differ(incremental, db.with_name(db.stem + ".serving.duckdb"))
    timings["empty warehouse: ingest the quarter"] = measure(rs("ingest", str(new), "--db", str(empty)))
    timings["empty warehouse: build"] = measure(rs("build", "--db", str(empty)))
    pandas_gb = PANDAS_GB_PER_SCALE_QUARTER * scale * (history + 1)
    if pandas_gb <= PANDAS_MEMORY_LIMIT_GB:
        timings["pandas script, whole history (csv)"] = measure(
            py("pandas_baseline.py", str(data / "extract"), first, LAST, str(data / "pandas.parquet")))
    added = timings["add a quarter: ingest"][0] + timings["add a quarter: build (incremental)"][0]
    alone = timings["empty warehouse: ingest the quarter"][0] + timings["empty warehouse: build"][0]
    pandas = timings.get("pandas script, whole history (csv)")
    return {"scale": scale, "history_quarters": history, "first_quarter": first, "added_quarter": LAST,
            "generated_in_pieces": _in_pieces(scale, first),
            "marts_differing_cells": differing,
            # a reused extract has no generation time ("generate": null)
            "seconds": {k: round(v[0], 1) for k, v in timings.items() if v},
            "peak_mb": {k: round(v[1]) for k, v in timings.items() if v},
            "ratio_added_to_alone": round(added / alone, 2),
            "ratio_added_to_pandas_history": round(added / pandas[0], 2) if pandas else None,
            "pandas_not_run_estimated_gb": None if pandas else round(pandas_gb)}


if __name__ == "__main__":
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    scale_arg, history_arg, work_arg = [a for a in sys.argv[1:] if not a.startswith("--")]
    print(json.dumps(run(float(scale_arg), int(history_arg), Path(work_arg),
                         resume="--resume" in flags, prepare_only="--prepare-only" in flags)))
