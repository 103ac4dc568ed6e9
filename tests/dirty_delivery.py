"""A dirty delivery: every kind of row problem ingestion quarantines, beside clean rows, in the
tables that carry them. `tests/data/dirty_delivery_quarantine.csv` holds what ingestion
quarantined from it before ingestion was restructured for speed (issue 18); the reasons were
read one by one against the contract. The restructured ingestion must give the same rows,
lines, columns, values and reasons."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import valid, write_csv

PERSONS = [
    valid("persons"),
    valid("persons", person_id="P2", citizenship=" ma "),  # cleaned: trimmed, upper case
    valid("persons", person_id="P3", reporting_country="GR", citizenship="SY"),  # GR is EL
    valid("persons", person_id="P4", citizenship="FR"),  # an EU citizen
    valid("persons", person_id="P5", citizenship="RE"),  # an EU territory
    valid("persons", person_id="P6", sex="X"),
    valid("persons", person_id="P7", birth_date="01/05/1990"),
    valid("persons", person_id="P8", birth_date="1850-01-01"),  # before the earliest birth date
    valid("persons", person_id="P9", birth_date=""),  # optional: loaded
    valid("persons", person_id="P10", reporting_country="XX"),
    valid("persons", person_id="P11", reporting_country=""),
    valid("persons", person_id="P12"),
    valid("persons", person_id="P12", sex="F"),  # the same id twice
    valid("persons", person_id="Q" * 65),  # too long an id
    valid("persons", person_id="", sex="F"),
    valid("persons", person_id="P13", citizenship="ZZ"),
]

DECISIONS = [
    valid("return_decisions"),
    valid("return_decisions", decision_id="D2", person_id="P2", country_of_return="gb"),  # GB is UK
    valid("return_decisions", decision_id="D3", person_id="GHOST"),  # no such person
    valid("return_decisions", decision_id="D4", person_id="P3", reporting_country="EL", decision_date="2024-02-30"),
    valid("return_decisions", decision_id="D5", person_id="P2", decision_date="2099-01-01"),  # after the delivery
    valid("return_decisions", decision_id="D6", person_id="P2", entry_ban="maybe"),
    valid("return_decisions", decision_id="D7", person_id="P2", decision_type="DUBLIN"),
    valid("return_decisions", decision_id="D8", person_id="P2", decision_type="NOPE"),
    valid("return_decisions", decision_id="D9", person_id="P2", country_of_return=""),
    valid("return_decisions", decision_id="D10", person_id="P1", reporting_country="DE"),  # P1 is French
    valid("return_decisions", decision_id="D10", person_id="P2"),
    valid("return_decisions", decision_id="D10", person_id="P2"),
]

DETENTIONS = [
    valid("detentions"),
    valid("detentions", detention_id="T2", end_date="2024-01-01"),  # ends before it starts
    valid("detentions", detention_id="T3", ground="BORED"),
    valid("detentions", detention_id="T4", start_date=""),
]

ALTERNATIVES = [
    valid("alternatives"),
    valid("alternatives", measure_id="M2", start_date="2024-05-10"),  # Q2 is not collected (coverage.csv)
    valid("alternatives", measure_id="M3", measure_type="reporting"),
]

RETURNS = [
    valid("returns"),
    valid("returns", return_id="R2", destination="RE"),  # an EU territory: France
    valid("returns", return_id="R3", return_type="VOLUNTARY", transport="UNICORN"),
    valid("returns", return_id="R4", decision_id="", departure_date=" 2024-03-02 "),
]

APPLICATIONS = [
    valid("readmission_applications"),
    valid("readmission_applications", application_id="A2", third_country="DE"),  # not a third country
    valid("readmission_applications", application_id="A3", nationality_reply="POSITIVE", nationality_reply_date=""),
]

OPERATIONS = [
    valid("return_operations"),
    valid("return_operations", operation_id="O2", returnees="-3"),
    valid("return_operations", operation_id="O3", returnees="1.5", mode="BUS"),
]

COVERAGE = "reporting_country,table,collected,period_from,period_to\nFR,alternatives,N,2024-Q2,2024-Q2\n"

# A malformed CSV record (an extra field) between two good ones in reintegration.csv.
REINTEGRATION = (
    "assistance_id,person_id,reporting_country,third_country,start_date,assistance_type\n"
    "I1,P1,FR,DZ,2024-02-25,CASH\n"
    "I2,P1,FR,DZ,2024-02-26,CASH,EXTRA\n"
    "I3,P2,FR,MA,2024-02-27,IN_KIND\n"
    "I4,P2,FR,MA,2024-13-01,CASH\n"
)


def write_dirty_delivery(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in (("persons", PERSONS), ("return_decisions", DECISIONS), ("detentions", DETENTIONS),
                        ("alternatives", ALTERNATIVES), ("returns", RETURNS),
                        ("readmission_applications", APPLICATIONS), ("return_operations", OPERATIONS)):
        write_csv(folder, table, rows)
    (folder / "reintegration.csv").write_text(REINTEGRATION)
    (folder / "coverage.csv").write_text(COVERAGE)
    return folder
