"""dbt's unit tests, and the data tests of what ingestion guarantees, run here, not in a
production build (`returnstats build` leaves them out: they test the code, or re-check what
ingestion already enforces). They run against a built demo, whose scratch database holds the
upstream relations dbt's unit tests read their column types from."""

from __future__ import annotations

import re

from returnstats.build import run_dbt, scratch_path
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
