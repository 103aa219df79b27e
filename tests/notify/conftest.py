"""A store with the notify team published, a real SMTP server and a real channel endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from service.access import CLI_ACTOR
from service.actions.overrides import enter_override
from service.cli import main
from service.store import open_store
from tests.harness.notify_servers import Mailbox, Posts, json_endpoint, smtp_server
from tests.harness.notify_team import CHANNEL_ENV, TEAM_NAME, TEAM_YAML, schedule_csv


@dataclass
class Notified:
    """The running servers and a way to run `rota notify` against them."""

    mailbox: Mailbox
    posts: Posts
    channel_url: str
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch

    def notify(self, at: str, *extra: str) -> tuple[int, list[str], list[str]]:
        """Exit status, stdout lines and stderr lines of `rota notify payments-sre --at AT`."""
        self.capsys.readouterr()
        code = main(["notify", TEAM_NAME, "--at", at, *extra])
        out, err = self.capsys.readouterr()
        return code, out.splitlines(), err.splitlines()

    def override(self, person: str, start: datetime, end: datetime) -> None:
        enter_override(open_store(), CLI_ACTOR, TEAM_NAME, "primary", person, start, end)

    def smtp_down(self, port: int) -> None:
        self.monkeypatch.setenv("ROTA_SMTP_URL", f"smtp://127.0.0.1:{port}")


@pytest.fixture
def notified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> Iterator[Notified]:
    monkeypatch.setenv("ROTA_DB", f"sqlite:///{tmp_path}/rota.db")
    monkeypatch.setenv("ROTA_MAIL_FROM", "rota@example.com")
    (tmp_path / "team.yaml").write_text(TEAM_YAML)
    (tmp_path / "schedule.csv").write_text(schedule_csv())
    with smtp_server() as (smtp_url, mailbox), json_endpoint() as (channel_url, posts):
        monkeypatch.setenv("ROTA_SMTP_URL", smtp_url)
        monkeypatch.setenv(CHANNEL_ENV, channel_url)
        assert main(["publish", str(tmp_path / "team.yaml"), str(tmp_path / "schedule.csv")]) == 0
        yield Notified(mailbox, posts, channel_url, capsys, monkeypatch)
