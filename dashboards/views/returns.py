"""Returns (enforcement of immigration legislation statistics)."""

import plotly.express as px
import streamlit as st

from dashboards import data
from dashboards.filters import public_note, public_rate, round_frame

TYPES = {"ASSI_FORC": "Forced", "ASSI_VOLU": "Assisted voluntary", "NASSI_VOLU": "Non-assisted voluntary"}
DESTINATIONS = {"THRD_CTZ": "Country of citizenship", "THRD_OTH": "Other third country",
                "EU27_2020_EFTA_FOR": "EU/EFTA country", "UNK": "Unknown"}

f = st.session_state["filters"]
st.title("Returns following an order to leave")
public_note(f)
window = (f.first, f.last)

by_type = data.query(
    f"select time_period, return_type, sum(obs_value) as persons from marts.eil_rtt_q where geo in ({f.geo_sql}) "
    "and citizen = ? and return_type != 'TOTAL' and time_period between ? and ? group by all order by 1",
    f.citizen, *window)
by_dest = data.query(
    f"select time_period, c_dest, sum(obs_value) as persons from marts.eil_rtn_q where geo in ({f.geo_sql}) "
    "and citizen = ? and sex = 'T' and age = 'TOTAL' and c_dest != 'TOTAL' and time_period between ? and ? "
    "group by all order by 1", f.citizen, *window)
left, right = st.columns(2)
left.plotly_chart(px.bar(round_frame(by_type.assign(type=by_type.return_type.map(TYPES)), ["persons"], f.public),
                         x="time_period", y="persons", color="type", title="By type of return"),
                  width="stretch")
right.plotly_chart(px.bar(round_frame(by_dest.assign(destination=by_dest.c_dest.map(DESTINATIONS)), ["persons"],
                                      f.public), x="time_period", y="persons", color="destination",
                          title="By destination"), width="stretch")

delay = data.query(
    f"select time_period, return_type, sum(persons) as persons, "
    "sum(median_days * persons) / sum(persons) as median_days "
    f"from marts.decision_to_departure_q where geo in ({f.geo_sql}) and time_period between ? and ? "
    "group by all order by 1", *window)
st.plotly_chart(px.line(delay.assign(type=delay.return_type.map(TYPES | {"TOTAL": "All returns"})),
                        x="time_period", y="median_days", color="type", markers=True,
                        title="Days from return decision to departure (median; person-weighted over countries)"),
                width="stretch")

rates = data.query(
    f"""select o.citizen, sum(o.obs_value) as ordered, coalesce(sum(r.obs_value), 0) as returned
    from marts.eil_ord_q o left join marts.eil_rtn_q r
      on r.geo = o.geo and r.time_period = o.time_period and r.citizen = o.citizen
     and r.sex = 'T' and r.age = 'TOTAL' and r.c_dest = 'TOTAL'
    where o.geo in ({f.geo_sql}) and o.sex = 'T' and o.age = 'TOTAL' and o.citizen != 'TOTAL'
      and o.time_period between ? and ? group by all having sum(o.obs_value) >= 20
    order by ordered desc limit 20""", *window)
rates["return rate %"] = [None if r is None else round(100 * r, 1)
                          for r in map(lambda o, n: public_rate(n, o, f.public), rates.ordered, rates.returned)]
st.subheader("Return rate by citizenship (20 largest, returned ÷ ordered to leave in the period)")
st.dataframe(round_frame(rates, ["ordered", "returned"], f.public), hide_index=True, width="stretch")
