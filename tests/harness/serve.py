"""Run `streamlit run app.py` in a child process on a free loopback port: for the browser tests
(tests/e2e) and the page-speed benchmark (bench/app.py), which both need a real server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_served(url: str, server: subprocess.Popen, timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited early with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} was not served within {timeout:.0f} s")


@contextmanager
def running_app(db_path: Path, log: Path, *, port: int | None = None,
                extra_args: Sequence[str] = ()) -> Iterator[str]:
    """The base URL of a fresh `streamlit run app.py` using `db_path` as its store. The server
    runs in its own process group, which is ended on exit. `extra_args` go to streamlit run
    (e.g. `--secrets.files`); pass `port` when they need to know it."""
    port = port or free_port()
    env = {**os.environ, "ROTA_DB": f"sqlite:///{db_path}"}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", *extra_args],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(f"{base}/_stcore/health", server)
        yield base
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def wait_idle(page, timeout: int = 60_000) -> None:  # page: playwright Page
    """Until Streamlit's script run is over (its running-status widget disappears)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def screenshot_path(name: str) -> str:
    """Where a browser test saves its screenshot: docs/screenshot-<name>.png (the README's
    images) when ROTA_SCREENSHOTS=1, else a scratch file, so an ordinary test run leaves the
    working tree as it was."""
    if os.environ.get("ROTA_SCREENSHOTS") == "1":
        folder = REPO / "docs"
    else:
        folder = Path(tempfile.gettempdir()) / "rota-screenshots"
    folder.mkdir(exist_ok=True)
    return str(folder / f"screenshot-{name}.png")


@contextmanager
def chromium_page(width: int, height: int) -> Iterator[Any]:
    """A Playwright page in Debian's headless Chromium (skips the test when it is missing);
    the browser is closed on exit, whatever the test did."""
    import pytest

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()
