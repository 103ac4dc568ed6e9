"""Article 48(1): recognitions, alternatives to detention and detention."""

import plotly.express as px
import streamlit as st

from returnstats.dashboard import data, labels, url_state
from returnstats.dashboard.downloads import as_csv, file_stem, offer
from returnstats.dashboard.filters import PUBLIC_MIN_CELL, public_note, round_frame
from returnstats.dashboard.headlines import HEADLINES, collection_status, partial_note
from returnstats.dashboard.look import (
    colour_map,
    count_axis,
    empty_state,
    full_calendar,
    key_figures,
    show_time_chart,
    value_at,
    whole,
)
from returnstats.dashboard.transmitted import transmitted_table

GLOSSARY = "[definitions](/glossary#art48_q)"
# The overview's short names of the three indicators, for the key figures (the code list's in the help).
HEADLINE_OF = {"RECOG": HEADLINES["recognised"][0], "ALT": HEADLINES["alternatives"][0],
               "DET": HEADLINES["detention"][0]}

f = st.session_state["filters"]
st.title("Article 48(1) — quarterly to Eurostat")
public_note(f)
quarters = f.quarters(data.quarters())
indicators = labels.indicator_names("ART48_Q")

by_quarter = data.query(
    f"select time_period, indic, sum(obs_value) as persons "
    f"from marts.art48_q where geo in ({f.geo_sql}) and citizen = ? and sex = ? and age = ? "
    "and time_period between ? and ? group by all", f.citizen, f.sex, f.age, f.first, f.last)
status = collection_status("art48_q", f, by="indic")
gaps = {(p, i) for p, i, n in zip(status.time_period, status.indic, status.collecting, strict=True) if not n}
series = full_calendar(by_quarter, quarters, "indic", "persons", list(indicators), gaps)
series = round_frame(series, ["persons"], f.public)
latest = quarters[-1]
at_latest = value_at(series, latest, "indic", "persons")
key_figures(latest, [(HEADLINE_OF[i], at_latest.get(i), indicators[i]) for i in indicators],
            f.summed_over)
partial_note({HEADLINE_OF[i]: lacking for p, i, lacking, n in status.itertuples(index=False)
              if p == latest and n})
show_time_chart(series, "indic", "persons", indicators, "Persons per quarter", "persons", "a48_series",
                periods=quarters)
st.caption(f"{labels.named('citizen', f.citizen)} · {labels.named('sex', f.sex)} · {labels.named('age', f.age)} · "
           f"{f.summed_over} · {GLOSSARY}")
offer(series.assign(indicator=series.indic.map(indicators)).rename(columns={"persons": "persons (number)"}),
      file_stem("ART48_Q", f.described()), "a48_series")

url_state.restore("indic", "a48_indic", list(indicators))
indic = st.radio("Indicator", list(indicators), format_func=indicators.get, horizontal=True, key="a48_indic")
url_state.publish("indic", indic, list(indicators)[0])
left, right = st.columns(2)
ages = [a for a in labels.names("age") if a not in ("Y_LT18", "TOTAL")]
pyramid = data.query(
    f"select age, sex, sum(obs_value) as persons from marts.art48_q where geo in ({f.geo_sql}) and indic = ? "
    "and citizen = ? and time_period = ? and sex in ('F', 'M') and age in (select unnest(?::varchar[])) "
    "group by all", indic, f.citizen, latest, ages)
pyramid = round_frame(pyramid, ["persons"], f.public)
with left:
    if pyramid.persons.fillna(0).sum() == 0:
        empty_state(f"No persons in this selection in {latest}.")
    else:
        age_names, sex_names = labels.names("age"), labels.names("sex")
        shown = pyramid.assign(bar=pyramid.persons.where(pyramid.sex == "M", -pyramid.persons),
                               age_class=pyramid.age.map(age_names), sex_name=pyramid.sex.map(sex_names))
        figure = px.bar(shown, y="age_class", x="bar", color="sex_name", orientation="h",
                        custom_data=["persons", "sex_name"],
                        category_orders={"age_class": [age_names[a] for a in ages][::-1]},
                        color_discrete_map={sex_names[s]: c for s, c in colour_map(["F", "M"]).items()},
                        labels={"bar": "persons (females left, males right)", "age_class": "", "sex_name": ""},
                        title=f"Age and sex ({indic}), {latest}")
        figure.update_traces(hovertemplate="%{customdata[1]}, %{y}: %{customdata[0]:,.0f} persons<extra></extra>")
        largest = max(float(abs(shown.bar.fillna(0)).max()), 1.0)
        ticks = [round(largest * k) for k in (-1, -0.5, 0, 0.5, 1)] if largest >= 4 else [-2, -1, 0, 1, 2]
        bound = max(abs(t) for t in ticks) * 1.08
        figure.update_layout(barmode="relative", xaxis={"tickvals": ticks, "ticktext": [f"{abs(t):,}" for t in ticks],
                                                        "range": [-bound, bound]})
        st.plotly_chart(figure, width="stretch", key="a48_pyramid")
        st.caption("Females and males of every age class: the sex and age filters do not apply to this chart.")
        offer(pyramid.assign(age_class=pyramid.age.map(age_names)), file_stem("ART48_Q", f.described(
            indic=indic, period=latest)), "a48_pyramid")
top = data.query(
    f"select citizen, sum(obs_value) as persons from marts.art48_q where geo in ({f.geo_sql}) and indic = ? "
    "and citizen != 'TOTAL' and sex = ? and age = ? and time_period = ? group by all having sum(obs_value) > 0 "
    "order by persons desc, citizen limit 10", indic, f.sex, f.age, latest)
top = round_frame(top.assign(citizenship=top.citizen.map(lambda c: labels.named("citizen", c))), ["persons"],
                  f.public)
suppressed = top.persons.isna().any()  # public view: a suppressed cell is left out, so the ranking
top = top[top.persons.notna()]         # shows no order of hidden figures
with right:
    if top.empty:
        empty_state(f"No persons in this selection in {latest}." if not suppressed else
                    f"Every citizenship has fewer than {PUBLIC_MIN_CELL} persons in {latest}: suppressed in the "
                    "public view.")
    else:
        figure = px.bar(top, y="citizenship", x="persons", orientation="h", color_discrete_sequence=["#0072B2"],
                        title=f"Top citizenships ({indic}), {latest}")
        figure.update_layout(yaxis={"categoryorder": "total ascending", "title": None},
                             xaxis=count_axis(top.persons.max()) | {"title": "persons"})
        figure.update_traces(hovertemplate="%{y}: %{x:,.0f} persons<extra></extra>")
        st.plotly_chart(figure, width="stretch", key="a48_top")
        offer(top, file_stem("ART48_Q_TOP", f.described(indic=indic, period=latest)), "a48_top")

st.subheader("The table as transmitted")
geo_col, quarter_col = st.columns(2)
with_data = [g for g in f.countries if g in set(data.reporting_countries().geo)] or list(f.countries)
geo = geo_col.selectbox("Reporting country", with_data, key="a48_geo", format_func=labels.formatter("geo"))
quarter = quarter_col.selectbox("Quarter", quarters[::-1], key="a48_quarter")
table = transmitted_table("ART48_Q", geo, quarter)
if table.empty:
    empty_state(f"{labels.named('geo', geo)} transmits no ART48_Q (not bound by the Return Regulation) or has no "
                f"figures for {quarter}.")
else:
    shown = round_frame(table, ["OBS_VALUE"], f.public)
    st.dataframe(shown.assign(OBS_VALUE=shown.OBS_VALUE.map(whole)) if f.public else shown, hide_index=True,
                 width="stretch")  # public view: a suppressed cell reads "–"
if f.public:
    st.caption("The transmitted file (exact figures) is not offered in the public view.")
elif not table.empty:
    st.download_button(f"Download ART48_Q_{geo}_{quarter}.csv (exact figures, as transmitted)", as_csv(table),
                       file_name=f"ART48_Q_{geo}_{quarter}.csv", mime="text/csv", key="a48_download")
