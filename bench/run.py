"""`make bench`: wall time and peak memory of every stage at EU scale, next to the alternatives.

For each scale: generate the extract (CSV and Parquet); check that the pipeline, the pandas
script and the limit query give the same EIL_ORD_Q and ART48_Q cell by cell (else the
comparison is void); then time each stage REPEATS times and report median, min and max.
Peak memory is the largest resident set of the whole process tree, sampled every 50 ms.

usage: python bench/run.py [--scales 1,10] [--repeats 3] [--work bench/out]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIRST, LAST = "2024-Q1", "2025-Q4"
ENV = os.environ | {"RETURNSTATS_KEY": "benchmark-pseudonymisation-key-32-bytes-long", "GX_ANALYTICS_ENABLED": "false"}


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def measure(command: list[str]) -> tuple[float, float]:
    """(seconds, peak MB of the process tree) of one command, which must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    # returnstats exits 1 for data warnings, which are fine here; a script's 1 is a failure
    if process.returncode not in ((0, 1) if command[0].endswith("returnstats") else (0,)):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, peak


def rs(*args: str) -> list[str]:
    return [str(BIN / "returnstats"), *args]


def py(script: str, *args: str) -> list[str]:
    return [sys.executable, str(ROOT / "bench" / script), *args]


def pipeline_cells(db: Path, out: Path) -> None:
    con = duckdb.connect()
    con.execute(f"attach '{db.with_name(db.stem + '.serving.duckdb')}' as pub (read_only)")
    con.execute(f"""copy (
        select 'EIL_ORD_Q' as flow, geo, time_period, '' as indic, citizen, sex, age, obs_value from pub.marts.eil_ord_q
        where obs_value > 0 and time_period between '{FIRST}' and '{LAST}'
        union all select 'ART48_Q', geo, time_period, indic, citizen, sex, age, obs_value from pub.marts.art48_q
        where obs_value > 0 and time_period between '{FIRST}' and '{LAST}') to '{out}' (format parquet)""")


def same_cells(a: Path, b: Path) -> int:
    """Number of differing cells (0 when equal); raises nothing, so the report says it."""
    select = "select flow, geo, time_period, coalesce(indic, '') as indic, citizen, sex, age, obs_value from '{}'"
    con = duckdb.connect()
    return sum(con.execute(f"select count(*) from ({select.format(x)} except all {select.format(y)})").fetchone()[0]
               for x, y in ((a, b), (b, a)))


def run_scale(scale: float, repeats: int, work: Path) -> dict:
    data = work / f"scale_{scale:g}"
    shutil.rmtree(data, ignore_errors=True)
    extracts = {fmt: data / fmt for fmt in ("csv", "parquet")}
    stages: dict[str, list[tuple[float, float]]] = {}
    for fmt, folder in extracts.items():
        stages[f"generate ({fmt})"] = [measure(rs("generate", "--out", str(folder), "--scale", str(scale),
                                                  "--from", FIRST, "--to", LAST, "--format", fmt))]
    rows = sum(scalar(f"select count(*) from '{p}'") for p in extracts["parquet"].glob("*.parquet"))

    db = data / "wh" / "returnstats.duckdb"
    correctness = check_correctness(extracts, db, data)
    for _ in range(repeats):
        for fmt, folder in extracts.items():
            shutil.rmtree(db.parent, ignore_errors=True)
            stages.setdefault(f"ingest ({fmt})", []).append(measure(rs("ingest", str(folder), "--db", str(db))))
        stages.setdefault("build", []).append(measure(rs("build", "--db", str(db))))
        stages.setdefault("validate", []).append(measure(rs("validate", "--quarter", LAST, "--db", str(db))))
        shutil.rmtree(data / "exports", ignore_errors=True)
        stages.setdefault("export (one quarter, 31 countries)", []).append(
            measure(rs("export", "--quarter", LAST, "--out", str(data / "exports"), "--db", str(db))))
        stages.setdefault("alternative: pandas script (csv)", []).append(
            measure(py("pandas_baseline.py", str(extracts["csv"]), FIRST, LAST, str(data / "pandas.parquet"))))
        for fmt, folder in extracts.items():
            stages.setdefault(f"limit: one DuckDB query ({fmt})", []).append(
                measure(py("limit_query.py", str(folder), fmt, FIRST, LAST, str(data / f"limit_{fmt}.parquet"))))
    pages = json.loads(subprocess.run(py("dashboard_pages.py", str(db)), env=ENV, cwd=ROOT, check=True,
                                      capture_output=True, text=True).stdout.strip().splitlines()[-1])
    processed = rows_processed(data, db, rows)
    return {"scale": scale, "input_rows": rows, "correctness": correctness,
            "stages": {name: summarise(runs) | {"rows": processed.get(name.split(" (")[0].split(":")[0])}
                       for name, runs in stages.items()},
            "dashboard_pages_seconds": pages, "ratios": ratios(stages)}


def rows_processed(data: Path, db: Path, input_rows: int) -> dict[str, int]:
    """Rows each stage handles: rows read (ingest, pandas, limit), cells published (build), cells checked
    (validate: the quarter's cells), data rows written (export)."""
    serving = db.with_name(db.stem + ".serving.duckdb")
    con = duckdb.connect(str(serving), read_only=True)
    marts = [t for (t,) in con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()]
    cells = sum(con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in marts)
    quarter = sum(con.execute(f"select count(*) from marts.{t} where time_period like '{LAST[:4]}%'").fetchone()[0]
                  for t in ("art48_q", "eil_ord_q", "eil_rtn_q", "eil_rtt_q", "frontex_m"))
    con.close()
    manifest = json.loads((data / "exports" / "manifest.json").read_text())
    return {"generate": input_rows, "ingest": input_rows, "build": cells, "validate": quarter,
            "export": sum(f["rows"] for f in manifest["files"]), "alternative": input_rows, "limit": input_rows}


def check_correctness(extracts: dict, db: Path, data: Path) -> dict:
    measure(rs("ingest", str(extracts["csv"]), "--db", str(db)))
    measure(rs("build", "--db", str(db)))
    pipeline_cells(db, data / "pipeline.parquet")
    measure(py("pandas_baseline.py", str(extracts["csv"]), FIRST, LAST, str(data / "pandas.parquet")))
    measure(py("limit_query.py", str(extracts["parquet"]), "parquet", FIRST, LAST, str(data / "limit.parquet")))
    result = {"cells": scalar(f"select count(*) from '{data / 'pipeline.parquet'}'"),
              "differences_vs_pandas": same_cells(data / "pipeline.parquet", data / "pandas.parquet"),
              "differences_vs_limit": same_cells(data / "pipeline.parquet", data / "limit.parquet")}
    if result["differences_vs_pandas"] or result["differences_vs_limit"]:
        raise SystemExit(f"the three computations disagree, the comparison would be void: {result}")
    return result


def scalar(sql: str):
    return duckdb.connect().execute(sql).fetchone()[0]


def summarise(runs: list[tuple[float, float]]) -> dict:
    seconds = [s for s, _ in runs]
    return {"median_s": round(statistics.median(seconds), 2), "min_s": round(min(seconds), 2),
            "max_s": round(max(seconds), 2), "peak_rss_mb": round(max(m for _, m in runs)), "runs": len(runs)}


def ratios(stages: dict) -> dict:
    median = {name: statistics.median(s for s, _ in runs) for name, runs in stages.items()}
    ours = {fmt: median[f"ingest ({fmt})"] + median["build"] for fmt in ("csv", "parquet")}
    end_to_end = median["ingest (parquet)"] + median["build"] + median["validate"] + \
        median["export (one quarter, 31 countries)"]
    return {
        "ingest+build (parquet) / limit (parquet)":
            round(ours["parquet"] / median["limit: one DuckDB query (parquet)"], 1),
        "ingest+build (csv) / limit (csv)": round(ours["csv"] / median["limit: one DuckDB query (csv)"], 1),
        "ingest+build (csv) / pandas (csv)": round(ours["csv"] / median["alternative: pandas script (csv)"], 2),
        "end to end (ingest parquet, build, validate, export) seconds": round(end_to_end, 1),
    }


def run_spark(scale: float, work: Path) -> dict:
    """The whole build on DuckDB and on a local Spark session (issue 19), once each, on the same
    warehouse (run_scale's when it is there), and whether their published marts are the same."""
    from incremental import marts_differ  # here: incremental.py imports this module
    data = work / f"scale_{scale:g}"
    db = data / "wh" / "returnstats.duckdb"
    if not db.exists():
        extract = data / "parquet"
        if not extract.exists():
            measure(rs("generate", "--out", str(extract), "--scale", str(scale), "--from", FIRST, "--to", LAST,
                       "--format", "parquet"))
        measure(rs("ingest", str(extract), "--db", str(db)))
    serving = db.with_name("returnstats.serving.duckdb")
    duckdb_build = measure(rs("build", "--full-refresh", "--db", str(db)))
    by_duckdb = data / "serving_by_duckdb.duckdb"
    shutil.copyfile(serving, by_duckdb)
    spark_build = measure(rs("build", "--engine", "spark", "--db", str(db)))
    return {"scale": scale, "duckdb_build": summarise([duckdb_build]), "spark_build": summarise([spark_build]),
            "marts_differing_rows": marts_differ(by_duckdb, serving, ("marts", "ref")),
            "ratio_spark_to_duckdb": round(spark_build[0] / duckdb_build[0], 1)}


def markdown(results: dict) -> str:
    lines = [f"Machine: {results['machine']['cpus']} cores, {results['machine']['memory_gb']} GB, "
             f"{results['machine']['platform']}; returnstats {results['versions']['returnstats']}, duckdb "
             f"{results['versions']['duckdb']}, dbt-core {results['versions']['dbt-core']}.", ""]
    for scale in results["scales"]:
        lines += [f"### Scale {scale['scale']:g} ({scale['input_rows']:,} input rows, "
                  f"{scale['correctness']['cells']:,} "
                  "EIL_ORD_Q + ART48_Q cells, identical in all three computations)", "",
                  f"Measured {scale.get('measured', results.get('scales_measured', 'before 2026-11-24'))}.", "",
                  "| stage | median s | min s | max s | peak RSS MB | runs | rows |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name, s in scale["stages"].items():
            rows = f"{s['rows']:,}" if s.get("rows") else ""
            lines.append(f"| {name} | {s['median_s']} | {s['min_s']} | {s['max_s']} | {s['peak_rss_mb']} | {s['runs']} "
                         f"| {rows} |")
        lines += ["", "| ratio | value |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in scale["ratios"].items()]
        lines += ["", "Dashboard page render (AppTest, cold cache / warm cache, seconds): " + ", ".join(
            f"{page} {t['cold']}/{t['warm']}" for page, t in scale["dashboard_pages_seconds"].items()), ""]
    for run in results.get("incremental", []):
        measured = run.get("measured") or results.get("incremental_measured", "unknown")
        lines += [f"### Adding {run['added_quarter']} to {run['history_quarters']} quarters at scale {run['scale']:g} "
                  f"(marts equal to a full rebuild: {'yes' if run['marts_differing_cells'] == 0 else 'NO'})", "",
                  f"Measured: {measured}.", "",
                  "| step | seconds | peak RSS MB |", "|---|---:|---:|"]
        lines += [f"| {k} | {v} | {run['peak_mb'][k]} |" for k, v in run["seconds"].items()]
        pandas = (run["ratio_added_to_pandas_history"] if run.get("ratio_added_to_pandas_history") is not None
                  else f"not run (it would need about {run.get('pandas_not_run_estimated_gb')} GB of memory)")
        pieces = " The extract was generated in pieces of 8 quarters (bench/chunked_extract.py)." \
            if run.get("generated_in_pieces") else ""
        lines += ["", f"Adding the quarter / loading it alone: {run['ratio_added_to_alone']}; adding the quarter / "
                      f"pandas over the whole history: {pandas}.{pieces}", ""]
    for run in results.get("spark", []):
        lines += [f"### The build on Spark beside DuckDB, scale {run['scale']:g} (published marts equal: "
                  f"{'yes' if run['marts_differing_rows'] == 0 else 'NO'})", "", f"Measured: {run['measured']}.", "",
                  "| engine | seconds | peak RSS MB (with the JVM) |", "|---|---:|---:|",
                  f"| DuckDB (`build --full-refresh`) | {run['duckdb_build']['median_s']} | "
                  f"{run['duckdb_build']['peak_rss_mb']} |",
                  f"| Spark, local session (`build --engine spark`) | {run['spark_build']['median_s']} | "
                  f"{run['spark_build']['peak_rss_mb']} |", "",
                  f"Spark / DuckDB: {run['ratio_spark_to_duckdb']}×.", ""]
    if results.get("dashboard_paint_seconds"):
        lines += [f"Dashboard first paint measured: {results['dashboard_paint_measured']}.", ""]
    for side, pages in results.get("dashboard_paint_seconds", {}).items():
        lines += [f"Dashboard first meaningful paint in headless Chromium, {side} (seconds, a new visitor, cold / "
                  "warm query cache): " + ", ".join(f"{page} {t.get('first_cold', '–')}/{t.get('first_warm', '–')}"
                                                    for page, t in pages.items()), "",
                  f"Dashboard page finished in headless Chromium, {side} (seconds: a new visitor, cold / warm "
                  "query cache; reached from the overview by its sidebar link; reloaded by a returning visitor): "
                  + ", ".join(f"{page} {t['cold']}/{t['warm']}/{t.get('in_app', '–')}/{t.get('returning', '–')}"
                              for page, t in pages.items()), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default=os.environ.get("BENCH_SCALES", "1,10"))
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", "3")))
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--incremental", default=os.environ.get("BENCH_INCREMENTAL", "1:8,10:40"),
                        help="SCALE:QUARTERS,... warehouses to add one quarter to ('' for none)")
    parser.add_argument("--demo-db", type=Path, default=ROOT / "warehouse" / "returnstats.duckdb")
    parser.add_argument("--demo-hub-db", type=Path, default=ROOT / "warehouse" / "hub.duckdb")
    parser.add_argument("--spark-scales", default=os.environ.get("BENCH_SPARK_SCALES", "1"),
                        help="scales at which to time the build on Spark beside DuckDB ('' for none)")
    parser.add_argument("--resume", action="store_true",
                        help="reuse the incremental scenarios' prepared history (bench/incremental.py --resume)")
    args = parser.parse_args()
    results = _previous_results()  # sections not run this time keep their last measurement
    results.update({
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)},
        "versions": {p: version(p) for p in ("returnstats", "duckdb", "dbt-core", "dbt-duckdb", "polars", "pandas",
                                             "great_expectations", "streamlit")},
        "first_quarter": FIRST, "last_quarter": LAST,
    })
    stamp = _stamp()

    def save() -> None:
        (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
        (ROOT / "bench" / "results.md").write_text(markdown(results) + "\n")

    for scale in (float(s) for s in args.scales.split(",") if s):
        print(f"scale {scale:g} …", flush=True)
        measured = run_scale(scale, args.repeats, args.work) | {"measured": stamp}
        kept = [s for s in results.get("scales", []) if s["scale"] != scale]
        results["scales"] = sorted([*kept, measured], key=lambda s: s["scale"])
        save()
    for spec in (s for s in args.incremental.split(",") if s):
        scale, history = spec.split(":")
        print(f"incremental: scale {scale}, {history} quarters of history …", flush=True)
        resume = ["--resume"] if args.resume else []
        measured = _json_line(py("incremental.py", scale, history, str(args.work), *resume)) | {"measured": stamp}
        key = (float(scale), int(history))
        kept = [r for r in results.get("incremental", []) if (r["scale"], r["history_quarters"]) != key]
        results["incremental"] = sorted([*kept, measured], key=lambda r: (r["scale"], r["history_quarters"]))
        save()
    for scale in (float(s) for s in args.spark_scales.split(",") if s):
        print(f"spark: scale {scale:g} …", flush=True)
        measured = run_spark(scale, args.work) | {"measured": stamp}
        results["spark"] = sorted([*(r for r in results.get("spark", []) if r["scale"] != scale), measured],
                                  key=lambda r: r["scale"])
        save()
    if args.demo_db.exists():
        print("dashboard first paint on the demo …", flush=True)
        hub = [str(args.demo_hub_db)] if args.demo_hub_db.exists() else []
        results["dashboard_paint_seconds"] = _json_line(py("dashboard_paint.py", str(args.demo_db), *hub))
        results["dashboard_paint_measured"] = stamp
        save()
    print(markdown(results))


def _previous_results() -> dict:
    path = ROOT / "bench" / "results.json"
    return json.loads(path.read_text()) if path.exists() else {"scales": []}


def _stamp() -> str:
    """When, and with which code, a section was measured."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return f"{time.strftime('%Y-%m-%d')}, commit {commit.stdout.strip() or 'unknown'}"


def _json_line(command: list[str]) -> dict:
    done = subprocess.run(command, env=ENV, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
