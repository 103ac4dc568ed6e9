"""Transmission calendar: the status of each reporting country's quarter."""

from __future__ import annotations

from datetime import date

import pandas as pd

from returnstats.dashboard import data
from returnstats.dashboard.look import day
from returnstats.periods import parse_quarter, transmission_deadline

STATUSES = ["not loaded", "loaded", "validated", "exported", "exported, not validated", "overdue"]


def transmission_status(today: date | None = None) -> pd.DataFrame:
    """Rows: reporting country; columns: quarter; values: the status.

    exported: a transmission of that quarter included the country (", not validated" when the
    quarter's last QA report is missing or has a blocking failure); validated: the quarter's last
    QA report has no blocking failure; loaded: the country has figures for the quarter;
    overdue: not exported and the deadline (two months after the quarter) has passed.
    """
    today = today or date.today()
    quarters = data.quarters()
    countries = data.query("select geo from ref.ref_reporting_countries order by geo").geo.tolist()
    loaded = set(map(tuple, data.query("select distinct geo, time_period from marts.eil_ord_q").values))
    _, sent = data.transmissions()
    exported = {(g, q) for g, q, p in zip(sent.geo, sent.period, sent.time_period, strict=True) if p == q}
    validated = {q for q, report in data.qa_reports().items() if report.get("blocking_failed") == 0}
    grid = {}
    for quarter in quarters:
        deadline = transmission_deadline(parse_quarter(quarter))
        column = []
        for geo in countries:
            if (geo, quarter) in exported:
                status = "exported" if quarter in validated else "exported, not validated"
            elif today > deadline:
                status = "overdue"
            elif (geo, quarter) in loaded:
                status = "validated" if quarter in validated else "loaded"
            else:
                status = "not loaded"
            column.append(status)
        grid[f"{quarter} (due {day(deadline)})"] = column
    return pd.DataFrame(grid, index=pd.Index(countries, name="reporting country"))
