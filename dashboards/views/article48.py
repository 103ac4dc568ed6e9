"""Article 48(1): recognitions, alternatives to detention and detention."""

import plotly.express as px
import streamlit as st

from dashboards import data
from dashboards.filters import public_note, round_frame
from dashboards.transmitted import as_csv, transmitted_table

INDICATORS = {"DET": "In detention", "ALT": "In alternatives to detention", "RECOG": "Recognised decisions"}
AGES = ["Y_LT14", "Y14-17", "Y18-34", "Y35-64", "Y_GE65", "UNK"]

f = st.session_state["filters"]
st.title("Article 48(1) — quarterly to Eurostat")
public_note(f)
quarters = f.quarters(data.quarters())

by_quarter = data.query(
    f"select time_period, indic, sum(obs_value) as persons from marts.art48_q where geo in ({f.geo_sql}) "
    "and citizen = ? and sex = 'T' and age = 'TOTAL' and time_period between ? and ? group by all order by 1",
    f.citizen, f.first, f.last)
by_quarter = round_frame(by_quarter.assign(indicator=by_quarter.indic.map(INDICATORS)), ["persons"], f.public)
st.plotly_chart(px.bar(by_quarter, x="time_period", y="persons", color="indicator", barmode="group",
                       title="Persons per quarter"), width="stretch")

left, right = st.columns(2)
indic = left.radio("Indicator", list(INDICATORS), format_func=INDICATORS.get, horizontal=True, key="a48_indic")
latest = quarters[-1]
pyramid = data.query(
    f"select age, sex, sum(obs_value) as persons from marts.art48_q where geo in ({f.geo_sql}) and indic = ? "
    "and citizen = ? and time_period = ? and sex in ('F', 'M') and age in ('Y_LT14', 'Y14-17', 'Y18-34', "
    "'Y35-64', 'Y_GE65', 'UNK') group by all", indic, f.citizen, latest)
pyramid = round_frame(pyramid, ["persons"], f.public)
pyramid["bar"] = pyramid.persons.where(pyramid.sex == "M", -pyramid.persons)
left.plotly_chart(px.bar(pyramid, y="age", x="bar", color="sex", orientation="h",
                         category_orders={"age": AGES[::-1]}, labels={"bar": "persons (F left, M right)"},
                         title=f"Age and sex, {latest}"), width="stretch")
top = data.query(
    f"select citizen, sum(obs_value) as persons from marts.art48_q where geo in ({f.geo_sql}) and indic = ? "
    "and citizen != 'TOTAL' and sex = 'T' and age = 'TOTAL' and time_period = ? group by all "
    "order by persons desc, citizen limit 10", indic, latest)
right.plotly_chart(px.bar(round_frame(top, ["persons"], f.public), x="citizen", y="persons",
                          title=f"Top citizenships, {latest}"), width="stretch")

st.subheader("The table as transmitted")
geo_col, quarter_col = st.columns(2)
geo = geo_col.selectbox("Reporting country", f.countries, key="a48_geo")
quarter = quarter_col.selectbox("Quarter", quarters[::-1], key="a48_quarter")
table = transmitted_table("ART48_Q", geo, quarter)
st.dataframe(round_frame(table, ["OBS_VALUE"], f.public), hide_index=True, width="stretch")
if f.public:
    st.caption("Exact downloads are not offered in the public view.")
else:
    st.download_button(f"Download ART48_Q_{geo}_{quarter}.csv (exact figures, as transmitted)", as_csv(table),
                       file_name=f"ART48_Q_{geo}_{quarter}.csv", mime="text/csv", key="a48_download")
