"""Repeatable under load: several `rota solve` runs at once, with the same team, seed and time
limit, write the same schedule; a run whose search a safety cap cut short says so on stderr
(and only such a run may differ)."""

import os
import subprocess
import sys
from pathlib import Path

from tests.harness.teams import team_yaml

RUNS = 3
MEMBERS = [{"id": f"m{i}"} for i in range(5)] + [
    {"id": "half", "weight": 0.5},
    {"id": "away", "time_off": [{"start": "2027-01-12", "end": "2027-01-15"}]},
]


def test_parallel_solves_give_the_same_schedule(tmp_path):
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml(MEMBERS, end="2027-01-25", rules={"min_rest_hours": 12}))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    procs = [
        subprocess.Popen([sys.executable, "-m", "service.cli", "solve", str(team), "--seed", "3",
                          "--time-limit", "2", "--out", str(tmp_path / f"s{i}.csv")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for i in range(RUNS)
    ]
    results = [(p.communicate(timeout=300), p.returncode) for p in procs]
    assert [code for _, code in results] == [0] * RUNS, [err for (_, err), _ in results]
    capped = ["cut the search short" in err for (_, err), _ in results]
    for (out, _), was_capped in zip(results, capped, strict=True):
        assert ("cut the search short" in out) == was_capped  # table note and stderr agree
    schedules = [(tmp_path / f"s{i}.csv").read_text() for i in range(RUNS)]
    uncapped = {text for text, was_capped in zip(schedules, capped, strict=True) if not was_capped}
    assert len(uncapped) <= 1, "runs the safety caps did not touch must agree byte for byte"
    assert any(not c for c in capped), "every run was cut short: the machine is far too slow"
