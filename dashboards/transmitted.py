"""The exact tables as transmitted: the same SELECT as `returnstats export`."""

from __future__ import annotations

import pandas as pd

from returnstats.dashboard import data
from returnstats.export_flows import ALL_FLOWS


def transmitted_table(flow_code: str, geo: str, period: str) -> pd.DataFrame:
    flow = ALL_FLOWS[flow_code]
    order = ", ".join(f'"{d.upper()}"' for d in flow.dims)
    return data.query(f"{flow.select()} where geo = ? and time_period = ? order by {order}", geo, period)

