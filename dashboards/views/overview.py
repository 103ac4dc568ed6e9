"""Overview: headline figures of the latest quarter and the quarterly trends."""

import plotly.express as px
import streamlit as st

from dashboards import data
from dashboards.filters import public_note, public_rate, rounded, shown_count
from dashboards.headlines import HEADLINES, headline_series, year_before
from returnstats.periods import previous_quarter

f = st.session_state["filters"]
series = headline_series(f)
quarters = [q for q in f.quarters(data.quarters()) if q in series.index]
st.title("Overview")
public_note(f)
if not quarters:
    st.warning("No data for this selection.")
    st.stop()
latest = quarters[-1]
st.caption(f"Latest quarter in the selection: **{latest}** · {len(f.countries)} reporting countries · "
           f"citizenship {f.citizen}")


def _change(column: str, other: str):
    if other not in series.index:
        return None
    now, then = series.at[latest, column], series.at[other, column]
    if column == "return_rate":
        now, then = _rate(latest), _rate(other)
        return None if now is None or then is None else f"{(now - then) * 100:+.1f} pp"
    now, then = rounded(now, f.public), rounded(then, f.public)
    return None if now is None or then is None or now != now or then != then else f"{now - then:+,}"


def _rate(quarter: str):
    """Returned ÷ ordered, suppressed in the public view when either count is."""
    return public_rate(series.at[quarter, "returned"], series.at[quarter, "ordered"], f.public)


columns = st.columns(len(HEADLINES) + 1)
headline_slots = [*HEADLINES.items(), ("return_rate", ("Return rate", "", ""))]
for slot, (column, (label, _, _)) in zip(columns, headline_slots, strict=True):
    if column == "return_rate":
        rate = _rate(latest)
        shown = "–" if rate is None else f"{rate:.1%}"
    else:
        shown = shown_count(series.at[latest, column], f.public)
    slot.metric(label, shown, delta=_change(column, previous_quarter(latest)), delta_color="off",
                help=f"Change on {previous_quarter(latest)}; a year before ({year_before(latest)}): "
                     f"{_change(column, year_before(latest)) or 'no data'}")
    slot.caption(f"vs {year_before(latest)}: {_change(column, year_before(latest)) or '–'}")

trend = series.loc[quarters, list(HEADLINES)].reset_index().melt(id_vars="time_period", var_name="measure",
                                                                 value_name="persons")
trend["persons"] = trend.persons.map(lambda v: rounded(v, f.public))
trend["measure"] = trend.measure.map(lambda m: HEADLINES[m][0])
st.plotly_chart(px.line(trend, x="time_period", y="persons", color="measure", markers=True,
                        title="Persons per quarter"), width="stretch")
