"""Every page of the national dashboard, driven through the selections that used to break it:
the citizenship special codes, a country with no data, one quarter, and hostile links. No
page may show a traceback or the error boundary's message; empty selections say so.

On the hand-made extract (tests/handmade_extract.py): one quarter (2024-Q1), FR and DE only.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from returnstats.resources import dashboard_script

APP = str(dashboard_script())
VIEWS = ["views/overview.py", "views/compare.py", "views/article48.py", "views/returns.py", "views/cooperation.py",
         "views/frontex.py", "views/quality.py", "views/glossary.py"]
BOUNDARY = "could not be drawn"


def _open(published, monkeypatch, query: dict[str, str] | None = None) -> AppTest:
    monkeypatch.setenv("RETURNSTATS_DB", str(published))
    monkeypatch.delenv("RETURNSTATS_SERVING", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    return at


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if BOUNDARY in e.value]


@pytest.mark.parametrize("citizen", ["UNK", "STLS", "RNC"])
def test_every_page_handles_a_special_citizenship_code(published, monkeypatch, citizen):
    at = _open(published, monkeypatch, {"citizen": citizen})
    assert at.sidebar.selectbox(key="citizen").value == citizen
    for view in VIEWS:
        at.switch_page(view).run()
        _clean(at)
    at.switch_page("views/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Ordered to leave"] == "0"  # nobody: zero, not an error


def test_every_page_handles_a_country_with_no_data_and_a_third_country_with_none(published, monkeypatch):
    # LI has no row in the hand-made extract; UG is asked to readmit nobody
    at = _open(published, monkeypatch, {"geo": "DE", "third_country": "UG"})
    for view in VIEWS:
        at.switch_page(view).run()
        _clean(at)
    at.switch_page("views/frontex.py").run()
    _clean(at)
    assert any("No application" in i.value for i in at.info)


def test_a_link_with_hostile_parameters_is_reported_and_ignored(published, monkeypatch):
    hostile = {"geo": "FR,'; drop table x; --", "citizen": "<script>alert(1)</script>", "sex": "Q",
               "period_from": "2099-Q9", "age": "", "indic": "**bold**", "zzz": "1"}
    at = _open(published, monkeypatch, hostile)
    _clean(at)
    assert at.sidebar.multiselect(key="countries").value == ["FR"]  # the valid code is kept
    assert at.sidebar.selectbox(key="citizen").value == "TOTAL"
    warnings = " ".join(w.value for w in at.sidebar.warning)
    for shown in ("geo=", "citizen=", "sex=", "period_from=", "unknown parameter 'zzz'"):
        assert shown in warnings
    assert "<script>" not in warnings
    for view in VIEWS:
        at.switch_page(view).run()
        _clean(at)


def test_filters_go_into_the_url_and_a_link_restores_them(published, monkeypatch):
    at = _open(published, monkeypatch)
    at.sidebar.multiselect(key="countries").select("DE").run()
    at.sidebar.selectbox(key="citizen").select("DZ").run()
    assert at.query_params["geo"] == "DE" and at.query_params["citizen"] == "DZ"
    assert "sex" not in at.query_params  # defaults stay out of the link
    again = _open(published, monkeypatch, {"geo": "DE", "citizen": "DZ"})
    assert again.sidebar.multiselect(key="countries").value == ["DE"]
    assert again.sidebar.selectbox(key="citizen").value == "DZ"
    # by hand: DE ordered 2 persons to leave, none of them Algerian
    assert {m.label: m.value for m in again.metric}["Ordered to leave"] == "0"


def test_codes_are_shown_with_their_names(published, monkeypatch):
    at = _open(published, monkeypatch)
    citizen = at.sidebar.selectbox(key="citizen")
    assert "Algeria (DZ)" in citizen.options and "Stateless (STLS)" in citizen.options
    assert "Less than 14 years (Y_LT14)" in at.sidebar.selectbox(key="age").options


def test_sex_and_age_filters_change_the_figures_as_counted_by_hand(published, monkeypatch):
    # Ordered to leave in 2024-Q1, by hand: females B (FR, born 2012) and G (DE); under 18: B (12 at
    # her decision) and C (17 at his). All four were returned in the quarter.
    at = _open(published, monkeypatch, {"sex": "F"})
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Ordered to leave"], metrics["Returned"]) == ("2", "2")
    at.sidebar.selectbox(key="sex").select("T").run()
    at.sidebar.selectbox(key="age").select("Y_LT18").run()
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Ordered to leave"], metrics["Returned"]) == ("2", "2")
    assert at.query_params["age"] == "Y_LT18" and "sex" not in at.query_params


def test_compare_ranks_the_countries_and_says_what_the_eu_totals_lack(published, monkeypatch):
    at = _open(published, monkeypatch, {"indic": "ORD"})
    at.switch_page("views/compare.py").run()
    _clean(at)
    table = at.dataframe[0].value
    assert table.country.tolist()[:2] == ["France (FR)", "Germany (DE)"] and table.persons.tolist()[:2] == [5, 2]
    assert table["share of EU27_2020_EFTA (%)"].tolist()[:2] == [71.4, 28.6]  # 5 / 7, 2 / 7
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["European Union - 27 countries (from 2020) (EU27_2020)"] == "7"
    assert any(c.value.startswith("incomplete: no figure from AT, BE") for c in at.caption)
    at.selectbox(key="cmp_indic").select("DET").run()
    assert at.query_params["indic"] == "DET"


@pytest.mark.parametrize("view", VIEWS)
def test_every_selector_of_every_page_can_be_used(published, monkeypatch, view):
    """Each select box of the page (and the sidebar's) set to its first, middle and last option in
    turn: no traceback, no error boundary. (Multi-selects and radios are driven by the link tests.)"""
    at = _open(published, monkeypatch)
    at.switch_page(view).run()
    _clean(at)
    for key in [w.key for w in at.selectbox if w.key]:
        count = len(at.selectbox(key=key).options)
        for index in sorted({0, count // 2, count - 1}):
            at.selectbox(key=key).select_index(index).run()
            _clean(at)


def test_a_link_keeps_the_public_view_and_the_quality_pages_quarter(small_demo, monkeypatch):
    """On the small demo (2024, four quarters), so a quarter other than the latest can be linked."""
    at = _open(small_demo, monkeypatch, {"view": "public", "time_period": "2024-Q2"})
    _clean(at)
    assert at.sidebar.toggle(key="public").value is True
    at.switch_page("views/quality.py").run()
    _clean(at)
    assert at.selectbox(key="qa_quarter").value == "2024-Q2"
    assert "Validation results of 2024-Q2" in [h.value for h in at.subheader]
    assert at.query_params["view"] == "public" and at.query_params["time_period"] == "2024-Q2"
    at.selectbox(key="qa_quarter").select("2024-Q4").run()
    at.sidebar.toggle(key="public").set_value(False).run()
    assert "time_period" not in at.query_params and "view" not in at.query_params  # defaults stay out


def test_a_link_with_an_unknown_view_or_quarter_reports_both(small_demo, monkeypatch):
    at = _open(small_demo, monkeypatch, {"view": "secret", "time_period": "2031-Q1"})
    at.switch_page("views/quality.py").run()
    _clean(at)
    assert at.sidebar.toggle(key="public").value is False
    assert at.selectbox(key="qa_quarter").value == "2024-Q4"
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "view='secret'" in warnings and "time_period='2031-Q1'" in warnings


@pytest.fixture(scope="module")
def de_detention_not_collected(tmp_path_factory):
    """The hand-made extract, with DE declaring it did not collect detentions in 2024-Q1."""
    from tests.conftest import run_cli
    from tests.handmade_extract import write_handmade_extract

    base = tmp_path_factory.mktemp("partial")
    extract = base / "extract"
    write_handmade_extract(extract)
    (extract / "coverage.csv").write_text("reporting_country,table,collected,period_from,period_to\n"
                                          "DE,detentions,N,2024-Q1,2024-Q1\n")
    db = base / "wh" / "returnstats.duckdb"
    ingested = run_cli("ingest", str(extract), "--db", str(db))
    assert ingested.returncode in (0, 1), ingested.stderr  # 1: DE's detention of 2024-Q1 quarantined
    built = run_cli("build", "--db", str(db))
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr
    return db


def test_a_headline_that_lacks_a_country_not_collecting_says_so(de_detention_not_collected, monkeypatch):
    at = _open(de_detention_not_collected, monkeypatch)
    _clean(at)
    metrics = {m.label: m.value for m in at.metric}
    # by hand: in detention in 2024-Q1, FR 2; DE's one detention is in a quarter DE did not collect
    assert metrics["In detention"] == "2" and metrics["Ordered to leave"] == "7"
    captions = [c.value for c in at.caption]
    assert "⚠ partial: not collected by DE" in captions
    assert captions.count("⚠ partial: not collected by DE") == 1  # only under the detention figure
    at.sidebar.multiselect(key="countries").select("FR").run()
    assert not [c for c in at.caption if "partial" in c.value]  # FR alone: the figure is whole


def test_a_partial_figure_is_flagged_under_any_filter_and_a_figure_nobody_collected_is_a_gap(
        de_detention_not_collected, monkeypatch):
    # DE's L cell is its all-totals cell only: a citizenship filter must not hide that DE is missing
    at = _open(de_detention_not_collected, monkeypatch, {"citizen": "DZ"})
    _clean(at)
    assert "⚠ partial: not collected by DE" in [c.value for c in at.caption]
    at.switch_page("views/article48.py").run()
    _clean(at)
    assert "⚠ partial: In detention not collected by DE" in [c.value for c in at.caption]
    only_de = _open(de_detention_not_collected, monkeypatch, {"geo": "DE"})
    metrics = {m.label: m.value for m in only_de.metric}
    assert metrics["In detention"] == "–" and metrics["Ordered to leave"] == "2"  # not collected: no zero
    only_de.switch_page("views/article48.py").run()
    _clean(only_de)
    assert {m.label: m.value for m in only_de.metric}["In detention"] == "–"


def test_the_public_view_shows_no_ranking_of_suppressed_cells_and_dashes_in_the_transmitted_table(
        published, monkeypatch):
    # by hand (2024-Q1): FR recognised 1 person, in detention 2, DE 1: every citizenship cell is under 5
    at = _open(published, monkeypatch, {"view": "public"})
    at.switch_page("views/article48.py").run()
    _clean(at)
    assert any("suppressed in the public view" in i.value for i in at.info)
    transmitted = at.dataframe[-1].value
    assert "–" in transmitted.OBS_VALUE.tolist() and "None" not in transmitted.OBS_VALUE.astype(str).tolist()
