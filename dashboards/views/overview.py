"""Overview: headline figures of the latest quarter and the quarterly trends."""

import streamlit as st

from returnstats.dashboard import data, labels
from returnstats.dashboard.downloads import file_stem, offer
from returnstats.dashboard.filters import public_note, public_rate, rounded, shown_count
from returnstats.dashboard.headlines import HEADLINES, headline_series
from returnstats.dashboard.look import percent, show_time_chart
from returnstats.periods import previous_quarter, year_before

f = st.session_state["filters"]
quarters = f.quarters(data.quarters())
series = headline_series(f, data.quarters())  # all quarters: a comparison may reach before the period
st.title("Overview")
public_note(f)
latest = quarters[-1]  # the latest quarter of the data within the period chosen
countries = "1 reporting country" if len(f.countries) == 1 else f"{len(f.countries)} reporting countries"
st.caption(f"Latest quarter: **{latest}** · {countries} · "
           f"{labels.named('citizen', f.citizen)} · {labels.named('sex', f.sex)} · {labels.named('age', f.age)} · "
           "[definitions](/glossary)")


def _value(column: str, quarter: str):
    if quarter not in series.index:
        return None
    if column == "return_rate":
        return public_rate(series.at[quarter, "returned"], series.at[quarter, "ordered"], f.public)
    value = series.at[quarter, column]
    return None if value != value else rounded(value, f.public)


def _change(column: str, other: str) -> str | None:
    now, then = _value(column, latest), _value(column, other)
    if now is None or then is None:
        return None
    if column == "return_rate":
        points = round((now - then) * 100, 1)
        return f"{points:+.1f} pp" if points else "0.0 pp"  # never "-0.0"
    return f"{now - then:+,.0f}"


def _not_collected_by(column: str, quarter: str) -> str:
    """The selected countries that did not collect this figure in the quarter (for the rate: either part)."""
    lacking = series.attrs["not_collected_by"]
    parts = ("returned", "ordered") if column == "return_rate" else (column,)
    codes = sorted({g for part in parts for g in lacking.get((quarter, part), "").split(", ") if g})
    return ", ".join(codes)


# two rows of three: the numbers keep their digits on a narrow (820 px) window
slots = [*HEADLINES.items(), ("return_rate", ("Return rate", "", ""))]
for row in (slots[:3], slots[3:]):
    for slot, (column, (label, _, _)) in zip(st.columns(3), row, strict=True):
        value = _value(column, latest)
        shown = percent(value) if column == "return_rate" else shown_count(value, False)
        slot.metric(label, shown, delta=_change(column, previous_quarter(latest)), delta_color="off",
                    help=f"Change on {previous_quarter(latest)} (arrow) and on {year_before(latest)} (below)."
                         + (" Return rate: returned ÷ ordered to leave in the quarter." if column == "return_rate"
                            else ""))
        slot.caption(f"vs {year_before(latest)}: {_change(column, year_before(latest)) or '–'}")
        lacking = _not_collected_by(column, latest)
        if lacking:  # a sum over the countries that collected it: say who is not in it
            slot.caption(f"⚠ partial: not collected by {lacking}")

trend = series.loc[quarters, list(HEADLINES)].rename_axis("time_period").reset_index().melt(
    id_vars="time_period", var_name="measure", value_name="persons")
trend["not_collected"] = trend.persons.isna()  # headline_series leaves only periods not collected empty
trend["persons"] = trend.persons.map(lambda v: rounded(v, f.public))
names = {column: label for column, (label, _, _) in HEADLINES.items()}
show_time_chart(trend, "measure", "persons", names, "Persons per quarter", "persons", "ov_trend", periods=quarters)
offer(trend.assign(measure=trend.measure.map(names)).rename(columns={"persons": "persons (number)"}),
      file_stem("HEADLINES", f.described()), "ov_trend")
