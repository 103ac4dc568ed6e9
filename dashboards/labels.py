"""Names of codes, read from the reference tables published with the marts.

Those tables are the seeds (`seeds/ref_*.csv`), the same code lists the SDMX structure is
written from (`returnstats structure`): a code has one name everywhere
(tests/dashboard/test_labels.py checks the two agree). Works on the national and the hub
serving files alike.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType

from returnstats.dashboard import data

# SDMX dimension (lower case, as in the URL) → its codes and names, aggregates included.
_CODELISTS = {
    "geo": "select geo as code, name from ref.ref_reporting_countries",
    "citizen": "select code, name from ref.ref_countries where is_citizenship_code",
    "third_country": "select code, name from ref.ref_countries where membership = 'THIRD'",
    "sex": "select sex as code, label as name from ref.ref_sex",
    "age": "select age_class as code, label as name from ref.ref_age_classes",
    "c_dest": "select c_dest as code, label as name from ref.ref_destination_classes",
    "return_type": "select return_type_code as code, label as name from ref.ref_return_types",
    "unit": "select code, name from ref.ref_codes where codelist = 'UNIT'",
    "obs_status": "select code, name from ref.ref_codes where codelist = 'OBS_STATUS'",
}


def names(dimension: str) -> MappingProxyType:
    """Code → name for a dimension, with its aggregates (TOTAL, EU27_2020, Y_LT18, …)."""
    path = data.serving_file()
    return _names(str(path), data.version(path), dimension)


# Kept per published file (its path and version): a page asks for a name hundreds of times (a
# select box formats every option), and a dictionary built once is what makes that cheap.
@lru_cache(maxsize=64)
def _names(path: str, stamp: tuple, dimension: str) -> MappingProxyType:
    rows = data.query(f"""{_CODELISTS[dimension]}
        union all select code, name from ref.ref_codes where codelist = upper(?)""", dimension)
    return MappingProxyType(dict(zip(rows.code.tolist(), rows.name.tolist(), strict=True)))


def indicator_names(flow: str) -> dict[str, str]:
    rows = data.query("select indic, name from ref.ref_indicators where dataflow = ? order by position", flow)
    return dict(zip(rows.indic, rows.name, strict=True))


def named(dimension: str, code: str) -> str:
    """'Name (CODE)' — what a person reads, with the code a statistician searches for."""
    name = names(dimension).get(code)
    return f"{name} ({code})" if name and name != code else str(code)


def formatter(dimension: str):
    """A format_func for select widgets: codes shown with their names."""
    known = names(dimension)
    return lambda code: f"{known[code]} ({code})" if code in known else str(code)
