"""Which messages are due (contract section 12), from schedules and a time: no store, no sending.

Each message carries its unique key, so whoever sends it can claim it exactly once:
- a change message is keyed by the pair of versions it compares ("v1-v2") and the member;
- a reminder by the row (start, end, role) and its holder;
- a handoff by the instant and shift it closes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import pandas as pd

from scheduler import Change, Member, NotifySettings, Schedule, Team, diff_schedules
from service.notify import messages as text
from service.notify.messages import CHANNEL, Message
from service.store import MessageKey, ReminderChoice

HANDOFF_LOOKBACK = timedelta(hours=1)
PRIMARY = "primary"  # only the primary handoff is posted: it takes the pages


def _email(team: Team, person: str) -> Member | None:
    """The member to mail personally: only with `notify.email` and an address on file."""
    settings = team.notify
    if settings is None or not settings.email:
        return None
    member = next((m for m in team.members if m.id == person), None)
    return member if member is not None and member.email else None


def _has_channel(settings: NotifySettings | None) -> bool:
    return settings is not None and settings.channel_env is not None


def change_messages(old: Schedule, old_version: int, new: Schedule, new_version: int,
                    app_url: str | None = None) -> list[Message]:
    """One message per member whose rows changed between the versions, and one channel
    summary; nothing when no row changed hands."""
    team, name = new.team, new.team.name
    changes = diff_schedules(old, new)
    subject_key = f"v{old_version}-v{new_version}"
    by_person: dict[str, list[Change]] = {}
    for change in changes:
        by_person.setdefault(change.person, []).append(change)
    out: list[Message] = []
    for person, mine in sorted(by_person.items()):
        member = _email(team, person)
        if member is not None and member.email:
            out.append(Message(MessageKey(name, "change", subject_key, person), member.email,
                               "Your on-call shifts changed",
                               text.change_body(name, new_version, mine, member.timezone,
                                                app_url)))
    if by_person and _has_channel(team.notify):
        out.append(Message(MessageKey(name, "change", subject_key, CHANNEL), "",
                           text.summary_subject(name, new_version, len(by_person)),
                           text.summary_body(name, new_version, changes, team.timezone,
                                             app_url)))
    return out


def reminder_messages(schedule: Schedule, at: datetime,
                      choices: Mapping[str, ReminderChoice] | None = None,
                      app_url: str | None = None) -> list[Message]:
    """A reminder for each row (shadow rows too) starting within the holder's reminder time
    after `at`: their own choice, else the team file's `remind_hours`."""
    team = schedule.team
    if team.notify is None:
        return []
    out = []
    for row in schedule.assignments:
        member = _email(team, row.person) if row.person else None
        if member is None or member.email is None:
            continue
        choice = (choices or {}).get(member.id, ReminderChoice(True, team.notify.remind_hours))
        if not choice.reminders or not at <= row.start < at + timedelta(hours=choice.remind_hours):
            continue
        key = MessageKey(team.name, "reminder",
                         f"{row.start.isoformat()}|{row.end.isoformat()}|{row.role}", member.id)
        out.append(Message(key, member.email, text.reminder_subject(row.start, member.timezone),
                           text.reminder_body(team.name, row.role, row.shift.template, row.start,
                                              row.end, member.timezone, app_url)))
    return out


def handoff_messages(schedule: Schedule, at: datetime, incidents: pd.DataFrame,
                     app_url: str | None = None) -> list[Message]:
    """The section 7 handoff, to the channel, for each shift with a primary that ended within
    the hour before `at`."""
    from analysis import handoff_from_incidents, handoff_markdown

    team = schedule.team
    if not _has_channel(team.notify) or PRIMARY not in team.roles:
        return []
    out = []
    for shift in schedule.shifts:
        if not at - HANDOFF_LOOKBACK < shift.end <= at:
            continue
        handoff = handoff_from_incidents(incidents, team, schedule, at, shift=shift)
        before, after = next(((b, a) for role, b, a in handoff.handovers if role == PRIMARY),
                             (None, None))
        key = MessageKey(team.name, "handoff",
                         f"{shift.end.isoformat()}|{shift.template}|{shift.site or ''}", CHANNEL)
        out.append(Message(key, "", text.handoff_subject(team.name, before, after, shift.end,
                                                         team.timezone),
                           text.handoff_body(handoff_markdown(handoff), app_url)))
    return out
