"""Solver benchmark: a seeded instance suite, CP-SAT versus a round-robin baseline.

    python bench/solve.py [--time-limit S] [--only NAME] [--skills N]

`--skills N` adds N required skills (contract section 7), each held by a seeded third of the
members, to every instance: the cost of the skills rule shows as a ratio against a run
without it.

For each instance prints: time to the first feasible schedule and to the final one, hard-rule
violations, and per fairness quantity the achieved maximum weighted load, its provable lower
bound, the range (largest minus smallest weighted load) beside the least range any schedule
can reach (scheduler/solver/bounds/range.py), and the round-robin baseline (a PagerDuty/GoAlert-style layer with a human overriding
vacations). Figures go into bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo root: run as a script

from scheduler.domain import SolveReport
from scheduler.errors import InfeasibleError
from scheduler.problem.slots import build_problem
from scheduler.solver import search
from scheduler.solver.bounds.range import range_bounds
from scheduler.solver.greedy import round_robin
from scheduler.solver.report.fairness import fill_fairness
from scheduler.solver.solve import solve, to_schedule
from scheduler.teamfile.parse import parse_team
from tests.harness.hard_rules import violations

ZONES = {"emea": "Europe/Berlin", "amer": "America/New_York", "apac": "Australia/Sydney"}


def members(rng: random.Random, n: int, start_year: int, site: str | None = None, prefix: str = "p"):
    out = []
    for i in range(n):
        member = {"id": f"{prefix}{i:02d}", "timezone": ZONES.get(site or "emea")}
        if site:
            member["site"] = site
        if rng.random() < 0.15:
            member["weight"] = 0.5
        if rng.random() < 0.6:  # about two weeks of vacation a half-year
            month = rng.randint(1, 11)
            day = rng.randint(1, 14)
            member["time_off"] = [{"start": f"{start_year}-{month:02d}-{day:02d}",
                                   "end": f"{start_year}-{month:02d}-{day + 9:02d}"}]
        out.append(member)
    return out


def instance(name: str, seed: int = 1) -> tuple[str, dict]:
    rng = random.Random(seed)
    day_night = [{"name": "day", "start": "09:00", "end": "21:00"},
                 {"name": "night", "start": "21:00", "end": "09:00"}]
    if name == "weekly-8x52":
        return name, {"team": name, "timezone": "America/New_York", "start": "2027-01-04",
                      "end": "2028-01-03", "holidays": "US",
                      "shifts": [{"name": "week", "start": "Mon 10:00", "end": "Mon 10:00"}],
                      "members": members(rng, 8, 2027)}
    if name in ("daynight-12x13", "daynight-12x26", "daynight-40x52"):
        people, end = {"daynight-12x13": (12, "2027-04-05"), "daynight-12x26": (12, "2027-07-05"),
                       "daynight-40x52": (40, "2028-01-03")}[name]
        return name, {"team": name, "timezone": "Europe/Berlin", "start": "2027-01-04",
                      "end": end, "holidays": "DE", "shifts": day_night,
                      "rules": {"min_rest_hours": 12, "max_shifts_per_week": 4},
                      "members": members(rng, people, 2027)}
    if name == "follow-the-sun-3x5x26":
        ms = [m for site in ZONES for m in members(rng, 5, 2027, site, prefix=site)]
        return name, {"team": name, "timezone": "Europe/London", "start": "2027-01-04",
                      "end": "2027-07-05", "holidays": "GB",
                      "shifts": [{"name": "emea", "start": "06:00", "end": "14:00", "site": "emea"},
                                 {"name": "amer", "start": "14:00", "end": "22:00", "site": "amer"},
                                 {"name": "apac", "start": "22:00", "end": "06:00", "site": "apac"}],
                      "rules": {"min_rest_hours": 12, "max_shifts_per_week": 5},
                      "members": ms}
    if name == "infeasible-3x4":
        return name, {"team": name, "timezone": "Europe/Berlin", "start": "2027-01-04",
                      "end": "2027-02-01", "shifts": day_night,
                      "rules": {"min_rest_hours": 12}, "members": members(rng, 3, 2027)}
    raise SystemExit(f"unknown instance {name}")


def with_skills(doc: dict, count: int, seed: int = 1) -> dict:
    """N required skills, each held by a seeded third of the members."""
    if count <= 0:
        return doc
    rng = random.Random(seed)
    names = [f"skill{k}" for k in range(count)]
    members = [dict(m) for m in doc["members"]]
    for skill in names:
        for m in rng.sample(members, max(1, len(members) // 3)):
            m["skills"] = [*m.get("skills", []), skill]
    return {**doc, "rules": {**doc.get("rules", {}), "required_skills": names},
            "members": members}


RANGE_BOUND_LIMIT = 10.0  # CP-SAT deterministic time per load and pool
INSTANCES = ["weekly-8x52", "daynight-12x13", "daynight-12x26", "follow-the-sun-3x5x26", "daynight-40x52",
             "infeasible-3x4"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=None,
                        help="default: 10 s for medium instances, 60 s for the 40-person year")
    parser.add_argument("--only", action="append")
    parser.add_argument("--skills", type=int, default=0, metavar="N",
                        help="N required skills, each held by a third of the members")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--uncapped", action="store_true",
                        help="lift the CPU and wall-clock safety caps, so the figures are those "
                             "of the deterministic budget however busy the machine is")
    args = parser.parse_args()
    if args.uncapped:
        search.CPU_CAP_FACTOR = search.WALL_CAP_FACTOR = 1e6
    for name in args.only or INSTANCES:
        _, doc = instance(name)
        doc = with_skills(doc, args.skills)
        if args.skills:
            name = f"{name} + {args.skills} skills"
        team = parse_team(yaml.safe_dump(doc, sort_keys=False), f"{name}.yaml")
        limit = args.time_limit or (60.0 if "40x52" in name else 10.0)
        started, cpu = time.monotonic(), time.process_time()
        try:
            schedule = solve(team, time_limit=limit, seed=args.seed)
        except InfeasibleError as exc:
            print(f"\n## {name}: infeasible, explained in {time.monotonic() - started:.1f} s "
                  f"({len(exc.reasons)} reasons)\n  first: {exc.reasons[0]}")
            continue
        report = schedule.report
        assert report is not None
        problem = build_problem(team)
        slots = len(problem.slots)
        baseline = to_schedule(problem, round_robin(problem), None)
        print(f"\n## {name}: {len(team.members)} members, {slots} slots, limit {limit:g} s")
        print(f"first feasible {report.first_solution_seconds or 0:.1f} s, final {report.wall_seconds:.1f} s, "
              f"CPU {time.process_time() - cpu:.1f} s, status {report.status}, "
              f"safety cap hit: {'yes' if report.wall_capped else 'no'}")
        print(f"hard violations: solver {len(violations(schedule))}, "
              f"round-robin {len(violations(baseline))}")
        rr_lines = {line.quantity: line for line in baseline_report(problem, baseline)}
        # The least range any schedule can reach (whole slots, fair shares), given time to prove.
        least = range_bounds(problem, limit=RANGE_BOUND_LIMIT)
        print("| load | unit | max | bound | gap | range | range bound | balance "
              "| round-robin max / range |")
        print("|---|---|---|---|---|---|---|---|---|")
        for line in report.fairness:
            gap = "n/a" if math.isnan(line.bound) else f"{line.gap:.2f}"
            rr = rr_lines[line.quantity]
            print(f"| {line.quantity} | {line.unit} | {line.achieved:.2f} | {line.bound:.2f} | {gap} "
                  f"| {line.range:.2f} | {least[line.quantity]:.2f} | {line.balance:.3f} | {rr.achieved:.2f} / {rr.range:.2f} |")
        sys.stdout.flush()


def baseline_report(problem, baseline) -> list:
    """The round-robin schedule's fairness lines (max, range, balance) for comparison."""
    report = SolveReport("heuristic", 0.0, None, None, None, 0)
    fill_fairness(report, problem, [problem.members.index(a.person) if a.person else None
                                    for a in baseline.assignments])
    return report.fairness


if __name__ == "__main__":
    main()
