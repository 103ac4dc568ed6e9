"""The dashboards' building blocks, with expected values worked out by hand."""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest

from returnstats.dashboard import labels
from returnstats.dashboard.downloads import as_csv, as_xlsx, file_stem
from returnstats.dashboard.look import OKABE_ITO, colour_map, full_calendar, percent, whole
from returnstats.structure import code_lists

QUARTERS = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


def test_the_full_calendar_draws_zeros_as_zeros_and_not_collected_periods_as_gaps():
    frame = pd.DataFrame({"time_period": ["2024-Q1", "2024-Q3"], "indic": ["ALT", "ALT"], "persons": [3, 2]})
    full = full_calendar(frame, QUARTERS, "indic", "persons", ["ALT", "DET"], {("2024-Q4", "ALT")})
    alt = full[full.indic == "ALT"].persons.tolist()
    assert alt[:3] == [3, 0, 2] and math.isnan(alt[3])  # Q2: nobody; Q4: not collected
    assert full[full.indic == "DET"].persons.tolist() == [0, 0, 0, 0]
    assert full.time_period.tolist()[::2] == QUARTERS  # calendar order


def test_numbers_read_as_people_read_them():
    assert (whole(12577), whole(None), whole(float("nan"))) == ("12,577", "–", "–")
    assert (percent(0.085), percent(5 / 7)) == ("8.5 %", "71.4 %")


def test_a_category_keeps_its_colour_in_every_chart():
    assert colour_map(["ASSI_VOLU", "ASSI_FORC"])["ASSI_FORC"] == colour_map(["ASSI_FORC"])["ASSI_FORC"] == "#D55E00"
    free = colour_map(["AF", "SY"])
    assert set(free.values()) <= set(OKABE_ITO) and free["AF"] != free["SY"]


def test_a_download_says_what_it_holds_and_keeps_codes_as_text():
    assert file_stem("ART48_Q", {"geo": "FR-DE", "citizen": "TOTAL", "sex": "", "period": "2024-Q1-2025-Q4"}) == \
        "ART48_Q_geo-FR-DE_citizen-TOTAL_2024-Q1-2025-Q4"
    frame = pd.DataFrame({"record_id": ["007", "=1+1"], "persons (number)": [1200, 3]})
    assert as_csv(frame).decode() == "record_id,persons (number)\n007,1200\n'=1+1,3\n"
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx(frame))).active
    assert [c.value for c in sheet[1]] == ["record_id", "persons (number)"]
    assert (sheet["A2"].value, sheet["A2"].number_format, sheet["B2"].value) == ("007", "@", 1200)


@pytest.mark.parametrize("dimension", ["geo", "citizen", "third_country", "sex", "age", "c_dest", "return_type",
                                       "unit", "obs_status"])
def test_the_dashboard_names_codes_as_the_sdmx_structure_does(published, monkeypatch, dimension):
    monkeypatch.setenv("RETURNSTATS_DB", str(published))
    monkeypatch.delenv("RETURNSTATS_SERVING", raising=False)
    assert labels.names(dimension) == dict(code_lists()[f"CL_{dimension.upper()}"].codes)
