"""Headline figures per quarter, summed over the selected reporting countries."""

from __future__ import annotations

import pandas as pd

from returnstats.dashboard import data
from returnstats.dashboard.filters import Filters

HEADLINES = {  # column: (label, mart, extra condition)
    "ordered": ("Ordered to leave", "eil_ord_q", ""),
    "returned": ("Returned", "eil_rtn_q", "and c_dest = 'TOTAL'"),
    "detention": ("In detention", "art48_q", "and indic = 'DET'"),
    "alternatives": ("In alternatives to detention", "art48_q", "and indic = 'ALT'"),
    "recognised": ("Recognised decisions of another MS", "art48_q", "and indic = 'RECOG'"),
}


def headline_series(f: Filters, quarters: list[str]) -> pd.DataFrame:
    """One row per quarter of the calendar: each headline summed over the selected countries.

    A quarter with no person is 0; a quarter that none of the selected countries collected
    (every cell `L`) is NaN, so it is drawn as a gap, never as a zero."""
    parts = [
        f"select time_period, '{column}' as measure, sum(obs_value) as value, "
        f"bool_and(obs_status = 'L') as not_collected from marts.{mart} "
        f"where geo in ({f.geo_sql}) and citizen = ? and sex = ? and age = ? {extra} group by all"
        for column, (_, mart, extra) in HEADLINES.items()
    ]
    long = data.query(" union all ".join(parts), *([f.citizen, f.sex, f.age] * len(parts)))
    long.loc[long.not_collected.astype(bool), "value"] = float("nan")
    wide = long.pivot(index="time_period", columns="measure", values="value")
    wide = wide.reindex(index=quarters, columns=list(HEADLINES))
    present = set(zip(long.time_period, long.measure, strict=True))
    for measure in HEADLINES:  # no cell at all: nobody counted, a zero (not-collected cells stay NaN)
        wide.loc[[q for q in quarters if (q, measure) not in present], measure] = 0
    wide["return_rate"] = wide.returned / wide.ordered.where(wide.ordered > 0)
    return wide
