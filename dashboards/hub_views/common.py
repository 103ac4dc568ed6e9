"""What every hub page shares: the flows and periods received, names, and the stamp."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from returnstats.dashboard import data, labels, url_state
from returnstats.dashboard.look import moment
from returnstats.export_flows import ALL_FLOWS

AGGREGATES = ("EU27_2020", "EU27_2020_EFTA")  # named by the GEO code list (dashboards/labels.py)
# the all-totals cell of a flow: every dimension at its total (INDIC has none)
ALL_TOTALS = ("coalesce(citizen, 'TOTAL') = 'TOTAL' and coalesce(sex, 'T') = 'T' and coalesce(age, 'TOTAL') = "
              "'TOTAL' and coalesce(c_dest, 'TOTAL') = 'TOTAL' and coalesce(return_type, 'TOTAL') = 'TOTAL' "
              "and coalesce(third_country, 'TOTAL') = 'TOTAL'")


def stamp() -> None:
    published = data.query("select published_at from publication").published_at.iloc[0]
    files = data.query("select count(*) as n, max(received_at) as latest from eu.stg_received__vintages")
    st.caption(f"Hub figures published {moment(published)} · {int(files.n.iloc[0]):,} national "
               f"file versions received, the latest on {moment(files.latest.iloc[0])} · built from the "
               "Member States' transmission files, not from case data")


def flows_received() -> list[str]:
    return data.query("select distinct dataflow from eu.hub_aggregates order by 1").dataflow.tolist()


def pick_flow(key: str) -> str:
    flows = flows_received()
    if not flows:
        st.info("The hub has no aggregate yet: receive the Member States' files (`returnstats hub receive DIR`).")
        st.stop()
    url_state.restore("dataflow", key, flows)
    flow = st.selectbox("Dataflow", flows, key=key, format_func=lambda f: f"{ALL_FLOWS[f].name} ({f})")
    url_state.publish("dataflow", flow, flows[0])
    return flow


def pick_indicator(flow: str, key: str) -> str | None:
    # in the code list's order (READM_APP first for FRONTEX_M), not alphabetical
    indics = data.query("""select a.indic from (select distinct indic from eu.hub_aggregates
        where dataflow = ? and indic is not null) a
        left join ref.ref_indicators r on r.dataflow = ? and r.indic = a.indic order by r.position, a.indic""",
                        flow, flow).indic.tolist()
    if not indics:
        return None
    names = labels.indicator_names(flow)
    url_state.restore("indic", key, indics)
    indic = st.selectbox("Indicator", indics, key=key, format_func=lambda i: f"{names.get(i, i)} ({i})")
    url_state.publish("indic", indic, indics[0])
    return indic


def periods(flow: str) -> list[str]:
    return data.query("select distinct time_period from eu.hub_aggregates where dataflow = ? order by 1",
                      flow).time_period.tolist()


def country_names() -> dict[str, str]:
    return labels.names("geo")


def subject(flow: str, indic: str | None) -> str:
    """What a chart shows, in words: the flow's name, and the indicator's when there is one."""
    name = f"{ALL_FLOWS[flow].name} ({flow})"
    return name + (f" — {labels.indicator_names(flow).get(indic, indic)} ({indic})" if indic else "")


def indic_filter(indic: str | None) -> str:
    return "indic is null" if indic is None else f"indic = '{indic}'"


def whole(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Counts shown as whole numbers with thousands separators."""
    return frame.assign(**{c: frame[c].map(lambda v: "" if pd.isna(v) else f"{int(v):,}") for c in columns})
