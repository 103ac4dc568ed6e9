"""The population seed holds what its sources say: the 31 reporting countries on 1 January 2024."""

import csv

from tests import REPO_ROOT

PUBLISHED_EU27_2024 = 449_206_600  # Eurostat news release of 11 July 2024
# the national statistical offices' unrounded figures, as their publications give them
EFTA_2024 = {"IS": 383_726, "LI": 40_015, "NO": 5_550_203, "CH": 8_962_258}


def _rows_of_2024():
    with (REPO_ROOT / "seeds" / "ref_population.csv").open() as handle:
        rows = [r for r in csv.DictReader(handle) if r["year"] == "2024"]
    with (REPO_ROOT / "seeds" / "ref_reporting_countries.csv").open() as handle:
        membership = {r["geo"]: r["membership"] for r in csv.DictReader(handle)}
    return rows, membership


def test_every_reporting_country_has_one_figure_with_its_source():
    rows, membership = _rows_of_2024()
    assert sorted(r["geo"] for r in rows) == sorted(membership) and len(rows) == 31
    assert all(r["source"].strip() for r in rows)


def test_the_eu27_rows_add_up_to_the_published_total_within_their_rounding():
    rows, membership = _rows_of_2024()
    eu = [r for r in rows if membership[r["geo"]] == "EU"]
    assert len(eu) == 27
    # each figure is rounded to hundreds: the sum can be off by at most 27 × 50
    assert abs(sum(int(r["population"]) for r in eu) - PUBLISHED_EU27_2024) <= 27 * 50
    assert all(r["source"].startswith("Eurostat") for r in eu)


def test_the_efta_rows_are_their_offices_figures_rounded_to_hundreds():
    rows, membership = _rows_of_2024()
    efta = {r["geo"]: r for r in rows if membership[r["geo"]] != "EU"}
    assert efta.keys() == EFTA_2024.keys()
    for geo, exact in EFTA_2024.items():
        assert int(efta[geo]["population"]) == round(exact, -2)
        assert f"{exact:,}" in efta[geo]["source"]
