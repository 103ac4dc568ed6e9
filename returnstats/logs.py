"""Logging for the `returnstats` command: one log file per run, and how much reaches the screen.

Every run writes everything (DEBUG and up: each step, its duration, dbt's own output, the
traceback of an unexpected error) to its own file, `returnstats-<time>-<command>-<pid>.log`
in RETURNSTATS_LOG_DIR (default: $XDG_STATE_HOME/returnstats/logs, that is
~/.local/state/returnstats/logs); the newest KEEP_LOG_FILES are kept. On the screen (stderr):
warnings by default, each step with `-v`, debug detail with `-vv`; `-q` leaves only errors and
silences the command's normal output too (its summary, its progress bar).
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from returnstats import environment

KEEP_LOG_FILES = 100
# The loggers of our own code; other libraries' chatter stays out of the log unless it is a warning.
OWN_LOGGERS = ("returnstats",)
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# What a command prints for its user (its summary, dbt's lines) is copied into the log file under
# this name; the screen handler leaves it out, the user has already read it.
OUTPUT_LOGGER = "returnstats.output"

log_file: Path | None = None  # this run's file, once configured


def log_dir() -> Path:
    configured = environment.LOG_DIR.value()
    return Path(configured) if configured else environment.default_log_dir()


def screen_level(quiet: bool, verbose: int) -> int:
    if quiet:
        return logging.ERROR
    return {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)


def configure(command: str, quiet: bool = False, verbose: int = 0) -> Path | None:
    """Send our loggers to this run's file (everything) and to stderr (by -q/-v). Returns the
    file, or None when the log folder cannot be written (the run goes on without a file)."""
    global log_file
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    screen = logging.StreamHandler()
    screen.setLevel(screen_level(quiet, verbose))
    screen.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    screen.addFilter(lambda record: record.name != OUTPUT_LOGGER)
    root.addHandler(screen)
    log_file = _open_file(root, command)
    return log_file


def _open_file(root: logging.Logger, command: str) -> Path | None:
    folder = log_dir()
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = folder / f"returnstats-{stamp}-{command or 'run'}-{os.getpid()}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(target, encoding="utf-8")
    except OSError:
        return None
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    _prune(folder)
    return target


def _prune(folder: Path) -> None:
    """Keep the newest KEEP_LOG_FILES run logs (names sort by time)."""
    for old in sorted(folder.glob("returnstats-*.log"))[:-KEEP_LOG_FILES]:
        old.unlink(missing_ok=True)
