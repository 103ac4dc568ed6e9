"""The Commission hub's dashboard: `returnstats dashboard --hub` serves it.

EU figures built from the Member States' transmission files (never from case data): the EU
view, the Member State comparison, completeness, timeliness and revisions, and one
country's figures as received. Reads only the hub's published serving file."""

from __future__ import annotations

import streamlit as st

from returnstats.dashboard import data, url_state
from returnstats.dashboard.page import run_guarded

st.set_page_config(page_title="returnstats hub", page_icon="🇪🇺", layout="wide")

PAGES = [
    st.Page("hub_views/eu.py", title="EU totals", default=True),
    st.Page("hub_views/member_states.py", title="Member State comparison", url_path="member_states"),
    st.Page("hub_views/completeness.py", title="Completeness, timeliness, revisions", url_path="completeness"),
    st.Page("hub_views/country.py", title="One country's transmissions", url_path="country"),
]


def draw() -> None:
    if not data.serving_file().exists():
        st.error(f"No published hub data at {data.serving_file()}: run `returnstats hub receive DIR` and "
                 "`returnstats hub build` first.")
        return
    try:
        st.navigation(PAGES).run()
    finally:  # the link's problems are known once the page has read its parameters
        for problem in url_state.problems():
            st.sidebar.warning(f"Link parameter ignored: {problem}")


run_guarded(draw)
