"""Returns (enforcement of immigration legislation statistics)."""

import streamlit as st

from returnstats.dashboard import data, labels
from returnstats.dashboard.downloads import file_stem, offer
from returnstats.dashboard.filters import public_note, public_rate, round_frame
from returnstats.dashboard.headlines import collection_status, partial_note
from returnstats.dashboard.look import empty_state, full_calendar, key_figures, show_time_chart, time_chart, value_at

f = st.session_state["filters"]
st.title("Returns following an order to leave")
public_note(f)
quarters = f.quarters(data.quarters())
window = (f.first, f.last)
types, destinations = labels.names("return_type"), labels.names("c_dest")

by_type = data.query(
    f"select time_period, return_type, sum(obs_value) as persons from marts.eil_rtt_q where geo in ({f.geo_sql}) "
    "and citizen = ? and return_type != 'TOTAL' and time_period between ? and ? group by all", f.citizen, *window)
by_dest = data.query(
    f"select time_period, c_dest, sum(obs_value) as persons from marts.eil_rtn_q where geo in ({f.geo_sql}) "
    "and citizen = ? and sex = ? and age = ? and c_dest != 'TOTAL' and time_period between ? and ? group by all",
    f.citizen, f.sex, f.age, *window)
# the EIL flows are collected whole or not at all per quarter (the returns table's coverage)
status = collection_status("eil_rtn_q", f)
not_collected = {p for p, n in zip(status.time_period, status.collecting, strict=True) if not n}
by_type = round_frame(full_calendar(by_type, quarters, "return_type", "persons", [t for t in types if t != "TOTAL"],
                                    {(p, t) for p in not_collected for t in types}), ["persons"], f.public)
by_dest = round_frame(full_calendar(by_dest, quarters, "c_dest", "persons", [d for d in destinations if d != "TOTAL"],
                                    {(p, d) for p in not_collected for d in destinations}), ["persons"], f.public)
at_latest = value_at(by_type, quarters[-1], "return_type", "persons")
key_figures(quarters[-1], [(types[t], at_latest.get(t), f"Persons returned: {types[t].lower()}")
                           for t in types if t != "TOTAL"], f.summed_over)
partial = status[(status.time_period == quarters[-1]) & (status.collecting > 0)]
partial_note({"Returns": partial.lacking.iloc[0]} if len(partial) else {})
left, right = st.columns(2)
with left:
    show_time_chart(by_type, "return_type", "persons", types, "By type of return", "persons", "rt_type", "bar",
                    quarters)
    st.caption(f"{labels.named('citizen', f.citizen)}; sex and age do not apply (EIL_RTT_Q has neither) · "
               "[definitions](/glossary#eil)")
    offer(by_type.assign(type=by_type.return_type.map(types)).rename(columns={"persons": "persons (number)"}),
          file_stem("EIL_RTT_Q", f.described(sex="", age="")), "rt_type")
with right:
    show_time_chart(by_dest, "c_dest", "persons", destinations, "By destination", "persons", "rt_dest", "bar",
                    quarters)
    st.caption(f"{labels.named('citizen', f.citizen)} · {labels.named('sex', f.sex)} · {labels.named('age', f.age)}")
    offer(by_dest.assign(destination=by_dest.c_dest.map(destinations)).rename(
        columns={"persons": "persons (number)"}), file_stem("EIL_RTN_Q", f.described()),
          "rt_dest")

# decision_to_departure_q has no citizenship: the chart says so instead of ignoring the filter silently
delay = data.query(
    f"select time_period, return_type, sum(persons) as persons, "
    "sum(median_days * persons) / sum(persons) as median_days "
    f"from marts.decision_to_departure_q where geo in ({f.geo_sql}) and time_period between ? and ? "
    "group by all", *window)
if delay.empty:
    empty_state("No return in this selection.")
else:
    delay = full_calendar(delay, quarters, "return_type", "median_days", list(types))
    delay.loc[delay.median_days == 0, "median_days"] = float("nan")  # no return that quarter: no median
    figure = time_chart(delay, "return_type", "median_days", types | {"TOTAL": "All returns"},
                        "Days from return decision to departure (median; person-weighted over countries)", "days",
                        periods=quarters)
    st.plotly_chart(figure, width="stretch", key="rt_delay")
    st.caption("All citizenships, sexes and ages: the analytic table `decision_to_departure_q` is kept by type of "
               "return only, so the citizenship, sex and age filters do not apply to this chart.")
    offer(delay.assign(type=delay.return_type.map(types | {"TOTAL": "All returns"}),
                       median_days=delay.median_days.round(1)).rename(columns={"median_days": "median days"}),
          file_stem("DECISION_TO_DEPARTURE", f.described(citizen="", sex="", age="")), "rt_delay")

rates = data.query(
    f"""select o.citizen, sum(o.obs_value) as ordered, coalesce(sum(r.obs_value), 0) as returned
    from marts.eil_ord_q o left join marts.eil_rtn_q r
      on r.geo = o.geo and r.time_period = o.time_period and r.citizen = o.citizen
     and r.sex = o.sex and r.age = o.age and r.c_dest = 'TOTAL'
    where o.geo in ({f.geo_sql}) and o.sex = ? and o.age = ? and o.citizen != 'TOTAL'
      and o.time_period between ? and ? group by all having sum(o.obs_value) >= 20
    order by ordered desc limit 20""", f.sex, f.age, *window)
st.subheader("Return rate by citizenship (20 largest, returned ÷ ordered to leave in the period)")
if rates.empty:
    empty_state("No citizenship with at least 20 persons ordered to leave in this selection.")
else:
    rates.insert(1, "name", rates.citizen.map(labels.names("citizen")))
    rates["return rate (%)"] = [None if r is None else round(100 * r, 1) for r in
                                map(lambda o, n: public_rate(n, o, f.public), rates.ordered, rates.returned)]
    rates = round_frame(rates, ["ordered", "returned"], f.public).rename(
        columns={"ordered": "ordered (persons)", "returned": "returned (persons)"})
    st.dataframe(rates, hide_index=True, width="stretch", column_config={
        "return rate (%)": st.column_config.NumberColumn(format="%.1f %%"),
        "ordered (persons)": st.column_config.NumberColumn(format="localized"),
        "returned (persons)": st.column_config.NumberColumn(format="localized")})
    offer(rates, file_stem("RETURN_RATE_BY_CITIZENSHIP", f.described(citizen="")), "rt_rates")
