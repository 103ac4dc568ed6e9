"""Compare Member States: ranking for an indicator, share of the EU total, EU27_2020 and
EU27_2020_EFTA totals, change on a year before, and rates per 100,000 inhabitants."""

import pandas as pd
import plotly.express as px
import streamlit as st

from returnstats.dashboard import data, labels, url_state
from returnstats.dashboard.downloads import file_stem, offer
from returnstats.dashboard.filters import public_note, rounded, shown_count
from returnstats.dashboard.look import (
    change_percent,
    count_axis,
    empty_state,
    one_decimal_columns,
    per_100k,
    share_percent,
)
from returnstats.periods import year_before

# indicator code: (name, mart, condition); codes as in the SDMX code lists (ORD/RTN of EIL_UAM_Q,
# RECOG/ALT/DET of ART48_Q)
MEASURES = {
    "ORD": ("Persons ordered to leave", "eil_ord_q", "true"),
    "RTN": ("Persons returned", "eil_rtn_q", "c_dest = 'TOTAL'"),
    "RECOG": ("Persons subject to a recognised return decision of another Member State", "art48_q", "indic = 'RECOG'"),
    "ALT": ("Persons subject to an alternative to detention", "art48_q", "indic = 'ALT'"),
    "DET": ("Persons in detention", "art48_q", "indic = 'DET'"),
}

f = st.session_state["filters"]
st.title("Compare Member States")
public_note(f)
url_state.restore("indic", "cmp_indic", list(MEASURES))
indic = st.selectbox("Indicator", list(MEASURES), key="cmp_indic", format_func=lambda c: f"{MEASURES[c][0]} ({c})")
url_state.publish("indic", indic, "ORD")
quarter, before = f.last, year_before(f.last)
name, mart, condition = MEASURES[indic]
cells = data.query(f"""
    select c.geo, r.name, r.membership, r.bound_by_return_regulation as bound, c.time_period, c.obs_value,
           c.obs_status, p.population, p.year as population_year
    from marts.{mart} c join ref.ref_reporting_countries r using (geo)
    left join ref.ref_population p on p.geo = c.geo
     and p.year = (select max(year) from ref.ref_population q where q.geo = c.geo
                   and q.year <= cast(substr(c.time_period, 1, 4) as int))
    where {condition} and c.citizen = ? and c.sex = ? and c.age = ? and c.time_period in (?, ?)""",
                   f.citizen, f.sex, f.age, quarter, before)
now = cells[cells.time_period == quarter].set_index("geo")
then = cells[cells.time_period == before].set_index("geo").obs_value
if now.empty:
    empty_state(f"No country has figures for {name.lower()} in {quarter}.")
    st.stop()

st.subheader(f"{name}, {quarter}")
st.caption(f"{labels.named('citizen', f.citizen)} · {labels.named('sex', f.sex)} · {labels.named('age', f.age)}. "
           "The quarter is the last of the period chosen in the sidebar; the change compares it with the same "
           "quarter a year before · [definitions](/glossary)")
countries = data.query("select geo, membership, bound_by_return_regulation as bound from ref.ref_reporting_countries")


def _total(members: set[str]) -> tuple[float, str]:
    """The sum over a group of countries, and what it lacks (countries without a figure)."""
    expected = set(countries[countries.geo.isin(members)
                             & ((countries.bound == "Y") | (mart != "art48_q"))].geo)
    have = now[now.index.isin(expected) & (now.obs_status != "L")]
    missing = sorted(expected - set(have.index))
    note = "complete" if not missing else f"incomplete: no figure from {', '.join(missing)}"
    return have.obs_value.sum(), note


eu = set(countries[countries.membership == "EU"].geo)
totals = {"EU27_2020": _total(eu), "EU27_2020_EFTA": _total(set(countries.geo))}
columns = st.columns(2)
for column, (code, (value, note)) in zip(columns, totals.items(), strict=True):
    column.metric(labels.named("geo", code), shown_count(value, f.public), help=note)
    column.caption(note + (" (Denmark and Ireland are not bound by the Return Regulation and send no ART48_Q)"
                           if mart == "art48_q" else ""))

eu_total = totals["EU27_2020_EFTA"][0]
table = pd.DataFrame({
    "country": [f"{n} ({g})" for g, n in zip(now.index, now.name, strict=True)],
    "persons": pd.array([rounded(v, f.public) for v in now.obs_value], dtype="Int64"),
    f"persons {before}": pd.array([rounded(then.get(g), f.public) for g in now.index], dtype="Int64"),
})
table["change on a year before (%)"] = [change_percent(a, b) for a, b in
                                        zip(table.persons, table[f"persons {before}"], strict=True)]
table["share of EU27_2020_EFTA (%)"] = [share_percent(v, eu_total) for v in now.obs_value]
table["per 100,000 inhabitants"] = [None if f.public and rounded(v, True) is None else per_100k(v, p)
                                    for v, p in zip(now.obs_value, now.population, strict=True)]
table["not collected"] = (now.obs_status == "L").map({True: "yes", False: ""}).values
table = table.sort_values("persons", ascending=False, na_position="last")
chart = px.bar(table, x="persons", y="country", orientation="h", title=f"Ranking, {quarter}",
               color_discrete_sequence=["#0072B2"], hover_data={"share of EU27_2020_EFTA (%)": ":.1f"})
chart.update_layout(yaxis={"categoryorder": "total ascending", "title": None},
                    xaxis=count_axis(table.persons.max()) | {"title": "persons"},
                    height=max(300, 22 * len(table)))
chart.update_traces(hovertemplate="%{y}: %{x:,.0f} persons<extra></extra>")
st.plotly_chart(chart, width="stretch", key="cmp_chart")
st.dataframe(table, hide_index=True, width="stretch", column_config={
    "persons": st.column_config.NumberColumn(format="localized"),
    f"persons {before}": st.column_config.NumberColumn(format="localized")} | one_decimal_columns(
    "change on a year before (%)", "share of EU27_2020_EFTA (%)", "per 100,000 inhabitants"))
st.caption("Per 100,000 inhabitants: population on 1 January (Eurostat for the Member States, the national "
           "statistical offices for the EFTA states; the latest year available up to the quarter's year, seed "
           "`ref_population`); empty where no population figure is held (quarters before 2024).")
offer(table, file_stem(f"{indic}_RANKING", f.described(period=quarter)), "cmp")
