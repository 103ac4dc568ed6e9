"""Sidebar filters shared by every page (kept in session state, so they persist across pages),
and the public-view rounding."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from returnstats import environment
from returnstats.dashboard import data, labels, url_state
from returnstats.dashboard.look import whole


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...]  # reporting countries selected (all when the user picks none)
    first: str  # first quarter of the period
    last: str  # last quarter of the period
    citizen: str  # a citizenship code, or TOTAL
    sex: str  # F, M, UNK or T
    age: str  # an age class, Y_LT18 or TOTAL
    public: bool  # round to 5 as Eurostat publishes

    def quarters(self, available: list[str]) -> list[str]:
        return [q for q in available if self.first <= q <= self.last]

    @property
    def geo_sql(self) -> str:
        """A SQL list of the selected countries, for `geo in (...)` (codes from the code list only)."""
        return ", ".join(f"'{g}'" for g in self.countries)

    @property
    def summed_over(self) -> str:
        n = len(self.countries)
        return f"summed over {n} reporting {'country' if n == 1 else 'countries'}"

    def described(self, **more: str) -> dict[str, str]:
        """The filters as they name a downloaded file."""
        geo = "ALL" if self.all_countries else "-".join(self.countries)
        return {"geo": geo, "citizen": self.citizen, "sex": self.sex, "age": self.age,
                "period": f"{self.first}-{self.last}" if self.first != self.last else self.first, **more}

    all_countries: bool = False


def sidebar() -> Filters:
    quarters = data.quarters()
    # all 31: a link to a country without data shows an empty view, it is not refused
    countries = data.query("select geo from ref.ref_reporting_countries order by geo").geo.tolist()
    st.sidebar.header("Filters")
    url_state.restore("geo", "countries", countries, multiple=True)
    picked = st.sidebar.multiselect("Reporting countries", countries, key="countries",
                                    format_func=labels.formatter("geo"), help="None selected means all of them.")
    url_state.publish("geo", picked, [])
    linked = url_state.initial_period(quarters)
    if len(quarters) > 1:
        first, last = st.sidebar.select_slider("Period", options=quarters, key="period", value=linked)
    else:  # a range slider needs two quarters
        first = last = quarters[0]
        st.sidebar.caption(f"Period: {first} (the only quarter with data)")
    url_state.publish("period_from", first, quarters[0])
    url_state.publish("period_to", last, quarters[-1])
    # every citizenship of the code list, not only those with data: a shared link stays valid
    citizen = _code_select("Citizenship", "citizen", list(labels.names("citizen")))
    sex = _code_select("Sex", "sex", data.codes_in("eil_ord_q", "sex"), default="T")
    age = _code_select("Age", "age", data.codes_in("eil_ord_q", "age"))
    url_state.restore_switch("view", "public", "public")
    public = st.sidebar.toggle("Public view (rounded to 5)", key="public",
                               help=f"Rounds every figure to the nearest 5, as Eurostat publishes, and suppresses "
                                    f"cells under {PUBLIC_MIN_CELL} persons and rates computed from them.")
    url_state.publish("view", "public" if public else "", "")
    return Filters(tuple(picked or countries), first, last, citizen, sex, age, public, all_countries=not picked)


def _code_select(label: str, param: str, codes: list[str], default: str = "TOTAL") -> str:
    """One code of a dimension, its total first; shown with names; kept in the URL."""
    known = labels.names(param)
    position = {code: i for i, code in enumerate(known)}
    # citizenships by name (a long list is searched by name); the short lists in code-list order
    order = (lambda c: f"{known.get(c, c)} ({c})") if param == "citizen" else (
        lambda c: (position.get(c, len(position)), c))
    options = [default, *sorted((c for c in codes if c != default), key=order)]
    url_state.restore(param, param, options)
    value = st.sidebar.selectbox(label, options, key=param, format_func=labels.formatter(param))
    url_state.publish(param, value, default)
    return value


# Public view: a cell of fewer persons than this is suppressed, not rounded (rounding 2 to 0
# would both reveal and mislead). RETURNSTATS_PUBLIC_MIN_CELL overrides it.
PUBLIC_MIN_CELL = int(environment.PUBLIC_MIN_CELL.value())


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
    return whole(rounded(value, public))


def round_frame(frame: pd.DataFrame, columns: list[str], public: bool) -> pd.DataFrame:
    if not public:
        return frame
    return frame.assign(**{c: frame[c].map(lambda v: rounded(v, True)) for c in columns})


def public_note(f: Filters) -> None:
    if f.public:
        st.info(f"Public view: every figure is rounded to the nearest 5, as Eurostat publishes; cells under "
                f"{PUBLIC_MIN_CELL} persons are suppressed (–), and so are rates computed from them. Rates are "
                "computed from exact figures. Exact downloads are not offered in this view.", icon="ℹ️")
