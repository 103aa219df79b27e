"""`rota push` end to end through the CLI against the local PagerDuty (contract section 11):
the one summary line, exit 2 before any write for a missing alias or credential, exit 1 with
one line for a refusal, the team file's `pager:` targets, and a token that is never printed."""

from __future__ import annotations

import pytest

from service.cli import main
from tests.pager.conftest import HOUR, MONDAY_9, PLAN, TEAM_YAML, schedule_csv
from tests.pager.servers.pagerduty_server import TOKEN

FROM = (MONDAY_9 - HOUR).isoformat()


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("ROTA_DB", f"sqlite:///{tmp_path / 'rota.db'}")
    monkeypatch.setenv("PAGERDUTY_TOKEN", TOKEN)
    team, plan = tmp_path / "team.yaml", tmp_path / "schedule.csv"
    team.write_text(TEAM_YAML)
    plan.write_text(schedule_csv(*PLAN))
    return str(team), str(plan)


def push(files, pagerduty, *extra: str) -> int:
    team, plan = files
    return main(["push", "pagerduty", team, plan, "--target", "PSCHED1", "--role", "primary",
                 "--from", FROM, "--api-url", pagerduty.url, *extra])


def test_push_prints_one_line_and_a_second_push_changes_nothing(files, pagerduty, capsys):
    assert push(files, pagerduty) == 0
    assert push(files, pagerduty) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["created 4, deleted 0, unchanged 0, kept 0 made by others",
                   "created 0, deleted 0, unchanged 4, kept 0 made by others"]


def test_dry_run_prints_each_create_and_sends_no_write(files, pagerduty, capsys):
    assert push(files, pagerduty, "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "created 4, deleted 0, unchanged 0, kept 0 made by others (dry run)"
    assert out[1] == "  would create 2027-01-04 09:00-21:00 primary alice (PALICE1)"
    assert len(out) == 5 and pagerduty.writes == 0
    assert {m for m, _ in pagerduty.requests} == {"GET"}


def test_a_member_without_alias_is_exit_2_before_any_request(files, pagerduty, capsys):
    team, _ = files
    with open(team, "w") as f:
        f.write(TEAM_YAML.replace("{id: bob, aliases: {pagerduty: PBOB002}}", "{id: bob}"))
    assert push(files, pagerduty) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "member 'bob'" in err and "aliases.pagerduty" in err
    assert pagerduty.requests == []


def test_a_missing_token_is_exit_2_and_a_wrong_one_exit_1_never_printed(
        files, pagerduty, capsys, monkeypatch):
    monkeypatch.delenv("PAGERDUTY_TOKEN")
    assert push(files, pagerduty) == 2
    assert "PAGERDUTY_TOKEN" in capsys.readouterr().err and pagerduty.requests == []
    monkeypatch.setenv("PAGERDUTY_TOKEN", "s3cret-wrong")
    assert push(files, pagerduty) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "HTTP 401: Unauthorized" in err and "s3cret" not in err


def test_the_team_files_pager_targets_are_pushed_without_tool_or_target(
        files, pagerduty, capsys, monkeypatch):
    monkeypatch.setenv("ROTA_PAGERDUTY_API_URL", "http://unused.invalid")  # only the app reads it
    team, plan = files
    assert main(["push", team, plan, "--from", FROM, "--api-url", pagerduty.url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "created 4, deleted 0, unchanged 0, kept 0 made by others"]
    assert len(pagerduty.held("PSCHED1")) == 4


def test_bad_arguments_are_one_line_exit_2(files, pagerduty, capsys):
    team, plan = files
    assert main(["push", "pagerdoody", team, plan, "--target", "P", "--role", "primary"]) == 2
    assert main(["push", "pagerduty", team, plan, "--role", "primary"]) == 2
    assert main(["push", "pagerduty", team, plan, "--target", "P", "--role", "primary",
                 "--from", "tomorrow"]) == 2
    assert [line.split(":")[1] for line in capsys.readouterr().err.splitlines()] == [
        " push", " push pagerduty", " --from"]


def test_building_the_cli_does_not_import_httpx():
    import subprocess
    import sys

    code = "import sys, service.cli; service.cli.build_parser(); print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
