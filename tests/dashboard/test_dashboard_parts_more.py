"""Rates and axes of the dashboards, including the missing values that broke the Compare pages."""

from __future__ import annotations

from datetime import date

import pandas as pd

from returnstats.dashboard.look import (
    change_percent,
    count_axis,
    day,
    full_calendar,
    moment,
    moments,
    per_100k,
    share_percent,
    time_chart,
)


def test_rates_are_empty_not_errors_when_a_part_is_missing():
    # by hand: 5 persons among 68,402,000 inhabitants = 0.0073 per 100,000; 1,452 among 5,961,200 = 24.36
    assert per_100k(5, 68_402_000) == 0.0 and per_100k(1452, 5_961_200) == 24.4
    for missing in (None, float("nan"), pd.NA):
        assert per_100k(5, missing) is None and per_100k(missing, 100) is None
        assert change_percent(missing, 4) is None and change_percent(5, missing) is None
        assert share_percent(missing, 7) is None and share_percent(5, missing) is None
    assert (change_percent(5, 4), change_percent(5, 0), share_percent(5, 7)) == (25.0, None, 71.4)


def test_small_counts_get_whole_ticks_only():
    assert count_axis(2)["dtick"] == 1 and "dtick" not in count_axis(1200)
    assert count_axis(float("nan"))["dtick"] == 1


def test_only_periods_not_collected_are_shaded_not_suppressed_or_empty_ones():
    frame = pd.DataFrame({"time_period": ["2024-Q1", "2024-Q2"], "indic": ["ALT", "ALT"], "persons": [3, 2]})
    full = full_calendar(frame, ["2024-Q1", "2024-Q2", "2024-Q3"], "indic", "persons", ["ALT"],
                         {("2024-Q3", "ALT")})
    full.loc[full.time_period == "2024-Q2", "persons"] = float("nan")  # suppressed in the public view
    figure = time_chart(full, "indic", "persons", {"ALT": "alternatives"}, "Persons", "persons")
    assert figure.layout.title.text == "Persons — grey: not collected (2024-Q3)"
    assert len(figure.layout.shapes) == 1


def test_every_time_is_shown_one_way():
    assert moment(pd.Timestamp("2025-07-02 10:00:59")) == "2025-07-02 10:00 UTC"
    assert moment("2025-07-02T12:00:00+02:00") == "2025-07-02 10:00 UTC"  # an offset is converted to UTC
    assert moment(None) == "–" and day(date(2025, 5, 31)) == "2025-05-31"
    frame = moments(pd.DataFrame({"loaded": pd.to_datetime(["2025-01-01 08:05"]), "rows": [1]}))
    assert frame["loaded"].tolist() == ["2025-01-01 08:05 UTC"] and frame["rows"].tolist() == [1]


def test_a_series_not_collected_alone_is_named_and_its_period_not_shaded_for_the_others():
    # HU-like: ALT not collected in 2024-Q1; DET collected (2 persons) in every quarter
    frame = pd.DataFrame({"time_period": ["2024-Q1", "2024-Q2", "2024-Q2"], "indic": ["DET", "DET", "ALT"],
                          "persons": [2, 2, 1]})
    full = full_calendar(frame, ["2024-Q1", "2024-Q2"], "indic", "persons", ["ALT", "DET"], {("2024-Q1", "ALT")})
    figure = time_chart(full, "indic", "persons", {"ALT": "Alternatives", "DET": "Detention"}, "Persons", "persons")
    assert figure.layout.title.text == "Persons — Alternatives not collected (2024-Q1)"
    assert len(figure.layout.shapes) == 0  # detention was collected: no grey band over its point
