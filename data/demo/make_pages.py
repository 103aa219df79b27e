"""Write data/demo/pages.csv: a seeded, realistic PagerDuty raw incident report for the demo
team (data/demo/team.yaml) from 2026-10-05 to 2026-11-23.

    python data/demo/make_pages.py

Background noise of a few incidents a day, more at night, plus a few bad nights (a storm of
3-6 incidents in one night shift) so some shifts break the limit of 2. Pages follow the shipped
schedule's primaries with a per-person noise level (NOISE), so the team is a realistic mix of
quiet and noisy people rather than ten of a kind. Some descriptions span
lines and hold commas, some cells list two people, and a couple of rows are exported twice.
Timestamps carry the Berlin offset, which changes on 2026-10-25.
"""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 10, 5, tzinfo=BERLIN)
DAYS = 49  # to 2026-11-23
PEOPLE = ["Alice Wagner", "Bob Schmidt", "Chen Li", "Dara Okafor", "Elif Yilmaz",
          "Femi Adeyemi", "Greta Lindqvist", "Hugo Martin", "Ines Costa", "Jonas Becker"]
SERVICES = ["payments-api", "ledger", "checkout", "card-gateway", "fraud-scoring"]
PROBLEMS = [
    "High 5xx rate on {s}",
    "p99 latency above SLO on {s}",
    "{s}: disk usage 92% on db-2",
    "{s}: certificate expires in 7 days",
    "Queue backlog on {s}, consumer lag 14000",
    "{s} health check failing\nregion eu-central-1, 3 of 5 pods, restarts 12",
]
COLUMNS = ["id", "incident_number", "description", "service_id", "service_name",
           "escalation_policy_name", "created_on", "resolved_on", "seconds_to_first_ack",
           "seconds_to_resolve", "auto_resolved", "escalation_count",
           "acknowledged_by_user_names", "assigned_to_user_names", "urgency"]


# How noisy each person's shifts are (their services, their on-call habits): a realistic team
# has a couple of people who get paged a lot, most in between, and some who rarely are. Pages
# land while someone holds primary in data/demo/schedule.csv, so the analyzer (which gives each
# incident to the primary on call) sees the same mix. Storms hit only the noisier people.
NOISE = {"alice": 1.0, "elif": 0.9, "jonas": 0.65, "hugo": 0.55, "bob": 0.45, "chen": 0.35,
         "ines": 0.3, "greta": 0.2, "dara": 0.2, "femi": 0.0}
NAMES = dict(zip(["alice", "bob", "chen", "dara", "elif", "femi", "greta", "hugo", "ines",
                  "jonas"], PEOPLE, strict=True))
SCHEDULE = Path(__file__).with_name("schedule.csv")


def _primaries() -> list[tuple[datetime, datetime, str]]:
    with SCHEDULE.open(encoding="utf-8") as source:
        return [(datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"]), r["person"])
                for r in csv.DictReader(source) if r["role"] == "primary" and r["person"]]


def _on_call(primaries: list[tuple[datetime, datetime, str]], at: datetime) -> str | None:
    return next((p for s, e, p in primaries if s <= at < e), None)


def _instants(rng: random.Random) -> list[tuple[datetime, str]]:
    """(created, responder): pages arrive at twice the base rate and are kept in proportion
    to the noise of whoever holds primary then; a storm hits a noisy person's night."""
    primaries = _primaries()
    out = []
    for day in range(DAYS):
        for _ in range(rng.randint(3, 7)):  # candidates, skewed to evenings and nights
            hour = rng.choice([*range(9, 21), *range(18, 24), *range(0, 9)])
            created = START + timedelta(days=day, hours=hour, minutes=rng.randint(0, 59))
            holder = _on_call(primaries, created)
            if holder is not None and rng.random() < NOISE[holder]:
                out.append((created, NAMES[holder] if rng.random() < 0.9 else rng.choice(PEOPLE)))
        storm = START + timedelta(days=day, hours=22, minutes=rng.randint(0, 120))
        victim = _on_call(primaries, storm)
        if victim is not None and NOISE[victim] >= 0.6 and rng.random() < 0.2 * NOISE[victim]:
            out += [(storm + timedelta(minutes=rng.randint(0, 400)), NAMES[victim])
                    for _ in range(rng.randint(3, 6))]
    return sorted(out)


def rows(seed: int = 20261005) -> list[dict[str, object]]:
    rng = random.Random(seed)
    records: list[dict[str, object]] = []
    for number, (created, person) in enumerate(_instants(rng), start=1):
        service = rng.choice(SERVICES)
        acked = rng.random() < 0.88
        ack = int(rng.expovariate(1 / 300)) + 10
        resolve = ack + int(rng.expovariate(1 / 2400))
        assignees = person if rng.random() < 0.8 else f"{person}, {rng.choice(PEOPLE)}"
        records.append({
            "id": f"Q{number:05d}{rng.choice('ABCDEFGH')}",
            "incident_number": number,
            "description": rng.choice(PROBLEMS).format(s=service),
            "service_id": f"P{SERVICES.index(service):04d}",
            "service_name": service,
            "escalation_policy_name": "Payments on-call",
            "created_on": created.isoformat(timespec="seconds"),
            "resolved_on": (created.astimezone(UTC) + timedelta(seconds=resolve))
            .astimezone(BERLIN).isoformat(timespec="seconds"),
            "seconds_to_first_ack": ack if acked else "",
            "seconds_to_resolve": resolve,
            "auto_resolved": "false" if acked else "true",
            "escalation_count": rng.choice([0, 0, 0, 1]),
            "acknowledged_by_user_names": person if acked else "",
            "assigned_to_user_names": assignees,
            "urgency": "high" if rng.random() < 0.7 else "low",
        })
    # Overlapping exports repeat rows; the analysis must count them once.
    records += [dict(records[10]), dict(records[len(records) // 2])]
    return records


def main() -> None:
    path = Path(__file__).with_name("pages.csv")
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows())
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
