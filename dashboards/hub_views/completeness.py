"""Who has sent what: received, on time, late, missing; revised files and what they changed."""

import pandas as pd
import streamlit as st

from returnstats.dashboard import data, labels
from returnstats.dashboard.downloads import file_stem, offer
from returnstats.dashboard.hub_views.common import country_names, pick_flow, stamp
from returnstats.dashboard.look import moments

st.title("Completeness, timeliness and revisions")
stamp()
flow = pick_flow("c_flow")
status = data.query("""select geo, time_period, timeliness, versions, deadline, first_received_at
    from eu.hub_completeness where dataflow = ? order by geo, time_period""", flow)
if status.empty:
    st.info("Nothing received for this flow.")
    st.stop()
counts = status.groupby("timeliness").size()
columns = st.columns(4)
for column, label in zip(columns, ["on time", "late", "missing", "not yet due"], strict=True):
    column.metric(label, int(counts.get(label, 0)))
matrix = status.pivot(index="geo", columns="time_period", values="timeliness").fillna("")
names = country_names()
matrix.index = [f"{names.get(g, g)} ({g})" for g in matrix.index]
st.subheader("By country and period (the legal deadline: two months after the period; Frontex: the 15th)")
st.caption("Judged on the hub's receipt time: a file of a past period received today is late (so is every file "
           "of the demo, generated for 2024–2025).")
st.dataframe(matrix, width="stretch")
offer(matrix.reset_index(names="reporting country"), file_stem(flow, {"what": "timeliness"}), "c_matrix")
st.subheader("Revisions")
countries = sorted(status.geo.unique())
picked = st.multiselect("Countries", countries, key="c_rev_geo", help="None selected: all countries.")
revisions = data.query("select geo, time_period, version, received_at, cell, change, old_value, new_value, "
                       "old_status, new_status from eu.hub_revisions where dataflow = ? order by received_at desc",
                       flow)
if picked:
    revisions = revisions[revisions.geo.isin(picked)]
if revisions.empty:
    st.info("No revised file for this selection.")
else:
    revisions.insert(1, "country", revisions.geo.map(names))
    for column in ("old_status", "new_status"):  # the OBS_STATUS code list's names
        revisions[column] = revisions[column].map(lambda s: labels.named("obs_status", s) if pd.notna(s) else s)
    st.dataframe(moments(revisions), hide_index=True, width="stretch")
    offer(revisions, file_stem(flow, {"what": "revisions", "geo": "-".join(picked)}), "c_revisions")
refused = data.query("select received_at, folder, file_name, reason from audit.refusals order by received_at desc")
st.subheader(f"Refused files ({len(refused)})")
if refused.empty:
    st.caption("No file was refused.")
else:
    st.dataframe(moments(refused), hide_index=True, width="stretch")
