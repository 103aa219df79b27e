"""Load page, forecast part: an hour-of-week heat map of expected pages (hover: the chance that
the shift window holding that hour goes over the limit); how far to trust it (the model the
forecast chose and why, and the backtest table of `rota forecast --backtest`); and the Staffing
panel with the verdict per site and the what-if table. The numbers come from analysis.forecast.per_shift,
forecast_eval and staffing."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import backtest, fit_forecast, hour_of_week_forecast, staffing_table
from scheduler import WEEKDAYS
from service.store import open_store
from ui.shell.state import cached_team


@st.cache_data(show_spinner="Fitting the paging forecast…", max_entries=16)
def stored_forecast(db_url: str, team_name: str, team_yaml: str, marker: int
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str, pd.DataFrame]:
    """(hour-of-week forecast, staffing table, what-if, why this model, backtest table) over
    the stored history; `marker` (the newest import id) keys the cache."""
    team = cached_team(team_yaml, f"{team_name} team.yaml")
    incidents = open_store(db_url).incidents(team_name)
    model = fit_forecast(incidents, team)
    staffing, what_if = staffing_table(model, team)
    trust = backtest(incidents, team).table if len(incidents) else pd.DataFrame()
    return hour_of_week_forecast(model, team), staffing, what_if, model.reason, trust


def forecast_heatmap(table: pd.DataFrame) -> go.Figure:
    expected = table.pivot(index="weekday", columns="hour", values="expected_pages")
    chance = table.pivot(index="weekday", columns="hour", values="p_over_limit")
    expected, chance = expected.reindex(list(WEEKDAYS)), chance.reindex(list(WEEKDAYS))
    fig = go.Figure(go.Heatmap(
        z=expected.to_numpy(), x=list(expected.columns), y=list(expected.index),
        customdata=chance.to_numpy(), colorscale="OrRd", colorbar={"title": "pages / hour"},
        hovertemplate="%{y} %{x}:00<br>expected pages %{z:.2f}<br>"
                      "window over the limit: %{customdata:.0%}<extra></extra>"))
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      xaxis_title="hour (team zone)")
    # Monday on top, as in the Load page's heat map (px.imshow draws its first row on top;
    # a bare Heatmap would draw it at the bottom).
    fig.update_yaxes(autorange="reversed")
    return fig


def render_trust(reason: str, trust: pd.DataFrame) -> None:
    """Which model the forecast uses and why, and how it and the baselines scored on the
    history's last third: a lead sees how much to trust the numbers."""
    st.subheader("How far to trust the forecast")
    st.info(f"The forecast {reason}.")
    if trust.empty:
        return
    st.caption("Backtest: the history's last third forecast from its first two thirds, per "
               "shift window. Lower is better in both columns; the baselines' chance of a "
               "window over the limit is a Poisson tail at their mean.")
    st.dataframe(trust.rename(columns={"poisson_deviance": "mean Poisson deviance",
                                       "brier_p_over_limit": "Brier p_over_limit"}),
                 hide_index=True, width="stretch", key="forecast_backtest")


def render_forecast(db_url: str, team_name: str, team_yaml: str, marker: int) -> None:
    heat, staffing, what_if, reason, trust = stored_forecast(db_url, team_name, team_yaml,
                                                             marker)
    st.subheader("Forecast: expected pages by hour of week")
    st.caption("Learned from the stored history; averaged over the plan. Hover for the chance "
               "that the shift window holding that hour gets more pages than the limit.")
    st.plotly_chart(forecast_heatmap(heat), key="forecast_heatmap")
    render_trust(reason, trust)
    st.subheader("Staffing")
    for row in staffing.itertuples(index=False):
        site, verdict = str(row.site) if row.site else "", str(row.verdict)
        where = f"Site {site}" if site else "Team"
        shown = st.warning if "more people do not fix" in verdict else st.info
        shown(f"**{where}:** {verdict}")
    st.dataframe(staffing.drop(columns=["verdict"]), hide_index=True, width="stretch")
    st.caption("What-if: expected windows over the limit per person and month")
    st.dataframe(what_if, hide_index=True, width="stretch")
