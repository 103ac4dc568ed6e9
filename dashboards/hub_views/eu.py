"""EU totals: EU27_2020 and EU27_2020_EFTA over time, provisional where a country is missing."""

import plotly.graph_objects as go
import streamlit as st

from returnstats.dashboard import data, labels
from returnstats.dashboard.downloads import file_stem, offer
from returnstats.dashboard.hub_views.common import (
    AGGREGATES,
    ALL_TOTALS,
    indic_filter,
    pick_flow,
    pick_indicator,
    stamp,
    subject,
    whole,
)
from returnstats.dashboard.look import OKABE_ITO, empty_state, key_figures

st.title("EU totals from the Member States' transmissions")
stamp()
flow = pick_flow("eu_flow")
indic = pick_indicator(flow, "eu_indic")
series = data.query(f"""select geo, time_period, obs_value, obs_status, countries_missing, countries_not_collected
    from eu.hub_aggregates where dataflow = ? and {indic_filter(indic)} and {ALL_TOTALS}
    order by geo, time_period""", flow)
if series.empty:
    empty_state("No EU total for this selection.")
    st.stop()
latest = series.time_period.max()
at_latest = series[series.time_period == latest].set_index("geo")
status_names = labels.names("obs_status")  # the OBS_STATUS code list: "Provisional value", …
key_figures(latest, [(f"{geo} ({status_names.get(at_latest.obs_status.get(geo), 'not received')})",
                      at_latest.obs_value.get(geo), labels.named("geo", geo)) for geo in AGGREGATES],
            f"{subject(flow, indic)}, all-totals cell")
figure = go.Figure()
for geo, colour in zip(AGGREGATES, OKABE_ITO, strict=False):
    label = labels.named("geo", geo)
    part = series[series.geo == geo]
    figure.add_trace(go.Scatter(
        x=part.time_period, y=part.obs_value, name=label, mode="lines+markers", line_color=colour,
        marker={"symbol": ["circle-open" if s != "A" else "circle" for s in part.obs_status], "size": 10},
        customdata=part.obs_status, hovertemplate="%{x}: %{y:,} (status %{customdata})<extra>" + geo + "</extra>"))
figure.update_layout(title=f"{subject(flow, indic)}: all-totals cell", yaxis_tickformat=",d",
                     yaxis_rangemode="tozero",
                     xaxis={"type": "category"}, legend={"orientation": "h"})
st.plotly_chart(figure, width="stretch")
st.caption("Open markers: provisional (P) — a country has not sent the flow for the period, or did not collect it.")
table = whole(series, ["obs_value"]).fillna({"countries_missing": "", "countries_not_collected": ""}).assign(
    geo=series.geo.map(lambda g: labels.named("geo", g)),
    obs_status=series.obs_status.map(lambda s: labels.named("obs_status", s))).rename(columns={
        "geo": "aggregate", "time_period": "period", "obs_value": "persons or applications", "obs_status": "status",
        "countries_missing": "countries missing (codes)",
        "countries_not_collected": "countries not collecting (codes)"})
st.dataframe(table, hide_index=True, width="stretch")
offer(series.rename(columns={"obs_value": "value (persons or applications)"}),  # numbers, not formatted text
      file_stem(flow, {"indic": indic or "", "geo": "EU27_2020-EU27_2020_EFTA"}), "eu_table")
