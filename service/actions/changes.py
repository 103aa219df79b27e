"""Every change a person can make to a team's stored state, gated and recorded.

Each function takes the acting `Actor`, checks it against the team *as stored* (a file being
uploaded cannot make its uploader a lead of an existing team), makes the change through the
store, and records it in the audit trail. The app and the CLI change state only through these
functions; the store's own methods are the unguarded layer below them.

Who may do what (contract section 9): the team's leads, the command line (CLI_ACTOR) and the
unconfigured single-machine app (LOCAL_ACTOR) may make every change; members and anonymous
visitors may make none of these.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler import (
    InputError,
    Schedule,
    SolveReport,
    Team,
    Undone,
    parse_schedule,
    parse_team,
    undo_summary,
    undone_changes,
)
from service.access import Actor, refusal, require_lead, state_changing
from service.pager.after_publish import after_publish
from service.store import Publication, Store, audit
from service.store.base import now as current_time


def stored_team(store: Store, name: str) -> Team | None:
    """The team as stored (the draft if there is one, else the newest published file)."""
    text = store.team_yaml(name)
    return None if text is None else parse_team(text, f"{name} (stored) team.yaml")


def _gate(store: Store, actor: Actor, incoming: Team, action: str) -> Team | None:
    """Check the actor against the stored team, or against the incoming file when the team is
    new (so whoever creates a team must list themselves among its leads)."""
    existing = stored_team(store, incoming.name)
    require_lead(actor, existing or incoming, action)
    return existing


def stored_or_refused(store: Store, actor: Actor, name: str, action: str) -> Team | None:
    """The team called `name` as stored. An unknown team is refused like a known one, so a
    refusal says nothing about which teams exist; a trusted caller gets None and goes on to
    the store's "unknown team" error."""
    team = stored_team(store, name)
    if team is None and not actor.trusted:
        raise refusal(actor, action, name)
    return team


def require_lead_of_stored(store: Store, actor: Actor, name: str, action: str) -> None:
    """Raise AccessDenied unless the actor leads the team called `name` as stored."""
    team = stored_or_refused(store, actor, name, action)
    if team is not None:
        require_lead(actor, team, action)


def _members_change(before: Team | None, after: Team) -> str:
    if before is None:
        return f"new team: {len(after.members)} members, leads: {', '.join(after.leads) or 'none'}"
    old, new = [m.id for m in before.members], [m.id for m in after.members]
    parts = [f"+{m}" for m in new if m not in old] + [f"-{m}" for m in old if m not in new]
    if before.leads != after.leads:
        parts.append(f"leads: {', '.join(after.leads) or 'none'}")
    return ", ".join(parts) or "members unchanged"


@state_changing
def save_team(store: Store, actor: Actor, team_yaml: str, source: str = "team.yaml") -> str:
    """Validate and store a team file as its team's draft (a new team, or an edit); returns
    the team name. Raises TeamFileError or AccessDenied with nothing stored."""
    incoming = parse_team(team_yaml, source)
    before = _gate(store, actor, incoming, "edit the team")
    name = store.save_team(team_yaml, source)
    audit.record(store, actor, "team edit" if before else "team create", name,
                 f"{source}: {_members_change(before, incoming)}")
    return name


@state_changing
def save_schedule(store: Store, actor: Actor, team_name: str, team_yaml: str,
                  schedule_csv: str, report: SolveReport | None) -> None:
    """Keep a solved (not yet published) schedule for the team."""
    require_lead_of_stored(store, actor, team_name, "solve")
    solved = parse_team(team_yaml, f"{team_name} team.yaml")
    rows = len(parse_schedule(schedule_csv, solved, f"{team_name} schedule.csv").assignments)
    store.save_schedule(team_name, team_yaml, schedule_csv, report)
    status = f", {report.status}" if report is not None else ""
    audit.record(store, actor, "solve", team_name,
                 f"{solved.start} to {solved.end}: {rows} rows{status}")


class PublishRefused(InputError):
    """Publishing would undo an override or change a row that has already started (contract
    section 10). `undone` lists them; publishing with force=True (`--force`) goes ahead."""

    def __init__(self, team_name: str, version: int, undone: list[Undone],
                 zone: ZoneInfo) -> None:
        self.undone = undone
        super().__init__(
            f"team {team_name!r}: publishing this schedule would undo {len(undone)} change(s) "
            f"of published version {version}: {undo_summary(undone, zone)}. Re-plan from the "
            "published version (`rota replan --previous`) to keep them, or publish with "
            "--force to undo them")


def would_undo(latest: Publication | None, incoming: Schedule,
               now: datetime | None = None) -> list[Undone]:
    """What publishing `incoming` would undo in `latest`, the team's newest published version
    (None: nothing published, nothing to undo)."""
    if latest is None:
        return []
    return undone_changes(latest.schedule, incoming, now or current_time())


@state_changing
def publish(store: Store, actor: Actor, team_yaml: str, schedule_csv: str, *,
            team_source: str = "team.yaml", schedule_source: str = "schedule.csv",
            force: bool = False, now: datetime | None = None) -> Publication:
    """Publish a schedule as the team's newest version (feeds follow it). A schedule that
    would undo an override of the published version, or change a row that has already
    started, is refused (PublishRefused) unless `force`; a forced publish says in the audit
    trail what it undid."""
    incoming = parse_team(team_yaml, team_source)
    _gate(store, actor, incoming, "publish a schedule")
    schedule = parse_schedule(schedule_csv, incoming, schedule_source)
    latest = store.publication(incoming.name)
    undone = would_undo(latest, schedule, now)
    if undone and not force:
        assert latest is not None
        raise PublishRefused(incoming.name, latest.version, undone, incoming.timezone)
    publication = store.publish(team_yaml, schedule_csv, team_source=team_source,
                                schedule_source=schedule_source,
                                based_on=latest.version if latest else None)
    detail = f"version {publication.version} from {schedule_source}"
    if undone:
        detail += (f"; forced, undoing {len(undone)} change(s): "
                   f"{undo_summary(undone, incoming.timezone)}")
    audit.record(store, actor, "publish (forced)" if undone else "publish",
                 publication.team_name, detail)
    after_publish(store, actor, publication)
    return publication


@state_changing
def rotate_feed(store: Store, actor: Actor, team_name: str, person: str | None = None) -> str:
    """A new secret URL for one member's feed (or the team feed); the old one stops working."""
    require_lead_of_stored(store, actor, team_name, "rotate feeds")
    token = store.rotate_token(team_name, person)
    audit.record(store, actor, "feed rotate", team_name, person or "team feed")
    return token


@state_changing
def revoke_feed(store: Store, actor: Actor, team_name: str, person: str | None = None) -> bool:
    """Revoke one feed; its URL answers 404 until rotated. False if it was already revoked."""
    require_lead_of_stored(store, actor, team_name, "revoke feeds")
    revoked = store.revoke_token(team_name, person)
    if revoked:
        audit.record(store, actor, "feed revoke", team_name, person or "team feed")
    return revoked
