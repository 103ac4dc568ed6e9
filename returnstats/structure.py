"""The SDMX 2.1 structure of the transmission files, written with `sdmx1`.

One structure message holds the agency, a code list per dimension (with English names), the
observation-status code list, a concept scheme, and a data structure definition (DSD) plus a
dataflow for every dataflow of the registry (`export_flows.ALL_FLOWS`). Every DSD has the
dimensions FREQ, GEO, the flow's own dimensions, UNIT and TIME_PERIOD (the columns of the
SDMX-CSV files, in the same order), the primary measure OBS_VALUE and the attribute
OBS_STATUS at observation level.

The codes and names are read from the seeds, the same files dbt loads into the warehouse
and that the contract is checked against: reporting countries (`ref_reporting_countries`),
citizenships and third countries (`ref_countries`), age classes, sex, destination classes,
return types, indicators (`ref_indicators`) and the aggregate and technical codes
(`ref_codes`: totals, FREQ, UNIT, OBS_STATUS). No code list is written out a second time here.
"""

from __future__ import annotations

import csv
import functools
import warnings
from dataclasses import dataclass
from pathlib import Path

from returnstats.export_flows import ALL_FLOWS, DATAFLOW_VERSION, Dataflow
from returnstats.resources import SEEDS_DIR

AGENCY_ID = "RETURNSTATS"
AGENCY_NAME = "returnstats (statistics of the proposed Return Regulation, COM(2025) 101)"
SEEDS = SEEDS_DIR
STRUCTURE_FILE = "RETURNSTATS_STRUCTURE.xml"

# Each concept: its English name and the code list that enumerates it (None: not coded).
CONCEPTS = {
    "FREQ": ("Frequency", "CL_FREQ"),
    "GEO": ("Reporting country", "CL_GEO"),
    "INDIC": ("Indicator", None),  # one code list per flow that has INDIC: CL_INDIC_<flow>
    "CITIZEN": ("Country of citizenship", "CL_CITIZEN"),
    "THIRD_COUNTRY": ("Third country", "CL_THIRD_COUNTRY"),
    "SEX": ("Sex", "CL_SEX"),
    "AGE": ("Age class", "CL_AGE"),
    "C_DEST": ("Destination of the return", "CL_C_DEST"),
    "RETURN_TYPE": ("Type of return", "CL_RETURN_TYPE"),
    "UNIT": ("Unit of measure", "CL_UNIT"),
    "TIME_PERIOD": ("Time period", None),
    "OBS_VALUE": ("Observation value", None),
    "OBS_STATUS": ("Observation status", "CL_OBS_STATUS"),
}


@dataclass(frozen=True)
class CodeList:
    id: str
    name: str
    codes: tuple[tuple[str, str], ...]  # (code, English name), in display order

    @property
    def ids(self) -> set[str]:
        return {code for code, _ in self.codes}


class StructureError(Exception):
    pass


def _seed(name: str) -> list[dict[str, str]]:
    # The csv module keeps every cell as text: Namibia's code NA stays "NA".
    with open(SEEDS / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _extra(codelist: str) -> list[tuple[str, str]]:
    return [(r["code"], r["name"]) for r in _seed("ref_codes") if r["codelist"] == codelist]


@functools.cache
def margins(concept: str) -> dict[str, set[str]]:
    """The aggregate codes of a dimension and the codes each adds up (seed ref_codes, column
    sums): {"TOTAL": {every code that is not an aggregate}, "Y_LT18": {"Y_LT14", "Y14-17"}}.
    INDIC has none: its populations overlap, so its codes never add up."""
    if CONCEPTS[concept][1] is None:
        return {}
    codelist = code_lists()[CONCEPTS[concept][1]]
    rules = {r["code"]: r["sums"] for r in _seed("ref_codes") if r["codelist"] == concept and r["sums"]}
    base = codelist.ids - set(rules)
    return {code: base if rule == "*" else set(rule.split()) for code, rule in rules.items()}


def total_code(concept: str) -> str | None:
    """The code of a dimension's grand total (the aggregate of every other code: `TOTAL`, `T`
    for sex), None for a dimension without one (INDIC)."""
    return next((r["code"] for r in _seed("ref_codes") if r["codelist"] == concept and r["sums"] == "*"), None)


@functools.cache
def indicator_units(dataflow: str) -> dict[str, str]:
    """The unit of each indicator of a dataflow (seeds/ref_indicators.csv)."""
    return {r["indic"]: r["unit"] for r in _seed("ref_indicators") if r["dataflow"] == dataflow}


def indicator_codelist_id(flow: Dataflow) -> str:
    return f"CL_INDIC_{flow.code}"


@functools.cache
def code_lists() -> dict[str, CodeList]:
    """Every code list of the structure, keyed by its id (read from the seeds once per process)."""
    countries = _seed("ref_countries")
    lists = [
        CodeList("CL_FREQ", "Frequency", tuple(_extra("FREQ"))),
        CodeList("CL_GEO", "Reporting countries", tuple(
            [(r["geo"], r["name"]) for r in _seed("ref_reporting_countries")] + _extra("GEO"))),
        CodeList("CL_CITIZEN", "Countries of citizenship (third countries, stateless, unknown)", tuple(
            [(r["code"], r["name"]) for r in countries if r["is_citizenship_code"] == "true"] + _extra("CITIZEN"))),
        CodeList("CL_THIRD_COUNTRY", "Third countries", tuple(
            [(r["code"], r["name"]) for r in countries if r["membership"] == "THIRD"] + _extra("THIRD_COUNTRY"))),
        CodeList("CL_SEX", "Sex", tuple([(r["sex"], r["label"]) for r in _seed("ref_sex")] + _extra("SEX"))),
        CodeList("CL_AGE", "Age classes", tuple(
            [(r["age_class"], r["label"]) for r in _seed("ref_age_classes")] + _extra("AGE"))),
        CodeList("CL_C_DEST", "Destination of the return", tuple(
            [(r["c_dest"], r["label"]) for r in _seed("ref_destination_classes")] + _extra("C_DEST"))),
        CodeList("CL_RETURN_TYPE", "Type of return", tuple(
            [(r["return_type_code"], r["label"]) for r in _seed("ref_return_types")] + _extra("RETURN_TYPE"))),
        CodeList("CL_UNIT", "Unit of measure", tuple(_extra("UNIT"))),
        CodeList("CL_OBS_STATUS", "Observation status (SDMX cross-domain codes)", tuple(_extra("OBS_STATUS"))),
    ]
    indicators = _seed("ref_indicators")
    for flow in ALL_FLOWS.values():
        if "indic" in flow.dims:
            rows = sorted((r for r in indicators if r["dataflow"] == flow.code), key=lambda r: int(r["position"]))
            if not rows:
                raise StructureError(f"seeds/ref_indicators.csv lists no indicator of {flow.code}")
            lists.append(CodeList(indicator_codelist_id(flow), f"Indicators of {flow.code}",
                                  tuple((r["indic"], r["name"]) for r in rows)))
    return {cl.id: cl for cl in lists}


def dimension_codelist(flow: Dataflow, dimension: str) -> str:
    """The id of the code list that enumerates a dimension (upper-case id) of a flow."""
    if dimension == "INDIC":
        return indicator_codelist_id(flow)
    return CONCEPTS[dimension][1]


def structure_message(settings: dict, prepared=None):
    """The sdmx1 StructureMessage of every dataflow. `settings` (the counting settings in force,
    as recorded by the build) become annotations of every dataflow."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _structure_message(settings, prepared)


def _structure_message(settings: dict, prepared):
    from sdmx import message
    from sdmx.model import common
    from sdmx.model import v21 as m

    agency = common.Agency(id=AGENCY_ID, name={"en": AGENCY_NAME})
    maintained = dict(maintainer=agency, version=DATAFLOW_VERSION, is_final=True, is_external_reference=False)

    codelists = {}
    for cl in code_lists().values():
        sdmx_cl = m.Codelist(id=cl.id, name={"en": cl.name}, **maintained)
        for code, name in cl.codes:
            sdmx_cl.append(m.Code(id=code, name={"en": name}))
        codelists[cl.id] = sdmx_cl

    scheme = m.ConceptScheme(id="CS_RETURNSTATS", name={"en": "Concepts of the returnstats dataflows"}, **maintained)
    for concept_id, (name, _) in CONCEPTS.items():
        scheme.append(common.Concept(id=concept_id, name={"en": name}))

    header = message.Header(id="RETURNSTATS_STRUCTURE", sender=agency, test=False, prepared=prepared)
    msg = message.StructureMessage(header=header)
    for sdmx_cl in codelists.values():
        msg.add(sdmx_cl)
    msg.add(scheme)
    annotations = [m.Annotation(id=f"SETTING_{name}", title=name, type="RETURNSTATS_COUNTING_SETTING",
                                text={"en": "" if value is None else str(value)})
                   for name, value in sorted(settings.items())]
    for flow in ALL_FLOWS.values():
        dsd = m.DataStructureDefinition(id=f"DSD_{flow.code}", name={"en": flow.name}, **maintained)
        for order, dim in enumerate(flow.series_dims, start=1):
            enumerated = common.Representation(enumerated=codelists[dimension_codelist(flow, dim)])
            dsd.dimensions.append(m.Dimension(id=dim, concept_identity=scheme[dim], local_representation=enumerated,
                                              order=order))
        dsd.dimensions.append(m.TimeDimension(id="TIME_PERIOD", concept_identity=scheme["TIME_PERIOD"],
                                              order=len(flow.series_dims) + 1))
        dsd.measures.append(m.PrimaryMeasure(id="OBS_VALUE", concept_identity=scheme["OBS_VALUE"]))
        dsd.attributes.append(m.DataAttribute(
            id="OBS_STATUS", concept_identity=scheme["OBS_STATUS"],
            local_representation=common.Representation(enumerated=codelists["CL_OBS_STATUS"]),
            related_to=m.PrimaryMeasureRelationship(), usage_status=m.UsageStatus.mandatory))
        msg.add(dsd)
        msg.add(m.DataflowDefinition(id=flow.code, name={"en": flow.name}, structure=dsd,
                                     annotations=list(annotations), **maintained))
    return msg


def structure_bytes(settings: dict, prepared=None) -> bytes:
    import sdmx

    return sdmx.to_xml(structure_message(settings, prepared), pretty_print=True, xml_declaration=True,
                       encoding="UTF-8")


def write_structure(out: Path, settings: dict, prepared=None) -> Path:
    from returnstats.files import write_atomically

    if out.is_dir():
        out = out / STRUCTURE_FILE
    write_atomically(out, structure_bytes(settings, prepared))
    return out
