"""Data quality & transmissions: validation results, quarantined rows, calendar, exports, revisions."""

import pandas as pd
import streamlit as st

from returnstats.dashboard import data, labels, url_state
from returnstats.dashboard.downloads import file_stem, offer
from returnstats.dashboard.look import empty_state, moment, moments
from returnstats.dashboard.transmission_calendar import transmission_status
from returnstats.revisions import revisions

# status colours from the colour-blind-safe palette, lightened; the cell's word says the status too
COLOURS = {"exported": "#9ecae1", "exported, not validated": "#fee8c8", "validated": "#c7e9c0",
           "loaded": "#f0f0f0", "overdue": "#f4a582", "not loaded": "#ffffff"}
WARNING, BLOCKING = "background-color: #fee8c8", "background-color: #f4a582; font-weight: bold"

f = st.session_state["filters"]
st.title("Data quality & transmissions")
st.caption(f"Reporting countries: {'all' if f.all_countries else ', '.join(map(labels.formatter('geo'), f.countries))}"
           " (sidebar filter).")
quarters = data.quarters()
# one quarter for the page (its validation and the revisions of its last export), kept in the link
url_state.restore("time_period", "qa_quarter", quarters)
quarter = st.selectbox("Quarter", quarters[::-1], key="qa_quarter",
                       help="The quarter whose validation results and revisions are shown.")
url_state.publish("time_period", quarter, quarters[-1])

st.subheader(f"Validation results of {quarter}")
reports = data.qa_reports()
report = reports.get(quarter)
if report is None:
    st.info(f"{quarter} has not been validated yet: run `returnstats validate --quarter {quarter}`.")
else:
    st.write(f"Validated {moment(report['finished_at'])}: **{report['blocking_failed']} blocking failure(s)**, "
             f"{report['warnings']} warning(s).")
    results = pd.DataFrame(report["results"])
    results["status"] = results.apply(lambda r: "ok" if r.success else r.severity.upper(), axis=1)

    def _selected(rows: list[dict]) -> list[dict]:
        """Offending rows of the countries selected (rows without a country are kept)."""
        return [r for r in rows if (r.get("reporting_country") or r.get("geo") or "") in ("", *f.countries)]

    results["offending"] = results.offending.map(lambda rows: "; ".join(
        ", ".join(f"{k}={v}" for k, v in row.items()) for row in _selected(rows)[:5]))
    results = results.sort_values(["success", "severity"], ascending=[True, True])
    shown = results[["status", "suite", "column", "description", "offending"]]
    st.dataframe(shown.style.apply(lambda row: [BLOCKING if row.status == "BLOCKING" else WARNING
                                                if row.status == "WARNING" else ""] * len(row), axis=1),
                 hide_index=True, width="stretch", column_config={"status": st.column_config.TextColumn(width=90)})
    offer(shown, file_stem("VALIDATION", {"period": quarter}), "qa_results")

st.subheader("Quarantined rows")
quarantine = data.query("select * from audit.quarantine order by delivery_id desc, table_name, line")
if quarantine.empty:
    st.success("No row has been quarantined: every row of every delivery was loaded.")
else:
    rows_quarantined = quarantine[["delivery_id", "table_name", "line"]].drop_duplicates().shape[0]
    st.write(f"{len(quarantine):,} problems in {rows_quarantined:,} "
             "rows were quarantined (not loaded). Send them back to the data owner; a corrected redelivery loads "
             "them. The file says which line of which file, the column, the value and the reason.")
    reasons = quarantine.groupby(["table_name", "column_name", "reason"]).size().rename("rows").reset_index()
    st.dataframe(reasons, hide_index=True, width="stretch")
    st.dataframe(quarantine, hide_index=True, width="stretch", column_config={
        "record_id": st.column_config.TextColumn("record id"), "line": st.column_config.NumberColumn(format="%d")})
    offer(quarantine.astype({"record_id": str, "offending_value": str}), file_stem("QUARANTINE", {}), "qa_quarantine",
          "the quarantined rows")

st.subheader("Transmission calendar")
st.caption("Deadline: two months after the end of each quarter.")
status = transmission_status()
if not f.all_countries:  # all: every reporting country, those without data too (they may be overdue)
    status = status[status.index.isin(f.countries)]
status.index = [labels.named("geo", g) for g in status.index]
status.index.name = "reporting country"
st.dataframe(status.style.map(lambda s: f"background-color: {COLOURS.get(s, '#fff')}"), width="stretch")
offer(status.reset_index(), file_stem("CALENDAR", {"geo": "ALL" if f.all_countries else "-".join(f.countries)}),
      "qa_calendar")

st.subheader("Exports")
exports, sent = data.transmissions()
if exports.empty:
    st.info("Nothing exported yet: `returnstats export --quarter YYYY-Qn`.")
else:
    # an export of a quarter whose last validation found no blocking failure (`forced`: exported despite one)
    clean = {q for q, r in reports.items() if r.get("blocking_failed") == 0}
    exports = exports.assign(validated=["yes" if p in clean and not forced else "no"
                                        for p, forced in zip(exports.period, exports.forced, strict=True)])
    exports = exports.sort_values("export_id", ascending=False)
    st.dataframe(moments(exports), hide_index=True, width="stretch")
    offer(exports, file_stem("EXPORTS", {}), "qa_exports")

st.subheader("Load audit")
deliveries = data.query("select * from audit.deliveries order by delivery_id desc")
st.dataframe(moments(deliveries), hide_index=True, width="stretch")
offer(deliveries, file_stem("LOAD_AUDIT", {}), "qa_deliveries")

st.subheader(f"Revisions of {quarter} since its previous transmission")
rows = revisions(data.warehouse_path(), quarter)
if rows is None:
    st.info(f"No earlier transmission of {quarter} to compare with.")
else:
    revised = pd.DataFrame(rows, columns=["dataflow", "geo", "time_period", "cell", "change", "old", "new"])
    revised = revised[revised.geo.isin(f.countries)]
    if revised.empty:
        empty_state(f"No cell revised in the last export of {quarter} for the countries selected.")
    else:
        st.write(f"{len(revised):,} cells revised in the last export of {quarter}.")
        revised.insert(2, "country", revised.geo.map(labels.names("geo")))
        st.dataframe(revised, hide_index=True, width="stretch")
        offer(revised, file_stem("REVISIONS", {"period": quarter}), "qa_revisions")
