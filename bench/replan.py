"""Re-plan benchmark: one person's 2-week sick leave added mid-plan.

    python bench/replan.py [--runs N] [--only NAME]

On the 12-person 26-week and the 40-person year instances of bench/solve.py: the previous
schedule is a solve of the original team; then one full-time member gets 14 days of sick leave
from the middle of the plan, announced the day it starts (rows before it are kept). Compared:
`replan` (fewest changed rows, then fairness), `replan --max-changes 20` (changes may buy
fairness), a re-solve from scratch of the new team file,
and round-robin recomputation (the round-robin schedule of the old team versus that of the new
one, as PagerDuty-style layers would recompute). Prints changed rows at or after the sick
leave, hard-rule violations, fairness (max weighted shifts and hours against their bounds)
and time. Medians over --runs runs (seeds 0..N-1).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from solve import instance

from scheduler.domain import Schedule, SolveReport
from scheduler.problem.slots import build_problem
from scheduler.replan.plan import replan
from scheduler.solver.greedy import round_robin
from scheduler.solver.report.fairness import fill_fairness, to_schedule
from scheduler.solver.solve import solve
from scheduler.teamfile.parse import parse_team
from tests.harness.hard_rules import violations
from tests.harness.replan_check import changed_rows

LIMITS = {"daynight-12x26": 10.0, "daynight-40x52": 60.0}
TRADE = 20  # --max-changes for the second replan row: changes allowed to buy fairness


def sick_team(doc: dict) -> tuple[dict, str, date]:
    """The team file with 14 days of sick leave for the first full-time member who has no
    time off near the middle of the plan."""
    start, end = date.fromisoformat(doc["start"]), date.fromisoformat(doc["end"])
    middle = start + (end - start) / 2
    sick = {"start": middle.isoformat(), "end": (middle + timedelta(days=13)).isoformat()}
    new = yaml.safe_load(yaml.safe_dump(doc))
    for member in new["members"]:
        offs = [(date.fromisoformat(str(o["start"])), date.fromisoformat(str(o["end"])))
                for o in member.get("time_off", [])]
        near = any(a <= middle + timedelta(days=20) and middle - timedelta(days=7) <= b
                   for a, b in offs)
        if member.get("weight", 1.0) == 1.0 and not near:
            member.setdefault("time_off", []).append(sick)
            return new, member["id"], middle
    raise SystemExit("no member to make sick")


def fairness(problem, holders) -> str:
    report = SolveReport("", 0.0, None, None, None, 0)
    fill_fairness(report, problem, holders)
    parts = [f"{line.quantity} {line.achieved:.2f}/{line.bound:.2f}" for line in report.fairness
             if line.quantity in ("shifts", "hours", "weekend", "night")]
    return ", ".join(parts)


def holders_of(problem, schedule: Schedule) -> list[int | None]:
    index = {m: i for i, m in enumerate(problem.members)}
    held = {(a.shift.start, a.role): a.person for a in schedule.assignments}
    return [index.get(held.get((s.shift.start, s.role)) or "") for s in problem.slots]


def run(name: str, runs: int) -> None:
    _, doc = instance(name)
    limit = LIMITS[name]
    old_team = parse_team(yaml.safe_dump(doc, sort_keys=False), f"{name}.yaml")
    new_doc, who, middle = sick_team(doc)
    new_team = parse_team(yaml.safe_dump(new_doc, sort_keys=False), f"{name}-sick.yaml")
    replan_from = datetime(middle.year, middle.month, middle.day, tzinfo=new_team.timezone)
    previous = solve(old_team, time_limit=limit, seed=0)
    new_problem = build_problem(new_team)
    traded = f"replan --max-changes {TRADE}"
    figures: dict[str, list[tuple[float, float, int, str]]] = {"replan": [], traded: [],
                                                               "re-solve": []}
    for seed in range(runs):
        for method, cap in (("replan", None), (traded, TRADE)):
            started = time.monotonic()
            result = replan(new_team, previous, replan_from=replan_from, time_limit=limit,
                            seed=seed, max_changes=cap)
            took = time.monotonic() - started
            proof = "proven" if result.proven else "not proven"
            figures[method].append((took, changed_rows(previous, result.schedule, replan_from),
                                    len(violations(result.schedule)),
                                    f"{fairness(new_problem, holders_of(new_problem, result.schedule))}"
                                    f"; fewest {result.min_changes} {proof}"))
        started = time.monotonic()
        fresh = solve(new_team, time_limit=limit, seed=seed)
        took = time.monotonic() - started
        figures["re-solve"].append((took, changed_rows(previous, fresh, replan_from),
                                    len(violations(fresh)),
                                    fairness(new_problem, holders_of(new_problem, fresh))))
    old_problem = build_problem(old_team)
    rr_old = to_schedule(old_problem, round_robin(old_problem), None)
    started = time.monotonic()
    rr_new_holders = round_robin(new_problem)
    took = time.monotonic() - started
    rr_new = to_schedule(new_problem, rr_new_holders, None)
    rr = (took, changed_rows(rr_old, rr_new, replan_from), len(violations(rr_new)),
          fairness(new_problem, rr_new_holders))
    print(f"\n## {name}: {len(new_team.members)} members, {len(new_problem.slots)} rows; "
          f"{who} sick {middle} + 14 days; limit {limit:g} s; {runs} run(s), medians")
    print("| method | changed rows from the sick day | hard-rule violations | "
          "fairness (achieved/bound) | time |")
    print("|---|---|---|---|---|")
    for method, rows in figures.items():
        mid = sorted(rows)[len(rows) // 2]
        print(f"| {method} | {statistics.median(r[1] for r in rows):g} "
              f"| {statistics.median(r[2] for r in rows):g} | {mid[3]} "
              f"| {statistics.median(r[0] for r in rows):.1f} s |")
    print(f"| round-robin recomputed | {rr[1]} | {rr[2]} | {rr[3]} | {rr[0]:.2f} s |")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append")
    args = parser.parse_args()
    for name in args.only or list(LIMITS):
        run(name, args.runs)


if __name__ == "__main__":
    main()
