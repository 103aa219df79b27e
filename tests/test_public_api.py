"""Guard the public API: every name in __all__ exists, and nothing is dropped by accident."""

import analysis
import scheduler


def test_scheduler_all_names_resolve():
    for name in scheduler.__all__:
        assert getattr(scheduler, name) is not None
    assert {"load_team", "solve", "Solver", "read_schedule", "write_schedule", "expand"} <= set(scheduler.__all__)


def test_analysis_all_names_resolve():
    for name in analysis.__all__:
        assert getattr(analysis, name) is not None
