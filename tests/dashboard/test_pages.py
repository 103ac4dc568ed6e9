"""Every dashboard page under Streamlit's AppTest, on the hand-made extract.

By hand (tests/handmade_extract.py, 2024-Q1): FR ordered 5 persons to leave (DZ: 2), DE 2;
returned FR 4, DE 1; in detention FR 2, DE 1; in alternatives FR 2; recognised FR 1.
"""

from __future__ import annotations

import csv

import pytest
from streamlit.testing.v1 import AppTest

from returnstats.resources import dashboard_script

APP = str(dashboard_script())
VIEWS = ["views/overview.py", "views/article48.py", "views/returns.py", "views/cooperation.py", "views/frontex.py",
         "views/quality.py"]


@pytest.fixture
def app(published, monkeypatch):
    monkeypatch.setenv("RETURNSTATS_DB", str(published))
    monkeypatch.delenv("RETURNSTATS_SERVING", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _download_keys(at) -> set[str]:
    """Widget keys of the download buttons on the page (the element id ends with the key)."""
    return {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("view", VIEWS)
def test_every_page_renders_without_exception(app, view):
    app.switch_page(view).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_overview_headlines_equal_the_hand_counted_figures(app):
    assert _metrics(app) == {"Ordered to leave": "7", "Returned": "5", "In detention": "3",
                             "In alternatives to detention": "2", "Recognised decisions of another MS": "1",
                             "Return rate": "71.4 %"}


def test_country_and_citizenship_filters_change_the_figures(app):
    app.sidebar.multiselect(key="countries").select("DE").run()
    assert _metrics(app)["Ordered to leave"] == "2" and _metrics(app)["Returned"] == "1"
    app.sidebar.multiselect(key="countries").select("FR").run()  # both
    assert _metrics(app)["Ordered to leave"] == "7"
    app.sidebar.multiselect(key="countries").unselect("DE").run()
    app.sidebar.selectbox(key="citizen").select("DZ").run()
    metrics = _metrics(app)
    assert (metrics["Ordered to leave"], metrics["Returned"], metrics["In detention"]) == ("2", "2", "1")


def test_public_view_rounds_to_five_suppresses_small_cells_and_says_so(app):
    app.sidebar.toggle(key="public").set_value(True).run()
    # By hand: 7 ordered → 5, 5 returned → 5; 3 detained, 2 in alternatives, 1 recognised are
    # under 5: suppressed, never shown as 0. The rate 5/7 uses two shown cells: 71.4 %.
    assert _metrics(app) == {"Ordered to leave": "5", "Returned": "5", "In detention": "–",
                             "In alternatives to detention": "–", "Recognised decisions of another MS": "–",
                             "Return rate": "71.4 %"}
    assert any("rounded to the nearest 5" in i.value and "suppressed" in i.value for i in app.info)
    # DE alone: 2 ordered, 1 returned — both suppressed, and the rate derived from them too
    app.sidebar.multiselect(key="countries").select("DE").run()
    metrics = _metrics(app)
    assert (metrics["Ordered to leave"], metrics["Returned"], metrics["Return rate"]) == ("–", "–", "–")


def test_public_view_offers_no_exact_download(app):
    app.switch_page("views/article48.py").run()
    assert "a48_download" in _download_keys(app)
    app.sidebar.toggle(key="public").set_value(True).run()
    assert "a48_download" not in _download_keys(app)
    assert "a48_series_csv" in _download_keys(app)  # what the page shows (rounded) stays downloadable


def test_filters_persist_across_pages(app):
    app.sidebar.multiselect(key="countries").select("DE").run()
    app.switch_page("views/article48.py").run()
    assert app.sidebar.multiselect(key="countries").value == ["DE"]
    assert app.selectbox(key="a48_geo").options == ["Germany (DE)"]


def test_article48_shows_the_table_as_transmitted(app, published):
    app.switch_page("views/article48.py").run()
    app.selectbox(key="a48_geo").select("FR").run()
    shown = app.dataframe[0].value
    with (published.parent.parent / "exports" / "ART48_Q_FR_2024-Q1.csv").open() as handle:
        sent = list(csv.DictReader(handle))
    assert len(shown) == len(sent)
    assert [int(v) for v in shown.OBS_VALUE] == [int(r["OBS_VALUE"]) for r in sent]
    assert list(shown.CITIZEN) == [r["CITIZEN"] for r in sent]
    button = next(b for b in app.get("download_button") if b.proto.id.endswith("a48_download"))
    assert "ART48_Q_FR_2024-Q1.csv" in button.proto.label


def test_quality_page_shows_validation_calendar_and_audit(app):
    app.switch_page("views/quality.py").run()
    text = " ".join(str(m.value) for m in app.markdown)
    assert "0 blocking failure(s)" in text
    frames = [d.value for d in app.dataframe]
    calendar = next(v for v in frames if "reporting country" == v.index.name)
    assert calendar.loc["France (FR)"].iloc[0] == "exported" and calendar.loc["Italy (IT)"].iloc[0] == "overdue"
    deliveries = next(v for v in frames if "rows_loaded" in v.columns)
    assert list(deliveries.rows_loaded) == [8 + 8 + 6 + 5 + 2 + 2 + 3 + 3 + 1]  # rows of the extract


def test_chart_pages_open_with_the_latest_periods_key_figures(app):
    # By hand (2024-Q1, FR and DE): Art. 48 as on the overview; returns counted once per person,
    # its latest return of the quarter: FR A forced, B non-assisted voluntary (R3 beats R2 on the
    # same day), C assisted voluntary, E forced; DE G assisted voluntary.
    app.switch_page("views/article48.py").run()
    assert _metrics(app) == {"Recognised decisions of another MS": "1", "In alternatives to detention": "2",
                             "In detention": "3"}
    app.switch_page("views/returns.py").run()
    assert _metrics(app) == {"Enforced (forced) return": "2", "Assisted voluntary return": "2",
                             "Non-assisted voluntary return": "1"}
    # Frontex, March 2024 (the last month), the default indicators: A3 submitted on 5 March,
    # no positive nationality reply in March (A1's came in February), A1's document issued 1 March.
    app.switch_page("views/frontex.py").run()
    assert _metrics(app) == {"Readmission applications submitted": "1", "Nationality confirmed (positive replies)": "0",
                             "Travel documents issued by the third country": "1"}
    assert any("Latest period: **2024-03**" in c.value for c in app.caption)
