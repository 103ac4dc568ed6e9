"""The population seed holds what its source says: Eurostat's 27 Member States on 1 January 2024."""

import csv

from tests import REPO_ROOT

PUBLISHED_EU27_2024 = 449_206_600  # Eurostat news release of 11 July 2024


def test_the_eu27_rows_add_up_to_the_published_total_within_their_rounding():
    with (REPO_ROOT / "seeds" / "ref_population.csv").open() as handle:
        rows = [r for r in csv.DictReader(handle) if r["year"] == "2024"]
    with (REPO_ROOT / "seeds" / "ref_reporting_countries.csv").open() as handle:
        eu = {r["geo"] for r in csv.DictReader(handle) if r["membership"] == "EU"}
    assert {r["geo"] for r in rows} == eu and len(rows) == 27
    # each figure is rounded to hundreds: the sum can be off by at most 27 × 50
    assert abs(sum(int(r["population"]) for r in rows) - PUBLISHED_EU27_2024) <= 27 * 50
    assert all(r["source"].startswith("Eurostat") for r in rows)
