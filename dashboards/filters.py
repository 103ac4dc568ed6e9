"""Sidebar filters shared by every page (kept in session state, so they persist across pages),
and the public-view rounding."""

from __future__ import annotations

import math
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
        format_func=lambda g: f"{g} — {dict(zip(countries.geo, countries.name)).get(g, g)}",
        help="None selected means all reporting countries.")
    first, last = st.sidebar.select_slider("Period", options=quarters, value=(quarters[0], quarters[-1]),
                                           key="period")
    citizens = data.query("select distinct citizen from marts.eil_ord_q where citizen != 'TOTAL' order by 1")
    citizen = st.sidebar.selectbox("Citizenship", [ALL, *citizens.citizen], key="citizen")
    public = st.sidebar.toggle("Public view (rounded to 5)", key="public",
                               help="Rounds every figure to the nearest 5, as Eurostat publishes.")
    return Filters(tuple(picked or countries.geo), first, last, "TOTAL" if citizen == ALL else citizen, public)


def rounded(value, public: bool):
    """Nearest multiple of 5 in the public view (halves round up); exact otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or not public:
        return value
    return int(math.floor(value / 5 + 0.5) * 5)


def round_frame(frame: pd.DataFrame, columns: list[str], public: bool) -> pd.DataFrame:
    if not public:
        return frame
    return frame.assign(**{c: frame[c].map(lambda v: rounded(v, True)) for c in columns})


def public_note(f: Filters) -> None:
    if f.public:
        st.info("Public view: every figure is rounded to the nearest 5, as Eurostat publishes. "
                "Rates are computed from exact figures.", icon="ℹ️")
