"""Member State comparison: ranking and share of the EU total, for one flow and period."""

import plotly.express as px
import streamlit as st

from dashboards import data
from dashboards.hub_views.common import (
    ALL_TOTALS,
    country_names,
    indic_filter,
    periods,
    pick_flow,
    pick_indicator,
    stamp,
)

st.title("Member State comparison")
stamp()
flow = pick_flow("ms_flow")
indic = pick_indicator(flow, "ms_indic")
available = periods(flow)
period = st.selectbox("Period", available[::-1], key="ms_period")
national = data.query(f"""select geo, obs_value, obs_status from eu.stg_received__cells
    where dataflow = ? and time_period = ? and {indic_filter(indic)} and {ALL_TOTALS}""", flow, period)
total = data.query(f"""select obs_value, obs_status from eu.hub_aggregates where dataflow = ? and time_period = ?
    and geo = 'EU27_2020_EFTA' and {indic_filter(indic)} and {ALL_TOTALS}""", flow, period)
if national.empty or total.empty or not total.obs_value.iloc[0]:
    st.info("No national figure for this selection.")
    st.stop()
names = country_names()
national = national.assign(country=national.geo.map(lambda g: f"{g} — {names.get(g, g)}"),
                           share=national.obs_value / total.obs_value.iloc[0]).sort_values("obs_value", ascending=False)
st.metric("EU27_2020_EFTA total", f"{int(total.obs_value.iloc[0]):,}",
          help=f"status {total.obs_status.iloc[0]} (P: not every country has sent it)")
figure = px.bar(national, x="country", y="obs_value", hover_data={"share": ":.1%"},
                labels={"obs_value": "value", "country": "reporting country"},
                title=f"{flow}{' ' + indic if indic else ''}, {period}: ranking")
figure.update_layout(yaxis_tickformat=",d")
st.plotly_chart(figure, width="stretch")
shown = national[["country", "obs_value", "share", "obs_status"]].assign(
    obs_value=national.obs_value.map(lambda v: "" if v != v else f"{int(v):,}"),
    share=national.share.map(lambda v: "" if v != v else f"{100 * v:.1f} %"))
st.dataframe(shown.rename(columns={"obs_value": "value", "share": "share of EU27_2020_EFTA"}), hide_index=True,
             width="stretch")
