"""Readmission cooperation (Visa Code Art. 25a): scorecard, drill-down, heatmap, map."""

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboards import data
from dashboards.filters import public_note, round_frame

LEVEL_POINTS = {"POOR": 0, "AVERAGE": 1, "GOOD": 2}
LEVEL_COLOURS = {"GOOD": "#1a9850", "AVERAGE": "#fdae61", "POOR": "#d73027", "INSUFFICIENT_DATA": "#dddddd"}
# plotly.js draws maps from a topojson file; the dashboard serves its own copy (static/), never a CDN.
MAP_CONFIG = {"topojsonURL": "/app/static/", "displaylogo": False}

f = st.session_state["filters"]
st.title("Readmission cooperation — Visa Code Art. 25a")
st.warning("Cooperation levels here are a **proxy** computed by returnstats from documented thresholds, "
           "not the Commission's assessment.", icon="⚠️")
public_note(f)
years = data.query("select distinct year from marts.art25a_indicators_a order by 1").year.tolist()
year = st.selectbox("Reference year", years[::-1], key="a25_year")
names = data.country_names()

score = data.query("""
    select i.third_country, i.rd, i.ret_all, i.rate_all, i.rate_acc, i.rate_td, i.med_days_nat, i.med_days_td,
           i.eligible, w.proxy_wording, w.n_good, w.n_average, w.n_poor
    from marts.art25a_indicators_a i
    left join marts.art25a_cooperation_by_third_country_a w using (year, third_country)
    where i.geo = 'TOTAL' and i.year = ? order by i.eligible desc, i.rd desc""", year)
score.insert(1, "name", score.third_country.map(names))
st.subheader(f"Scorecard {year} (all Member States)")
WORDING_COLOURS = {"works well": LEVEL_COLOURS["GOOD"], "average": LEVEL_COLOURS["AVERAGE"],
                   "needs to be improved": LEVEL_COLOURS["POOR"]}


def _colour(text) -> str:
    """Background of a proxy level or wording cell."""
    colour = LEVEL_COLOURS.get(text) or next((c for w, c in WORDING_COLOURS.items() if str(text).startswith(w)), None)
    return f"background-color: {colour}" if colour else ""


st.dataframe(round_frame(score, ["rd", "ret_all"], f.public).style.map(_colour, subset=["proxy_wording"]),
             hide_index=True, width="stretch", column_config={"eligible": st.column_config.CheckboxColumn("eligible")})

eligible = score[score.eligible == 1].third_country.tolist() or score.third_country.head(10).tolist()
country = st.selectbox("Third country", eligible, format_func=lambda c: f"{c} — {names.get(c, c)}", key="a25_country")
trend = data.query("select year, rate_all, rate_acc, rate_td from marts.art25a_indicators_a "
                   "where geo = 'TOTAL' and third_country = ? order by year", country)
left, right = st.columns(2)
rates = trend.astype({"year": str}).melt(id_vars="year", var_name="indicator", value_name="ratio")
left.plotly_chart(px.line(rates, x="year", y="ratio", color="indicator", markers=True,
                          title=f"{names.get(country, country)}: rates"), width="stretch")
pairs = data.query(
    f"""select p.geo, p.level, p.is_override, p.reasons, i.rd, i.rate_all, i.rate_acc
    from marts.art25a_cooperation_proxy_a p join marts.art25a_indicators_a i using (year, geo, third_country)
    where p.year = ? and p.third_country = ? and p.geo in ({f.geo_sql}) order by i.rd desc""", year, country)
right.dataframe(round_frame(pairs, ["rd"], f.public).style.map(_colour, subset=["level"]), hide_index=True,
                width="stretch")

heat = data.query(
    f"""select geo, third_country, level from marts.art25a_cooperation_proxy_a
    where year = ? and geo in ({f.geo_sql}) and third_country in (select unnest(?::varchar[]))""", year, eligible)
matrix = heat.assign(points=heat.level.map(LEVEL_POINTS)).pivot(index="third_country", columns="geo", values="points")
st.plotly_chart(go.Figure(go.Heatmap(
    z=matrix.values, x=matrix.columns, y=matrix.index, zmin=0, zmax=2,
    colorscale=[[0, LEVEL_COLOURS["POOR"]], [0.5, LEVEL_COLOURS["AVERAGE"]], [1, LEVEL_COLOURS["GOOD"]]],
    colorbar={"tickvals": [0, 1, 2], "ticktext": ["poor", "average", "good"]}, hoverongaps=False)).update_layout(
    title=f"Proxy level by Member State and third country, {year} (blank: too few cases)", height=500),
    width="stretch")

world = data.query("""select c.iso_alpha3, i.third_country, i.rate_all from marts.art25a_indicators_a i
    join ref.ref_countries c on c.code = i.third_country where i.geo = 'TOTAL' and i.year = ? and i.rd >= 20""", year)
world["name"] = world.third_country.map(names)
figure = go.Figure(go.Choropleth(locations=world.iso_alpha3, z=world.rate_all.clip(upper=1), text=world.name,
                                 colorscale="RdYlGn", zmin=0, zmax=1, colorbar_title="return rate"))
figure.update_layout(title=f"Return rate by citizenship, {year} (third countries with at least 20 decisions)",
                     geo={"showframe": False, "projection_type": "natural earth"}, height=500)
st.plotly_chart(figure, width="stretch", config=MAP_CONFIG)
