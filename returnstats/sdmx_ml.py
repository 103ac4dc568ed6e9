"""SDMX-ML 2.1 structure-specific data messages (`export --format sdmx-ml`).

One message per transmission file, series-organised (time at observation level, which every
SDMX client reads; flat messages are not read by all), against the DSD of its dataflow in
the structure message (`returnstats.structure`). The cells are exactly those of the
SDMX-CSV file: the same SELECT, the same text of every value. An observation with an empty
value (status L or M) carries OBS_STATUS and no OBS_VALUE.

The XML body is assembled in DuckDB (one string aggregation per file), not element by
element in Python. Codes are checked against the contract at ingestion, but every value is
XML-escaped all the same.
"""

from __future__ import annotations

from returnstats.export_flows import DATAFLOW_VERSION, Dataflow
from returnstats.structure import AGENCY_ID

MESSAGE_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
COMMON_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
SS_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def _escaped(column: str) -> str:
    """SQL: the text of a column, escaped for an XML attribute value."""
    expr = f'cast("{column}" as varchar)'
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        expr = f"replace({expr}, '{char}', '{entity}')"
    return expr


def _attribute(column: str) -> str:
    return f"' {column}=\"' || {_escaped(column)} || '\"'"


def body_sql(flow: Dataflow, filters: str) -> str:
    """SQL giving one text: the <Series> elements of the cells of `flow` that match `filters`
    (a condition on the SDMX-CSV columns), series and observations in key order."""
    series_dims = flow.series_dims
    obs = ("'<Obs' || " + _attribute("TIME_PERIOD") + " || coalesce(" + _attribute("OBS_VALUE")
           + ", '') || " + _attribute("OBS_STATUS") + " || '/>'")
    series_key = " || ".join(_attribute(d) for d in series_dims)
    keys = ", ".join(f'"{d}"' for d in series_dims)
    return f"""
with cells as (select * from ({flow.select()}) where {filters}),
series as (
    select {keys}, string_agg({obs}, '' order by "TIME_PERIOD") as observations
    from cells group by all
)
select coalesce(string_agg('<Series' || {series_key} || '>' || observations || '</Series>', chr(10)
                           order by {keys}), '')
from series"""


def structure_ref(flow: Dataflow) -> tuple[str, str]:
    """(structureID, namespace) of a structure-specific message of the flow's DSD."""
    dsd = f"DSD_{flow.code}"
    structure_id = f"{AGENCY_ID}_{dsd}_{DATAFLOW_VERSION.replace('.', '_')}"
    namespace = (f"urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure={AGENCY_ID}:{dsd}({DATAFLOW_VERSION})"
                 f":ObsLevelDim:TIME_PERIOD")
    return structure_id, namespace


def message(flow: Dataflow, message_id: str, sender: str, prepared: str, body: str) -> bytes:
    """The whole data message around the <Series> elements of `body`."""
    structure_id, namespace = structure_ref(flow)
    head = f"""<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData xmlns:message="{MESSAGE_NS}" xmlns:common="{COMMON_NS}" xmlns:ss="{SS_NS}" \
xmlns:ns1="{namespace}" xmlns:xsi="{XSI_NS}">
<message:Header>
<message:ID>{message_id}</message:ID>
<message:Test>false</message:Test>
<message:Prepared>{prepared}</message:Prepared>
<message:Sender id="{sender}"/>
<message:Structure structureID="{structure_id}" namespace="{namespace}" dimensionAtObservation="TIME_PERIOD">
<common:Structure><Ref agencyID="{AGENCY_ID}" id="DSD_{flow.code}" version="{DATAFLOW_VERSION}"/></common:Structure>
</message:Structure>
</message:Header>
<message:DataSet ss:structureRef="{structure_id}" xsi:type="ns1:DataSetType" ss:dataScope="DataStructure" \
action="Information">
"""
    tail = "\n</message:DataSet>\n</message:StructureSpecificData>\n"
    return (head + body + tail).encode("utf-8")
