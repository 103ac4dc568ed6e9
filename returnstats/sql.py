"""SQL text built from values, in one place.

Values reach DuckDB as parameters wherever DuckDB takes one. Where it does not — the target
of `COPY ... TO`, and settings read from the environment — the value goes through one of
these helpers, which quote or validate it, so no file name or setting can change a statement.
"""

from __future__ import annotations

import re
from pathlib import Path

from returnstats import environment

DEFAULT_MEMORY_LIMIT = environment.MEMORY_LIMIT.default
_MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


class SettingError(ValueError):
    """A setting from the environment that is not of its form."""


def string_literal(value: str | Path) -> str:
    """A quoted SQL string literal (quotes doubled); NUL, which no path holds, is refused."""
    text = str(value)
    if "\x00" in text:
        raise SettingError("a file name with a NUL character")
    return "'" + text.replace("'", "''") + "'"


def string_list(values) -> str:
    """A SQL list literal of code strings (codes from the contract: letters, digits, _ and -)."""
    return "[" + ", ".join(string_literal(v) for v in values) + "]"


def memory_limit() -> str:
    """DuckDB's memory limit: RETURNSTATS_MEMORY_LIMIT (e.g. 6GB) or the default."""
    value = environment.MEMORY_LIMIT.value()
    if not _MEMORY_LIMIT.fullmatch(value.strip()):
        raise SettingError(f"RETURNSTATS_MEMORY_LIMIT must be a size such as 6GB or 512MB, not {value!r}")
    return value.strip()
