"""Write an AnalysisResult as the files of contract section 4, and a short text summary.

    DIR/shifts.csv    window_start,window_end,person,incidents,over_limit
    DIR/people.csv    person,incidents,business_hours,off_hours,sleep_hours,windows_over_limit,
                      risk, then extra columns (reasons, factors, ack figures)
    DIR/rejected.csv  line,reason
    DIR/summary.json  team-level figures
Times are ISO 8601 to the second with the team zone's offset, as in the schedule CSV.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
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


def iso_local(instants: pd.Series, zone: ZoneInfo) -> np.ndarray:
    """"2027-01-04T09:00:00+01:00" (object array): the wall time by numpy's ISO formatting and
    the offset by arithmetic, where pandas' strftime formatted each instant in Python (0.05 s
    for the 1,500 windows of two years). An offset with seconds (old local mean times) takes
    strftime, which writes it as +HHMMSS."""
    wall = instants.dt.tz_convert(zone).dt.tz_localize(None).to_numpy(dtype="datetime64[s]")
    utc = instants.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[s]")
    offset = (wall - utc).astype(np.int64)
    if (offset % 60).any():
        text = instants.dt.tz_convert(zone).dt.strftime("%Y-%m-%dT%H:%M:%S%z")
        return text.str.replace(r"([+-]\d\d)(\d\d)$", r"\1:\2", regex=True).to_numpy(object)
    minutes = np.abs(offset) // 60
    sign = np.where(offset < 0, "-", "+").astype(object)
    hours = np.char.zfill((minutes // 60).astype(str), 2).astype(object)
    rest = np.char.zfill((minutes % 60).astype(str), 2).astype(object)
    return np.datetime_as_string(wall, unit="s").astype(object) + sign + hours + ":" + rest


def quoted(value: str) -> str:
    """`value` as the csv module (and so pandas' to_csv) writes one cell among others."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([value, ""])  # two cells: no lone-cell rule
    return out.getvalue()[:-2]


def shifts_text(result: AnalysisResult) -> str:
    """shifts.csv as to_csv wrote it, sorted by window start then person. Each window's two
    times and each person's name are formatted and quoted once (thousands, and dozens), then
    rows are joined by vectorised string additions: to_csv quoted all 73,000 rows of a million
    incidents cell by cell (0.15-0.25 s)."""
    zone = result.team.timezone
    out = result.shifts.sort_values(["window_start", "person"], kind="stable")
    # ISO times never need quotes
    starts = iso_local(result.windows["window_start"], zone)
    prefix = starts + "," + iso_local(result.windows["window_end"], zone) + ","
    codes, people = pd.factorize(out["person"])
    names = np.array([quoted(str(p)) + "," for p in people] + [","], dtype=object)
    counts = _numbers(out["incidents"].to_numpy())
    flags = np.where(out["over_limit"].to_numpy(dtype=bool), ",true\n", ",false\n").astype(object)
    rows = prefix[out["window"].to_numpy()] + names[codes] + counts + flags
    return ",".join(SHIFTS_COLUMNS) + "\n" + "".join(rows)


def _numbers(values: np.ndarray) -> np.ndarray:
    """Integers as text (object array), through a table of the few distinct small counts."""
    if len(values) and values.min() >= 0 and values.max() < len(values):
        return np.array([str(n) for n in range(int(values.max()) + 1)], dtype=object)[values]
    return values.astype(str).astype(object)


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
        (out / "shifts.csv").write_text(shifts_text(result), encoding="utf-8", newline="")
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
