"""Data quality & transmissions: validation results, load audit, calendar, revisions."""

import pandas as pd
import streamlit as st

from dashboards import data
from dashboards.calendar import transmission_status
from returnstats.revisions import revisions

COLOURS = {"exported": "#c7e9c0", "validated": "#deebf7", "loaded": "#f0f0f0", "overdue": "#fcbba1",
           "not loaded": "#ffffff"}

st.title("Data quality & transmissions")
quarters = data.quarters()

st.subheader("Validation results")
reports = data.qa_reports()
quarter = st.selectbox("Quarter", quarters[::-1], key="qa_quarter")
report = reports.get(quarter)
if report is None:
    st.info(f"{quarter} has not been validated yet: run `returnstats validate --quarter {quarter}`.")
else:
    st.write(f"Validated {report['finished_at']}: **{report['blocking_failed']} blocking failure(s)**, "
             f"{report['warnings']} warning(s).")
    results = pd.DataFrame(report["results"])
    results["status"] = results.apply(lambda r: "ok" if r.success else r.severity.upper(), axis=1)
    results["offending"] = results.offending.map(lambda rows: "; ".join(
        ", ".join(f"{k}={v}" for k, v in row.items()) for row in rows[:5]))
    results = results.sort_values(["success", "severity"], ascending=[True, True])
    st.dataframe(results[["status", "suite", "column", "description", "offending"]], hide_index=True,
                 width="stretch")

st.subheader("Transmission calendar")
st.caption("Deadline: two months after the end of each quarter.")
status = transmission_status()
st.dataframe(status.style.map(lambda s: f"background-color: {COLOURS.get(s, '#fff')}"), width="stretch")

st.subheader("Load audit")
deliveries = data.query("select * from audit.deliveries order by delivery_id desc")
st.dataframe(deliveries, hide_index=True, width="stretch")
reasons = data.query("select delivery_id, table_name, column_name, reason, rows from audit.quarantine_reasons "
                     "order by delivery_id desc, rows desc")
if not reasons.empty:
    st.write("Quarantined rows by reason")
    st.dataframe(reasons, hide_index=True, width="stretch")

st.subheader("Revisions since the previous transmission")
revised_quarter = st.selectbox("Quarter exported", quarters[::-1], key="rev_quarter")
rows = revisions(data.warehouse_path(), revised_quarter)
if rows is None:
    st.info(f"No earlier transmission of {revised_quarter} to compare with.")
else:
    st.write(f"{len(rows)} cells revised in the last export of {revised_quarter}.")
    st.dataframe(pd.DataFrame(rows, columns=["dataflow", "geo", "time_period", "cell", "change", "old", "new"]),
                 hide_index=True, width="stretch")
