"""A tiny team with notifications on, and a hand-written schedule for it, for notify tests.

Two weeks from Mon 22 Mar 2027 in Berlin, so the plan crosses the EU change to summer time
(Sun 28 Mar 2027, 02:00 CET -> 03:00 CEST). One role, primary, held in turn by alice (Berlin),
bob (New York) and carol (Berlin, no email); tina, a trainee, shadows one shift.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
HOUR = timedelta(hours=1)
TEAM_NAME = "payments-sre"
CHANNEL_ENV = "PAYMENTS_NOTIFY"
ROTATION = ("alice", "bob", "carol")

TEAM_YAML = f"""\
team: {TEAM_NAME}
timezone: Europe/Berlin
start: 2027-03-22
end: 2027-04-05
roles: [primary]
shifts:
  - {{name: day,   start: "09:00", end: "21:00"}}
  - {{name: night, start: "21:00", end: "09:00"}}
members:
  - {{id: alice, email: alice@example.com}}
  - {{id: bob, email: bob@example.com, timezone: America/New_York}}
  - {{id: carol}}
  - {{id: tina, email: tina@example.com, shadow_shifts: 1}}
leads: [alice]
notify: {{channel_env: {CHANNEL_ENV}, email: true, remind_hours: 24}}
"""


def local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, BERLIN)


def shift_starts() -> list[tuple[str, datetime, datetime]]:
    """(template, start, end) of every shift of the plan, in order (Berlin clock times)."""
    out = []
    day = date(2027, 3, 22)
    while day < date(2027, 4, 5):
        out.append(("day", local(day, time(9)), local(day, time(21))))
        out.append(("night", local(day, time(21)), local(day + timedelta(days=1), time(9))))
        day += timedelta(days=1)
    return out


def schedule_csv() -> str:
    """Primary in turn; tina shadows the first day shift (held by alice)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["start", "end", "shift", "role", "person", "site"])
    for i, (name, start, end) in enumerate(shift_starts()):
        writer.writerow([start.isoformat(), end.isoformat(), name, "primary",
                         ROTATION[i % 3], ""])
        if i == 0:
            writer.writerow([start.isoformat(), end.isoformat(), name, "shadow", "tina", ""])
    return buffer.getvalue()
