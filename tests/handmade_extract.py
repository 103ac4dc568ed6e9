"""A hand-made extract of eight persons in FR and DE, all events in 2024-Q1, in contract v1
(without the columns version 2 added: a v1 extract must still load and give v1's figures).

Shared by the end-to-end test (which states, by hand, who is counted where) and the
build/export tests.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_extract

P = "person_id"
PERSONS = [
    {P: "A", "reporting_country": "FR", "sex": "M", "birth_date": "1990-06-01", "citizenship": "DZ"},
    {P: "B", "reporting_country": "FR", "sex": "F", "birth_date": "2012-01-01", "citizenship": "DZ"},
    {P: "C", "reporting_country": "FR", "sex": "M", "birth_date": "2007-02-10", "citizenship": "MA"},
    {P: "D", "reporting_country": "FR", "sex": "UNK", "birth_date": "", "citizenship": "MA"},
    {P: "E", "reporting_country": "FR", "sex": "M", "birth_date": "1970-03-15", "citizenship": "SY"},
    {P: "F", "reporting_country": "FR", "sex": "F", "birth_date": "1950-01-01", "citizenship": "AF"},
    {P: "A", "reporting_country": "DE", "sex": "M", "birth_date": "1985-01-01", "citizenship": "TR"},
    {P: "G", "reporting_country": "DE", "sex": "F", "birth_date": "2000-01-01", "citizenship": "GE"},
]
DECISIONS = [
    {"decision_id": "D1", P: "A", "reporting_country": "FR", "decision_date": "2024-01-10"},
    {"decision_id": "D2", P: "A", "reporting_country": "FR", "decision_date": "2024-02-10"},
    {"decision_id": "D3", P: "B", "reporting_country": "FR", "decision_date": "2024-01-15"},
    {"decision_id": "D4", P: "C", "reporting_country": "FR", "decision_date": "2024-02-10"},
    {"decision_id": "D5", P: "D", "reporting_country": "FR", "decision_date": "2024-03-01"},
    {"decision_id": "D6", P: "E", "reporting_country": "FR", "decision_date": "2024-03-31"},
    {"decision_id": "D1", P: "A", "reporting_country": "DE", "decision_date": "2024-01-05"},
    {"decision_id": "D2", P: "G", "reporting_country": "DE", "decision_date": "2024-02-01"},
]


def _return(rid, person, geo, day, kind, assisted, dest):
    return {"return_id": rid, P: person, "reporting_country": geo, "departure_date": day, "return_type": kind,
            "assisted": assisted, "destination": dest}


RETURNS = [
    _return("R1", "A", "FR", "2024-03-05", "FORCED", "Y", "DZ"),
    _return("R2", "B", "FR", "2024-02-01", "VOLUNTARY", "Y", "DZ"),
    _return("R3", "B", "FR", "2024-02-01", "VOLUNTARY", "N", "ES"),  # same day: R3 > R2 is counted
    _return("R4", "C", "FR", "2024-03-20", "VOLUNTARY", "Y", "TN"),
    _return("R5", "E", "FR", "2024-03-31", "FORCED", "Y", "UNK"),
    _return("R1", "G", "DE", "2024-03-01", "VOLUNTARY", "Y", "GE"),
]
DETENTIONS = [
    {"detention_id": "T1", P: "A", "reporting_country": "FR", "start_date": "2023-12-20", "end_date": "2024-01-01",
     "ground": "ABSCONDING"},
    {"detention_id": "T2", P: "A", "reporting_country": "FR", "start_date": "2024-02-01", "end_date": "2024-02-10",
     "ground": "HAMPERING"},
    {"detention_id": "T3", P: "E", "reporting_country": "FR", "start_date": "2024-03-31", "end_date": "",
     "ground": "SECURITY"},
    {"detention_id": "T4", P: "F", "reporting_country": "FR", "start_date": "2023-11-01", "end_date": "2023-12-31",
     "ground": "IDENTITY"},
    {"detention_id": "T1", P: "A", "reporting_country": "DE", "start_date": "2024-01-10", "end_date": "",
     "ground": "ABSCONDING"},
]
ALTERNATIVES = [
    {"measure_id": "M1", P: "B", "reporting_country": "FR", "measure_type": "REPORTING", "start_date": "2024-01-20",
     "end_date": "2024-02-20"},
    {"measure_id": "M2", P: "C", "reporting_country": "FR", "measure_type": "RESIDENCE", "start_date": "2023-10-01",
     "end_date": ""},
]
RECOGNITIONS = [
    {"recognition_id": "G1", P: "D", "reporting_country": "FR", "issuing_country": "DE",
     "recognition_date": "2024-02-15", "outcome": "RECOGNISED"},
    {"recognition_id": "G2", P: "E", "reporting_country": "FR", "issuing_country": "IT",
     "recognition_date": "2024-03-01", "outcome": "REFUSED"},
]
APPLICATIONS = [
    {"application_id": "A1", P: "A", "reporting_country": "FR", "third_country": "DZ", "submission_date": "2024-01-12",
     "nationality_request": "Y", "nationality_reply": "POSITIVE", "nationality_reply_date": "2024-02-05",
     "travel_document_request": "Y", "travel_document_request_date": "2024-02-06",
     "travel_document_outcome": "ISSUED", "travel_document_outcome_date": "2024-03-01"},
    {"application_id": "A2", P: "C", "reporting_country": "FR", "third_country": "MA", "submission_date": "2024-02-20",
     "nationality_request": "Y", "nationality_reply": "NEGATIVE", "nationality_reply_date": "2024-03-10",
     "travel_document_request": "N"},
    {"application_id": "A3", P: "E", "reporting_country": "FR", "third_country": "SY", "submission_date": "2024-03-05",
     "nationality_request": "N", "travel_document_request": "Y", "travel_document_request_date": "2024-03-05",
     "travel_document_outcome": "REFUSED", "travel_document_outcome_date": "2024-03-25"},
]
REINTEGRATION = [
    {"assistance_id": "I1", P: "B", "reporting_country": "FR", "third_country": "DZ", "start_date": "2024-01-25"},
    {"assistance_id": "I2", P: "B", "reporting_country": "FR", "third_country": "MA", "start_date": "2024-01-28"},
    {"assistance_id": "I3", P: "C", "reporting_country": "FR", "third_country": "TN", "start_date": "2024-03-18"},
]
OPERATIONS = [{"operation_id": "O1", "reporting_country": "FR", "third_country": "DZ", "request_date": "2024-02-10",
               "mode": "CHARTER", "outcome": "ACCEPTED", "returnees": "1"}]


def write_handmade_extract(folder: Path) -> Path:
    return write_extract(folder, {
        "persons": PERSONS, "return_decisions": DECISIONS, "returns": RETURNS, "detentions": DETENTIONS,
        "alternatives": ALTERNATIVES, "recognitions": RECOGNITIONS, "readmission_applications": APPLICATIONS,
        "reintegration": REINTEGRATION, "return_operations": OPERATIONS,
    }, contract="v1")


def built_warehouse(base: Path, *then: list[str]) -> Path:
    """The hand-made extract ingested and built into base/wh, followed by the extra commands given."""
    from tests.conftest import run_cli

    db = base / "wh" / "returnstats.duckdb"
    write_handmade_extract(base / "extract")
    for args in (["ingest", str(base / "extract")], ["build"], *then):
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return db
