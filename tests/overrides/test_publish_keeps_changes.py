"""No publish silently undoes another change (contract section 10): a schedule that drops an
override of the published version, or changes a row that has already started, is refused
naming what would be lost; --force publishes anyway and the audit trail says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from overrides_fixtures import BERLIN, alternating, at, make_team, team_yaml

from scheduler.formats.csvfile import schedule_csv
from scheduler.living.overrides import Override, apply_override
from scheduler.living.undo_check import undone_changes
from service.access import CLI_ACTOR
from service.actions import changes
from service.cli import main
from service.store import Store, open_store
from service.store.audit import recent

RULES = {"min_rest_hours": 12}


def test_dropping_an_override_is_an_undone_change_keeping_it_is_not():
    team = make_team(4, rules=RULES)
    original = alternating(team)
    final = apply_override(original, Override("primary", "m2", at("2027-01-04 12:00"),
                                              at("2027-01-04 14:00"))).schedule
    before_everything = at("2027-01-01 00:00")
    undone = undone_changes(final, original, before_everything)
    assert [(u.row.person, u.row.covers_for, u.replaced_by) for u in undone] == [
        ("m2", "m0", "m0")]
    assert undone[0].describe(BERLIN) == (
        "override 2027-01-04 12:00-14:00 CET primary: m2 covers for m0; "
        "the new schedule names m0")
    assert undone_changes(final, final, before_everything) == []
    # The override kept as a whole row for m2 (the row handed over entirely) undoes nothing.
    whole = apply_override(original, Override("primary", "m2", at("2027-01-04 09:00"),
                                              at("2027-01-04 21:00"))).schedule
    assert undone_changes(final, whole, before_everything) == []


def test_rows_that_started_before_now_must_keep_their_holders_later_rows_may_change():
    team = make_team(4, rules=RULES)
    current = alternating(team)
    rotated = alternating(team, ["m1", "m2", "m3", "m0"])  # every row changes hands
    now = at("2027-01-05 10:00")  # rows 0-2 (Mon day, Mon night, Tue day) have started
    undone = undone_changes(current, rotated, now)
    assert {u.row.start for u in undone} == {at("2027-01-04 09:00"), at("2027-01-04 21:00"),
                                            at("2027-01-05 09:00")}
    assert all(u.row.start < now for u in undone) and len(undone) == 6  # two roles each
    assert "started row 2027-01-05 09:00-21:00 CET primary held by m0" in \
        undone[-2].describe(BERLIN)
    # One instant earlier than the first start: nothing has started, nothing is undone.
    assert undone_changes(current, rotated, at("2027-01-04 09:00")) == []


def test_next_quarter_does_not_undo_this_one():
    this = alternating(make_team(4, rules=RULES))
    nxt = alternating(make_team(4, rules=RULES, start="2027-01-11", end="2027-01-18"),
                      ["m3", "m2", "m1", "m0"])
    assert undone_changes(this, nxt, at("2027-01-20 00:00")) == []


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """A team published as version 1, then an override published as version 2."""
    monkeypatch.setenv("ROTA_DB", f"sqlite:///{tmp_path}/rota.db")
    team, schedule, final = (tmp_path / n for n in ("team.yaml", "schedule.csv", "final.csv"))
    team.write_text(team_yaml(4, rules=RULES))
    schedule.write_text(schedule_csv(alternating(make_team(4, rules=RULES))))
    assert main(["publish", str(team), str(schedule)]) == 0
    assert main(["override", str(schedule), "--team", str(team), "--role", "primary",
                 "--person", "m2", "--start", "2027-01-04T12:00", "--end", "2027-01-04T14:00",
                 "--out", str(final)]) == 0
    assert main(["publish", str(team), str(final)]) == 0
    return team, schedule, final


def test_cli_publish_of_the_original_after_an_override_is_refused_naming_it(published, capsys):
    team, schedule, _ = published
    capsys.readouterr()
    assert main(["publish", str(team), str(schedule)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "would undo 1 change(s) of published version 2" in err
    assert "override 2027-01-04 12:00-14:00 CET primary: m2 covers for m0" in err
    assert "--force" in err and "rota replan" in err
    store = open_store()
    assert store.latest_version("cover-sre") == 2  # nothing was written


def test_cli_publish_force_undoes_and_the_audit_trail_says_so(published, capsys):
    team, schedule, _ = published
    assert main(["publish", str(team), str(schedule), "--force"]) == 0
    store = open_store()
    assert store.latest_version("cover-sre") == 3
    assert "covers_for" not in store.publication("cover-sre").schedule_csv.splitlines()[1]
    action, detail = next((e.action, e.detail) for e in recent(store, "cover-sre"))
    assert action == "publish (forced)"
    assert "undoing 1 change(s): override 2027-01-04 12:00-14:00 CET primary: m2 covers for m0" \
        in detail


def test_republishing_the_final_schedule_itself_is_not_refused(published):
    team, _, final = published
    assert main(["publish", str(team), str(final)]) == 0


def test_service_publish_refuses_a_change_to_a_started_row(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/rota.db")
    text = team_yaml(4, rules=RULES)
    team = make_team(4, rules=RULES)
    changes.publish(store, CLI_ACTOR, text, schedule_csv(alternating(team)),
                    now=at("2027-01-01 00:00"))
    rotated = schedule_csv(alternating(team, ["m1", "m2", "m3", "m0"]))
    with pytest.raises(changes.PublishRefused) as refused:
        changes.publish(store, CLI_ACTOR, text, rotated, now=at("2027-01-04 10:00"))
    assert [u.row.role for u in refused.value.undone] == ["primary", "secondary"]
    assert "started row 2027-01-04 09:00-21:00 CET primary held by m0; the new schedule " \
        "names m1" in str(refused.value)
    # Before the plan starts the same publish is a plain re-publish.
    assert changes.publish(store, CLI_ACTOR, text, rotated,
                           now=at("2027-01-04 08:59")).version == 2
