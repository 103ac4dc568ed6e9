"""Member State comparison: ranking, share of the EU total, change on a year before and rate
per 100,000 inhabitants, for one flow, indicator and period."""

import plotly.express as px
import streamlit as st

from returnstats.dashboard import data, labels, url_state
from returnstats.dashboard.downloads import file_stem, offer
from returnstats.dashboard.hub_views.common import (
    ALL_TOTALS,
    country_names,
    indic_filter,
    periods,
    pick_flow,
    pick_indicator,
    stamp,
    subject,
)
from returnstats.dashboard.look import (
    change_percent,
    count_axis,
    empty_state,
    one_decimal_columns,
    per_100k,
    share_percent,
    whole,
)

st.title("Member State comparison")
stamp()
flow = pick_flow("ms_flow")
indic = pick_indicator(flow, "ms_indic")
available = periods(flow)
url_state.restore("time_period", "ms_period", available)
period = st.selectbox("Period", available[::-1], key="ms_period")
url_state.publish("time_period", period, available[-1])
before = f"{int(period[:4]) - 1}{period[4:]}"  # the same quarter, month or year a year before
cells = f"(select * from eu.stg_received__cells where dataflow = ? and indic is not distinct from ? and {ALL_TOTALS})"
national = data.query(f"""select c.geo, c.obs_value, c.obs_status, b.obs_value as value_before, p.population
    from {cells} c left join {cells} b on b.geo = c.geo and b.time_period = ?
    left join ref.ref_population p on p.geo = c.geo
     and p.year = (select max(year) from ref.ref_population q where q.geo = c.geo
                   and q.year <= cast(substr(c.time_period, 1, 4) as int))
    where c.time_period = ?""", flow, indic, flow, indic, before, period)
totals = data.query(f"""select geo, obs_value, obs_status, countries_missing from eu.hub_aggregates
    where dataflow = ? and time_period = ? and geo in ('EU27_2020', 'EU27_2020_EFTA') and {indic_filter(indic)}
      and {ALL_TOTALS}""", flow, period).set_index("geo")
if national.empty or totals.empty:
    empty_state("No national figure for this selection.")
    st.stop()
for column, geo in zip(st.columns(2), ["EU27_2020", "EU27_2020_EFTA"], strict=True):
    if geo in totals.index:
        row = totals.loc[geo]
        column.metric(labels.named("geo", geo), whole(row.obs_value))
        column.caption(f"complete: {labels.named('obs_status', 'A')}" if row.obs_status == "A" else
                       f"{labels.named('obs_status', row.obs_status)}: missing "
                       f"{row.countries_missing or 'a country that did not collect it'}")
names = country_names()
eu_total = totals.obs_value.get("EU27_2020_EFTA")
shown = national.assign(
    country=national.geo.map(lambda g: f"{names.get(g, g)} ({g})"),
    status=national.obs_status.map(lambda s: labels.named("obs_status", s)),
    share=[share_percent(v, eu_total) for v in national.obs_value],
    change=[change_percent(v, b) for v, b in zip(national.obs_value, national.value_before, strict=True)],
    per_100k=[per_100k(v, p) for v, p in zip(national.obs_value, national.population, strict=True)],
).sort_values("obs_value", ascending=False)
figure = px.bar(shown, x="obs_value", y="country", orientation="h", color_discrete_sequence=["#0072B2"],
                title=f"{subject(flow, indic)}, {period}: ranking")
figure.update_layout(yaxis={"categoryorder": "total ascending", "title": None},
                     xaxis=count_axis(shown.obs_value.max()) | {"title": "value"}, height=max(300, 22 * len(shown)))
figure.update_traces(hovertemplate="%{y}: %{x:,.0f}<extra></extra>")
st.plotly_chart(figure, width="stretch", key="ms_chart")
table = shown[["country", "obs_value", "status", "value_before", "change", "share", "per_100k"]].rename(columns={
    "obs_value": "value", "value_before": f"value {before}",
    "change": "change on a year before (%)", "share": "share of EU27_2020_EFTA (%)",
    "per_100k": "per 100,000 inhabitants"})
st.dataframe(table, hide_index=True, width="stretch", column_config={
    "value": st.column_config.NumberColumn(format="localized"),
    f"value {before}": st.column_config.NumberColumn(format="localized")} | one_decimal_columns(
    "change on a year before (%)", "share of EU27_2020_EFTA (%)", "per 100,000 inhabitants"))
st.caption("Per 100,000 inhabitants: population on 1 January (Eurostat for the Member States, the national "
           "statistical offices for the EFTA states; seed `ref_population`); empty where none is held (periods before "
           "2024).")
offer(table, file_stem(flow, {"indic": indic or "", "period": period}), "ms_table")
