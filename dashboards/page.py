"""What every page of both dashboards shares: the error boundary (no traceback on a page,
ever: the error goes to the server log, the page says what to do) and the URL's upkeep."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from returnstats.dashboard import url_state

log = logging.getLogger("returnstats.dashboard")


def run_guarded(draw: Callable[[], None]) -> None:
    """Draw the page; an unexpected error becomes a short message and a server log entry."""
    url_state.begin_run()
    try:
        draw()
    except Exception:  # noqa: BLE001 — the boundary: whatever a page raises, the user gets no traceback
        log.exception("dashboard page failed (query parameters %s)", dict(st.query_params))
        st.error("This view could not be drawn for the current selection. The error has been logged on the "
                 "server; change the selection or reload the page.", icon="⚠️")
    finally:
        url_state.sync()
