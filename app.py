"""Rota's web app: `streamlit run app.py`.

Two parts share this file:
- the server: `app = st.App(...)` puts the secret iCal feeds (service.web.feeds.FeedsFirst) in
  front of the Starlette server that Streamlit runs, so `/feeds/<token>.ics` is served on the
  app's port, and turns Nagle's algorithm off on its connections (service.web.nodelay);
- the page: st.navigation over the pages in ui/ (below `if _in_streamlit_session`). This file
  only routes; each page lives in its own module.

`streamlit run` imports this module once to find `app`, then runs it as the page script per
session; the routes therefore come from the import and are not rebuilt on reruns.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware
from streamlit.runtime.scriptrunner import get_script_run_ctx

from service.web.feeds import FeedsFirst
from service.web.nodelay import tcp_nodelay_lifespan

# imported with the server, so no page pays for it
from ui.pages.load import page as load
from ui.pages.now import page as now
from ui.pages.oncall import page as oncall
from ui.pages.risk import page as risk
from ui.pages.schedule import page as schedule
from ui.pages.team import page as team
from ui.shell import signin

# ---------------------------------------------------------------- server: feeds, sockets
# FeedsFirst answers feeds ahead of Streamlit's middleware (a third less CPU per request); the
# lifespan hook turns Nagle's algorithm off for every accepted connection, without which each
# keep-alive response waited ~44 ms for a delayed ACK.
app = st.App("app.py", middleware=[Middleware(FeedsFirst)], lifespan=tcp_nodelay_lifespan)

# ---------------------------------------------------------------- page
_in_streamlit_session = get_script_run_ctx(suppress_warning=True) is not None

if _in_streamlit_session:
    st.set_page_config(page_title="Rota", page_icon=":material/notifications_active:",
                       layout="wide")
    signin.gate()  # login, "on no team", or the no-login warning; may end the run here
    navigation = st.navigation([
        st.Page(now.render, title="Now", icon=":material/notifications_active:",
                url_path="now", default=True),
        st.Page(schedule.render, title="Schedule", icon=":material/calendar_month:",
                url_path="schedule"),
        st.Page(oncall.render, title="On call", icon=":material/event_available:",
                url_path="oncall"),
        st.Page(team.render, title="Team", icon=":material/group:", url_path="team"),
        st.Page(load.render, title="Load", icon=":material/monitoring:", url_path="load"),
        st.Page(risk.render, title="Burnout risk", icon=":material/local_fire_department:",
                url_path="risk"),
    ])
    navigation.run()
