"""The fairness report of a schedule Rota did not just solve (a stored or shipped one): each
load's achieved maximum beside its provable bound, with no search, so no OR-Tools."""

from __future__ import annotations

from scheduler.domain import Schedule, SolveReport
from scheduler.errors import ScheduleFileError
from scheduler.problem.slots import build_problem
from scheduler.solver.report.fairness import fill_fairness

ASSESSED_NOTE = "fairness of a stored schedule; no solve was run"


def fairness_report(schedule: Schedule, source: str = "schedule.csv") -> SolveReport:
    """The report a solve would give for this schedule's fairness (status "assessed", or
    "gaps" when rows are uncovered). Raises ScheduleFileError when a row does not match the
    team file's shifts and roles, or names someone who is not a member."""
    problem = build_problem(schedule.team)
    index = {m: i for i, m in enumerate(problem.members)}
    held = {(a.shift.start, a.shift.template, a.role): a.person for a in schedule.assignments}
    holders: list[int | None] = []
    for slot in problem.slots:
        key = (slot.shift.start, slot.shift.template, slot.role)
        if key not in held:
            raise ScheduleFileError(source, None, "",
                                    f"no row for {slot.shift.template}/{slot.role} at "
                                    f"{slot.shift.start.isoformat()}")
        person = held[key]
        if person is not None and person not in index:
            raise ScheduleFileError(source, None, "person",
                                    f"{person!r} is not a member of the team")
        holders.append(None if person is None else index[person])
    uncovered = sum(h is None for h in holders)
    report = SolveReport(status="gaps" if uncovered else "assessed", wall_seconds=0.0,
                         first_solution_seconds=None, objective=None, best_bound=None,
                         uncovered=uncovered, notes=[ASSESSED_NOTE])
    fill_fairness(report, problem, holders)
    return report
