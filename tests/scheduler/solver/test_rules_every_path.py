"""Contract section 10: one set of hard rules on every path. For each rule of issue 19 (required
skills, shadows, busy time, rest and the weekly cap), each path that writes or changes a
schedule (solve, replan, override, cover) keeps it, and the rulebook's independent check
(`scheduler.solver.rules.violations`) catches a schedule that breaks it."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.domain import SHADOW, Schedule, Team, TimeOff
from scheduler.errors import HardRuleError, InfeasibleError
from scheduler.formats.csvfile import read_schedule, write_schedule
from scheduler.living.cover import cover, cover_row
from scheduler.living.diff import diff_schedules, gained_and_lost
from scheduler.living.holding import Piece, hard_breaks, soft_breaks
from scheduler.living.overrides import Override, apply_override
from scheduler.replan.plan import replan
from scheduler.solver.rules import violations
from scheduler.solver.solve import solve
from scheduler.teamfile.busy import BusyRow, with_busy
from scheduler.teamfile.parse import parse_team
from service.cli import main
from tests.harness.teams import make_team, team_yaml

BERLIN = ZoneInfo("Europe/Berlin")
FAST = {"time_limit": 3, "seed": 1}
FROM = datetime(2027, 1, 7, tzinfo=BERLIN)
SKILLS = {"required_skills": ["failover", "rollback"], "min_rest_hours": 12}
# alice is the one member with both skills; failover is also carol's and fay's, rollback bob's
# and erin's.
SKILLED = [{"id": "alice", "skills": ["failover", "rollback"]},
           {"id": "bob", "skills": ["rollback"]},
           {"id": "carol", "skills": ["failover"]},
           {"id": "dan", "skills": ["tracing"]},
           {"id": "erin", "skills": ["rollback"]},
           {"id": "fay", "skills": ["failover"]},
           {"id": "tina", "skills": ["rollback"], "shadow_shifts": 3, "roles": ["secondary"]}]


def away(team: Team, who: str, start: date, end: date) -> Team:
    member = team.member(who)
    member = replace(member, time_off=(*member.time_off, TimeOff(start, end)))
    return replace(team, members=tuple(member if m.id == who else m for m in team.members))


@pytest.fixture(scope="module")
def skilled() -> Schedule:
    schedule = solve(make_team(SKILLED, rules=SKILLS), **FAST)
    assert violations(schedule) == []
    return schedule


def piece(row) -> Piece:
    return Piece(row.shift, row.role, row.start, row.end)


def shift_rows(schedule: Schedule, index: int):
    return [a for a in schedule.assignments if a.shift.index == index]


def failover_only_rows(schedule: Schedule):
    """Rows (after FROM) whose holder is their shift's only failover holder."""
    skills = {m.id: m.skills for m in schedule.team.members}
    for a in schedule.assignments:
        others = [b for b in shift_rows(schedule, a.shift.index) if b is not a and b.role != SHADOW]
        if a.role != SHADOW and a.start >= FROM and "failover" in skills[a.person] \
                and not any("failover" in skills[b.person] for b in others):
            yield a


def free_without_failover(schedule: Schedule):
    """(row, member) where the member could take the row by their own rules (role, time off,
    overlap, rest, cap) but has no failover, and the row's holder is its shift's only one."""
    skills = {m.id: m.skills for m in schedule.team.members}
    return [(row, m.id) for row in failover_only_rows(schedule) for m in schedule.team.members
            if m.id != row.person and "failover" not in skills[m.id]
            and not hard_breaks(schedule, m.id, [piece(row)], [row])
            and not soft_breaks(schedule, m.id, [piece(row)], [row])]


# ------------------------------------------------------------------ required skills


def test_replan_keeps_required_skills_with_the_both_skills_member_away(skilled):
    team = away(skilled.team, "alice", date(2027, 1, 7), date(2027, 1, 10))
    result = replan(team, skilled, replan_from=FROM, **FAST)
    assert violations(result.schedule) == []


def test_cover_offers_only_candidates_that_keep_the_skills(skilled):
    skills = {m.id: m.skills for m in skilled.team.members}
    offered = [(row, c.candidate) for row in failover_only_rows(skilled)
               for c in cover_row(skilled, row)]
    assert offered, "somebody with failover is free to take some row"
    assert all("failover" in skills[who] for _, who in offered)
    # Members free for those rows by their own rules, but without the skill, are not offered.
    assert free_without_failover(skilled)


def test_override_that_drops_a_required_skill_is_refused_naming_shift_and_skill(skilled):
    row, who = free_without_failover(skilled)[0]
    label = row.shift.start.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M")
    with pytest.raises(HardRuleError, match=f"required skills rule: {label} {row.shift.template}: "
                                            "nobody holds required skill 'failover'"):
        apply_override(skilled, Override(row.role, who, row.start, row.end))


def test_override_keeping_the_skills_is_accepted(skilled):
    taken = 0
    for row in failover_only_rows(skilled):
        for who in (c.candidate for c in cover_row(skilled, row)):
            result = apply_override(skilled, Override(row.role, who, row.start, row.end))
            assert violations(result.schedule) == []
            taken += 1
    assert taken


def test_a_skill_one_person_cannot_carry_is_explained_with_the_numbers():
    team = make_team([{"id": "alice", "skills": ["dbswitch"]}, {"id": "bob"}, {"id": "carol"}],
                     rules={"required_skills": ["dbswitch"], "min_rest_hours": 12,
                            "max_shifts_per_week": 4})
    with pytest.raises(InfeasibleError) as err:
        solve(team, time_limit=3)
    assert ("required skill 'dbswitch' is held only by alice; the plan's 14 shifts need it, "
            "but min_rest_hours and max_shifts_per_week let alice hold at most 4") in str(err.value)


def test_replan_explains_a_skill_its_holders_cannot_carry(skilled):
    team = away(away(skilled.team, "alice", date(2027, 1, 7), date(2027, 1, 10)),
                "carol", date(2027, 1, 7), date(2027, 1, 10))
    with pytest.raises(InfeasibleError, match="required skill 'failover' is held only by "
                                              "alice and carol and fay; the plan's 8 shifts "
                                              "need it, but min_rest_hours lets alice and "
                                              "carol and fay together hold at most 4"):
        replan(team, skilled, replan_from=FROM, **FAST)


# ------------------------------------------------------------------ shadows


def shadows(schedule: Schedule) -> dict[datetime, str | None]:
    return {a.start: a.person for a in schedule.assignments if a.role == SHADOW}


def test_replan_keeps_every_shadow_row_and_the_exact_count(skilled):
    team = away(skilled.team, "alice", date(2027, 1, 7), date(2027, 1, 10))
    result = replan(team, skilled, replan_from=FROM, **FAST)
    before, after = shadows(skilled), shadows(result.schedule)
    assert len(after) == 3
    assert {t: p for t, p in before.items() if t < FROM} == {t: p for t, p in after.items()
                                                           if t < FROM}
    assert violations(result.schedule) == []


def test_replan_moves_a_shadow_row_that_can_no_longer_be_and_diff_shows_it(skilled):
    later = sorted(t for t in shadows(skilled) if t >= FROM)
    assert later, "the fixture shadows a shift after FROM"
    day = later[0].astimezone(BERLIN).date()
    team = away(skilled.team, "tina", day, day)
    result = replan(team, skilled, replan_from=FROM, **FAST)
    assert violations(result.schedule) == []
    moved = [c for c in diff_schedules(skilled, result.schedule) if c.role == SHADOW]
    assert {(c.person, c.change) for c in moved} >= {("tina", "lost"), ("tina", "gained")}
    assert result.changed >= 1


def test_override_putting_a_trainee_on_a_shadowed_primary_is_refused():
    members = [*({"id": f"m{i}"} for i in range(4)), {"id": "tina", "shadow_shifts": 1},
               {"id": "tom", "shadow_shifts": 1}]
    schedule = solve(make_team(members, rules={"min_rest_hours": 12}), **FAST)
    assert violations(schedule) == []
    shadow = next(a for a in schedule.assignments if a.role == SHADOW and a.person == "tina")
    assert all(a.person != "tom" for a in shift_rows(schedule, shadow.shift.index))
    other = next(a for a in schedule.assignments if a.role == "primary"
                 and a.shift.index != shadow.shift.index and a.person != "tina"
                 and all(b.role != SHADOW for b in shift_rows(schedule, a.shift.index)))
    with pytest.raises(HardRuleError, match=r"shadows rule: .* tina shadows a primary who is a "
                                            r"trainee or nobody \(tom\)"):
        apply_override(schedule, Override("primary", "tom", shadow.start, shadow.end))
    # A trainee may hold the primary of a shift nobody shadows (their roles allow it).
    taken = apply_override(schedule, Override("primary", "tina", other.start, other.end))
    assert not [v for v in violations(taken.schedule) if "shadow" in v]


# ------------------------------------------------------------------ rest and the weekly cap


def test_cover_candidates_keep_rest_and_the_weekly_cap():
    team = make_team(8, rules={"min_rest_hours": 12, "max_shifts_per_week": 4})
    schedule = solve(team, **FAST)
    person = schedule.assignments[0].person
    for row, candidates in cover(schedule, person, schedule.shifts[0].start,
                                 schedule.shifts[0].start + timedelta(days=3)):
        for c in candidates:
            result = apply_override(schedule, Override(row.role, c.candidate, row.start, row.end))
            assert result.warnings == []
            assert violations(result.schedule) == []


def test_override_breaking_rest_warns_and_the_check_sees_it():
    schedule = solve(make_team(4, rules={"min_rest_hours": 12}), **FAST)
    day, night = schedule.assignments[0], schedule.assignments[2]  # day primary, night primary
    result = apply_override(schedule, Override("primary", day.person, night.start, night.end))
    assert any("min rest" in w for w in result.warnings)
    assert any("rests" in v for v in violations(result.schedule))


def test_rota_solve_names_a_skill_its_holder_cannot_carry_in_one_line(tmp_path, capsys):
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml([{"id": "alice", "skills": ["dbswitch"]}, {"id": "bob"},
                               {"id": "carol"}],
                              rules={"required_skills": ["dbswitch"], "min_rest_hours": 12,
                                     "max_shifts_per_week": 4}))
    code = main(["solve", str(team), "--out", str(tmp_path / "s.csv"), "--time-limit", "3",
                 "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert err.splitlines()[0].endswith(
        "required skill 'dbswitch' is held only by alice; the plan's 14 shifts need it, but "
        "min_rest_hours and max_shifts_per_week let alice hold at most 4")


# ------------------------------------------------------------------ busy time elsewhere


def test_busy_time_elsewhere_holds_on_replan_and_cover(skilled):
    row = next(a for a in skilled.assignments if a.start >= FROM and a.role == "primary")
    assert row.person is not None
    busy_team = with_busy(skilled.team, [BusyRow(row.person, row.start + timedelta(hours=1),
                                                 row.start + timedelta(hours=2), "other.csv:2")])
    stale = replace(skilled, team=busy_team)
    assert any(f"{row.person} is busy in another team" in v for v in violations(stale))
    result = replan(busy_team, skilled, replan_from=FROM, **FAST)
    assert violations(result.schedule) == []
    assert result.changed >= 1
    # cover: a candidate busy elsewhere right before the row is offered no more; others stay
    other, offered = next((a, c) for a in skilled.assignments if a.start >= FROM
                          and a.role != SHADOW and len(c := cover_row(skilled, a)) >= 2)
    first = offered[0].candidate
    busy_first = with_busy(skilled.team, [BusyRow(first, other.start - timedelta(hours=2),
                                                  other.start, "other.csv:2")])
    after = [c.candidate for c in cover_row(replace(skilled, team=busy_first), other)]
    assert first not in after
    assert after == [c.candidate for c in offered[1:]]


def test_the_rules_checks_load_without_or_tools():
    # `rota cover` and `rota override` read every rule's check; none of them needs the solver.
    code = ("import sys, scheduler.living.cover, scheduler.living.overrides, scheduler.solver.rules; "
            "print(any(m.startswith('ortools') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_rota_replan_reports_a_moved_shadow_row_as_a_change(skilled, tmp_path, capsys):
    later = sorted(t for t in shadows(skilled) if t >= FROM)
    day = later[0].astimezone(BERLIN).date()
    members = [dict(m) for m in SKILLED]
    members[-1]["time_off"] = [{"start": day.isoformat(), "end": day.isoformat()}]
    team = tmp_path / "team.yaml"
    team.write_text(team_yaml(members, rules=SKILLS))
    previous, out = tmp_path / "previous.csv", tmp_path / "new.csv"
    write_schedule(skilled, previous)
    assert main(["replan", str(team), "--previous", str(previous), "--out", str(out),
                 "--from", FROM.isoformat(), "--time-limit", "3", "--seed", "1"]) == 0
    printed = capsys.readouterr().out
    changes = diff_schedules(skilled, read_schedule(out, parse_team(team.read_text(), "t")))
    moved = {(c.person, c.change) for c in changes if c.role == SHADOW}
    assert moved == {("tina", "lost"), ("tina", "gained")}
    gained, lost = gained_and_lost(changes)["tina"]
    assert f"tina,{gained},{lost}" in printed.splitlines()
    assert printed.startswith(f"changed rows: {sum(c.change == 'lost' for c in changes)} ")
    assert sum(1 for line in out.read_text().splitlines() if ",shadow," in line) == 3
