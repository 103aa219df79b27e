"""Write an AnalysisResult as the files of contract section 4, and a short text summary.

    DIR/shifts.csv    window_start,window_end,person,incidents,over_limit
    DIR/people.csv    person,incidents,business_hours,off_hours,sleep_hours,windows_over_limit,
                      risk, then extra columns (reasons, factors, ack figures)
    DIR/rejected.csv  line,reason
    DIR/summary.json  team-level figures
Times are ISO 8601 to the second with the team zone's offset, as in the schedule CSV.
"""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from analysis.api import AnalysisResult
from scheduler import InputError

SHIFTS_COLUMNS = ["window_start", "window_end", "person", "incidents", "over_limit"]
PEOPLE_COLUMNS = ["person", "incidents", "business_hours", "off_hours", "sleep_hours",
                  "windows_over_limit", "risk"]
PEOPLE_EXTRA = ["reasons", "risk_score", "windows", "windows_with_incidents",
                "longest_overloaded_run", "over_limit_share", "sleep_per_week",
                "off_hour_per_30_days", "oncall_share", "ack_median_seconds",
                "ack_within_target", "resolve_median_seconds"]


def iso_local(instants: pd.Series, zone: ZoneInfo) -> pd.Series:
    """"2027-01-04T09:00:00+01:00": strftime writes +0100, so put the colon in."""
    text = instants.dt.tz_convert(zone).dt.strftime("%Y-%m-%dT%H:%M:%S%z")
    return text.str.replace(r"([+-]\d\d)(\d\d)$", r"\1:\2", regex=True)


def shifts_frame(result: AnalysisResult) -> pd.DataFrame:
    zone = result.team.timezone
    out = result.shifts.sort_values(["window_start", "person"], kind="stable")
    # Format each window once (thousands), not each row (up to windows x people).
    starts = iso_local(result.windows["window_start"], zone).to_numpy(dtype=object)
    ends = iso_local(result.windows["window_end"], zone).to_numpy(dtype=object)
    window = out["window"].to_numpy()
    return pd.DataFrame({
        "window_start": starts[window],
        "window_end": ends[window],
        "person": out["person"],
        "incidents": out["incidents"],
        "over_limit": out["over_limit"].map({True: "true", False: "false"}),
    })


def people_frame(result: AnalysisResult) -> pd.DataFrame:
    people = result.people[PEOPLE_COLUMNS + PEOPLE_EXTRA].copy()
    rounded = ["over_limit_share", "sleep_per_week", "off_hour_per_30_days", "oncall_share",
               "ack_median_seconds", "ack_within_target", "resolve_median_seconds"]
    people[rounded] = people[rounded].astype("float64").round(4)
    return people


def write_outputs(result: AnalysisResult, out_dir: str | Path) -> Path:
    """Write the four files into `out_dir` (created if needed); returns the directory."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        shifts_frame(result).to_csv(out / "shifts.csv", index=False, lineterminator="\n")
        people_frame(result).to_csv(out / "people.csv", index=False, lineterminator="\n")
        result.rejected[["line", "reason"]].to_csv(out / "rejected.csv", index=False,
                                                   lineterminator="\n")
        (out / "summary.json").write_text(json.dumps(result.summary, indent=2) + "\n",
                                          encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{out}: cannot write output: {exc.strerror}") from None
    return out


def summary_text(result: AnalysisResult) -> str:
    """A few lines for a terminal."""
    s = result.summary
    lines = [
        f"{s['team']}: {s['incidents']} incidents from {s['source']} ({s['format']}), "
        f"{s['first_incident'] or '-'} to {s['last_incident'] or '-'}",
        f"  {s['duplicates']} duplicates counted once, {s['rejected']} rows rejected",
        f"  {s['windows_over_limit']} of {s['person_windows']} person-windows with incidents over "
        f"the limit of {s['max_incidents_per_shift']} per shift, in {s['windows']} shift windows "
        f"(attribution by {s['attribution']})",
    ]
    if s.get("history_note"):
        lines.append(f"  note: {s['history_note']}")
    period = s["incidents_by_period"]
    lines.append(f"  business {period['business_hours']}, off {period['off_hours']}, "
                 f"sleep {period['sleep_hours']} incidents")
    for _, row in result.people[result.people["risk"] != "low"].sort_values(
            "risk_score", ascending=False, kind="stable").iterrows():
        lines.append(f"  {row['person']}: {row['reasons']}")
    if not (result.people["risk"] != "low").any():
        lines.append("  burnout risk: low for everyone")
    return "\n".join(lines)
