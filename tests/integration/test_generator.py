"""The demo generator: contract-valid, deterministic, and realistic at scale 1."""

from __future__ import annotations

import hashlib

import polars as pl
import pytest

from returnstats.generate import GeneratorError, generate_extract, simulate
from returnstats.ingest.contract import EFTA_STATES
from returnstats.ingest.load import ingest_delivery
from tests.conftest import run_cli

# Published first releases (EU27_2020, persons ordered to leave), 2024-Q2 as later revised.
PUBLISHED_ORDERED = {"2024-Q1": 103515, "2024-Q2": 112450, "2024-Q3": 112335, "2024-Q4": 124935,
                     "2025-Q1": 123905, "2025-Q2": 116495, "2025-Q3": 115440, "2025-Q4": 117545}


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_output_loads_with_no_quarantined_row(tmp_path):
    counts = generate_extract(tmp_path / "demo", scale=0.02, seed=7)
    result = ingest_delivery(tmp_path / "demo", tmp_path / "wh.duckdb")
    assert result.rows_quarantined == 0
    coverage_rows = counts.pop("coverage")
    assert {f.table: f.rows_loaded for f in result.files} == counts
    assert all(n > 0 for n in counts.values())
    assert result.input_contract == "case-extract-v2" and result.coverage_rows == coverage_rows > 0


def test_a_first_person_of_unknown_unaccompanied_status_is_generated():
    # seed 7 draws "unknown" for the first person: polars could not read that column when it
    # was a numpy object array starting with None (scale 10 hit it; so did this seed)
    decisions = simulate(0.001, 7, "2025-Q4", "2025-Q4")["return_decisions"]
    assert decisions["unaccompanied_minor"].null_count() > 0
    assert set(decisions["unaccompanied_minor"].drop_nulls()) <= {"Y", "N"}


def test_parquet_output_loads_with_no_quarantined_row(tmp_path):
    generate_extract(tmp_path / "demo", scale=0.01, seed=3, fmt="parquet")
    assert ingest_delivery(tmp_path / "demo", tmp_path / "wh.duckdb").rows_quarantined == 0


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate_extract(tmp_path / name, scale=0.01, seed=seed)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_bad_arguments_are_usage_errors(tmp_path):
    with pytest.raises(GeneratorError, match="not a quarter"):
        simulate(0.01, 1, "2024Q1", "2024-Q4")
    result = run_cli("generate", "--out", str(tmp_path), "--from", "2025-Q1", "--to", "2024-Q1")
    assert result.returncode == 2 and "is after" in result.stderr


@pytest.fixture(scope="module")
def eu_scale_one():
    return simulate(1.0, 42, "2024-Q1", "2025-Q4")


def _persons_per_quarter(df: pl.DataFrame, date_column: str) -> dict[str, int]:
    eu = df.filter(~pl.col("reporting_country").is_in(EFTA_STATES))
    quarter = pl.col(date_column).dt.year().cast(pl.String) + "-Q" + pl.col(date_column).dt.quarter().cast(pl.String)
    counted = eu.group_by(quarter.alias("q")).agg(pl.struct("reporting_country", "person_id").n_unique().alias("n"))
    return dict(counted.iter_rows())


def test_scale_one_ordered_to_leave_follows_published_figures(eu_scale_one):
    orders = eu_scale_one["return_decisions"].filter(pl.col("decision_type") == "RETURN")
    ordered = _persons_per_quarter(orders, "decision_date")
    for quarter, published in PUBLISHED_ORDERED.items():
        assert abs(ordered[quarter] - published) / published < 0.06, (quarter, ordered[quarter], published)
        assert 100_000 <= ordered[quarter] <= 130_000


def test_scale_one_returned_within_published_range(eu_scale_one):
    returned = _persons_per_quarter(eu_scale_one["returns"].filter(pl.col("return_kind") == "RETURN"),
                                    "departure_date")
    # Published 2022-Q4..2026-Q1: 25,285 to 34,550 persons returned per quarter.
    assert all(24_000 <= n <= 36_000 for n in returned.values()), returned


def test_scale_one_leading_countries_and_citizenships(eu_scale_one):
    decisions = eu_scale_one["return_decisions"].join(
        eu_scale_one["persons"], on=["reporting_country", "person_id"])
    top_geo = decisions.group_by("reporting_country").len().sort("len", descending=True)["reporting_country"]
    top_citizen = decisions.group_by("citizenship").len().sort("len", descending=True)["citizenship"]
    assert top_geo[0] == "FR" and set(top_geo[:4]) == {"FR", "ES", "DE", "EL"}
    assert top_citizen[0] == "DZ" and {"MA", "SY", "AF", "TR"} <= set(top_citizen[:7])


def test_scale_one_shows_every_v2_population(eu_scale_one):
    """A few percent transfers, availability measures beside alternatives, unaccompanied
    minors among the under-18s, some EUTDs, and one declared gap in coverage.csv."""
    decisions, returns = eu_scale_one["return_decisions"], eu_scale_one["returns"]
    transfers = decisions.filter(pl.col("decision_type") != "RETURN").height / decisions.height
    assert 0.02 < transfers < 0.08
    assert 0.02 < returns.filter(pl.col("return_kind") != "RETURN").height / returns.height < 0.08
    bases = eu_scale_one["alternatives"].group_by("legal_basis").len()
    assert dict(bases.iter_rows())["ART23"] > 2 * dict(bases.iter_rows())["ART31"]
    assert decisions.filter(pl.col("unaccompanied_minor") == "Y").height > 1000
    documents = eu_scale_one["readmission_applications"].filter(pl.col("travel_document_outcome") == "ISSUED")
    assert set(documents["travel_document_type"].unique()) == {"NATIONAL", "LAISSEZ_PASSER", "EUTD"}
    gap = eu_scale_one["coverage"].filter(pl.col("collected") == "N")
    assert gap.height == 1
    geo, table = gap.row(0)[:2]
    assert eu_scale_one[table].filter((pl.col("reporting_country") == geo)
                                      & (pl.col("start_date") < pl.date(2024, 7, 1))).height == 0
