"""Frontex monthly (Art. 48(3)): readmission applications, replies, travel documents, reintegration."""

import streamlit as st

from returnstats.dashboard import data, labels, url_state
from returnstats.dashboard.downloads import file_stem, offer
from returnstats.dashboard.filters import public_note, round_frame
from returnstats.dashboard.headlines import collection_status, partial_note
from returnstats.dashboard.look import empty_state, full_calendar, key_figures, show_time_chart, value_at
from returnstats.periods import months_of_quarters

f = st.session_state["filters"]
st.title("Frontex monthly — Art. 48(3)")
public_note(f)
indicators = labels.indicator_names("FRONTEX_M")
third_countries = ["TOTAL", *sorted((c for c in labels.names("third_country") if c != "TOTAL"),
                                    key=lambda c: labels.named("third_country", c))]
url_state.restore("third_country", "fx_third_country", third_countries)
third_country = st.selectbox("Third country asked to readmit", third_countries, key="fx_third_country",
                             format_func=labels.formatter("third_country"))
url_state.publish("third_country", third_country, "TOTAL")
url_state.restore("indic", "fx_indics", list(indicators), multiple=True)
default = ["READM_APP", "NAT_POS", "TD_ISS"]
if "fx_indics" not in st.session_state:
    st.session_state["fx_indics"] = default
chosen = st.multiselect("Indicators", list(indicators), key="fx_indics", format_func=lambda i: indicators[i])
url_state.publish("indic", chosen, default)
months = months_of_quarters(f.first, f.last)
monthly = data.query(
    f"""select time_period, indic, sum(obs_value) as value from marts.frontex_m
    where geo in ({f.geo_sql}) and third_country = ? and time_period between ? and ? group by all""",
    third_country, months[0], months[-1])
st.caption("Applications and documents are counted as events, reintegration (REINT) as persons. The citizenship, "
           "sex and age filters of the sidebar do not apply here (FRONTEX_M has none of them): choose the third "
           "country above · "
           "[definitions](/glossary#frontex_m)")
if not chosen:
    empty_state("Choose at least one indicator.")
else:
    status = collection_status("frontex_m", f, by="indic")
    gaps = {(p, i) for p, i, n in zip(status.time_period, status.indic, status.collecting, strict=True) if not n}
    series = round_frame(full_calendar(monthly, months, "indic", "value", chosen, gaps), ["value"], f.public)
    at_latest = value_at(series, months[-1], "indic", "value")
    key_figures(months[-1], [(indicators[i], at_latest.get(i), f"{indicators[i]} ({i})") for i in chosen],
                labels.named("third_country", third_country))
    partial_note({indicators[i]: lacking for p, i, lacking, n in status.itertuples(index=False)
                  if p == months[-1] and n and i in chosen})
    if series.value.fillna(0).sum() == 0:
        empty_state(f"No application, document or reintegration for {labels.named('third_country', third_country)} "
                    f"from the countries selected, {months[0]} to {months[-1]}.")
    elif show_time_chart(series, "indic", "value", indicators, "Per month", "applications or persons",
                         "fx_series", periods=months):
        offer(series.assign(indicator=series.indic.map(indicators)).rename(columns={"time_period": "month"}),
              file_stem("FRONTEX_M", f.described(citizen="", sex="", age="", third_country=third_country)),
              "fx_series")

last_month = months[-1]
by_country = data.query(
    f"""select third_country, indic, sum(obs_value) as value from marts.frontex_m
    where geo in ({f.geo_sql}) and third_country != 'TOTAL' and time_period = ? group by all""", last_month)
st.subheader(f"Per third country, {last_month}")
if by_country.empty:
    empty_state(f"No readmission figures in {last_month} for the countries selected.")
else:
    table = by_country.pivot_table(index="third_country", columns="indic", values="value", aggfunc="sum",
                                   fill_value=0).reindex(columns=list(indicators), fill_value=0)
    table = table.sort_values("READM_APP", ascending=False).reset_index()
    table.insert(1, "name", table.third_country.map(labels.names("third_country")))
    table = round_frame(table, list(indicators), f.public)
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={i: st.column_config.NumberColumn(name, format="localized", help=i)
                                for i, name in indicators.items()})
    offer(table.rename(columns=indicators), file_stem("FRONTEX_M_BY_THIRD_COUNTRY", f.described(
        citizen="", sex="", age="", period=last_month)), "fx_table")
