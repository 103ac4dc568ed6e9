"""Headline figures per quarter, summed over the selected reporting countries."""

from __future__ import annotations

import pandas as pd
import streamlit as st

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

    A quarter with no person is 0; a quarter that none of the selected countries collected is
    NaN, so it is drawn as a gap, never as a zero. A sum that lacks some of the selected
    countries (they did not collect it) is partial: `.attrs["not_collected_by"]` names them per
    (quarter, measure), so a page can say so beside the figure."""
    parts = [
        f"select time_period, '{column}' as measure, sum(obs_value) as value from marts.{mart} "
        f"where geo in ({f.geo_sql}) and citizen = ? and sex = ? and age = ? {extra} group by all"
        for column, (_, mart, extra) in HEADLINES.items()
    ]
    long = data.query(" union all ".join(parts), *([f.citizen, f.sex, f.age] * len(parts)))
    wide = long.pivot(index="time_period", columns="measure", values="value")
    wide = wide.reindex(index=quarters, columns=list(HEADLINES)).fillna(0)  # no cell: nobody counted
    wide.attrs["not_collected_by"] = {}
    for column, (_, mart, extra) in HEADLINES.items():
        status = collection_status(mart, f, where=extra)
        for period, lacking, collecting in zip(status.time_period, status.lacking, status.collecting, strict=True):
            if period in wide.index and not collecting:
                wide.loc[period, column] = float("nan")  # nobody selected collected it: a gap
            elif period in wide.index:
                wide.attrs["not_collected_by"][(period, column)] = lacking
    wide["return_rate"] = wide.returned / wide.ordered.where(wide.ordered > 0)
    return wide


def collection_status(mart: str, f: Filters, by: str | None = None, where: str = "") -> pd.DataFrame:
    """Per period (and `by`) in which some selected country did not collect the flow: those
    countries (`lacking`, codes) and how many selected countries did (`collecting`).

    A country that did not collect a period transmits one all-totals cell with status L and no
    other (statistics v2 §1), so a sum over a citizenship, sex or age silently lacks it: this is
    read from the L cells whatever the page's filters, and a page says a figure is partial, or
    draws a gap when no selected country collected it."""
    key = "time_period" + (f", {by}" if by else "")
    return data.query(f"""select {key}, string_agg(geo, ', ' order by geo) filter (where obs_status = 'L') as lacking,
            count(distinct geo) filter (where obs_status = 'A') as collecting
        from marts.{mart} where geo in ({f.geo_sql}) {where}
        group by {key} having count(*) filter (where obs_status = 'L') > 0""")


def partial_note(lacking: dict[str, str]) -> None:
    """Under key figures: which figures lack countries that did not collect them ({label: codes})."""
    if lacking:
        st.caption("⚠ partial: " + "; ".join(f"{label} not collected by {codes}" for label, codes in lacking.items()))
