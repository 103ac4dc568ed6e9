"""`pip install .` into a clean virtual environment gives a working returnstats, run from
another directory: the wheel carries the dbt project, seeds and expectations, and installs one
package (`returnstats`), not generic top-level `ingest`/`dashboards` packages."""

from __future__ import annotations

import json
import os
import subprocess
import venv
from pathlib import Path

import pytest

from tests import REPO_ROOT

pytestmark = pytest.mark.slow


def _run(command: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A clean venv holding `pip install <checkout>` (dependencies at the lock file's versions)."""
    env_dir = tmp_path_factory.mktemp("clean-venv") / "venv"
    venv.create(env_dir, with_pip=True)
    _run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          str(REPO_ROOT), "-c", str(REPO_ROOT / "requirements.lock")], cwd=env_dir.parent)
    return env_dir


def test_the_wheel_installs_one_package_with_its_project_files(installed: Path) -> None:
    probe = ("import importlib.util, json, returnstats, returnstats.resources as r;"
             "print(json.dumps({'package': returnstats.__file__, 'project': str(r.PROJECT_DIR),"
             " 'dashboard': str(r.dashboard_script()),"
             " 'top_level': [n for n in ('ingest', 'dashboards') if importlib.util.find_spec(n)]}))")
    found = json.loads(_run([str(installed / "bin" / "python"), "-c", probe], cwd=installed.parent).stdout)
    site = str(installed / "lib")
    assert found["package"].startswith(site) and found["project"].startswith(site)
    assert found["dashboard"].startswith(site)
    assert found["top_level"] == []
    project = Path(found["project"])
    for shipped in ("dbt_project.yml", "profiles.yml", "models/marts", "macros/age.sql", "seeds/ref_countries.csv",
                    "expectations/landing_date_window.json",
                    "expectations/data_docs_assets/assets.json", "tests/dbt/fixtures/ref_age_classes.csv",
                    "docs/methodology.md"):
        assert (project / shipped).exists(), shipped


def test_generate_ingest_build_export_from_another_directory(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cli = str(installed / "bin" / "returnstats")
    env = os.environ | {"PATH": f"{installed / 'bin'}:{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    version = _run([cli, "--version"], elsewhere, env).stdout
    assert version.startswith("returnstats ")
    _run([cli, "generate", "--out", "extract", "--scale", "0.005", "--from", "2025-Q1", "--to", "2025-Q2"],
         elsewhere, env)
    _run([cli, "ingest", "extract", "--db", "wh/returnstats.duckdb"], elsewhere, env)
    _run([cli, "build", "--db", "wh/returnstats.duckdb"], elsewhere, env)
    _run([cli, "export", "--quarter", "2025-Q2", "--out", "out", "--db", "wh/returnstats.duckdb"], elsewhere, env)
    written = sorted(p.name for p in (elsewhere / "out").iterdir())
    assert "manifest.json" in written
    assert any(name.startswith("EIL_ORD_Q_") for name in written), written
    # dbt wrote nothing into the installed project (its target/ and logs/ go beside the warehouse)
    shipped_project = next((installed / "lib").glob("python3*/site-packages/returnstats/project"))
    assert sorted(p.name for p in shipped_project.iterdir()) == sorted(
        ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "expectations", "tests", "docs"])
