"""The case-extract contract, version 2 (../shared/spec/case-extract-v2.md, written as
changes to case-extract-v1.md), as data. Every version-1 extract is a valid version-2 one.

Every other part of ingestion reads the tables, columns, types and cross-column rules
from here, so the contract is written down exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- code lists ---------------------------------------------------------------------

EU_MEMBER_STATES = (
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
).split()
EFTA_STATES = ["IS", "LI", "NO", "CH"]
REPORTING_COUNTRIES = EU_MEMBER_STATES + EFTA_STATES  # the 31 `geo` codes
EU_EFTA = set(REPORTING_COUNTRIES)

# ISO 3166-1 alpha-2, with Eurostat's EL (not GR) and UK (not GB), plus XK (Kosovo).
ISO_COUNTRIES = sorted(
    set(
        """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM
        BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY
        CZ DE DJ DK DM DO DZ EC EE EG EH EL ER ES ET FI FJ FK FM FO FR GA UK GD GE GF GG GH
        GI GL GM GN GP GQ GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE
        JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD
        ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO
        NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC
        SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN
        TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW""".split()
    )
)
# Aliases accepted on input and stored as the Eurostat code.
CODE_ALIASES = {"GR": "EL", "GB": "UK"}
# EU territory is not a third country (contract v2): outermost regions and other territories
# that are part of a Member State, with that Member State. As a return destination they are
# canonicalised to it; as a citizenship or a third country they are rejected.
MEMBER_STATE_TERRITORIES = {"GF": "FR", "GP": "FR", "MQ": "FR", "RE": "FR", "YT": "FR", "MF": "FR", "AX": "FI"}
SPECIAL_CITIZENSHIPS = ["STLS", "RNC", "UNK"]
CITIZEN_CODES = sorted(c for c in ISO_COUNTRIES if c not in EU_EFTA and c not in MEMBER_STATE_TERRITORIES) + \
    SPECIAL_CITIZENSHIPS
COUNTRY_CODES = ISO_COUNTRIES + ["UNK"]
# Where a return can go: any country, EU territories already folded into their Member State.
DESTINATION_CODES = [c for c in COUNTRY_CODES if c not in MEMBER_STATE_TERRITORIES]
# Readmission, reintegration and operations concern third countries: no EU/EFTA country, no EU territory.
THIRD_COUNTRY_CODES = [c for c in COUNTRY_CODES if c not in EU_EFTA and c not in MEMBER_STATE_TERRITORIES]

# Plausible dates (settings of `returnstats ingest`): an event dated before EARLIEST_EVENT_DATE,
# a birth before EARLIEST_BIRTH_DATE, or any date after the delivery date is quarantined, so
# one typing error cannot open a calendar of centuries.
EARLIEST_EVENT_DATE = "1990-01-01"
EARLIEST_BIRTH_DATE = "1900-01-01"

INPUT_CONTRACT_V1 = "case-extract-v1"
INPUT_CONTRACT_V2 = "case-extract-v2"

# --- column types -------------------------------------------------------------------
# kind: id | date | flag | geo | citizen | country | destination | third_country | enum | count
ID_MAX_LENGTH = 64


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    values: tuple[str, ...] = ()  # for kind == "enum"
    default: str | None = None  # contract v2: the value an absent column or an empty field stands for

    @property
    def allowed_codes(self) -> list[str] | None:
        """The closed code list of a coded column (after canonicalisation), if any."""
        return {
            "flag": ["Y", "N"],
            "geo": REPORTING_COUNTRIES,
            "citizen": CITIZEN_CODES,
            "country": COUNTRY_CODES,
            "destination": DESTINATION_CODES,
            "third_country": THIRD_COUNTRY_CODES,
            "enum": list(self.values),
        }.get(self.kind)


@dataclass(frozen=True)
class Rule:
    """A cross-column rule: `violated` is a SQL predicate over the canonicalised row
    (true when the row breaks the rule); `column` names the column reported."""

    name: str
    column: str
    violated: str
    reason: str


@dataclass(frozen=True)
class Table:
    name: str
    id_column: str | None  # persons uses person_id; every table has one
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    has_person_ref: bool = True

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _req(name: str, kind: str, *values: str) -> Column:
    return Column(name, kind, True, values)


def _opt(name: str, kind: str, *values: str) -> Column:
    return Column(name, kind, False, values)


def _defaulted(name: str, default: str, *values: str) -> Column:
    """A v2 enum column: optional, and absent or empty means `default` (version 1's meaning)."""
    return Column(name, "enum", False, values, default)


TRANSFER_KINDS = ("RETURN", "DUBLIN_TRANSFER", "INTRA_EU_TRANSFER")


def _not_before(later: str, earlier: str) -> Rule:
    return Rule(
        f"{later}_before_{earlier}",
        later,
        f"{later} < {earlier}",
        f"{later} is before {earlier}",
    )


def _required_when(column: str, condition: str, wording: str) -> Rule:
    return Rule(
        f"{column}_missing",
        column,
        f"({condition}) and {column} is null",
        f"{column} is required when {wording}",
    )


_PERSON = _req("person_id", "id")
_GEO = _req("reporting_country", "geo")

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "persons",
            "person_id",
            (
                _PERSON,
                _GEO,
                _req("sex", "enum", "F", "M", "UNK"),
                _opt("birth_date", "date"),
                _req("citizenship", "citizen"),
            ),
            has_person_ref=False,
        ),
        Table(
            "return_decisions",
            "decision_id",
            (
                _req("decision_id", "id"),
                _PERSON,
                _GEO,
                _req("decision_date", "date"),
                _opt("country_of_return", "country"),
                _opt("entry_ban", "flag"),
                _defaulted("decision_type", "RETURN", *TRANSFER_KINDS),
                _opt("unaccompanied_minor", "flag"),
            ),
        ),
        Table(
            "recognitions",
            "recognition_id",
            (
                _req("recognition_id", "id"),
                _PERSON,
                _GEO,
                _req("issuing_country", "geo"),
                _req("recognition_date", "date"),
                _req("outcome", "enum", "RECOGNISED", "REFUSED"),
            ),
            (
                Rule(
                    "issuing_equals_reporting",
                    "issuing_country",
                    "issuing_country = reporting_country",
                    "issuing_country must differ from reporting_country",
                ),
            ),
        ),
        Table(
            "detentions",
            "detention_id",
            (
                _req("detention_id", "id"),
                _PERSON,
                _GEO,
                _req("start_date", "date"),
                _opt("end_date", "date"),
                _req("ground", "enum", "ABSCONDING", "HAMPERING", "SECURITY", "IDENTITY", "ATD_BREACH"),
            ),
            (_not_before("end_date", "start_date"),),
        ),
        Table(
            "alternatives",
            "measure_id",
            (
                _req("measure_id", "id"),
                _PERSON,
                _GEO,
                _req("measure_type", "enum", "REPORTING", "DOCUMENTS", "RESIDENCE", "GUARANTEE", "ELECTRONIC"),
                _req("start_date", "date"),
                _opt("end_date", "date"),
                _defaulted("legal_basis", "ART31", "ART31", "ART23"),
            ),
            (_not_before("end_date", "start_date"),),
        ),
        Table(
            "returns",
            "return_id",
            (
                _req("return_id", "id"),
                _PERSON,
                _GEO,
                _opt("decision_id", "id"),
                _req("departure_date", "date"),
                _req("return_type", "enum", "FORCED", "VOLUNTARY"),
                _req("assisted", "flag"),
                _req("destination", "destination"),
                _opt("transport", "enum", "CHARTER", "SCHEDULED", "LAND", "SEA", "UNK"),
                _opt("frontex_support", "flag"),
                _defaulted("return_kind", "RETURN", *TRANSFER_KINDS),
                _opt("unaccompanied_minor", "flag"),
            ),
            (
                Rule(
                    "forced_not_assisted",
                    "assisted",
                    "return_type = 'FORCED' and assisted = 'N'",
                    "a FORCED return is always assisted (assisted must be Y)",
                ),
                Rule(
                    "destination_is_reporting_country",
                    "destination",
                    "destination = reporting_country",
                    "destination is the reporting country itself (no return took place)",
                ),
            ),
        ),
        Table(
            "readmission_applications",
            "application_id",
            (
                _req("application_id", "id"),
                _PERSON,
                _GEO,
                _req("third_country", "third_country"),
                _req("submission_date", "date"),
                _req("nationality_request", "flag"),
                _opt("nationality_reply", "enum", "POSITIVE", "NEGATIVE"),
                _opt("nationality_reply_date", "date"),
                _req("travel_document_request", "flag"),
                _opt("travel_document_request_date", "date"),
                _opt("travel_document_outcome", "enum", "ISSUED", "REFUSED"),
                _opt("travel_document_outcome_date", "date"),
                _opt("eutd_used", "flag"),
                _opt("eutd_accepted", "flag"),
                _opt("travel_document_type", "enum", "NATIONAL", "LAISSEZ_PASSER", "EUTD"),
            ),
            (
                Rule(
                    "third_country_unknown",
                    "third_country",
                    "third_country = 'UNK'",
                    "third_country must be a known country (UNK is not allowed here)",
                ),
                Rule(
                    "reply_without_request",
                    "nationality_reply",
                    "nationality_request = 'N' and nationality_reply is not null",
                    "nationality_reply must be empty when nationality_request = N",
                ),
                _required_when("nationality_reply_date", "nationality_reply is not null", "nationality_reply is set"),
                _not_before("nationality_reply_date", "submission_date"),
                _required_when(
                    "travel_document_request_date", "travel_document_request = 'Y'", "travel_document_request = Y"
                ),
                _not_before("travel_document_request_date", "submission_date"),
                Rule(
                    "outcome_without_request",
                    "travel_document_outcome",
                    "travel_document_request = 'N' and travel_document_outcome is not null",
                    "travel_document_outcome must be empty when travel_document_request = N",
                ),
                _required_when(
                    "travel_document_outcome_date",
                    "travel_document_outcome is not null",
                    "travel_document_outcome is set",
                ),
                _not_before("travel_document_outcome_date", "travel_document_request_date"),
                Rule(
                    "document_type_without_issue",
                    "travel_document_type",
                    "travel_document_type is not null and travel_document_outcome is distinct from 'ISSUED'",
                    "travel_document_type must be empty unless travel_document_outcome = ISSUED",
                ),
            ),
        ),
        Table(
            "reintegration",
            "assistance_id",
            (
                _req("assistance_id", "id"),
                _PERSON,
                _GEO,
                _req("third_country", "third_country"),
                _req("start_date", "date"),
                _opt("assistance_type", "enum", "CASH", "IN_KIND", "MIXED"),
            ),
        ),
        Table(
            "return_operations",
            "operation_id",
            (
                _req("operation_id", "id"),
                _GEO,
                _req("third_country", "third_country"),
                _req("request_date", "date"),
                _req("mode", "enum", "CHARTER", "SCHEDULED"),
                _opt("outcome", "enum", "ACCEPTED", "REFUSED"),
                _opt("returnees", "count"),
                _opt("joint", "flag"),
                _opt("frontex_support", "flag"),
            ),
            has_person_ref=False,
        ),
    ]
}

# persons first: every other table's person_id is checked against it.
LOAD_ORDER = list(TABLES)

# The date that places a row in a quarter, for the coverage rule of contract v2 (a row dated
# in a quarter declared collected = N is quarantined). persons have no such date.
EVENT_DATE_COLUMN = {
    "return_decisions": "decision_date", "recognitions": "recognition_date", "detentions": "start_date",
    "alternatives": "start_date", "returns": "departure_date", "readmission_applications": "submission_date",
    "reintegration": "start_date", "return_operations": "request_date",
}
# Columns that only exist from contract v2 on: a delivery using any of them is a v2 delivery.
V2_COLUMNS = {
    "return_decisions": ("decision_type", "unaccompanied_minor"),
    "returns": ("return_kind", "unaccompanied_minor"),
    "alternatives": ("legal_basis",),
    "readmission_applications": ("travel_document_type",),
    "return_operations": ("joint", "frontex_support"),
}
COVERAGE_FILE = "coverage.csv"
DECLARATION_FILE = "delivery.json"  # what a delivery replaces and when it was extracted (ingest/declaration.py)
