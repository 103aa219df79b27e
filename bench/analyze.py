"""Benchmark `rota analyze` on a generated PagerDuty export: 1,000,000 incidents, 50 people,
2 years (issue 3). Targets on a 2-core machine: end to end <= 10 s, peak memory <= 2 GB, and
<= 2x the time of plain `pandas.read_csv(path, engine="pyarrow")` on the same file.

    python bench/analyze.py [--incidents N] [--runs R] [--multiline SHARE] [--dir DIR]

The file is generated here, seeded, and never committed. Each run times the baseline read and
the `rota analyze` command (a fresh process, imports included) back to back, so the ratio of one
run shares the machine's noise; the medians over runs are printed, of wall time and of CPU time
(user + system over all threads, which waiting for a busy core does not inflate).
"""

from __future__ import annotations

import argparse
import resource
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


def read_code(path: Path, multiline: bool) -> str:
    """Plain pandas read_csv with the pyarrow engine. It can't read cells that span lines (its
    chunker loses sync), so such a file is read by pyarrow itself with newlines_in_values,
    the fastest reader that copes, converted to pandas the same way."""
    if multiline:
        return (f"import pyarrow.csv as c; c.read_csv({str(path)!r}, parse_options=c.ParseOptions("
                "newlines_in_values=True)).to_pandas()")
    return f"import pandas as pd; pd.read_csv({str(path)!r}, engine='pyarrow')"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_read(path: Path, multiline: bool) -> tuple[float, float, float]:
    """Seconds of the baseline read in this process, and wall and CPU seconds as a fresh
    process (like rota's)."""
    code = read_code(path, multiline)
    start = time.perf_counter()
    exec(code, {})
    in_process = time.perf_counter() - start
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return in_process, time.perf_counter() - start, _children_cpu() - cpu


def time_analyze(pages: Path, team: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, all threads) and peak RSS (MB) of one
    `rota analyze` process. CPU time is what to compare on a machine shared with other jobs:
    waiting for a core counts in wall time only."""
    command = [sys.executable, "-m", "service.cli", "analyze", str(pages),
               "--team", str(team), "--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all children so far, hence max with before.
    return seconds, cpu, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--multiline", type=float, default=0.0,
                        help="share of descriptions that span two lines (default 0)")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "rota-bench")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    pages = args.dir / f"pages-{args.incidents}-{args.multiline:g}.csv"
    team = args.dir / "team.yaml"
    write_team(team)
    if not pages.exists():
        start = time.perf_counter()
        write_pages(pages, args.incidents, args.multiline)
        print(f"generated {pages} ({pages.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - start:.1f} s")
    rows: list[tuple[float, ...]] = []
    for run in range(args.runs):
        read, read_process, read_cpu = time_read(pages, args.multiline > 0)
        seconds, cpu, peak = time_analyze(pages, team, args.dir / "out")
        rows.append((read, read_process, seconds, peak, read_cpu, cpu))
        print(f"run {run + 1}: read in-process {read:.2f} s, read as a process "
              f"{read_process:.2f} s (CPU {read_cpu:.2f} s), rota analyze {seconds:.2f} s "
              f"(CPU {cpu:.2f} s), ratio to process {seconds / read_process:.2f}, "
              f"CPU ratio {cpu / read_cpu:.2f}, to in-process {seconds / read:.2f}, "
              f"peak RSS so far {peak:.0f} MB")
    read, read_process, seconds, _, read_cpu, cpu = (statistics.median(c)
                                                     for c in zip(*rows, strict=True))
    ratio_process = statistics.median(r[2] / r[1] for r in rows)
    ratio_cpu = statistics.median(r[5] / r[4] for r in rows)
    ratio_in = statistics.median(r[2] / r[0] for r in rows)
    print(f"median of {args.runs}: read in-process {read:.2f} s, read as a process "
          f"{read_process:.2f} s (CPU {read_cpu:.2f} s), rota analyze {seconds:.2f} s "
          f"(CPU {cpu:.2f} s), ratio to process {ratio_process:.2f}, CPU ratio {ratio_cpu:.2f}, "
          f"to in-process {ratio_in:.2f}, peak RSS {max(r[3] for r in rows):.0f} MB")


if __name__ == "__main__":
    main()
