"""Rota's web app: `streamlit run app.py`.

Two parts share this file:
- the server: `app = st.App(...)` adds the secret iCal feed routes (scheduler.feeds) to the
  Starlette server that Streamlit runs, so `/feeds/<token>.ics` is served on the app's port;
- the page: what Streamlit renders for each browser session (below `if _in_streamlit_session`).

`streamlit run` imports this module once to find `app`, then runs it as the page script per
session; the routes therefore come from the import and are not rebuilt on reruns.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from scheduler.feeds import feed_routes

# ---------------------------------------------------------------- server: extra routes
app = st.App("app.py", routes=feed_routes())

# ---------------------------------------------------------------- page
_in_streamlit_session = get_script_run_ctx(suppress_warning=True) is not None

if _in_streamlit_session:
    st.title("Rota")
    st.write("On-call rotation scheduler and paging-load analyzer.")
    st.caption("Calendar feeds are served at `/feeds/<token>.ics`; "
               "`rota feeds list TEAM` prints each person's path.")
