"""How figures look: number formats, the colour-blind-safe palette with one colour per
category in every chart, and honest time axes (the full calendar, zeros drawn as zeros,
periods not collected as labelled gaps)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

# Okabe & Ito's palette (2008), readable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

# Categories with a fixed colour wherever they appear (codes from the code lists).
FIXED_COLOURS = {
    # return types: forced is always vermillion, assisted voluntary blue, non-assisted green
    "ASSI_FORC": "#D55E00", "ASSI_VOLU": "#0072B2", "NASSI_VOLU": "#009E73", "TOTAL": "#000000",
    # Art. 48(1) indicators, and the same measures among the overview's headlines
    "RECOG": "#CC79A7", "ALT": "#E69F00", "DET": "#D55E00",
    "recognised": "#CC79A7", "alternatives": "#E69F00", "detention": "#D55E00",
    "ordered": "#0072B2", "returned": "#009E73",
    # sex
    "F": "#E69F00", "M": "#56B4E9", "UNK": "#999999",
    # destinations: colours the return types beside them do not use
    "THRD_CTZ": "#56B4E9", "THRD_OTH": "#CC79A7", "EU27_2020_EFTA_FOR": "#F0E442",
}

# Art. 25a proxy levels: colour plus a word and a symbol, so no one needs to tell colours apart.
LEVEL_COLOURS = {"GOOD": "#0072B2", "AVERAGE": "#F0E442", "POOR": "#D55E00", "INSUFFICIENT_DATA": "#DDDDDD"}
LEVEL_SYMBOLS = {"GOOD": "▲ good", "AVERAGE": "● average", "POOR": "▼ poor", "INSUFFICIENT_DATA": "– too few cases"}


def one_decimal_columns(*names: str) -> dict:
    """Column formats for st.dataframe: percentages and rates with one decimal, "0.0" included."""
    return {name: st.column_config.NumberColumn(format="%.1f") for name in names}


def colour_map(categories) -> dict[str, str]:
    """A colour for each category: its fixed colour if it has one, else the next palette colour
    no other category of the chart has (cycling when there are more categories than colours)."""
    categories = list(categories)
    taken = {FIXED_COLOURS[c] for c in categories if c in FIXED_COLOURS}
    free = [c for c in OKABE_ITO if c not in taken] or OKABE_ITO
    unfixed = [c for c in categories if c not in FIXED_COLOURS]
    return {c: FIXED_COLOURS.get(c) or free[unfixed.index(c) % len(free)] for c in categories}


def whole(value) -> str:
    """A count: whole number with thousands separators; missing or suppressed as an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{int(round(value)):,}"


def moment(value) -> str:
    """A time as every page shows one: `2025-07-02 10:00 UTC` (stored times are UTC,
    returnstats/clock.py; a zone-aware one is converted). Missing as an en dash."""
    if value is None or pd.isna(value):
        return "–"
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return f"{stamp:%Y-%m-%d %H:%M} UTC"


def day(value) -> str:
    """A date as every page shows one: `2025-07-02`."""
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def moments(frame: pd.DataFrame) -> pd.DataFrame:
    """A table's time columns written as `moment` writes them (one format on every page)."""
    times = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(moment) for c in times})


def percent(ratio) -> str:
    """A ratio as a percentage with one decimal."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return "–"
    return f"{100 * ratio:.1f} %"


def empty_state(message: str = "No persons in this selection.") -> None:
    st.info(message, icon="🔍")


def key_figures(period: str, figures: list[tuple[str, object, str]], note: str = "") -> None:
    """The latest period's figures as metrics at the top of a page, (label, value, full name):
    the first thing a reader reads, drawn before the charts, which wait for Plotly's script.
    A suppressed, missing or not-collected value reads as an en dash."""
    st.caption(f"Latest period: **{period}**" + (f" · {note}" if note else ""))
    for column, (label, value, name) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, whole(value), help=name)


def value_at(frame: pd.DataFrame, period: str, series: str, value: str) -> dict:
    """{category: value} of a full_calendar frame in one period (NaN where not collected)."""
    rows = frame[frame.time_period == period]
    return dict(zip(rows[series], rows[value], strict=True))


def full_calendar(frame: pd.DataFrame, periods: list[str], series: str, value: str,
                  categories: list[str] | None = None, not_collected: set[tuple[str, str]] = frozenset()
                  ) -> pd.DataFrame:
    """Every (period, category) of the calendar: missing cells are zeros (nobody was counted),
    cells of periods not collected are empty (NaN: drawn as a gap, never as zero)."""
    categories = categories if categories is not None else sorted(frame[series].dropna().unique())
    grid = pd.MultiIndex.from_product([periods, categories], names=["time_period", series])
    full = frame.groupby(["time_period", series])[value].sum().reindex(grid, fill_value=0).reset_index()
    full["not_collected"] = [(p, c) in not_collected for p, c in zip(full.time_period, full[series], strict=True)]
    full.loc[full.not_collected, value] = float("nan")
    return full


def count_axis(largest) -> dict:
    """An axis of whole counts: ticks at whole numbers only (no 0, 1, 1, 2, 2 for small counts)."""
    largest = 0 if largest is None or largest != largest else largest
    return {"tickformat": ",d", "rangemode": "tozero"} | ({"dtick": 1} if largest < 8 else {})


def per_100k(value, population):
    """Persons per 100,000 inhabitants (one decimal); None without a population or a value."""
    if value is None or population is None or pd.isna(value) or pd.isna(population) or not population:
        return None
    return round(100_000 * float(value) / float(population), 1)


def change_percent(now, before):
    """Change in % on an earlier figure (one decimal); None when either is missing or the earlier is 0."""
    if now is None or before is None or pd.isna(now) or pd.isna(before) or not before:
        return None
    return round(100 * (float(now) - float(before)) / float(before), 1)


def share_percent(value, total):
    if value is None or total is None or pd.isna(value) or pd.isna(total) or not total:
        return None
    return round(100 * float(value) / float(total), 1)


def show_time_chart(frame: pd.DataFrame, series: str, value: str, names: dict[str, str], title: str, unit: str,
                    key: str, kind: str = "line", periods: list[str] | None = None) -> bool:
    """Draw the chart, or say the selection is empty (no axes from -1 to 5). True if drawn."""
    if frame.empty or frame[value].fillna(0).eq(0).all():
        st.markdown(f"**{title}**")
        empty_state(f"No {unit} in this selection.")
        return False
    st.plotly_chart(time_chart(frame, series, value, names, title, unit, kind, periods), width="stretch", key=key)
    return True


def _periods_named(periods: list[str]) -> str:
    return ", ".join(periods) if len(periods) <= 3 else f"{len(periods)} periods"


def time_chart(frame: pd.DataFrame, series: str, value: str, names: dict[str, str], title: str, unit: str,
               kind: str = "line", periods: list[str] | None = None) -> go.Figure:
    """A time series per category on a category axis in calendar order; gaps stay gaps."""
    periods = periods or sorted(frame.time_period.unique())
    colours = colour_map(frame[series].unique())
    figure = go.Figure()
    for code in frame[series].unique():
        part = frame[frame[series] == code]
        label = names.get(code, code)
        hover = f"{label}<br>%{{x}}: %{{y:,.0f}} {unit}<extra></extra>"
        common = {"x": part.time_period, "y": part[value], "name": label, "hovertemplate": hover}
        if kind == "bar":
            figure.add_trace(go.Bar(marker_color=colours[code], **common))
        else:
            figure.add_trace(go.Scatter(mode="lines+markers", line_color=colours[code], connectgaps=False, **common))
    # only periods marked not collected (status L) are shaded: a value suppressed in the public
    # view, or a median without a return, is a gap in the line but was collected. A period is
    # shaded when no series of the chart was collected in it; a series missing alone is named.
    missing = frame[frame.not_collected] if "not_collected" in frame else frame.iloc[0:0]
    series_count = frame[series].nunique()
    shaded = sorted(p for p, n in missing.groupby("time_period")[series].nunique().items() if n == series_count)
    for period in shaded:
        figure.add_vrect(x0=period, x1=period, line_width=8, line_color="rgba(150,150,150,0.25)")
    notes = [f"grey: not collected ({_periods_named(shaded)})"] if shaded else []
    alone = missing[~missing.time_period.isin(shaded)]
    notes += [f"{names.get(code, code)} not collected ({_periods_named(sorted(part.time_period.unique()))})"
              for code, part in alone.groupby(series)]
    figure.update_layout(title=title + (" — " + "; ".join(notes) if notes else ""),
                         yaxis=count_axis(frame[value].max()) | {"title": unit},
                         xaxis={"type": "category", "categoryorder": "array", "categoryarray": periods,
                                "title": None},
                         legend={"orientation": "h", "y": -0.2}, barmode="stack" if kind == "bar" else None,
                         margin={"t": 60})
    return figure
