"""A hand-made extract in contract v2: every v2 rule once, in IT (bound by the Return
Regulation, with coverage.csv) and DK (not bound, no coverage), 2024-Q1 and 2024-Q2.

Who is counted where, and why each quarantined row is quarantined, is worked out by hand in
tests/e2e/test_end_to_end_v2.py.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_csv, write_extract

P = "person_id"
PERSONS = [
    {P: "A", "reporting_country": "IT", "sex": "M", "birth_date": "1990-01-01", "citizenship": "MA"},
    {P: "B", "reporting_country": "IT", "sex": "F", "birth_date": "2008-06-01", "citizenship": "AF"},
    {P: "C", "reporting_country": "IT", "sex": "M", "birth_date": "1980-01-01", "citizenship": "TN"},
    {P: "D", "reporting_country": "IT", "sex": "M", "birth_date": "1985-01-01", "citizenship": "DZ"},
    {P: "E", "reporting_country": "IT", "sex": "M", "birth_date": "1970-01-01", "citizenship": "RE"},  # rejected
    {P: "F", "reporting_country": "IT", "sex": "M", "birth_date": "1995-01-01", "citizenship": "EG"},
    {P: "G", "reporting_country": "DK", "sex": "M", "birth_date": "1990-01-01", "citizenship": "IQ"},
]


def _decision(did, person, geo, day, kind="RETURN", uam=""):
    return {"decision_id": did, P: person, "reporting_country": geo, "decision_date": day, "decision_type": kind,
            "unaccompanied_minor": uam}


DECISIONS = [
    _decision("D1", "A", "IT", "2024-01-10"),
    _decision("D2", "A", "IT", "2024-02-01", "DUBLIN_TRANSFER"),
    _decision("D3", "B", "IT", "2024-01-20", uam="N"),
    _decision("D4", "B", "IT", "2024-03-10", uam="Y"),
    _decision("D5", "C", "IT", "2024-04-05", "INTRA_EU_TRANSFER"),
    _decision("D6", "D", "IT", "2024-02-10"),
    _decision("D7", "E", "IT", "2024-02-10"),  # person E was rejected
    _decision("D8", "F", "IT", "2024-01-05"),
    _decision("D1", "G", "DK", "2024-01-10"),
]


def _return(rid, person, day, kind, return_type, assisted, dest, uam=""):
    return {"return_id": rid, P: person, "reporting_country": "IT", "departure_date": day, "return_type": return_type,
            "assisted": assisted, "destination": dest, "return_kind": kind, "unaccompanied_minor": uam}


RETURNS = [
    _return("R1", "A", "2024-02-15", "DUBLIN_TRANSFER", "FORCED", "Y", "DE"),
    _return("R2", "A", "2024-03-01", "RETURN", "FORCED", "Y", "MA"),
    _return("R3", "B", "2024-05-10", "RETURN", "VOLUNTARY", "Y", "AF", uam="Y"),
    _return("R4", "C", "2024-04-20", "INTRA_EU_TRANSFER", "VOLUNTARY", "Y", "FR"),
    _return("R5", "D", "2024-03-15", "RETURN", "VOLUNTARY", "N", "re"),  # La Réunion is France
    _return("R6", "F", "2024-02-02", "RETURN", "FORCED", "Y", "IT"),  # to the reporting country: rejected
]


def _measure(mid, person, start, end, basis):
    return {"measure_id": mid, P: person, "reporting_country": "IT", "measure_type": "REPORTING",
            "start_date": start, "end_date": end, "legal_basis": basis}


ALTERNATIVES = [
    _measure("M1", "A", "2024-01-15", "2024-02-15", "ART31"),
    _measure("M2", "B", "2024-01-25", "", "ART23"),  # an availability measure
    _measure("M3", "D", "2024-05-01", "", "ART31"),  # starts in a quarter not collected: rejected
    _measure("M4", "D", "2024-03-20", "", "ART31"),  # starts in Q1, runs on into Q2: kept
]
DETENTIONS = [
    {"detention_id": "T1", P: "F", "reporting_country": "IT", "start_date": "2024-04-01", "end_date": "2024-04-30",
     "ground": "ABSCONDING"},
    {"detention_id": "T1", P: "G", "reporting_country": "DK", "start_date": "2024-01-10", "end_date": "2024-01-20",
     "ground": "ABSCONDING"},
]


def _application(aid, person, third, day, outcome="", outcome_day="", doc_type=""):
    return {"application_id": aid, P: person, "reporting_country": "IT", "third_country": third,
            "submission_date": day, "nationality_request": "N", "travel_document_request": "Y" if outcome else "N",
            "travel_document_request_date": day if outcome else "", "travel_document_outcome": outcome,
            "travel_document_outcome_date": outcome_day, "travel_document_type": doc_type}


APPLICATIONS = [
    _application("A1", "A", "MA", "2024-01-20", "ISSUED", "2024-02-10", "EUTD"),
    _application("A2", "D", "DZ", "2024-02-15", "ISSUED", "2024-03-05", "NATIONAL"),
    _application("A3", "B", "FR", "2024-02-01"),  # an EU country is not a third country: rejected
    _application("A4", "B", "AF", "2024-02-01", doc_type="NATIONAL"),  # a type without ISSUED: rejected
]
REINTEGRATION = [
    {"assistance_id": "I1", P: "B", "reporting_country": "IT", "third_country": "GP", "start_date": "2024-05-01"},
]
OPERATIONS = [
    {"operation_id": "O1", "reporting_country": "IT", "third_country": "MA", "request_date": "2024-02-01",
     "mode": "CHARTER", "outcome": "ACCEPTED", "returnees": "1", "joint": "Y", "frontex_support": "N"},
]
COVERAGE = [
    {"reporting_country": "IT", "table": "return_decisions", "collected": "Y", "period_from": "2024-Q1",
     "period_to": "2024-Q2"},
    {"reporting_country": "IT", "table": "alternatives", "collected": "N", "period_from": "2024-Q2",
     "period_to": "2024-Q2"},
]
COVERAGE_COLUMNS = ["reporting_country", "table", "collected", "period_from", "period_to"]


def write_handmade_extract_v2(folder: Path) -> Path:
    write_extract(folder, {
        "persons": PERSONS, "return_decisions": DECISIONS, "returns": RETURNS, "detentions": DETENTIONS,
        "alternatives": ALTERNATIVES, "readmission_applications": APPLICATIONS,
        "reintegration": REINTEGRATION, "return_operations": OPERATIONS,
    })
    write_csv(folder, "coverage", COVERAGE, COVERAGE_COLUMNS)
    return folder
