"""`returnstats hub status`: who has sent what — received, late, revised or missing — and
which files were refused, from the hub's published serving file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from returnstats.warehouse import connect_reader, serving_path


class HubStatusError(Exception):
    pass


def completeness(hub_db: Path, period: str | None = None) -> pd.DataFrame:
    """Per (dataflow, period): countries expected, received, late, missing, revised, with names."""
    con = _open(hub_db)
    try:
        where = "where time_period = ? or time_period like ? || '-%'" if period else ""
        params = [period, period] if period else []
        return con.execute(f"""
            select dataflow, time_period,
                   count(*) as expected,
                   count(*) filter (where is_received) as received,
                   count(*) filter (where timeliness = 'late') as late,
                   count(*) filter (where versions > 1) as revised,
                   string_agg(geo, ' ' order by geo) filter (where timeliness = 'missing') as missing,
                   string_agg(geo, ' ' order by geo) filter (where timeliness = 'not yet due') as not_yet_due,
                   min(deadline) as deadline
            from eu.hub_completeness {where}
            group by all order by time_period, dataflow""", params).df()
    finally:
        con.close()


def refusals(hub_db: Path) -> pd.DataFrame:
    con = _open(hub_db)
    try:
        return con.execute("select received_at, folder, file_name, reason from audit.refusals "
                           "order by received_at desc").df()
    finally:
        con.close()


def _open(hub_db: Path):
    serving = serving_path(hub_db)
    if not serving.exists():
        raise HubStatusError(f"the hub has not been built ({serving} missing): run `returnstats hub receive DIR` "
                             "and `returnstats hub build` first")
    return connect_reader(serving)
