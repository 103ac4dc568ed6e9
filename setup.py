"""Packaging beyond what pyproject.toml can say: a wheel carries the dbt project, the seeds, the
expectations and the methodology (returnstats.resources.SHIPPED_PROJECT_FILES), copied from the
checkout's root into returnstats/project/, where returnstats.resources finds them."""

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = runpy.run_path(str(ROOT / "returnstats" / "resources.py"))


class BuildPyWithProject(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        target = Path(self.build_lib) / "returnstats" / RESOURCES["SHIPPED_PROJECT_FOLDER"]
        shutil.rmtree(target, ignore_errors=True)  # a file deleted from the checkout leaves no stale copy
        for name in RESOURCES["SHIPPED_PROJECT_FILES"]:
            source, destination = ROOT / name, target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, destination, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, destination)


setup(cmdclass={"build_py": BuildPyWithProject})
