"""A member's own reminder choice: on or off, and how long before a shift (contract section 12:
the team file's `notify.remind_hours` is the default). Gated like the member's own cover
requests: the member themselves, or a lead of the team; recorded in the audit trail."""

from __future__ import annotations

from scheduler import Team, UnknownMemberError
from service.access import Actor, require_self_or_lead, state_changing
from service.actions.changes import stored_or_refused
from service.store import ReminderChoice, Store, audit
from service.store.errors import UnknownTeamError


def reminder_choice(store: Store, team: Team, person: str) -> ReminderChoice:
    """What holds for `person`: their own choice, else the team file's default (on)."""
    default = team.notify.remind_hours if team.notify is not None else 24.0
    return store.reminder_choices(team.name).get(person, ReminderChoice(True, default))


@state_changing
def choose_reminders(store: Store, actor: Actor, team_name: str, person: str,
                     choice: ReminderChoice) -> None:
    team = stored_or_refused(store, actor, team_name, "choose reminders")
    if team is None:
        raise UnknownTeamError(f"team {team_name!r}: unknown team")
    require_self_or_lead(actor, team, person, "choose reminders")
    if person not in {m.id for m in team.members}:
        raise UnknownMemberError(f"team {team_name!r}: no member {person!r}")
    store.set_reminder_choice(team_name, person, choice)
    state = f"on, {choice.remind_hours:g} h before" if choice.reminders else "off"
    audit.record(store, actor, "reminders", team_name, f"{person}: {state}")
