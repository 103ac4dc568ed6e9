"""The hub's dashboard under Streamlit's AppTest, on a hub fed with the hand-made extract's
2024-Q1 export (FR and DE): by hand, FR ordered 5 persons to leave and DE 2, so the EU
figure is 7 — provisional, the 25 other Member States having sent nothing."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from returnstats.resources import dashboard_script
from returnstats.warehouse import serving_path
from tests.conftest import run_cli

APP = str(dashboard_script(hub=True))
VIEWS = ["hub_views/eu.py", "hub_views/member_states.py", "hub_views/completeness.py", "hub_views/country.py"]


@pytest.fixture(scope="module")
def hub(published, tmp_path_factory):
    hub_db = tmp_path_factory.mktemp("hub") / "hub.duckdb"
    for args in (["hub", "receive", str(published.parent.parent / "exports")], ["hub", "build"]):
        result = run_cli(*args, "--db", str(hub_db))
        assert result.returncode == 0, result.stdout + result.stderr
    return hub_db


@pytest.fixture
def app(hub, monkeypatch):
    monkeypatch.setenv("RETURNSTATS_SERVING", str(serving_path(hub)))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("view", VIEWS)
def test_every_hub_page_renders_without_exception(app, view):
    app.switch_page(view).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_eu_totals_are_the_sum_of_the_national_files_and_provisional(app):
    app.selectbox(key="eu_flow").select("EIL_ORD_Q").run()
    table = app.dataframe[0].value
    row = table[(table["aggregate"] == "European Union - 27 countries (from 2020) (EU27_2020)")
                & (table.period == "2024-Q1")].iloc[0]
    assert (row["persons or applications"], row.status) == ("7", "Provisional value (P)")
    missing = row["countries missing (codes)"]
    assert "AT" in missing and "FR" not in missing


def test_member_state_ranking_and_share_of_the_eu_total(app):
    app.switch_page("hub_views/member_states.py").run()
    app.selectbox(key="ms_flow").select("EIL_ORD_Q").run()
    table = app.dataframe[0].value
    assert table.country.tolist()[:2] == ["France (FR)", "Germany (DE)"]
    assert table["share of EU27_2020_EFTA (%)"].tolist()[:2] == [71.4, 28.6]  # 5 / 7, 2 / 7
    # by hand: FR 5 per 68,402,000 inhabitants (1 January 2024) = 0.0073 per 100,000 → 0.0
    assert table["per 100,000 inhabitants"].tolist()[:2] == [0.0, 0.0]
    assert table.status.tolist()[:2] == ["Normal value (A)", "Normal value (A)"]  # OBS_STATUS names, not codes
    assert {m.label: m.value for m in app.metric} == {  # names from the GEO code list (seed ref_codes)
        "European Union - 27 countries (from 2020) (EU27_2020)": "7",
        "European Union - 27 countries (from 2020) and EFTA (EU27_2020_EFTA)": "7"}


def test_completeness_lists_who_has_not_sent(app):
    app.switch_page("hub_views/completeness.py").run()
    app.selectbox(key="c_flow").select("EIL_ORD_Q").run()
    metrics = {m.label: m.value for m in app.metric}
    # 2024-Q1 is long past its deadline (31 May 2024): the 29 countries that sent nothing are missing
    assert metrics["missing"] == "29" and int(metrics["on time"]) + int(metrics["late"]) == 2


def test_one_countrys_file_as_received(app):
    app.switch_page("hub_views/country.py").run()
    app.selectbox(key="cty_geo").select("DE").run()
    app.selectbox(key="cty_flow").select("EIL_ORD_Q").run()
    cells = app.dataframe[0].value
    total = cells[(cells.citizen == "TOTAL") & (cells.sex == "T") & (cells.age == "TOTAL")]
    assert total.obs_value.tolist() == ["2"]


def test_a_hub_link_restores_the_view_and_reports_what_it_ignores(hub, monkeypatch):
    monkeypatch.setenv("RETURNSTATS_SERVING", str(serving_path(hub)))
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in {"dataflow": "EIL_ORD_Q", "geo": "<b>XX</b>", "zzz": "1"}.items():
        at.query_params[name] = value
    at.run()
    at.switch_page("hub_views/country.py").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="cty_flow").value == "EIL_ORD_Q"
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "geo='?b?XX??b?'" in warnings and "unknown parameter 'zzz'" in warnings
    at.selectbox(key="cty_geo").select("FR").run()
    assert at.query_params["geo"] == "FR" and at.query_params["dataflow"] == "EIL_ORD_Q"
    assert "zzz" not in at.query_params


def test_eu_totals_open_with_the_latest_periods_figures_and_their_status(app):
    app.selectbox(key="eu_flow").select("EIL_ORD_Q").run()
    # FR 5 + DE 2, both aggregates provisional (25 Member States and the 4 EFTA states sent nothing)
    # the status named by the OBS_STATUS code list (seed ref_codes)
    assert {m.label: m.value for m in app.metric} == {"EU27_2020 (Provisional value)": "7",
                                                      "EU27_2020_EFTA (Provisional value)": "7"}
