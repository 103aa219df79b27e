"""Team page section: the skills matrix, holders per skill, and the knowledge risk (shifts
where only one available person could bring a skill). Logic lives in scheduler.living.knowledge."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scheduler import all_skills, knowledge_risks, parse_team, skills_matrix
from ui.shell.times import wall

RISK_ROWS_SHOWN = 200


@st.cache_data(show_spinner=False, max_entries=16)
def skill_tables(team_yaml: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(matrix, per-skill summary, risky shifts) for a team file."""
    team = parse_team(team_yaml, "team.yaml")
    matrix = pd.DataFrame.from_dict(skills_matrix(team), orient="index")
    matrix.index.name = "member"
    risks = knowledge_risks(team)
    zone = team.timezone
    detail = pd.DataFrame([{"shift start": wall(r.shift.start, zone),
                            "shift": r.shift.template, "skill": r.skill,
                            "only": ", ".join(r.available) or "nobody"} for r in risks],
                          columns=["shift start", "shift", "skill", "only"])
    summary = pd.DataFrame([{
        "skill": skill,
        "required": skill in team.rules.required_skills,
        "holders": sum(skill in m.skills for m in team.members),
        "shifts with one person": sum(1 for r in risks if r.skill == skill and len(r.available) == 1),
        "shifts with nobody": sum(1 for r in risks if r.skill == skill and not r.available),
    } for skill in all_skills(team)])
    return matrix.reset_index(), summary, detail


def render_skills(team_yaml: str) -> None:
    st.subheader("Skills")
    matrix, summary, detail = skill_tables(team_yaml)
    if summary.empty:
        st.caption("No member lists skills yet: add them in the skills column above "
                   "(comma separated), and the skills every shift needs under Rules.")
        return
    st.caption("Who holds which skill. Required skills must be held by someone on every shift.")
    st.dataframe(matrix, hide_index=True, width="stretch",
                 column_config={c: st.column_config.CheckboxColumn() for c in matrix.columns[1:]})
    st.markdown("**Knowledge risk**: per skill, how many hold it, and the shifts of the plan "
                "where only one available person (or nobody) could cover it.")
    st.dataframe(summary, hide_index=True, width="stretch")
    if not detail.empty:
        with st.expander(f"Shifts at risk ({len(detail)})"):
            st.dataframe(detail.head(RISK_ROWS_SHOWN), hide_index=True, width="stretch")
