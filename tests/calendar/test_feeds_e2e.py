"""End to end: a real subscribing client (vdirsyncer's `http` storage) syncs a feed served by
a real `streamlit run app.py` on a loopback port, with a temporary ROTA_DB."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import icalendar
import pytest

from scheduler.formats.csvfile import schedule_csv
from service.store import Store
from service.web.feeds import feed_path
from tests.harness.calendar_team import TEAM_YAML, round_robin
from tests.harness.serve import free_port, wait_until_served

REPO = Path(__file__).resolve().parents[2]
def _wait_for_new_etag(url: str, old: str) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if urllib.request.urlopen(url, timeout=5).headers["ETag"] != old:
            return
        time.sleep(0.2)
    pytest.fail("the new publication was not served within 10 s")


VDIRSYNCER_CONFIG = """\
[general]
status_path = "{status}"

[pair rota]
a = "rota_feed"
b = "rota_local"
collections = null

[storage rota_feed]
type = "http"
url = "{url}"

[storage rota_local]
type = "filesystem"
path = "{vdir}"
fileext = ".ics"
"""


def _vdirsyncer(config: Path, *args: str) -> None:
    exe = shutil.which("vdirsyncer") or pytest.skip("vdirsyncer is not installed")
    result = subprocess.run([exe, "-c", str(config), *args], capture_output=True, text=True,
                            timeout=60, input="")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.e2e
def test_vdirsyncer_subscribes_to_a_feed_served_by_streamlit(tmp_path, team):
    db_url = f"sqlite:///{tmp_path}/rota.db"
    store = Store(db_url)
    schedule = round_robin(team)
    store.publish(TEAM_YAML, schedule_csv(schedule))
    token = store.feed_token("payments-sre", "alice")

    port = free_port()
    env = {**os.environ, "ROTA_DB": db_url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)  # its own process group, so the teardown reaches every child
    try:
        url = f"http://127.0.0.1:{port}{feed_path(token)}"
        wait_until_served(url, server)

        vdir = tmp_path / "vdir"
        vdir.mkdir()
        config = tmp_path / "vdirsyncer.conf"
        config.write_text(VDIRSYNCER_CONFIG.format(
            status=f"{tmp_path}/status/", url=url, vdir=f"{vdir}/"))
        _vdirsyncer(config, "discover")
        _vdirsyncer(config, "sync")

        arrived = {}
        for item in vdir.glob("*.ics"):
            for event in icalendar.Calendar.from_ical(item.read_bytes()).walk("VEVENT"):
                arrived[str(event["UID"])] = event
        mine = [a for a in schedule.assignments if a.person == "alice"]
        assert len(arrived) == len(mine)
        starts = sorted(e["DTSTART"].dt.timestamp() for e in arrived.values())
        assert starts == sorted(a.shift.start.timestamp() for a in mine)

        # A new publication moves one of alice's slots away; the next sync removes it.
        etag = urllib.request.urlopen(url, timeout=5).headers["ETag"]
        store.publish(TEAM_YAML, schedule_csv(round_robin(team, 1)))
        _wait_for_new_etag(url, etag)  # the server trusts version lookups for up to 1 s
        _vdirsyncer(config, "sync")
        now_mine = {a.shift.start.timestamp() for a in round_robin(team, 1).assignments
                    if a.person == "alice"}
        synced = set()
        for item in vdir.glob("*.ics"):
            for event in icalendar.Calendar.from_ical(item.read_bytes()).walk("VEVENT"):
                synced.add(event["DTSTART"].dt.timestamp())
        assert synced == now_mine
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
