"""Feed benchmark: a team feed for a year of 12-hour primary and secondary shifts (~1,460
events), served by the real feed route on loopback.

Prints the build time of the calendar, then the median and p99 latency of N requests from C
concurrent clients, once cold (first request builds) and then cached.

    python bench/feeds.py                      # uvicorn serving service.web.feeds.feed_routes()
    python bench/feeds.py --streamlit          # `streamlit run app.py`, the production server
    python bench/feeds.py --requests 1000 --clients 50

When `wrk` is installed (`apt-get install wrk`), wrk then loads the same feed with 1 and with
50 keep-alive connections (10 s each) and prints its median and p99.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scheduler import Assignment, Schedule, expand, parse_team  # noqa: E402
from scheduler.formats.csvfile import schedule_csv  # noqa: E402
from scheduler.formats.ical import build_calendar  # noqa: E402
from service.store import Store  # noqa: E402
from service.web.feeds import feed_path  # noqa: E402

MEMBERS = 8
TEAM_YAML = "\n".join([
    "team: bench-sre",
    "timezone: Europe/Berlin",
    "start: 2027-01-01",
    "end: 2028-01-01",
    "roles: [primary, secondary]",
    "shifts:",
    '  - {name: day,   start: "09:00", end: "21:00"}',
    '  - {name: night, start: "21:00", end: "09:00"}',
    "members:",
    *[f"  - {{id: m{i}, name: Member {i}}}" for i in range(MEMBERS)],
]) + "\n"


def year_schedule() -> Schedule:
    team = parse_team(TEAM_YAML, "bench-team.yaml")
    shifts = expand(team)
    people = [m.id for m in team.members]
    assignments = [Assignment(s, role, people[(2 * s.index + r) % len(people)])
                   for s in shifts for r, role in enumerate(team.roles)]
    return Schedule(team=team, shifts=shifts, assignments=assignments)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, db_url: str, streamlit: bool) -> subprocess.Popen:
    env = {**os.environ, "ROTA_DB": db_url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    if streamlit:
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless",
                   "true", "--server.port", str(port), "--server.address", "127.0.0.1"]
    else:
        command = [sys.executable, "-c",
                   "import uvicorn; from starlette.applications import Starlette; "
                   "from service.web.feeds import feed_routes; "
                   f"uvicorn.run(Starlette(routes=feed_routes()), host='127.0.0.1', port={port},"
                   " log_level='warning')"]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def wait_ready(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # Readiness on an unknown token, so the first real request is still cold.
            if httpx.get(url, timeout=2).status_code == 404:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} not ready after {timeout:.0f} s")


async def load(url: str, requests: int, clients: int) -> list[float]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            while not queue.empty():
                queue.get_nowait()
                began = time.perf_counter()
                # Raw bytes: time the server's answer, not the client un-gzipping it.
                async with client.stream("GET", url) as response:
                    async for _ in response.aiter_raw():
                        pass
                latencies.append(time.perf_counter() - began)
                assert response.status_code == 200, response.status_code

        await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies


def summary(name: str, latencies: list[float]) -> str:
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
    return (f"{name}: n={len(ms)} median={statistics.median(ms):.1f} ms "
            f"p99={p99:.1f} ms max={ms[-1]:.1f} ms")


def server_cpu_seconds(server: subprocess.Popen) -> float | None:
    """CPU time used so far by the server's process group (Linux /proc), or None.

    Why: on a machine shared with other jobs, latency measures the queue for the cores as much
    as the server; CPU time per request measures the server alone."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    total = 0
    for entry in proc.iterdir():
        try:
            if entry.name.isdigit() and os.getpgid(int(entry.name)) == server.pid:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        except OSError:
            continue  # a process that ended meanwhile
    return total / os.sysconf("SC_CLK_TCK")


def wrk_summary(url: str, clients: int, server_name: str, server: subprocess.Popen,
                seconds: int = 10) -> str:
    """The same load from wrk (C, one thread) over keep-alive connections: the Python client
    above competes with the server for the two cores, so its latencies overstate the server's."""
    cpu_before = server_cpu_seconds(server)
    result = subprocess.run(
        ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--latency",
         "-H", "Accept-Encoding: gzip", url],
        capture_output=True, text=True, timeout=seconds + 30, check=True)
    cpu_after = server_cpu_seconds(server)
    lines = result.stdout.splitlines()
    picked = {line.split()[0]: line.split()[1] for line in lines
              if line.strip().startswith(("50%", "99%"))}
    total = next((line.strip() for line in lines if "requests in" in line), "")
    rate = next((line.strip() for line in lines if line.startswith("Requests/sec")), "")
    served = int(total.split()[0]) if total else 0
    cpu = ""
    if cpu_before is not None and cpu_after is not None and served:
        cpu = f"; server CPU {(cpu_after - cpu_before) / served * 1e6:.0f} us/request"
    return (f"wrk, {clients} connections, {server_name}: median={picked.get('50%')} "
            f"p99={picked.get('99%')} ({total}; {rate}{cpu})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--streamlit", action="store_true", help="serve with streamlit run app.py")
    args = parser.parse_args()

    schedule = year_schedule()
    began = time.perf_counter()
    body = build_calendar(schedule)
    build_seconds = time.perf_counter() - began
    events = body.count(b"BEGIN:VEVENT")
    print(f"team feed: {events} events, {len(body) / 1024:.0f} KiB, "
          f"built in {build_seconds * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/bench.db"
        store = Store(db_url)
        store.publish(TEAM_YAML, schedule_csv(schedule))
        token = store.feed_token("bench-sre")
        assert token is not None
        port = _free_port()
        server = start_server(port, db_url, args.streamlit)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(base + feed_path("not-a-token"))
            url = base + feed_path(token)
            began = time.perf_counter()
            first = httpx.get(url, timeout=30)
            print(f"first request (builds and caches): {(time.perf_counter() - began) * 1000:.0f}"
                  f" ms, {len(first.content)} bytes")
            server_name = "streamlit run app.py" if args.streamlit else "uvicorn"
            latencies = asyncio.run(load(url, args.requests, args.clients))
            print(summary(f"cached, {args.clients} clients, {server_name}", latencies))
            if shutil.which("wrk"):
                for connections in (1, 50):
                    print(wrk_summary(url, connections, server_name, server))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
