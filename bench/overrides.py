"""Speed of the section 6 tools on the 12-person half-year and 40-person year day/night teams
(bench/solve.py's instances) with a round-robin schedule (no solve needed): reading the CSV,
one two-hour override mid-plan (to the best cover candidate), reading the final schedule it
writes, cover for one person's two weeks, and the hours report.

    python bench/overrides.py [--repeat 5]

Prints the median of the repeats in milliseconds per step.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.hours import hours_report
from bench.solve import instance
from scheduler.errors import HardRuleError
from scheduler.formats.csvfile import parse_schedule, schedule_csv
from scheduler.living.cover import cover, cover_row
from scheduler.living.overrides import Override, OverrideResult, apply_override
from scheduler.problem.slots import build_problem
from scheduler.solver.greedy import round_robin
from scheduler.solver.report.fairness import to_schedule
from scheduler.teamfile.parse import parse_team


def timed(step, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = step()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), value


def run(name: str, repeat: int) -> None:
    _, spec = instance(name)
    team = parse_team(yaml.safe_dump(spec), f"{name}.yaml")
    problem = build_problem(team)
    text = schedule_csv(to_schedule(problem, round_robin(problem), None))
    read_ms, schedule = timed(lambda: parse_schedule(text, team, "s.csv"), repeat)
    middle = schedule.assignments[len(schedule.assignments) // 2]
    start = middle.start + timedelta(hours=2)
    # The best cover candidate, so the override goes through (timing the refusal is cheaper).
    candidates = cover_row(schedule, middle)
    person = candidates[0].candidate if candidates else next(
        m.id for m in team.members if m.id != middle.person)

    def override() -> object:
        try:
            return apply_override(schedule, Override(middle.role, person, start,
                                                     start + timedelta(hours=2)))
        except HardRuleError as exc:  # timing the check is the point; the rule may bite
            return exc

    override_ms, result = timed(override, repeat)
    final_text = schedule_csv(result.schedule, final=True) if isinstance(
        result, OverrideResult) else text
    final_ms, _ = timed(lambda: parse_schedule(final_text, team, "final.csv"), repeat)
    cover_ms, rows = timed(lambda: cover(schedule, middle.person, middle.start,
                                         middle.start + timedelta(days=14)), repeat)
    hours_ms, _ = timed(lambda: hours_report(schedule), repeat)
    print(f"{name}: {len(schedule.assignments)} rows; read {read_ms:.0f} ms, override "
          f"{override_ms:.0f} ms, read final {final_ms:.0f} ms, cover ({len(rows)} rows) {cover_ms:.0f} ms, hours "
          f"{hours_ms:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for name in ("daynight-12x26", "daynight-40x52"):
        run(name, args.repeat)


if __name__ == "__main__":
    main()
