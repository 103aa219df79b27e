"""Rota's web app: `streamlit run app.py`.

Two parts share this file:
- the server: `app = st.App(...)` adds the secret iCal feed routes (service.feeds) to the
  Starlette server that Streamlit runs, so `/feeds/<token>.ics` is served on the app's port;
- the page: st.navigation over the pages in ui/ (below `if _in_streamlit_session`). This file
  only routes; each page lives in its own module.

`streamlit run` imports this module once to find `app`, then runs it as the page script per
session; the routes therefore come from the import and are not rebuilt on reruns.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from service.feeds import feed_routes
from ui import (  # imported with the server, so no page pays for it
    load,
    oncall,
    risk,
    schedule,
    team,
)

# ---------------------------------------------------------------- server: extra routes
app = st.App("app.py", routes=feed_routes())

# ---------------------------------------------------------------- page
_in_streamlit_session = get_script_run_ctx(suppress_warning=True) is not None

if _in_streamlit_session:
    st.set_page_config(page_title="Rota", page_icon=":material/notifications_active:",
                       layout="wide")
    navigation = st.navigation([
        st.Page(schedule.render, title="Schedule", icon=":material/calendar_month:",
                url_path="schedule", default=True),
        st.Page(oncall.render, title="On call", icon=":material/event_available:",
                url_path="oncall"),
        st.Page(team.render, title="Team", icon=":material/group:", url_path="team"),
        st.Page(load.render, title="Load", icon=":material/monitoring:", url_path="load"),
        st.Page(risk.render, title="Burnout risk", icon=":material/local_fire_department:",
                url_path="risk"),
    ])
    navigation.run()
