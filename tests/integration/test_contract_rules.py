"""One case per contract rule: the bad row is quarantined with the right reason, the good row loads."""

from __future__ import annotations

import pytest

from returnstats.ingest.load import ingest_delivery
from tests.conftest import query, v1_columns, valid, write_csv, write_extract

LONG_ID = "x" * 65

# (table, changes that break one rule, column reported, words of the reason)
RULES = [
    ("persons", {"person_id": ""}, "person_id", "person_id is required"),
    ("persons", {"person_id": LONG_ID}, "person_id", "longer than 64 characters"),
    ("persons", {"reporting_country": "XX"}, "reporting_country", "not a reporting country code"),
    ("persons", {"reporting_country": "US"}, "reporting_country", "not a reporting country code"),
    ("persons", {"sex": "X"}, "sex", "must be one of F, M, UNK"),
    ("persons", {"birth_date": "1990-02-30"}, "birth_date", "not a valid calendar date"),
    ("persons", {"birth_date": "25/12/1990"}, "birth_date", "not a valid calendar date"),
    ("persons", {"citizenship": "DE"}, "citizenship", "an EU/EFTA citizen is not a third-country national"),
    ("persons", {"citizenship": "ch"}, "citizenship", "an EU/EFTA citizen is not a third-country national"),
    ("persons", {"citizenship": "ZZ"}, "citizenship", "not a citizenship code"),
    ("persons", {"citizenship": ""}, "citizenship", "citizenship is required"),
    ("return_decisions", {"decision_date": ""}, "decision_date", "decision_date is required"),
    ("return_decisions", {"country_of_return": "ZZ"}, "country_of_return", "not a country code"),
    ("return_decisions", {"entry_ban": "maybe"}, "entry_ban", "must be Y or N"),
    ("return_decisions", {"person_id": "NOBODY"}, "person_id", "person_id not found"),
    ("return_decisions", {"reporting_country": "DE"}, "person_id", "person_id not found"),
    ("recognitions", {"issuing_country": "FR"}, "issuing_country", "must differ from reporting_country"),
    ("recognitions", {"outcome": "PENDING"}, "outcome", "must be one of RECOGNISED, REFUSED"),
    ("detentions", {"end_date": "2024-02-02"}, "end_date", "end_date is before start_date"),
    ("detentions", {"ground": "OTHER"}, "ground", "must be one of ABSCONDING"),
    ("alternatives", {"end_date": "2024-01-01"}, "end_date", "end_date is before start_date"),
    ("alternatives", {"measure_type": "CURFEW"}, "measure_type", "must be one of REPORTING"),
    ("returns", {"assisted": "N"}, "assisted", "a FORCED return is always assisted"),
    ("returns", {"destination": ""}, "destination", "destination is required"),
    ("returns", {"transport": "AIR"}, "transport", "must be one of CHARTER"),
    ("returns", {"departure_date": "2024-13-01"}, "departure_date", "not a valid calendar date"),
    ("readmission_applications", {"third_country": "UNK"}, "third_country", "UNK is not allowed"),
    ("readmission_applications", {"nationality_request": "N"}, "nationality_reply",
     "nationality_reply must be empty when nationality_request = N"),
    ("readmission_applications", {"nationality_reply_date": ""}, "nationality_reply_date",
     "nationality_reply_date is required when nationality_reply is set"),
    ("readmission_applications", {"nationality_reply_date": "2024-02-04"}, "nationality_reply_date",
     "nationality_reply_date is before submission_date"),
    ("readmission_applications", {"travel_document_request_date": ""}, "travel_document_request_date",
     "travel_document_request_date is required when travel_document_request = Y"),
    ("readmission_applications", {"travel_document_request_date": "2024-02-01", "travel_document_outcome_date":
                                  "2024-02-03"}, "travel_document_request_date",
     "travel_document_request_date is before submission_date"),
    ("readmission_applications", {"travel_document_request": "N", "travel_document_request_date": ""},
     "travel_document_outcome", "travel_document_outcome must be empty when travel_document_request = N"),
    ("readmission_applications", {"travel_document_outcome_date": ""}, "travel_document_outcome_date",
     "travel_document_outcome_date is required when travel_document_outcome is set"),
    ("readmission_applications", {"travel_document_outcome_date": "2024-02-15"}, "travel_document_outcome_date",
     "travel_document_outcome_date is before travel_document_request_date"),
    ("readmission_applications", {"eutd_used": "yes"}, "eutd_used", "must be Y or N"),
    ("reintegration", {"third_country": "ZZ"}, "third_country", "not a third-country code"),
    ("reintegration", {"assistance_type": "VOUCHER"}, "assistance_type", "must be one of CASH"),
    ("return_operations", {"returnees": "-3"}, "returnees", "not a whole number >= 0"),
    ("return_operations", {"returnees": "2.5"}, "returnees", "not a whole number >= 0"),
    ("return_operations", {"mode": "BUS"}, "mode", "must be one of CHARTER, SCHEDULED"),
    # contract v2: new columns
    ("return_decisions", {"decision_type": "DEPORTATION"}, "decision_type",
     "must be one of RETURN, DUBLIN_TRANSFER, INTRA_EU_TRANSFER"),
    ("return_decisions", {"unaccompanied_minor": "yes"}, "unaccompanied_minor", "must be Y or N"),
    ("returns", {"return_kind": "TRANSFER"}, "return_kind",
     "must be one of RETURN, DUBLIN_TRANSFER, INTRA_EU_TRANSFER"),
    ("returns", {"unaccompanied_minor": "1"}, "unaccompanied_minor", "must be Y or N"),
    ("alternatives", {"legal_basis": "ART32"}, "legal_basis", "must be one of ART31, ART23"),
    ("readmission_applications", {"travel_document_type": "PASSPORT"}, "travel_document_type",
     "must be one of NATIONAL, LAISSEZ_PASSER, EUTD"),
    ("readmission_applications", {"travel_document_outcome": "REFUSED", "travel_document_type": "EUTD"},
     "travel_document_type", "travel_document_type must be empty unless travel_document_outcome = ISSUED"),
    ("return_operations", {"joint": "sometimes"}, "joint", "must be Y or N"),
    ("return_operations", {"frontex_support": "X"}, "frontex_support", "must be Y or N"),
    # contract v2: EU territory is not a third country
    ("persons", {"citizenship": "RE"}, "citizenship", "EU territory (part of FR), not a citizenship"),
    ("persons", {"citizenship": " ax"}, "citizenship", "EU territory (part of FI), not a citizenship"),
    ("returns", {"destination": "FR"}, "destination", "destination is the reporting country itself"),
    ("returns", {"destination": "gf"}, "destination", "destination is the reporting country itself"),
    ("readmission_applications", {"third_country": "DE"}, "third_country", "an EU/EFTA country is not a third country"),
    ("readmission_applications", {"third_country": "MQ"}, "third_country",
     "EU territory (part of FR), not a third country"),
    ("reintegration", {"third_country": "NO"}, "third_country", "an EU/EFTA country is not a third country"),
    ("reintegration", {"third_country": "YT"}, "third_country", "EU territory (part of FR), not a third country"),
    ("return_operations", {"third_country": "CH"}, "third_country", "an EU/EFTA country is not a third country"),
    ("return_operations", {"third_country": "AX"}, "third_country", "EU territory (part of FI), not a third country"),
]


def _extract_with_one_bad_row(folder, table, changes):
    id_column = {"persons": "person_id"}.get(table)
    rows = {"persons": [valid("persons")]}
    if table == "persons":
        rows["persons"].append(valid("persons", person_id="P2") | changes)
    else:
        id_column = next(c for c in valid(table) if c.endswith("_id") and c != "person_id")
        rows[table] = [valid(table), valid(table, **{id_column: "BAD"}) | changes]
    return write_extract(folder, rows)


@pytest.mark.parametrize(("table", "changes", "column", "reason"), RULES,
                         ids=[f"{t}-{c}-{'-'.join(ch)}" for t, ch, c, _ in RULES])
def test_rule_quarantines_bad_row_and_loads_good_one(tmp_path, table, changes, column, reason):
    db = tmp_path / "wh.duckdb"
    result = ingest_delivery(_extract_with_one_bad_row(tmp_path / "x", table, changes), db)

    by_table = {f.table: f for f in result.files}
    assert (by_table[table].rows_read, by_table[table].rows_loaded, by_table[table].rows_quarantined) == (2, 1, 1)
    entries = query(db, "select file_name, line, column_name, reason from audit.quarantine where table_name = ?",
                    [table])
    assert any(col == column and reason in why for _, _, col, why in entries), entries
    assert {(f, line) for f, line, _, _ in entries} == {(f"{table}.csv", 3)}  # header is line 1
    assert query(db, f"select count(*) from landing.{table}")[0][0] == 1


def test_codes_are_trimmed_upper_cased_and_aliases_replaced(tmp_path):
    db = tmp_path / "wh.duckdb"
    folder = write_extract(tmp_path / "x", {
        "persons": [valid("persons", reporting_country=" gr ", sex="f", citizenship="gb")],
        "returns": [valid("returns", reporting_country="GR", destination=" gb", return_type="voluntary",
                          assisted="n", transport="")],
    })
    result = ingest_delivery(folder, db)
    assert result.rows_quarantined == 0
    assert query(db, "select reporting_country, sex, citizenship from landing.persons") == [("EL", "F", "UK")]
    assert query(db, "select reporting_country, destination, return_type, assisted, transport from landing.returns") \
        == [("EL", "UK", "VOLUNTARY", "N", None)]


@pytest.mark.parametrize(("territory", "member_state"), [("RE", "FR"), ("GP", "FR"), ("MF", "FR"), ("AX", "FI")])
def test_a_destination_in_an_eu_territory_becomes_its_member_state(tmp_path, territory, member_state):
    db = tmp_path / "wh.duckdb"
    folder = write_extract(tmp_path / "x", {
        "persons": [valid("persons", reporting_country="DE")],
        "returns": [valid("returns", reporting_country="DE", destination=territory.lower())],
    })
    assert ingest_delivery(folder, db).rows_quarantined == 0
    assert query(db, "select destination from landing.returns") == [(member_state,)]


def test_v2_defaults_stand_for_absent_and_empty_values(tmp_path):
    """decision_type, return_kind, legal_basis: absent column or empty field = the v1 meaning."""
    db = tmp_path / "wh.duckdb"
    write_extract(tmp_path / "x", {"persons": [valid("persons")],
                                   "returns": [valid("returns", return_kind="")],
                                   "alternatives": [valid("alternatives", legal_basis=" ")]})
    write_csv(tmp_path / "x", "return_decisions", [valid("return_decisions")], v1_columns("return_decisions"))
    assert ingest_delivery(tmp_path / "x", db).rows_quarantined == 0
    assert query(db, "select decision_type, unaccompanied_minor from landing.return_decisions") == [("RETURN", None)]
    assert query(db, "select return_kind from landing.returns") == [("RETURN",)]
    assert query(db, "select legal_basis from landing.alternatives") == [("ART31",)]


def test_duplicate_ids_in_a_delivery_quarantine_every_copy(tmp_path):
    db = tmp_path / "wh.duckdb"
    folder = write_extract(tmp_path / "x", {
        "persons": [valid("persons"), valid("persons", person_id="P2"), valid("persons", person_id="P2"),
                    valid("persons", person_id="P2", reporting_country="DE")],
    })
    result = ingest_delivery(folder, db)
    assert (result.files[0].rows_loaded, result.files[0].rows_quarantined) == (2, 2)
    lines = query(db, "select line, reason from audit.quarantine order by line")
    assert [line for line, _ in lines] == [3, 4]
    assert all("appears 2 times" in reason for _, reason in lines)


def test_reference_to_a_person_loaded_earlier_is_accepted(tmp_path):
    db = tmp_path / "wh.duckdb"
    ingest_delivery(write_extract(tmp_path / "a", {"persons": [valid("persons")]}), db)
    result = ingest_delivery(write_extract(tmp_path / "b", {"return_decisions": [valid("return_decisions")]}), db)
    assert result.rows_quarantined == 0


def test_rows_referring_to_a_quarantined_person_are_quarantined_too(tmp_path):
    db = tmp_path / "wh.duckdb"
    folder = write_extract(tmp_path / "x", {
        "persons": [valid("persons", citizenship="FR")],
        "return_decisions": [valid("return_decisions")],
    })
    result = ingest_delivery(folder, db)
    assert result.rows_quarantined == 2
    assert query(db, "select count(*) from landing.return_decisions")[0][0] == 0
