"""coverage.csv (contract v2): a declaration that is valid as a whole or refuses the delivery;
replacement per (reporting_country, table); rows dated in a quarter not collected are
quarantined, also against a declaration delivered earlier."""

from __future__ import annotations

import pytest

from returnstats.ingest.load import ingest_delivery
from returnstats.ingest.readers import StructuralError
from tests.conftest import query, run_cli, valid, write_extract

HEADER = "reporting_country,table,collected,period_from,period_to\n"


def _delivery(folder, coverage: str | None, tables: dict | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    write_extract(folder, tables if tables is not None else {"persons": [valid("persons")]})
    if coverage is not None:
        (folder / "coverage.csv").write_text(coverage)
    return folder


@pytest.mark.parametrize(("lines", "words"), [
    ("FR,alternatives,N,2024-Q1,2024-Q2\nFR,alternatives,Y,2024-Q2,\n", "line 2: overlaps line 3"),
    ("FR,alternatives,N,2024-Q1,\nFR,alternatives,Y,2025-Q1,\n", "line 2: overlaps line 3"),
    ("XX,alternatives,N,2024-Q1,\n", "reporting_country 'XX' is not a reporting country code"),
    ("FR,measures,N,2024-Q1,\n", "table 'measures' is not one of the nine table names"),
    ("FR,coverage,N,2024-Q1,\n", "table 'coverage' is not one of the nine table names"),
    ("FR,alternatives,maybe,2024-Q1,\n", "collected must be Y or N"),
    ("FR,alternatives,N,2024-Q5,\n", "period_from must be a quarter YYYY-Qn"),
    ("FR,alternatives,N,,\n", "period_from must be a quarter YYYY-Qn"),
    ("FR,alternatives,N,2024-Q1,2024-03\n", "period_to must be empty or a quarter YYYY-Qn"),
    ("FR,alternatives,N,2024-Q3,2024-Q2\n", "period_to is before period_from"),
])
def test_an_invalid_declaration_refuses_the_delivery_and_writes_nothing(tmp_path, lines, words):
    db = tmp_path / "wh" / "r.duckdb"
    folder = _delivery(tmp_path / "x", HEADER + lines)
    with pytest.raises(StructuralError, match="coverage.csv: .*" + words.replace("(", r"\(").replace(")", r"\)")):
        ingest_delivery(folder, db)
    assert not db.exists()
    result = run_cli("ingest", str(folder), "--db", str(db))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert words in " ".join(result.stderr.split())


def test_a_missing_column_refuses_the_delivery(tmp_path):
    folder = _delivery(tmp_path / "x", "reporting_country,table,period_from\nFR,alternatives,2024-Q1\n")
    with pytest.raises(StructuralError, match="missing required column 'collected'"):
        ingest_delivery(folder, tmp_path / "r.duckdb")


def test_rows_in_a_quarter_not_collected_are_quarantined_also_by_an_earlier_declaration(tmp_path):
    db = tmp_path / "r.duckdb"
    ingest_delivery(_delivery(tmp_path / "a", HEADER + "FR,detentions,N,2024-Q1,2024-Q1\n"), db)
    folder = write_extract(tmp_path / "b", {"detentions": [
        valid("detentions", detention_id="T1", start_date="2024-03-31", end_date=""),  # Q1: not collected
        valid("detentions", detention_id="T2", start_date="2023-12-31", end_date="2024-02-01"),  # starts in Q4
        valid("detentions", detention_id="T3", start_date="2024-04-01", end_date="")]})
    result = ingest_delivery(folder, db)
    assert result.rows_quarantined == 1
    assert query(db, "select record_id, column_name, reason from audit.quarantine") == [
        ("T1", "start_date", "not collected in this period per coverage.csv")]
    assert query(db, "select detention_id from landing.detentions order by 1") == [("T2",), ("T3",)]


def test_a_declaration_replaces_the_earlier_one_of_its_country_and_table_only(tmp_path):
    db = tmp_path / "r.duckdb"
    ingest_delivery(_delivery(tmp_path / "a", HEADER + "FR,detentions,N,2024-Q1,2024-Q1\n"
                                                       "FR,returns,N,2024-Q1,\nDE,detentions,N,2023-Q1,\n"), db)
    result = ingest_delivery(_delivery(tmp_path / "b", HEADER + "FR,detentions,Y,2024-Q1,2024-Q4\n", {}), db)
    assert (result.coverage_rows, result.coverage_replaced) == (1, 1)
    assert query(db, "select reporting_country, table_name, collected, period_from, period_to from landing.coverage "
                     "order by 1, 2") == [("DE", "detentions", "N", "2023-Q1", None),
                                          ("FR", "detentions", "Y", "2024-Q1", "2024-Q4"),
                                          ("FR", "returns", "N", "2024-Q1", None)]
    # the replaced declaration no longer quarantines FR detentions of 2024-Q1
    folder = write_extract(tmp_path / "c", {"detentions": [valid("detentions")]})
    assert ingest_delivery(folder, db).rows_quarantined == 0


def test_codes_in_a_declaration_are_canonical(tmp_path):
    db = tmp_path / "r.duckdb"
    ingest_delivery(_delivery(tmp_path / "a", HEADER + " gr ,returns, n ,2024-q1,\n"), db)
    assert query(db, "select reporting_country, collected, period_from from landing.coverage") == [
        ("EL", "N", "2024-Q1")]
