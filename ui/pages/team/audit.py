"""The Team page's list of recent changes (service.store.audit): who changed what, and when."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scheduler import RotaError, Team
from service.store import audit, open_store
from ui.shell.times import wall


def audit_section(team: Team) -> None:
    st.subheader("Recent changes")
    try:
        entries = audit.recent(open_store(), team.name)
    except RotaError as exc:
        st.error(str(exc))
        return
    if not entries:
        st.caption("No changes recorded yet.")
        return
    frame = pd.DataFrame([{"when": wall(e.at, team.timezone),
                           "who": e.actor, "action": e.action, "detail": e.detail}
                          for e in entries]).set_index("when")
    # A static table: plain text in the page (st.dataframe draws on a canvas).
    st.table(frame)
