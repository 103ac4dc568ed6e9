"""The periods module: the one home of quarter and month arithmetic (worked by hand)."""

from __future__ import annotations

import pytest

from returnstats.generate import GeneratorError
from returnstats.generate import parse_quarter as generator_quarter
from returnstats.periods import PeriodError, months_of_quarters, parse_quarter, previous_quarter, year_before


def test_quarter_bounds():
    q = parse_quarter("2024-Q1")
    assert (str(q.start), str(q.end)) == ("2024-01-01", "2024-03-31")
    assert str(parse_quarter("2024-Q4").end) == "2024-12-31"


def test_neighbouring_quarters():
    assert previous_quarter("2025-Q1") == "2024-Q4"
    assert year_before("2025-Q1") == "2024-Q1"
    assert year_before("2024-Q4") == "2023-Q4"


def test_months_of_quarters_across_a_year():
    assert months_of_quarters("2024-Q4", "2025-Q1") == ["2024-10", "2024-11", "2024-12", "2025-01", "2025-02",
                                                        "2025-03"]
    assert months_of_quarters("2025-Q2", "2025-Q2") == ["2025-04", "2025-05", "2025-06"]


@pytest.mark.parametrize("text", ["2024-Q5", "2024Q1", "", "24-Q1"])
def test_malformed_quarters_are_refused_the_same_way_everywhere(text):
    with pytest.raises(PeriodError, match="YYYY-Qn"):
        parse_quarter(text)
    with pytest.raises(GeneratorError, match="YYYY-Qn"):
        generator_quarter(text)
