"""A solve running in a background thread, so the page can show live progress and stop it.

The page keeps the job in st.session_state and polls it on every rerun: `progress` is the
newest Progress the solver reported, `result` the Schedule once done, `error` a one-line
message when it failed. `stop()` asks the solver to finish early; it then returns the best
schedule found so far.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from scheduler import InfeasibleError, Progress, RotaError, Schedule, Solver, Team
from service.cli.options.history import with_preload


@dataclass
class SolveJob:
    team: Team
    team_yaml: str
    time_limit: float
    seed: int = 0
    allow_gaps: bool = False
    preload: dict[str, list[int]] | None = None  # published history (scheduler.problem.history)
    note: str = ""  # what history the solve counts, shown with the result
    # A team with a published version is planned from `plan_from` on: the rows of `previous`
    # that start before it stay as published (a re-plan with every later row free to move).
    previous: Schedule | None = None
    plan_from: datetime | None = None
    started: float = field(default_factory=time.monotonic)
    progress: Progress | None = None
    result: Schedule | None = None
    error: str | None = None
    reasons: list[str] = field(default_factory=list)
    stopped: bool = False
    saved: bool = False

    def __post_init__(self) -> None:
        self._solver = Solver(self.team, time_limit=self.time_limit, seed=self.seed,
                              allow_gaps=self.allow_gaps,
                              on_progress=self._on_progress)
        self._thread = threading.Thread(target=self._run, name="rota-solve", daemon=True)

    def start(self) -> SolveJob:
        self._thread.start()
        return self

    def _on_progress(self, progress: Progress) -> None:
        self.progress = progress  # one attribute write: atomic under the GIL

    def _run(self) -> None:
        try:
            if self.previous is not None and self.plan_from is not None:
                self.result = self._replan(self.previous, self.plan_from)
            else:
                self.result = self._solver.solve(with_preload(self.team, self.preload))
        except InfeasibleError as exc:
            self.error, self.reasons = str(exc), list(exc.reasons)
        except RotaError as exc:
            self.error = str(exc)
        except Exception as exc:  # shown to the user, never a traceback
            self.error = f"solver failed: {type(exc).__name__}: {exc}"

    def _replan(self, previous: Schedule, plan_from: datetime) -> Schedule:
        from scheduler import replan_schedule as replan

        return replan(self.team, previous, replan_from=plan_from,
                      max_changes=len(previous.assignments), time_limit=self.time_limit,
                      seed=self.seed, allow_gaps=self.allow_gaps,
                      preload=self.preload).schedule

    @property
    def stoppable(self) -> bool:
        """A re-plan from now runs to its time limit; a fresh solve can stop early."""
        return self.previous is None

    def stop(self) -> None:
        self.stopped = True
        self._solver.stop()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()
