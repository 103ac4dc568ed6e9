"""Glossary: every indicator and code with its name, and the counting rules behind each flow,
read from docs/methodology.md (the one place they are written)."""

import re

import streamlit as st

from returnstats.dashboard import data, labels
from returnstats.resources import METHODOLOGY

# flow: (anchor, heading in docs/methodology.md that defines it)
FLOWS = {
    "ART48_Q": ("art48_q", "## Article 48(1)"),
    "EIL": ("eil", "## Enforcement of immigration legislation"),
    "FRONTEX_M": ("frontex_m", "## Article 48(3)"),
    "ART25A_A": ("art25a_a", "## Visa Code Art. 25a"),
}


def methodology_section(heading: str) -> str:
    """The text of one level-2 section of the methodology, without its heading."""
    text = METHODOLOGY.read_text()
    start = text.find(heading)
    if start < 0:
        return "_This section is missing from docs/methodology.md._"
    body = text[text.index("\n", start) + 1:]
    following = re.search(r"^## ", body, flags=re.MULTILINE)
    return body[:following.start()] if following else body


st.title("Glossary")
st.caption("Each indicator with its name and unit, and the counting rules of its flow as written in the "
           "methodology (docs/methodology.md). Other pages link here.")
indicators = data.query("select dataflow, indic, name, unit from ref.ref_indicators order by dataflow, position")
for flow, (anchor, heading) in FLOWS.items():
    st.header(heading.lstrip("# "), anchor=anchor)
    rows = indicators[indicators.dataflow == flow]
    if rows.empty:
        st.caption("These flows have no indicator dimension: each counts persons (EIL_ORD_Q ordered to leave, "
                   "EIL_RTN_Q returned by destination, EIL_RTT_Q returned by type of return).")
    else:
        st.dataframe(rows.drop(columns="dataflow").assign(unit=rows.unit.map(labels.names("unit"))),
                     hide_index=True, width="stretch")
    with st.expander("Counting rules", expanded=False):
        st.markdown(methodology_section(heading))

st.header("Codes", anchor="codes")
for dimension, title in [("age", "Age classes"), ("sex", "Sex"), ("return_type", "Types of return"),
                         ("c_dest", "Destinations"), ("obs_status", "Observation status")]:
    st.subheader(title)
    st.dataframe([{"code": c, "name": n} for c, n in labels.names(dimension).items()], hide_index=True)
