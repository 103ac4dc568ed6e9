"""Frontex monthly (Art. 48(3)): readmission applications, replies, travel documents, reintegration."""

import plotly.express as px
import streamlit as st

from dashboards import data
from dashboards.filters import public_note, round_frame

INDICS = ["READM_APP", "NAT_REQ", "NAT_POS", "NAT_NEG", "TD_REQ", "TD_ISS", "TD_NEG", "REINT"]

f = st.session_state["filters"]
st.title("Frontex monthly — Art. 48(3)")
public_note(f)
monthly = data.query(
    f"""select time_period as month, indic, sum(obs_value) as value from marts.frontex_m
    where geo in ({f.geo_sql}) and third_country = ? and substr(time_period, 1, 4) || '-Q'
          || ((cast(substr(time_period, 6, 2) as int) + 2) // 3) between ? and ?
    group by all order by 1""", "TOTAL" if f.citizen == "TOTAL" else f.citizen, f.first, f.last)
st.caption("Applications are counted as events; REINT counts persons. The citizenship filter selects the "
           "third country asked to readmit.")
chosen = st.multiselect("Indicators", INDICS, default=["READM_APP", "NAT_POS", "TD_ISS"], key="fx_indics")
st.plotly_chart(px.line(round_frame(monthly[monthly.indic.isin(chosen)], ["value"], f.public), x="month",
                        y="value", color="indic", markers=True, title="Per month"), width="stretch")

last_month = monthly.month.max()
by_country = data.query(
    f"""select third_country, indic, sum(obs_value) as value from marts.frontex_m
    where geo in ({f.geo_sql}) and third_country != 'TOTAL' and time_period = ? group by all""", last_month)
table = by_country.pivot_table(index="third_country", columns="indic", values="value", aggfunc="sum",
                               fill_value=0).reindex(columns=INDICS, fill_value=0)
table = table.sort_values("READM_APP", ascending=False).reset_index()
st.subheader(f"Per third country, {last_month}")
st.dataframe(round_frame(table, INDICS, f.public), hide_index=True, width="stretch")
