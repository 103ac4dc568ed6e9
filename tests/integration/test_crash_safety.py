"""SIGKILL of ingest, build and export at random points: afterwards the warehouse, the serving
file and the export folder are each as before or complete, and re-running succeeds."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from returnstats.generate import generate_extract
from returnstats.ingest.contract import TABLES
from returnstats.warehouse import serving_path
from tests.conftest import BIN, run_cli
from tests.handmade_extract import built_warehouse

pytestmark = pytest.mark.slow
KILL_SEEDS = [1, 2, 3]
SLOW_KILL_SEEDS = [1, 2]  # build and export take longer: two random points each


def _kill_after(args: list[str], delay: float) -> int | None:
    """Start the real command, SIGKILL it after `delay` seconds; its exit code if it finished first."""
    process = subprocess.Popen([str(BIN / "returnstats"), *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=os.environ.copy(), start_new_session=True)
    try:
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the whole tree: dbt runs as a child
        process.wait()
        return None


def _state(db) -> tuple:
    """A fingerprint of everything loaded: per table, row count and an order-free hash."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [f"landing.{t}" for t in TABLES] + ["audit.deliveries", "audit.delivery_files", "audit.quarantine"]
        return tuple(con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {name} t").fetchone()
                     for name in tables[:-3]) + tuple(
            con.execute(f"select count(*) from {name}").fetchone() for name in tables[-3:])
    finally:
        con.close()


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def extracts(tmp_path_factory):
    base = tmp_path_factory.mktemp("crash")
    generate_extract(base / "a", scale=0.02, seed=1, first="2024-Q1", last="2024-Q2")
    generate_extract(base / "b", scale=0.02, seed=2, first="2024-Q1", last="2024-Q2")
    return base


def _warehouse(extracts, tmp_path, deliveries: list[str], built: bool):
    db = tmp_path / "wh" / "returnstats.duckdb"
    for name in deliveries:
        assert run_cli("ingest", str(extracts / name), "--db", str(db)).returncode == 0
    if built:
        assert run_cli("build", "--db", str(db)).returncode == 0
    return db


@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_killed_ingest_leaves_the_warehouse_as_before_or_complete(extracts, tmp_path, seed):
    db = _warehouse(extracts, tmp_path, ["a"], built=False)
    before = _state(db)
    reference = tmp_path / "ref" / "returnstats.duckdb"
    reference.parent.mkdir()
    shutil.copy(db, reference)
    assert run_cli("ingest", str(extracts / "b"), "--db", str(reference)).returncode == 0
    complete = _state(reference)

    _kill_after(["ingest", str(extracts / "b"), "--db", str(db)], random.Random(seed).uniform(0.3, 3.0))
    assert _state(db) in (before, complete)
    assert run_cli("ingest", str(extracts / "b"), "--db", str(db)).returncode == 0
    assert _state(db) == complete


@pytest.mark.parametrize("seed", SLOW_KILL_SEEDS)
def test_killed_build_leaves_the_published_marts_as_before_or_complete(extracts, tmp_path, seed):
    db = _warehouse(extracts, tmp_path, ["a"], built=True)
    serving = serving_path(db)
    before = _digest(serving)
    assert run_cli("ingest", str(extracts / "b"), "--db", str(db)).returncode == 0
    warehouse_before = _digest(db)

    _kill_after(["build", "--db", str(db)], random.Random(seed).uniform(1.0, 25.0))
    assert _digest(db) == warehouse_before  # the build never writes the warehouse
    if _digest(serving) != before:  # a new publication must be complete
        con = duckdb.connect(str(serving), read_only=True)
        tables = {t for (t,) in con.execute("select table_name from duckdb_tables() where schema_name = 'marts'")
                  .fetchall()}
        con.close()
        assert {"art48_q", "eil_ord_q", "eil_rtn_q", "eil_rtt_q", "frontex_m", "art25a_a"} <= tables
    assert run_cli("build", "--db", str(db)).returncode == 0
    assert not list(serving.parent.glob(".*.tmp"))


@pytest.mark.parametrize("seed", SLOW_KILL_SEEDS)
def test_killed_export_leaves_each_file_as_before_or_complete(extracts, tmp_path, seed):
    db = _warehouse(extracts, tmp_path, ["a"], built=True)
    out, reference = tmp_path / "out", tmp_path / "reference"
    assert run_cli("export", "--quarter", "2024-Q2", "--out", str(out), "--db", str(db)).returncode == 0
    old = _written(out / "manifest.json")
    old_manifest = _digest(out / "manifest.json")
    assert run_cli("ingest", str(extracts / "b"), "--db", str(db)).returncode == 0
    assert run_cli("build", "--db", str(db)).returncode == 0
    assert run_cli("export", "--quarter", "2024-Q2", "--out", str(reference), "--db", str(db)).returncode == 0
    new = _written(reference / "manifest.json")

    _kill_after(["export", "--quarter", "2024-Q2", "--out", str(out), "--db", str(db)],
                random.Random(seed).uniform(0.5, 6.0))
    for path in out.iterdir():
        if path.name.startswith("."):
            continue  # a temporary file, never under a final name
        if path.name == "manifest.json":
            json.loads(path.read_text())  # parses: it is complete
            assert _digest(path) == old_manifest or _written(path) == new
        elif path.name.startswith("REVISIONS_"):
            assert path.read_text().startswith("dataflow,")
        else:
            assert _digest(path) in {old.get(path.name), new.get(path.name)} - {None}, path.name
    assert run_cli("export", "--quarter", "2024-Q2", "--out", str(out), "--db", str(db)).returncode == 0
    assert _written(out / "manifest.json") == new
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def _written(manifest_path):
    """file name -> SHA-256 of every file a manifest lists: the data files and the structure."""
    manifest = json.loads(manifest_path.read_text())
    structure = manifest["structure"]
    return {f["file"]: f["sha256"] for f in manifest["files"]} | {structure["file"]: structure["sha256"]}


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def test_killing_returnstats_alone_takes_dbt_with_it(tmp_path):
    """SIGKILL of the returnstats process only (not its process group): its dbt child dies too,
    and the next build runs."""
    db = built_warehouse(tmp_path)
    build = subprocess.Popen([str(BIN / "returnstats"), "build", "--db", str(db)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=os.environ)
    deadline = time.monotonic() + 60
    while not _children(build.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    dbt = _children(build.pid)
    assert dbt, "dbt never started"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{p}").exists() and "zombie" not in _state(p) for p in dbt) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in dbt if Path(f"/proc/{p}").exists() and "zombie" not in _state(p)]
    assert run_cli("build", "--db", str(db)).returncode == 0


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"
