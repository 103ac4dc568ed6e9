"""The one clock: every time returnstats stores or stamps is UTC.

DuckDB converts a zone-aware value written to a `timestamp` column into the session's local
time zone (on a machine set to Central European Time, 12:00 UTC is stored as 13:00), so a time
meant for a `timestamp` column is written as naive UTC (`stored_now`). The dashboards show it
with "UTC" beside it, and the hub judges timeliness on it.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """Now, zone-aware, in UTC (for libraries that want an aware time)."""
    return datetime.now(UTC)


def stored_now() -> datetime:
    """Now in UTC without a zone: what a DuckDB `timestamp` column is given."""
    return now().replace(tzinfo=None)


def iso_now() -> str:
    """Now in UTC as ISO 8601 to the second, with its offset (manifests, QA reports)."""
    return now().isoformat(timespec="seconds")
