"""Readmission cooperation (Visa Code Art. 25a): scorecard, drill-down, heatmap, map."""

import plotly.graph_objects as go
import streamlit as st

from returnstats.dashboard import data, labels, url_state
from returnstats.dashboard.downloads import file_stem, offer
from returnstats.dashboard.filters import public_note, round_frame
from returnstats.dashboard.look import LEVEL_COLOURS, LEVEL_SYMBOLS, colour_map, empty_state

LEVEL_POINTS = {"POOR": 0, "AVERAGE": 1, "GOOD": 2}
# plotly.js draws maps from a topojson file; the dashboard serves its own copy (static/), never a CDN.
MAP_CONFIG = {"topojsonURL": "/app/static/", "displaylogo": False}
RATES = ["rate_all", "rate_acc", "rate_td"]
COUNTS = ["rd", "ret_all"]
DAYS = ["med_days_nat", "med_days_td"]

f = st.session_state["filters"]
st.title("Readmission cooperation — Visa Code Art. 25a")
st.warning("Cooperation levels here are a **proxy** computed by returnstats from documented thresholds, "
           "not the Commission's assessment.", icon="⚠️")
public_note(f)
indicator_names = {k.lower(): v for k, v in labels.indicator_names("ART25A_A").items()}
names = labels.names("third_country")
years = data.query("select distinct year from marts.art25a_indicators_a order by 1").year.tolist()
if not years:
    empty_state("No Art. 25a indicators: the warehouse has no complete reference year yet.")
    st.stop()
year = st.selectbox("Reference year", years[::-1], key="a25_year")
score = data.query("""
    select i.third_country, i.rd, i.ret_all, i.rate_all, i.rate_acc, i.rate_td, i.med_days_nat, i.med_days_td,
           i.eligible = 1 as eligible, w.proxy_wording, w.n_good, w.n_average, w.n_poor
    from marts.art25a_indicators_a i
    left join marts.art25a_cooperation_by_third_country_a w using (year, third_country)
    where i.geo = 'TOTAL' and i.year = ? order by i.eligible desc, i.rd desc""", year)
score.insert(1, "name", score.third_country.map(names))
score = round_frame(score, COUNTS, f.public)
st.subheader(f"Scorecard {year} (all Member States)")
WORDING_COLOURS = {"works well": LEVEL_COLOURS["GOOD"], "average": LEVEL_COLOURS["AVERAGE"],
                   "needs to be improved": LEVEL_COLOURS["POOR"]}


def _colour(text) -> str:
    """Background of a proxy level or wording cell (the words say the level too)."""
    level = next((lv for lv, shown in LEVEL_SYMBOLS.items() if text == shown), text)
    colour = LEVEL_COLOURS.get(level) or next((c for w, c in WORDING_COLOURS.items() if str(text).startswith(w)),
                                              None)
    return f"background-color: {colour}" if colour else ""


column_config = {c: st.column_config.Column(indicator_names.get(c, c), help=c.upper()) for c in RATES} | {
    c: st.column_config.NumberColumn(indicator_names.get(c, c), format="localized", help=c.upper())
    for c in COUNTS + DAYS} | {"eligible": st.column_config.CheckboxColumn("selected for the assessment")}
st.dataframe(score.style.map(_colour, subset=["proxy_wording"]).format(
    {c: "{:.1%}" for c in RATES}, na_rep="–"), hide_index=True, width="stretch", column_config=column_config)
offer(score.rename(columns={c: f"{indicator_names.get(c, c)} ({'ratio' if c in RATES else 'number'})"
                            for c in RATES + COUNTS + DAYS}),
      file_stem("ART25A_A_SCORECARD", {"year": str(year)}), "a25_score")

eligible = score[score.eligible.fillna(False).astype(bool)].third_country.tolist() or \
    score.third_country.head(10).tolist()
if not eligible:
    empty_state(f"No third country in {year}.")
    st.stop()
url_state.restore("third_country", "a25_country", eligible)
country = st.selectbox("Third country", eligible, format_func=labels.formatter("third_country"), key="a25_country")
url_state.publish("third_country", country, eligible[0])
trend = data.query("select year, rate_all, rate_acc, rate_td from marts.art25a_indicators_a "
                   "where geo = 'TOTAL' and third_country = ? order by year", country)
left, right = st.columns(2)
figure = go.Figure()
colours = colour_map(RATES)
for rate in RATES:
    figure.add_trace(go.Scatter(x=trend.year, y=trend[rate], name=indicator_names[rate], mode="lines+markers",
                                line_color=colours[rate], connectgaps=False,
                                hovertemplate="%{x}: %{y:.1%}<extra>" + indicator_names[rate] + "</extra>"))
figure.update_layout(title=f"{names.get(country, country)}: rates", yaxis={"tickformat": ".0%", "rangemode": "tozero"},
                     xaxis={"tickmode": "array", "tickvals": trend.year.tolist(), "tickformat": "d"},
                     legend={"orientation": "h", "y": -0.2})
left.plotly_chart(figure, width="stretch", key="a25_trend")
with left:
    offer(trend.rename(columns={r: f"{indicator_names[r]} (ratio)" for r in RATES}),
          file_stem("ART25A_A", {"third_country": country, "period": "all-years"}), "a25_trend")
pairs = data.query(
    f"""select p.geo, p.level, p.is_override, p.reasons, i.rd, i.rate_all, i.rate_acc
    from marts.art25a_cooperation_proxy_a p join marts.art25a_indicators_a i using (year, geo, third_country)
    where p.year = ? and p.third_country = ? and p.geo in ({f.geo_sql}) order by i.rd desc""", year, country)
pairs = round_frame(pairs.assign(level=pairs.level.map(LEVEL_SYMBOLS)), ["rd"], f.public)
pairs.insert(1, "country", pairs.geo.map(labels.names("geo")))
if pairs.empty:
    right.info(f"No proxy level for {names.get(country, country)} from the countries selected.", icon="🔍")
else:
    right.dataframe(pairs.style.map(_colour, subset=["level"]).format({"rate_all": "{:.1%}", "rate_acc": "{:.1%}"},
                                                                      na_rep="–"),
                    hide_index=True, width="stretch", column_config={
                        "rd": st.column_config.NumberColumn(indicator_names["rd"], format="localized"),
                        "rate_all": indicator_names["rate_all"], "rate_acc": indicator_names["rate_acc"]})
with right:
    offer(pairs, file_stem("ART25A_PROXY", {"third_country": country, "period": str(year)}), "a25_pairs")

heat = data.query(
    f"""select geo, third_country, level from marts.art25a_cooperation_proxy_a
    where year = ? and geo in ({f.geo_sql}) and third_country in (select unnest(?::varchar[]))""", year, eligible)
matrix = heat.assign(points=heat.level.map(LEVEL_POINTS)).pivot(index="third_country", columns="geo", values="points")
words = heat.assign(word=heat.level.map(lambda lv: LEVEL_SYMBOLS.get(lv, "")[:1])).pivot(
    index="third_country", columns="geo", values="word").reindex_like(matrix).fillna("")
hover = heat.assign(word=heat.level.map(LEVEL_SYMBOLS)).pivot(
    index="third_country", columns="geo", values="word").reindex_like(matrix).fillna("")
if matrix.empty or matrix.isna().all().all():
    empty_state("No proxy level for the countries selected.")
else:
    st.plotly_chart(go.Figure(go.Heatmap(
        z=matrix.values, x=matrix.columns, y=[f"{names.get(c, c)} ({c})" for c in matrix.index], zmin=0, zmax=2,
        text=words.values, texttemplate="%{text}", customdata=hover.values,
        colorscale=[[0, LEVEL_COLOURS["POOR"]], [0.5, LEVEL_COLOURS["AVERAGE"]], [1, LEVEL_COLOURS["GOOD"]]],
        colorbar={"tickvals": [0, 1, 2], "ticktext": ["▼ poor", "● average", "▲ good"]}, hoverongaps=False,
        hovertemplate="%{x} × %{y}: %{customdata}<extra></extra>")).update_layout(
        title=f"Proxy level by Member State and third country, {year} (▲ good, ● average, ▼ poor; "
              "blank: too few cases)", height=500), width="stretch", key="a25_heat")
    offer(heat.assign(level=heat.level.map(LEVEL_SYMBOLS)), file_stem("ART25A_PROXY", {"period": str(year)}),
          "a25_heat")

world = data.query("""select c.iso_alpha3, i.third_country, i.rate_all from marts.art25a_indicators_a i
    join ref.ref_countries c on c.code = i.third_country where i.geo = 'TOTAL' and i.year = ? and i.rd >= 20""", year)
world["name"] = world.third_country.map(names)
figure = go.Figure(go.Choropleth(locations=world.iso_alpha3, z=world.rate_all.clip(upper=1), text=world.name,
                                 colorscale="Cividis", zmin=0, zmax=1,
                                 colorbar={"title": "return rate", "tickformat": ".0%"},
                                 hovertemplate="%{text}: %{z:.1%}<extra></extra>"))
figure.update_layout(title=f"Return rate by citizenship, {year} (third countries with at least 20 decisions)",
                     geo={"showframe": False, "projection_type": "natural earth"}, height=500)
st.plotly_chart(figure, width="stretch", config=MAP_CONFIG, key="a25_map")
