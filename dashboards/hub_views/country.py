"""One country's transmissions: its files as received (current versions)."""

import streamlit as st

from returnstats.dashboard import data, url_state
from returnstats.dashboard.downloads import offer
from returnstats.dashboard.hub_views.common import country_names, pick_flow, stamp
from returnstats.dashboard.look import moment
from returnstats.export_flows import ALL_FLOWS

st.title("One country's transmissions")
stamp()
names = country_names()
countries = data.query("select distinct geo from eu.stg_received__cells order by 1").geo.tolist()
if not countries:
    st.info("Nothing received yet.")
    st.stop()
url_state.restore("geo", "cty_geo", countries)
geo = st.selectbox("Reporting country", countries, key="cty_geo", format_func=lambda g: f"{names.get(g, g)} ({g})")
url_state.publish("geo", geo, countries[0])
flow = pick_flow("cty_flow")
available = data.query("select distinct time_period from eu.stg_received__cells where geo = ? and dataflow = ? "
                       "order by 1", geo, flow).time_period.tolist()
if not available:
    st.info(f"{names.get(geo, geo)} has sent no {flow} file.")
    st.stop()
url_state.restore("time_period", "cty_period", available)
period = st.selectbox("Period", available[::-1], key="cty_period")
url_state.publish("time_period", period, available[-1])
dims = list(ALL_FLOWS[flow].dims)
cells = data.query(f"""select {', '.join(dims)}, unit, obs_value_text as obs_value, obs_status, version, received_at
    from eu.stg_received__cells where geo = ? and dataflow = ? and time_period = ?
    order by {', '.join(dims)}""", geo, flow, period)
st.caption(f"Version {int(cells.version.iloc[0])}, received {moment(cells.received_at.iloc[0])}; "
           f"{len(cells):,} cells, as sent.")
st.dataframe(cells.drop(columns=["version", "received_at"]), hide_index=True, width="stretch")
offer(cells.drop(columns=["version", "received_at"]), f"{flow}_{geo}_{period}", "cty", "the file as received")
