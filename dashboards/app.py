"""returnstats dashboard: `returnstats dashboard` serves it on 127.0.0.1:8501.

Reads only the published serving file (see dashboards/data.py)."""

from __future__ import annotations

import streamlit as st

from returnstats.dashboard import data, url_state
from returnstats.dashboard.filters import sidebar
from returnstats.dashboard.page import run_guarded

st.set_page_config(page_title="returnstats", page_icon="📊", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", default=True),
    st.Page("views/compare.py", title="Compare Member States", url_path="compare"),
    st.Page("views/article48.py", title="Article 48", url_path="article48"),
    st.Page("views/returns.py", title="Returns (EIL)", url_path="returns"),
    st.Page("views/cooperation.py", title="Readmission cooperation (Art. 25a)", url_path="cooperation"),
    st.Page("views/frontex.py", title="Frontex monthly", url_path="frontex"),
    st.Page("views/quality.py", title="Data quality & transmissions", url_path="quality"),
    st.Page("views/glossary.py", title="Glossary", url_path="glossary"),
]


def draw() -> None:
    if not data.serving_file().exists():
        st.error(f"No published data at {data.serving_file()}: run `returnstats build` first.")
        return
    navigation = st.navigation(PAGES)
    st.session_state["filters"] = sidebar()
    st.caption(data.vintage())
    try:
        navigation.run()
    finally:  # the page reads its own link parameters: their problems are known once it has run
        for problem in url_state.problems():
            st.sidebar.warning(f"Link parameter ignored: {problem}")


run_guarded(draw)
