"""Where the files returnstats runs from live: the dbt project (models, macros, seeds, its
profile), the Great Expectations suites, the methodology the glossary quotes, and the dashboard's
scripts. In a checkout they are at its root; an installed wheel carries a copy of them in
`returnstats/project/` (setup.py puts it there, from SHIPPED_PROJECT_FILES).

Only the standard library here: setup.py reads this file before anything is installed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

# The checkout's files a wheel ships beside the code, relative to the checkout's root.
# tests/dbt holds the csv fixtures dbt's unit tests read (links to the seeds): dbt parses them
# with the models, so a project without them does not build.
SHIPPED_PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "expectations",
                         "tests/dbt", "docs/methodology.md")
# Where the wheel's copy lands, inside the package.
SHIPPED_PROJECT_FOLDER = "project"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _project_dir() -> Path:
    shipped = _PACKAGE_DIR / SHIPPED_PROJECT_FOLDER
    return shipped if (shipped / "dbt_project.yml").is_file() else _PACKAGE_DIR.parent


def _dashboard_dir() -> Path:
    # `returnstats.dashboard` is the checkout's dashboards/ (pyproject.toml maps it); found
    # without importing it, since that would import Streamlit.
    spec = importlib.util.find_spec("returnstats.dashboard")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("returnstats.dashboard is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


PROJECT_DIR = _project_dir()
SEEDS_DIR = PROJECT_DIR / "seeds"
EXPECTATIONS_DIR = PROJECT_DIR / "expectations"
METHODOLOGY = PROJECT_DIR / "docs" / "methodology.md"


def dashboard_script(hub: bool = False) -> Path:
    """The Streamlit script of the national dashboard, or of the hub's."""
    return _dashboard_dir() / ("hub_app.py" if hub else "app.py")
