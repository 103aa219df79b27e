"""The solver's progress line on stderr: a bound below zero (CP-SAT's early bound, which no
schedule's penalties reach) is not printed as a number."""

from __future__ import annotations

from scheduler.solver.search import Progress
from service.cli.solve import _progress_printer


def test_a_negative_bound_is_not_printed_as_a_number(capsys):
    show = _progress_printer(quiet=False)
    show(Progress(elapsed=1.0, objective=5120, bound=-3.2e9, solutions=1, phase="search"))
    show(Progress(elapsed=2.0, objective=4800, bound=4100, solutions=2, phase="search"))
    first, second = capsys.readouterr().err.splitlines()
    assert first.endswith("best objective 5,120  bound not proven yet") and "-" not in first
    assert second.endswith("best objective 4,800  bound 4,100")
