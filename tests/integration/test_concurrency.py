"""Concurrent use: two ingests, the dashboard and export while a build publishes."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time

import pytest
from streamlit.testing.v1 import AppTest

from returnstats.generate import generate_extract
from returnstats.resources import dashboard_script
from returnstats.warehouse import serving_path
from tests.conftest import BIN, query, run_cli
from tests.handmade_extract import write_handmade_extract

pytestmark = pytest.mark.slow


def _start(*args: str) -> subprocess.Popen:
    """The real command in the background. Its output goes to files, not pipes: a pipe nobody
    reads fills up (64 KB) and blocks the command — a build prints more than that."""
    output = tempfile.TemporaryFile(mode="w+")
    return subprocess.Popen([str(BIN / "returnstats"), *args], stdout=output, stderr=subprocess.STDOUT,
                            text=True, env=os.environ | {"COLUMNS": "200"})


def _output(process: subprocess.Popen) -> str:
    process.stdout.seek(0)
    return process.stdout.read()


def test_second_ingest_waits_or_refuses_clearly(tmp_path):
    generate_extract(tmp_path / "big", scale=0.05, seed=5, first="2024-Q1", last="2024-Q4")
    write_handmade_extract(tmp_path / "small")
    db = tmp_path / "wh" / "returnstats.duckdb"
    first = _start("ingest", str(tmp_path / "big"), "--db", str(db))
    while not db.exists():  # the first ingest has opened (and locked) the warehouse
        time.sleep(0.02)
    impatient = run_cli("ingest", str(tmp_path / "small"), "--db", str(db), "--lock-timeout", "0.2")
    patient = _start("ingest", str(tmp_path / "small"), "--db", str(db), "--lock-timeout", "300")
    assert first.wait(timeout=300) == 0
    assert impatient.returncode == 2
    assert "in use by another process" in " ".join(impatient.stderr.split()) and "nothing was written" in \
        " ".join(impatient.stderr.split())
    assert patient.wait(timeout=300) == 0, _output(patient)


@pytest.fixture
def rebuilding(tmp_path):
    """A published warehouse (hand-made extract), then a late delivery and a build running in the background."""
    db = tmp_path / "wh" / "returnstats.duckdb"
    write_handmade_extract(tmp_path / "extract")
    generate_extract(tmp_path / "late", scale=0.01, seed=9, first="2024-Q1", last="2024-Q1")
    for args in (["ingest", str(tmp_path / "extract")], ["build"],
                 ["export", "--quarter", "2024-Q1", "--out", str(tmp_path / "before")],
                 ["ingest", str(tmp_path / "late")]):
        assert run_cli(*args, "--db", str(db)).returncode in (0, 1)
    build = _start("build", "--db", str(db))
    yield db, build
    build.kill()


def test_dashboard_keeps_serving_while_a_build_publishes(rebuilding, monkeypatch):
    db, build = rebuilding
    monkeypatch.setenv("RETURNSTATS_DB", str(db))
    seen, during_build = set(), 0
    while build.poll() is None or not seen:
        at = AppTest.from_file(str(dashboard_script()), default_timeout=60)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        seen.add(next(m.value for m in at.metric if m.label == "Ordered to leave"))
        during_build += build.poll() is None
    assert build.wait() == 0
    after = query(serving_path(db), "select sum(obs_value) from marts.eil_ord_q where time_period = '2024-Q1' "
                                    "and citizen = 'TOTAL' and sex = 'T' and age = 'TOTAL'")[0][0]
    assert during_build >= 1
    assert seen <= {"7", f"{after:,}"}  # the hand-counted 7 before the publication, the new total after


def test_export_during_a_build_reads_one_consistent_publication(rebuilding, tmp_path):
    db, build = rebuilding
    during = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "during"), "--db", str(db))
    assert build.wait() == 0
    assert during.returncode == 0, during.stderr
    after = run_cli("export", "--quarter", "2024-Q1", "--out", str(tmp_path / "after"), "--db", str(db))
    assert after.returncode == 0

    def files(folder):
        return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.endswith(".csv")
                and not p.name.startswith("REVISIONS")}

    exported = files(tmp_path / "during")
    before, complete = files(tmp_path / "before"), files(tmp_path / "after")
    assert exported.keys() == before.keys() or exported.keys() == complete.keys()
    assert exported == {k: before[k] for k in exported} or exported == {k: complete[k] for k in exported}
