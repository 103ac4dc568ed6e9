"""The exact tables as transmitted: the same SELECT as `returnstats export`."""

from __future__ import annotations

import pandas as pd

from dashboards import data
from returnstats.export_flows import ALL_FLOWS
from returnstats.safe_csv import neutralise_value


def transmitted_table(flow_code: str, geo: str, period: str) -> pd.DataFrame:
    flow = ALL_FLOWS[flow_code]
    order = ", ".join(f'"{d.upper()}"' for d in flow.dims)
    return data.query(f"{flow.select()} where geo = ? and time_period = ? order by {order}", geo, period)


def as_csv(table: pd.DataFrame) -> bytes:
    """The table as a transmission CSV; cells that a spreadsheet could run are neutralised."""
    return table.map(neutralise_value).to_csv(index=False).encode("utf-8")
