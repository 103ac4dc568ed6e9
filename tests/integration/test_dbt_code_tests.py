"""dbt's unit tests, and the data tests of what ingestion guarantees, run here, not in a
production build (`returnstats build` leaves them out: they test the code, or re-check what
ingestion already enforces). They run against a built demo, whose scratch database holds the
upstream relations dbt's unit tests read their column types from."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from returnstats.build import run_dbt, scratch_path
from tests import REPO_ROOT
from tests.conftest import run_cli


def _dbt(db, args: list[str]) -> tuple[int, str]:
    lines: list[str] = []
    code = run_dbt(db, args, lines.append)
    return code, "\n".join(lines)


def _passed(output: str) -> int:
    found = re.search(r"PASS=(\d+) WARN=\d+ ERROR=(\d+)", output)
    assert found and found.group(2) == "0", output[-3000:]
    return int(found.group(1))


def test_national_unit_tests_ingestion_guarantees_and_grains(small_demo):
    assert scratch_path(small_demo).exists()
    code, output = _dbt(small_demo, ["test", "--select", "test_type:unit", "tag:guaranteed_by_ingestion",
                                     "tag:grain", "--exclude", "path:models/hub"])
    assert code == 0, output[-3000:]
    # 30-odd unit tests, the 37 key / required / code checks of the landing tables and the grain
    # of the 22 keyed intermediate models outside populations/
    assert _passed(output) >= 83


def test_a_production_build_runs_no_unit_test(small_demo):
    result = run_cli("build", "--db", str(small_demo))
    assert result.returncode == 0, result.stdout[-3000:]
    finished = re.search(r"Finished running (.*)", result.stdout)
    assert finished and "data tests" in finished.group(1) and "unit test" not in finished.group(1)
    passed = "".join(line for line in result.stdout.splitlines() if " PASS " in line)
    assert "stg_landing__" not in passed
    assert "unique_combination_int_" not in passed  # the intermediate models' grain: tested above, not here
    assert "margins_add_up" in result.stdout  # the data's own invariants are still checked


def test_an_analysts_plain_dbt_ls_writes_nothing_into_the_checkout():
    """dbt_project.yml sends dbt's own files outside the checkout, without a warning to the analyst."""
    before = sorted(p.name for p in REPO_ROOT.iterdir())
    env = {k: v for k, v in os.environ.items() if k not in ("DBT_TARGET_PATH", "DBT_LOG_PATH")}
    dbt = Path(sys.executable).with_name("dbt")
    result = subprocess.run([str(dbt), "ls", "--profiles-dir", ".", "--select", "art48_q"], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "returnstats.marts.transmission.art48_q" in result.stdout
    assert "deprecat" not in result.stdout.lower()
    assert sorted(p.name for p in REPO_ROOT.iterdir()) == before  # no target/, no logs/
    assert Path("/tmp/returnstats-dbt/target/manifest.json").is_file()
