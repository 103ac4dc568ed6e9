"""Headline figures per quarter, summed over the selected reporting countries."""

from __future__ import annotations

import pandas as pd

from dashboards import data
from dashboards.filters import Filters

HEADLINES = {  # column: (label, mart, extra condition)
    "ordered": ("Ordered to leave", "eil_ord_q", ""),
    "returned": ("Returned", "eil_rtn_q", "and c_dest = 'TOTAL'"),
    "detention": ("In detention", "art48_q", "and indic = 'DET'"),
    "alternatives": ("In alternatives to detention", "art48_q", "and indic = 'ALT'"),
    "recognised": ("Recognised decisions of another MS", "art48_q", "and indic = 'RECOG'"),
}


def headline_series(f: Filters) -> pd.DataFrame:
    """One row per quarter: each headline (all-totals cell, or the citizenship's) summed over countries."""
    parts = [
        f"select time_period, '{column}' as measure, sum(obs_value) as value from marts.{mart} "
        f"where geo in ({f.geo_sql}) and citizen = ? and sex = 'T' and age = 'TOTAL' {extra} group by all"
        for column, (_, mart, extra) in HEADLINES.items()
    ]
    long = data.query(" union all ".join(parts), *([f.citizen] * len(parts)))
    wide = long.pivot_table(index="time_period", columns="measure", values="value", aggfunc="sum").reindex(
        columns=list(HEADLINES)).fillna(0).astype("int64").sort_index()
    wide["return_rate"] = wide.returned / wide.ordered.where(wide.ordered > 0)
    return wide


def year_before(quarter: str) -> str:
    return f"{int(quarter[:4]) - 1}-Q{quarter[-1]}"
