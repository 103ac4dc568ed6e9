"""The `spark` target of profiles.yml and the project's seed loader for Spark (issue 19).

dbt-spark's `session` seed loader writes an empty cell as the text 'None' and fails on an
apostrophe (dbt-labs/dbt-adapters#487); macros/spark_seeds.sql replaces it. Each test builds a
throwaway dbt project in tmp_path on a local Spark session, with the repository's profiles.yml
(target spark), once with the project's macro and once without it (the upstream loader: proof
that the macro is needed). A json table written by the same `dbt build` reads the seeds back:
one dbt command, one JVM start per test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import REPO_ROOT

# No skip when pyspark, dbt-spark or Java is missing: `make test` installs them, and a missing
# one must fail here (returnstats/spark.py says which), not pass unseen.
pytestmark = pytest.mark.slow

DBT = Path(sys.executable).parent / "dbt"
# Spark's own files, which must land in RETURNSTATS_SPARK_DIR and never in the working directory
SPARK_LITTER = ("metastore_db", "derby.log", "spark-warehouse")

# Every trap of a SQL literal: an apostrophe, double quotes, backslashes (with what would be an
# escape: \n, \'), a %, a line break in a quoted cell, non-ASCII text; and empty cells, text and number.
TRICKY_CSV = (
    "id,name,note,amount\n"
    "1,Côte d'Ivoire,\"say \"\"hi\"\"\",1.5\n"
    "2,,C:\\new\\dir,\n"
    "3,100% sure,\"O'Brien \\'x\\' \"\"q\"\"\nline two\",2\n"
)
TRICKY = {
    1: {"name": "Côte d'Ivoire", "note": 'say "hi"', "amount": 1.5},
    2: {"name": None, "note": "C:\\new\\dir", "amount": None},
    3: {"name": "100% sure", "note": "O'Brien \\'x\\' \"q\"\nline two", "amount": 2.0},
}
# Only an empty text cell: the upstream loader loads it, as the text 'None'
EMPTY_CELL_CSV = "id,name\n1,\n2,plain\n"


def _project(root: Path, *, with_fix: bool) -> Path:
    """A dbt project: two seeds, a json copy of each, and (with_fix) the repository's seed macro."""
    project = root / "project"
    (project / "seeds").mkdir(parents=True)
    (project / "models").mkdir()
    (project / "macros").mkdir()
    (project / "dbt_project.yml").write_text(
        "name: spark_seed_check\nversion: '1.0.0'\nconfig-version: 2\n"
        "profile: returnstats\n"  # the repository's profile, target spark
        "seed-paths: [seeds]\nmodel-paths: [models]\nmacro-paths: [macros]\n",
        encoding="utf-8",
    )
    (project / "seeds" / "tricky.csv").write_text(TRICKY_CSV, encoding="utf-8")
    (project / "seeds" / "empty_cell.csv").write_text(EMPTY_CELL_CSV, encoding="utf-8")
    for seed in ("tricky", "empty_cell"):
        # Spark's json writer leaves NULL fields out and writes every text exactly
        (project / "models" / f"{seed}_json.sql").write_text(
            "{{ config(materialized='table', file_format='json', location_root=env_var('READBACK_DIR')) }}\n"
            f"select * from {{{{ ref('{seed}') }}}}\n",
            encoding="utf-8",
        )
    if with_fix:
        shutil.copy(REPO_ROOT / "macros" / "spark_seeds.sql", project / "macros" / "spark_seeds.sql")
    return project


def _build(tmp_path: Path, *, with_fix: bool, remote: str | None = None
           ) -> tuple[subprocess.CompletedProcess, dict[str, dict], Path]:
    """`dbt build` of the project on the repository's spark target (through Spark Connect at
    `remote` when given); each node's result by name."""
    project = _project(tmp_path, with_fix=with_fix)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK_", "PYSPARK_", "DBT_"))}
    if remote:
        env["SPARK_REMOTE"] = remote
    env.update(
        RETURNSTATS_SPARK_DIR=str(tmp_path / "spark"),
        READBACK_DIR=str(tmp_path / "readback"),
        DBT_TARGET_PATH=str(tmp_path / "dbt_target"),
        DBT_LOG_PATH=str(tmp_path / "dbt_logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    # .user.yml: dbt's usage-tracking id, written into the profiles dir (the checkout) unless tracking is off
    repo_litter = (*SPARK_LITTER, ".user.yml")
    before = {name for name in repo_litter if (REPO_ROOT / name).exists()}
    result = subprocess.run(
        [str(DBT), "build", "--project-dir", str(project), "--profiles-dir", str(REPO_ROOT), "--target", "spark"],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )
    # Spark's files all under RETURNSTATS_SPARK_DIR: none in the working directory or the checkout
    assert not [name for name in SPARK_LITTER if (project / name).exists()], result.stdout[-3000:]
    assert {name for name in repo_litter if (REPO_ROOT / name).exists()} == before
    assert (tmp_path / "spark" / "metastore_db").is_dir(), result.stdout[-3000:]
    assert (tmp_path / "spark" / "derby.log").is_file()
    assert (tmp_path / "spark" / "warehouse").is_dir()
    run_results = tmp_path / "dbt_target" / "run_results.json"
    assert run_results.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    results = {r["unique_id"].split(".")[-1]: r for r in json.loads(run_results.read_text())["results"]}
    return result, results, tmp_path / "readback"


def _read_json_table(folder: Path) -> dict[int, dict]:
    rows = [json.loads(line) for part in sorted(folder.glob("part-*")) for line in part.read_text("utf-8").splitlines()]
    return {row.pop("id"): row for row in rows}


def test_project_seed_loader_loads_empty_cells_as_null_and_texts_exactly(tmp_path):
    result, results, readback = _build(tmp_path, with_fix=True)
    assert result.returncode == 0, result.stdout[-5000:]
    assert {name: r["status"] for name, r in results.items()} == {
        "tricky": "success", "empty_cell": "success", "tricky_json": "success", "empty_cell_json": "success"}
    loaded = _read_json_table(readback / "tricky_json")
    assert {i: {c: row.get(c) for c in ("name", "note", "amount")} for i, row in loaded.items()} == TRICKY
    assert _read_json_table(readback / "empty_cell_json") == {1: {}, 2: {"name": "plain"}}  # {}: name is NULL


def test_upstream_seed_loader_fails_so_the_project_macro_is_needed(tmp_path):
    """Without macros/spark_seeds.sql, dbt-spark's own loader: what the project macro fixes."""
    result, results, readback = _build(tmp_path, with_fix=False)
    assert result.returncode != 0
    # the apostrophe of Côte d'Ivoire ends the SQL literal
    assert results["tricky"]["status"] == "error" and "Ivoire" in results["tricky"]["message"]
    assert results["tricky_json"]["status"] == "skipped"
    assert results["empty_cell"]["status"] == "success"
    assert _read_json_table(readback / "empty_cell_json") == {1: {"name": "None"}, 2: {"name": "plain"}}


def test_the_spark_target_works_through_spark_connect(tmp_path):
    """SPARK_REMOTE=local: PySpark starts a Spark Connect server with the profile's settings and
    dbt-spark's session talks to it through the Connect client, as it would to a cluster."""
    result, results, readback = _build(tmp_path, with_fix=True, remote="local")
    assert result.returncode == 0, result.stdout[-5000:]
    assert "pyspark/sql/connect/" in result.stderr  # the Connect client ran (its warnings name it)
    loaded = _read_json_table(readback / "tricky_json")
    assert {i: {c: row.get(c) for c in ("name", "note", "amount")} for i, row in loaded.items()} == TRICKY
