"""Filters in the URL, so a view can be bookmarked, shared and reloaded.

Parameters are named after the SDMX dimensions in lower case, with comma-separated codes:
`/frontex?citizen=UNK&geo=LI`. A link is read once, when a session starts (a reload starts a
new one); afterwards every widget writes its value back, and a value equal to the default
is left out. Values that are not offered are reported in the sidebar and ignored.
"""

from __future__ import annotations

import re

import streamlit as st

# the SDMX dimensions (time_period: a page's single period), the hub's choice of dataflow, and
# view=public (the public view's rounding)
PARAMS = ("geo", "citizen", "sex", "age", "indic", "third_country", "period_from", "period_to", "time_period",
          "dataflow", "view")

_INITIAL, _RESTORED, _PROBLEMS = "_url_initial", "_url_restored", "_url_problems"
_NOW, _FIRST = "_url_now", "_url_first"


def begin_run() -> None:
    """Called first in every run: remembers the link the session started from."""
    if _INITIAL not in st.session_state:
        given = {name: st.query_params.get(name, "") for name in st.query_params}
        st.session_state[_INITIAL] = given
        st.session_state[_RESTORED] = set()
        st.session_state[_PROBLEMS] = [f"unknown parameter {_shown(name)}" for name in given if name not in PARAMS]
        st.session_state[_FIRST] = True
    else:
        st.session_state[_FIRST] = False
    st.session_state[_NOW] = {}


def restore(param: str, key: str, options: list[str], multiple: bool = False) -> None:
    """Before a widget is drawn: the link's value (if valid) becomes the widget's value, once
    per widget (the same parameter may drive a widget on each page, e.g. the hub's dataflow)."""
    raw = _first_reading(param, key)
    if raw is None:
        return
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    valid = [c for c in dict.fromkeys(codes) if c in options]
    invalid = [c for c in codes if c not in options]
    if invalid or not codes:
        _report(f"{param}={', '.join(map(_shown, invalid)) or '(empty)'}: not available here")
    if multiple:
        if valid:
            st.session_state[key] = valid
    elif len(valid) > 1:
        _report(f"{param} takes one code, not {len(valid)}")
    elif valid:
        st.session_state[key] = valid[0]


def restore_switch(param: str, key: str, on: str) -> None:
    """Before a toggle is drawn: `param=on` in the link turns it on (once per session)."""
    raw = _first_reading(param, key)
    if raw is None:
        return
    if raw.strip() == on:
        st.session_state[key] = True
    else:
        _report(f"{param}={_shown(raw)}: not available here (only {param}={on})")


def _first_reading(param: str, key: str) -> str | None:
    """The link's value of `param` the first time widget `key` asks for it; None after that, or
    when the link has no such parameter."""
    if (param, key) in st.session_state[_RESTORED]:
        return None
    st.session_state[_RESTORED].add((param, key))
    return st.session_state[_INITIAL].get(param)


def initial_period(quarters: list[str]) -> tuple[str, str]:
    """period_from and period_to of the link (checked once), else the whole calendar: the range
    slider's starting value, constant for the session (the slider keeps the user's moves)."""
    if "period" not in st.session_state[_RESTORED]:
        st.session_state[_RESTORED].add("period")
        first = _period("period_from", quarters, quarters[0])
        last = _period("period_to", quarters, quarters[-1])
        if first > last:
            _report(f"period_from={first} is after period_to={last}: the two were swapped")
        st.session_state["_url_period"] = (min(first, last), max(first, last))
    first, last = st.session_state["_url_period"]
    return (first, last) if first in quarters and last in quarters else (quarters[0], quarters[-1])


def _period(param: str, quarters: list[str], default: str) -> str:
    raw = st.session_state[_INITIAL].get(param)
    if raw is None:
        return default
    if raw.strip() in quarters:
        return raw.strip()
    _report(f"{param}={_shown(raw)}: not a quarter with data ({quarters[0]} to {quarters[-1]})")
    return default


def publish(param: str, value, default) -> None:
    """After a widget: its value in the URL (codes comma-separated); the default is left out."""
    text = ",".join(value) if isinstance(value, list | tuple) else str(value)
    if value != default and text:
        st.session_state[_NOW][param] = text


def sync() -> None:
    """At the end of a run: the URL says exactly what the widgets of this page say."""
    wanted = st.session_state.get(_NOW, {})
    for name in list(st.query_params):
        if name not in wanted:
            del st.query_params[name]
    for name, text in wanted.items():
        if st.query_params.get(name) != text:
            st.query_params[name] = text


def problems() -> list[str]:
    """What the link asked that was ignored. Called after the page has run: on the session's
    first run, parameters that no widget of the page uses are reported too."""
    if st.session_state.get(_FIRST):
        used = {entry[0] if isinstance(entry, tuple) else entry for entry in st.session_state[_RESTORED]}
        used |= {"period_from", "period_to"} if "period" in used else set()
        for name in st.session_state[_INITIAL]:
            if name in PARAMS and name not in used:
                _report(f"{name}: not used on this page")
    return st.session_state.get(_PROBLEMS, [])


def _report(problem: str) -> None:
    if problem not in st.session_state[_PROBLEMS]:
        st.session_state[_PROBLEMS].append(problem)


def _shown(text: str) -> str:
    """A value from the URL, safe to print: printable characters, no markdown, short."""
    clean = re.sub(r"[^A-Za-z0-9_.:+ -]", "?", str(text))[:24]
    return f"'{clean}'"
