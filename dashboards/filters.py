"""Sidebar filters shared by every page (kept in session state, so they persist across pages),
and the public-view rounding."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboards import data

ALL = "All"


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...]  # reporting countries selected (all when the user picks none)
    first: str  # first quarter of the period
    last: str  # last quarter of the period
    citizen: str  # a citizenship code, or TOTAL
    public: bool  # round to 5 as Eurostat publishes

    def quarters(self, available: list[str]) -> list[str]:
        return [q for q in available if self.first <= q <= self.last]

    @property
    def geo_sql(self) -> str:
        """A SQL list of the selected countries, for `geo in (...)`."""
        return ", ".join(f"'{g}'" for g in self.countries)


def sidebar() -> Filters:
    quarters = data.quarters()
    countries = data.reporting_countries()
    st.sidebar.header("Filters")
    picked = st.sidebar.multiselect(
        "Reporting countries", countries.geo.tolist(), key="countries",
        format_func=lambda g: f"{g} — {dict(zip(countries.geo, countries.name, strict=True)).get(g, g)}",
        help="None selected means all reporting countries.")
    first, last = st.sidebar.select_slider("Period", options=quarters, value=(quarters[0], quarters[-1]),
                                           key="period")
    citizens = data.query("select distinct citizen from marts.eil_ord_q where citizen != 'TOTAL' order by 1")
    citizen = st.sidebar.selectbox("Citizenship", [ALL, *citizens.citizen], key="citizen")
    public = st.sidebar.toggle("Public view (rounded to 5)", key="public",
                               help=f"Rounds every figure to the nearest 5, as Eurostat publishes, and suppresses "
                                    f"cells under {PUBLIC_MIN_CELL} persons and rates computed from them.")
    return Filters(tuple(picked or countries.geo), first, last, "TOTAL" if citizen == ALL else citizen, public)


# Public view: a cell of fewer persons than this is suppressed, not rounded (rounding 2 to 0
# would both reveal and mislead). RETURNSTATS_PUBLIC_MIN_CELL overrides it.
PUBLIC_MIN_CELL = int(os.environ.get("RETURNSTATS_PUBLIC_MIN_CELL") or 5)


def rounded(value, public: bool):
    """Public view: None (suppressed) under PUBLIC_MIN_CELL, else the nearest multiple of 5
    (halves round up). Exact otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or not public:
        return value
    if value < PUBLIC_MIN_CELL:
        return None
    return int(math.floor(value / 5 + 0.5) * 5)


def public_rate(numerator, denominator, public: bool):
    """A rate, or None when it cannot be shown: an empty denominator, or (public view) a part suppressed."""
    if not denominator or denominator != denominator:
        return None
    if public and (rounded(numerator, True) is None or rounded(denominator, True) is None):
        return None
    return numerator / denominator


def shown_count(value, public: bool) -> str:
    """A count as text: thousands separators; suppressed or missing as an en dash."""
    value = rounded(value, public)
    return "–" if value is None or value != value else f"{int(value):,}"


def round_frame(frame: pd.DataFrame, columns: list[str], public: bool) -> pd.DataFrame:
    if not public:
        return frame
    return frame.assign(**{c: frame[c].map(lambda v: rounded(v, True)) for c in columns})


def public_note(f: Filters) -> None:
    if f.public:
        st.info(f"Public view: every figure is rounded to the nearest 5, as Eurostat publishes; cells under "
                f"{PUBLIC_MIN_CELL} persons are suppressed (–), and so are rates computed from them. Rates are "
                "computed from exact figures. Exact downloads are not offered in this view.", icon="ℹ️")
