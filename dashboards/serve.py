"""`streamlit run`, with the dashboards' libraries imported before the server starts.

Streamlit runs a page's script inside its server process, and the first visitor after a start
otherwise waits while that script imports pandas, Plotly and DuckDB (about half a second on a
two-core machine). Imported here, before the server listens, they are already loaded when the
first page runs. (Not the dashboards' own modules: their caches must be made once Streamlit's
runtime exists.) `returnstats dashboard` starts the server this way.
"""

import sys

import duckdb  # noqa: F401  (imported for the first visitor: see above)
import pandas  # noqa: F401
import plotly.express  # noqa: F401
import plotly.graph_objects  # noqa: F401
from streamlit.web import cli

if __name__ == "__main__":
    sys.exit(cli.main())
