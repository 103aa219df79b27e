"""Benchmark `rota analyze` on a generated PagerDuty export: 1,000,000 incidents, 50 people,
2 years (issues 3 and 24), and `rota --help`. Targets on a 2-core machine: `rota analyze` end to
end <= 10 s, peak memory <= 1 GB, and <= 2x the time of a process that reads the same file with
`pandas.read_csv(path)` and default options; `rota --help` <= 0.3 s.

    python bench/analyze.py [--incidents N] [--runs R] [--multiline SHARE] [--dir DIR]

The file is generated here, seeded, and never committed. Each run times the baseline process
and the `rota analyze` process (imports included in both) back to back, so the ratio of one run
shares the machine's noise; the medians over runs are printed, of wall time and of CPU time
(user + system over all threads, which waiting for a busy core does not inflate). Peak memory
is each process's own maximum resident set (wait4), not the maximum over all children.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

ZONE = "Europe/Berlin"
PEOPLE = 50
START = pd.Timestamp("2025-01-06", tz=ZONE)
YEARS = 2
SERVICES = ["payments-api", "ledger", "checkout", "fraud-scoring", "card-gateway"]
SUMMARIES = [
    "High error rate on {s}",
    "p99 latency above SLO on {s}, region eu-west-1",
    "Disk usage 91% on {s}-db-2",
    '{s}: "connection refused" from upstream',
    "Queue backlog growing on {s}, consumer lag 12000",
]
MULTILINE = "Queue backlog growing on {s}\nconsumer lag 12000, partitions 3,7"


def write_team(path: Path) -> None:
    members = "\n".join(
        f"  - {{id: eng{i:02d}, name: Engineer {i:02d}, email: eng{i:02d}@example.com}}"
        for i in range(PEOPLE))
    path.write_text(
        f"team: bench-sre\ntimezone: {ZONE}\nstart: 2025-01-06\nend: 2027-01-04\n"
        "roles: [primary, secondary]\nshifts:\n"
        '  - {name: day, start: "09:00", end: "21:00"}\n'
        '  - {name: night, start: "21:00", end: "09:00"}\n'
        f"members:\n{members}\n", encoding="utf-8")


def iso_with_offset(instants: pd.DatetimeIndex) -> np.ndarray:
    """ISO 8601 in the team zone with its offset, like PagerDuty writes; no per-row strftime."""
    local = instants.tz_convert(ZONE)
    wall = local.tz_localize(None)
    offset_hours = ((wall - instants.tz_localize(None)) // pd.Timedelta(hours=1)).to_numpy()
    text = np.datetime_as_string(wall.to_numpy(dtype="datetime64[s]"), unit="s")
    return np.char.add(text, np.where(offset_hours == 2, "+02:00", "+01:00"))


def write_pages(path: Path, incidents: int, multiline: float, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    seconds = int(YEARS * 365 * 86400)
    created = START.tz_convert("UTC") + pd.to_timedelta(
        np.sort(rng.integers(0, seconds, incidents)), unit="s")
    created = pd.DatetimeIndex(created)
    people = np.array([f"Engineer {i:02d}" for i in range(PEOPLE)])
    responder = rng.integers(0, PEOPLE, incidents)
    acked = rng.random(incidents) < 0.9
    ack_seconds = rng.exponential(240, incidents).astype(np.int64) + 5
    resolve_seconds = ack_seconds + rng.exponential(3600, incidents).astype(np.int64)
    service = rng.integers(0, len(SERVICES), incidents)
    summary = rng.integers(0, len(SUMMARIES), incidents)
    text = np.array([[t.format(s=s) for s in SERVICES] for t in SUMMARIES])[summary, service]
    spans_lines = rng.random(incidents) < multiline
    text[spans_lines] = np.array([MULTILINE.format(s=s) for s in SERVICES])[service[spans_lines]]
    ids = np.char.add("Q", np.char.zfill(np.arange(incidents).astype(str), 12))
    table = pa.table({
        "id": ids,
        "incident_number": np.arange(1, incidents + 1),
        "description": text,
        "service_name": np.array(SERVICES)[service],
        "escalation_policy_name": np.full(incidents, "Payments primary"),
        "created_on": iso_with_offset(created),
        "resolved_on": iso_with_offset(created + pd.to_timedelta(resolve_seconds, unit="s")),
        "seconds_to_first_ack": np.where(acked, ack_seconds, 0),
        "seconds_to_resolve": resolve_seconds,
        "escalation_count": rng.integers(0, 3, incidents),
        "acknowledged_by_user_names": np.where(acked, people[responder], ""),
        "assigned_to_user_names": np.char.add(np.char.add(people[responder], ", "),
                                              people[(responder + 1) % PEOPLE]),
        "urgency": np.where(rng.random(incidents) < 0.7, "high", "low"),
    })
    pacsv.write_csv(table, path)


def baseline_code(path: Path) -> str:
    """The yardstick: a process that reads the file with pandas' defaults (C parser)."""
    return f"import pandas as pd; pd.read_csv({str(path)!r})"


def run_process(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, all threads) and peak RSS (MB) of one process.
    CPU time is what to compare on a machine shared with other jobs: waiting for a core counts
    in wall time only."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[:4]} exited with {process.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def rota(*words: str) -> list[str]:
    return [sys.executable, "-m", "service.cli", *words]


def help_seconds(runs: int) -> tuple[float, float]:
    """Median wall times of `rota --help` and of a bare interpreter (`python -c pass`), fresh
    processes run alternately so both see the same load: the difference is Rota's own."""
    rows = [(run_process(rota("--help"))[0], run_process([sys.executable, "-c", "pass"])[0])
            for _ in range(runs)]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)


def print_help_time(runs: int) -> None:
    rota_help, bare = help_seconds(runs)
    print(f"rota --help: median {rota_help:.3f} s of {runs} runs (python -c pass: {bare:.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--help-runs", type=int, default=7)
    parser.add_argument("--multiline", type=float, default=0.0,
                        help="share of descriptions that span two lines (default 0)")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "rota-bench")
    parser.add_argument("--help-only", action="store_true", help="time only `rota --help`")
    args = parser.parse_args()
    if args.help_only:
        return print_help_time(args.help_runs)
    args.dir.mkdir(parents=True, exist_ok=True)
    pages = args.dir / f"pages-{args.incidents}-{args.multiline:g}.csv"
    team = args.dir / "team.yaml"
    write_team(team)
    if not pages.exists():
        start = time.perf_counter()
        write_pages(pages, args.incidents, args.multiline)
        print(f"generated {pages} ({pages.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - start:.1f} s")
    analyze = rota("analyze", str(pages), "--team", str(team), "--out", str(args.dir / "out"))
    rows: list[tuple[float, ...]] = []
    for run in range(args.runs):
        read, read_cpu, read_peak = run_process([sys.executable, "-c", baseline_code(pages)])
        seconds, cpu, peak = run_process(analyze)
        rows.append((read, seconds, read_cpu, cpu, peak, read_peak))
        print(f"run {run + 1}: read_csv process {read:.2f} s (CPU {read_cpu:.2f} s, "
              f"{read_peak:.0f} MB), rota analyze {seconds:.2f} s (CPU {cpu:.2f} s, "
              f"{peak:.0f} MB), ratio {seconds / read:.2f}, CPU ratio {cpu / read_cpu:.2f}")
    read, seconds, read_cpu, cpu = (statistics.median(c) for c in list(zip(*rows, strict=True))[:4])
    ratio = statistics.median(r[1] / r[0] for r in rows)
    ratio_cpu = statistics.median(r[3] / r[2] for r in rows)
    print(f"median of {args.runs}: read_csv process {read:.2f} s (CPU {read_cpu:.2f} s), "
          f"rota analyze {seconds:.2f} s (CPU {cpu:.2f} s), ratio {ratio:.2f}, CPU ratio "
          f"{ratio_cpu:.2f}, peak RSS {max(r[4] for r in rows):.0f} MB (read_csv "
          f"{max(r[5] for r in rows):.0f} MB)")
    print_help_time(args.help_runs)


if __name__ == "__main__":
    main()
