"""Calibration of the demo extract, from Eurostat's published figures and COM(2021) 56.

Shares are approximate and only need to look like the real system: which countries
issue most return decisions, which citizenships lead, how return rates and readmission
cooperation differ. `../shared/reference/eurostat_published_figures.csv` gives the EU
totals per quarter that the generator scales to.
"""

from __future__ import annotations

# EU-wide persons ordered to leave per quarter (first releases, EU27_2020). The
# generator falls back to the mean for quarters not listed.
EU_ORDERED_PER_QUARTER = {
    "2022-Q4": 123865, "2023-Q1": 111275, "2023-Q2": 105865, "2023-Q3": 107135, "2023-Q4": 105585,
    "2024-Q1": 103515, "2024-Q2": 112450, "2024-Q3": 112335, "2024-Q4": 124935, "2025-Q1": 123905,
    "2025-Q2": 116495, "2025-Q3": 115440, "2025-Q4": 117545, "2026-Q1": 108475,
}
EFTA_UPLIFT = 1.04  # IS, LI, NO, CH on top of the EU27 total

# Share of persons ordered to leave, and relative propensity to return them.
REPORTING_SHARE = {
    "FR": 0.275, "ES": 0.125, "DE": 0.115, "EL": 0.08, "IT": 0.05, "BE": 0.045, "NL": 0.03,
    "AT": 0.03, "PL": 0.028, "SE": 0.025, "CY": 0.02, "HR": 0.018, "PT": 0.015, "BG": 0.015,
    "RO": 0.014, "HU": 0.012, "CZ": 0.01, "IE": 0.008, "FI": 0.008, "SI": 0.006, "DK": 0.005,
    "SK": 0.004, "LT": 0.004, "LV": 0.003, "EE": 0.002, "LU": 0.002, "MT": 0.002,
    "CH": 0.025, "NO": 0.008, "IS": 0.001, "LI": 0.0003,
}
RETURN_PROPENSITY = {"FR": 0.45, "DE": 1.7, "SE": 3.0, "CY": 4.0, "NL": 1.3, "AT": 1.3, "CH": 1.4, "NO": 2.0,
                     "EL": 0.9, "ES": 0.6, "IT": 0.5}

# Share of persons ordered to leave by citizenship; the rest spread over other Annex I countries.
CITIZEN_SHARE = {
    "DZ": 0.10, "MA": 0.065, "SY": 0.055, "AF": 0.05, "TR": 0.055, "TN": 0.035, "GE": 0.03, "AL": 0.03,
    "PK": 0.03, "BD": 0.025, "IN": 0.025, "EG": 0.02, "NG": 0.02, "UA": 0.02, "IQ": 0.02, "CO": 0.015,
    "GN": 0.015, "CI": 0.015, "ML": 0.015, "SN": 0.015, "MD": 0.012, "RS": 0.01, "RU": 0.012, "CN": 0.01,
    "VN": 0.01, "BR": 0.01, "PE": 0.008, "LY": 0.01, "SO": 0.01, "ER": 0.008, "ET": 0.008, "GM": 0.008,
    "IR": 0.012, "XK": 0.006, "MK": 0.006, "BA": 0.005, "VE": 0.01, "UNK": 0.006, "STLS": 0.003, "RNC": 0.001,
}
OTHER_CITIZENSHIPS = (
    "AO AM AZ BH BJ BF BI KH CM CV CF TD KM CG CU CD DJ DO EC GQ SZ FJ GA GH GW GY HT ID JM JO KZ KE KW KG "
    "LA LB LR MG MW MV MR MN MZ NA NP NE KP OM PH QA RW SA SL ZA SS LK SD SR TJ TZ TH TG TM UG UZ YE ZM ZW"
).split()
CITIZEN_RETURN_PROPENSITY = {
    "GE": 2.6, "AL": 2.6, "MD": 2.2, "RS": 2.0, "MK": 2.0, "BA": 2.0, "XK": 2.0, "UA": 1.6, "TR": 1.6,
    "DZ": 0.35, "MA": 0.5, "TN": 0.7, "SY": 0.15, "AF": 0.15, "ER": 0.2, "SO": 0.25, "IR": 0.4,
}

# Readmission cooperation tier of a third country (not an assessment: demo behaviour only).
GOOD_COOPERATION = set("GE AL MD RS MK BA XK UA TR ME CO BR PE VE CN IN VN".split())
POOR_COOPERATION = set("DZ AF SY GN ML CI GM ER SO IR ET LY SN NG".split())
# per tier: (reply probability, median reply days, positive share, TD issued share,
#            median TD days, EUTD accepted share, operation accepted share)
COOPERATION = {
    "good": (0.95, 14, 0.90, 0.95, 8, 0.85, 0.97),
    "average": (0.80, 40, 0.70, 0.75, 25, 0.50, 0.85),
    "poor": (0.45, 110, 0.45, 0.40, 70, 0.15, 0.50),
}

AGE_CLASS_SHARE = [(0, 14, 0.09), (14, 18, 0.05), (18, 35, 0.58), (35, 65, 0.27), (65, 80, 0.01)]
SEX_SHARE = {"M": 0.78, "F": 0.20, "UNK": 0.02}
UNKNOWN_BIRTH_DATE_SHARE = 0.03
OVERALL_RETURN_SHARE = 0.27  # persons returned per person ordered to leave, EU-wide

# --- contract v2 (shares are assumptions: the reference figures hold none of these) ----------
# Decisions that are transfers, not orders to leave (a few percent in the demo).
TRANSFER_SHARE = {"DUBLIN_TRANSFER": 0.035, "INTRA_EU_TRANSFER": 0.01}
# Of the persons under 18, the share who are unaccompanied; the flag is unknown for a few.
UNACCOMPANIED_SHARE_OF_MINORS = 0.2
UNACCOMPANIED_UNKNOWN_SHARE = 0.03
# Availability measures (Art. 23) are imposed far more widely than alternatives to detention.
AVAILABILITY_MEASURE_SHARE = 0.25
# Travel documents issued: the type of the document (EUTD = issued by the Member State).
TRAVEL_DOCUMENT_TYPE_SHARE = {"NATIONAL": 0.55, "LAISSEZ_PASSER": 0.33, "EUTD": 0.12}
# One country declares in coverage.csv that it did not collect alternatives for the first
# two quarters of the demo window (the others declare nothing: v1's meaning).
COVERAGE_GAP = {"country": "HU", "table": "alternatives", "quarters": 2}
