"""`rota staffing`: how many people each site needs, and whether the pages fit the limit.

Two separate questions, on purpose:
- people: with n members of equal weight sharing a pool's on-call time over all roles, each
  holds person_hours / n of it; keeping that at most 25% of the plan's time needs
  n >= 4 x person_hours / plan_hours (Google SRE book, "Being On-Call": 8 for one site with
  primary and secondary, 6 per site when two sites share the day; the book gives no figure
  for three or more sites, and the verdict says Rota keeps 6 there);
- load: the expected number of shift windows over `max_incidents_per_shift` comes from the
  forecast and does not depend on n at all. More people only spread the same bad windows
  thinner; fewer pages, or shorter windows, make fewer of them.

A pool is a site named by shift templates (only its members may hold those shifts), or "" for
shifts that name no site (anyone may hold them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from analysis.forecast.choice import Forecast
from analysis.forecast.per_shift import plan_windows, window_forecast
from scheduler import Member, Shift, Team, expand

MAX_ONCALL_SHARE = 0.25
MONTH_HOURS = 24 * 365.25 / 12
NOISY_SHARE = 0.05  # one window in twenty over the limit earns the warning
STAFFING_COLUMNS = ("site", "members", "needed_for_25_percent", "expected_pages_per_shift",
                    "windows_over_limit_expected", "verdict")


@dataclass(frozen=True)
class Pool:
    site: str
    members: tuple[Member, ...]
    shifts: tuple[Shift, ...]


def pools(team: Team, shifts: list[Shift]) -> list[Pool]:
    out = []
    if any(s.site is None for s in shifts):
        out.append(Pool("", team.members, tuple(s for s in shifts if s.site is None)))
    for site in sorted({s.site for s in shifts if s.site}):
        out.append(Pool(site, tuple(m for m in team.members if m.site == site),
                        tuple(s for s in shifts if s.site == site)))
    return out


def plan_hours(shifts: list[Shift]) -> float:
    if not shifts:
        return 0.0
    start = min(s.start for s in shifts)
    end = max(s.end for s in shifts)
    return (end - start).total_seconds() / 3600


def needed_for_share(pool: Pool, roles: int, hours: float, share: float = MAX_ONCALL_SHARE
                     ) -> int:
    """Fewest equal-weight members for whom each one's on-call share is at most `share`."""
    person_hours = sum(s.duration.total_seconds() / 3600 for s in pool.shifts) * roles
    if hours <= 0 or person_hours <= 0:
        return 0
    return max(1, math.ceil(person_hours / (share * hours) - 1e-9))


def book_minimum(site_count: int) -> int:
    return 8 if site_count <= 1 else 6


def _over_per_month(model: Forecast, windows: pd.DataFrame, limit: int, hours: float) -> float:
    if windows.empty or hours <= 0:
        return 0.0
    return float(window_forecast(model, windows, limit)["p_over_limit"].sum()) / (
        hours / MONTH_HOURS)


def eight_hour_windows(shifts: tuple[Shift, ...]) -> pd.DataFrame:
    """The pool's on-call time re-cut into 8-hour windows (the last of a block may be shorter)."""
    blocks: list[list[pd.Timestamp]] = []
    for shift in sorted(shifts, key=lambda s: s.start):
        start, end = pd.Timestamp(shift.start), pd.Timestamp(shift.end)
        if blocks and start <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], end)
        else:
            blocks.append([start, end])
    rows = []
    for start, end in blocks:
        edges = [*pd.date_range(start, end, freq="8h"), end]
        rows += [(a, b) for a, b in pairwise(edges) if b > a]
    return pd.DataFrame({"window_start": pd.to_datetime([a for a, _ in rows], utc=True),
                         "window_end": pd.to_datetime([b for _, b in rows], utc=True)})


def staffing_table(model: Forecast, team: Team) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the staffing CSV frame, the what-if frame: site, scenario, members,
    windows_over_limit_per_person_month)."""
    shifts = expand(team)
    limit = team.rules.max_incidents_per_shift
    hours = plan_hours(shifts)
    all_windows = window_forecast(model, plan_windows(shifts, team.timezone), limit)
    site_of = {s.index: s.site or "" for s in shifts}
    all_windows["site"] = all_windows["shift"].map(site_of)
    rows, what_if = [], []
    site_pools = pools(team, shifts)
    sites = sum(1 for p in site_pools if p.site)
    for pool in site_pools:
        windows = all_windows[all_windows["site"] == pool.site]
        per_shift = windows.groupby("shift")["expected_pages"].sum()
        over = float(windows["p_over_limit"].sum())
        needed = needed_for_share(pool, len(team.roles), hours)
        n = len(pool.members)
        per_month = over / (hours / MONTH_HOURS) if hours > 0 else 0.0
        rows.append({
            "site": pool.site, "members": n, "needed_for_25_percent": needed,
            "expected_pages_per_shift": round(float(per_shift.mean()) if len(per_shift) else 0.0, 3),
            "windows_over_limit_expected": round(over, 2),
            "verdict": verdict(pool.site, n, needed, sites, per_month,
                               over / len(windows) if len(windows) else 0.0, limit),
        })
        eight = _over_per_month(model, eight_hour_windows(pool.shifts), limit, hours)
        for scenario, size, monthly in (("current size", n, per_month),
                                        ("+1 person", n + 1, per_month),
                                        ("+2 people", n + 2, per_month),
                                        ("8-hour shifts", n, eight)):
            what_if.append({"site": pool.site, "scenario": scenario, "members": size,
                            "windows_over_limit_per_person_month":
                                round(monthly / size, 3) if size else float("nan")})
    return pd.DataFrame(rows, columns=list(STAFFING_COLUMNS)), pd.DataFrame(what_if)


def verdict(site: str, members: int, needed: int, sites: int, over_per_month: float,
            over_share: float, limit: int) -> str:
    """Plain English: enough people? and do the pages fit the limit whatever the size?
    `sites`: how many sites share the day (0 or 1: one team in one place)."""
    minimum = book_minimum(sites)
    where = f"site {site}" if site else "the team"
    if members >= needed:
        people = f"{members} people keep everyone on call at most 25% of the time in {where} " \
                 f"(needs {needed})"
    else:
        people = f"{where} needs {needed} people to keep everyone on call at most 25% of the " \
                 f"time; it has {members}"
    if members < minimum:
        people += f"; the SRE book asks for at least {minimum}"
        if sites <= 1:
            people += " for one site"
        else:
            people += " per site in a two-site rotation"
        if sites > 2:
            people += f" (it gives no figure for {sites} sites; Rota keeps 6 per site)"
    if over_share >= NOISY_SHARE:
        load = (f"about {over_per_month:.1f} shift windows a month are expected over the limit "
                f"of {limit} whatever the team size: more people do not fix a noisy service; "
                "fewer pages, or shorter shifts, do")
    else:
        load = f"pages per shift window fit the limit of {limit}"
    return f"{people[0].upper()}{people[1:]}. {load[0].upper()}{load[1:]}."


def what_if_text(what_if: pd.DataFrame) -> str:
    """The what-if table for stderr."""
    lines = ["what-if: expected windows over the limit per person and month"]
    for record in what_if.to_dict("records"):
        site = str(record["site"]) or "(all)"
        value = float(record["windows_over_limit_per_person_month"])
        shown = "-" if np.isnan(value) else f"{value:.3f}"
        lines.append(f"  {site:<10} {record['scenario']!s:<14} {int(record['members']):>3} "
                     f"people  {shown}")
    return "\n".join(lines)
