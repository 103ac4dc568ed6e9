"""Every environment variable returnstats reads, with its default and what it sets: the one
place to look them up (README, "Settings from the environment", lists the same, checked by
tests/unit/test_copies_agree.py). An empty value counts as unset."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Variable:
    name: str
    default: str | None
    meaning: str

    def value(self) -> str | None:
        return os.environ.get(self.name) or self.default


def _home_folder(xdg: str, fallback: str) -> Path:
    """A folder of the XDG base-directory convention (~/.config, ~/.local/state)."""
    return Path(os.environ.get(xdg) or Path.home() / fallback)


DB = Variable("RETURNSTATS_DB", "warehouse/returnstats.duckdb", "the national warehouse file (--db)")
HUB_DB = Variable("RETURNSTATS_HUB_DB", "warehouse/hub.duckdb",
                  "the Commission hub's file (--db of the hub commands, --hub-db)")
SERVING = Variable("RETURNSTATS_SERVING", None,
                   "the serving file the dashboard reads (default: the one published beside RETURNSTATS_DB)")
MEMORY_LIMIT = Variable("RETURNSTATS_MEMORY_LIMIT", "5GB", "DuckDB's memory limit in ingest and build (e.g. 12GB)")
KEY = Variable("RETURNSTATS_KEY", None, "the pseudonymisation key itself, instead of the key file")
KEY_FILE = Variable("RETURNSTATS_KEY_FILE", None,
                    "the pseudonymisation key file (default: $XDG_CONFIG_HOME/returnstats/pseudonym.key)")
LOG_DIR = Variable("RETURNSTATS_LOG_DIR", None,
                   "the folder of the per-run log files (default: $XDG_STATE_HOME/returnstats/logs)")
PUBLIC_MIN_CELL = Variable("RETURNSTATS_PUBLIC_MIN_CELL", "5",
                           "the dashboard's public view suppresses cells of fewer persons than this")
SPARK_MEMORY = Variable("RETURNSTATS_SPARK_MEMORY", "4g",
                        "the Spark driver's memory in `build --engine spark` (the whole local cluster)")
# Set by returnstats for the dbt runs it starts (profiles.yml reads them); not for users.
BUILD_DB = Variable("RETURNSTATS_BUILD_DB", "warehouse/returnstats.build.duckdb",
                    "the build's scratch database (set by returnstats for dbt)")

SPARK_DIR = Variable("RETURNSTATS_SPARK_DIR", "/tmp/returnstats-spark",
                     "Spark's folder of one build: metastore, tables, scratch (set by returnstats for dbt)")

ALL = (DB, HUB_DB, SERVING, MEMORY_LIMIT, KEY, KEY_FILE, LOG_DIR, PUBLIC_MIN_CELL, SPARK_MEMORY, BUILD_DB, SPARK_DIR)


def default_key_file() -> Path:
    return _home_folder("XDG_CONFIG_HOME", ".config") / "returnstats" / "pseudonym.key"


def default_log_dir() -> Path:
    return _home_folder("XDG_STATE_HOME", ".local/state") / "returnstats" / "logs"
