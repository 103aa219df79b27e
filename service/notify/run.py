"""One notify run for one team: work out what is due from the store, then claim, send and record
each message (contract section 12).

Change messages compare the newest published version with the last version whose change
messages all went out (a 'version' mark in the deliveries table). Without a mark, the version
before the newest is the base, and a team's first version sends nothing but is marked. The
mark is set only when every change message of the pair is delivered, so a failed mail is
computed, and claimed, again by the next run; those already sent are refused by their claim.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from scheduler import Team
from service.notify.delivery import DeliveryError, post_to_channel, send_email
from service.notify.due import change_messages, handoff_messages, reminder_messages
from service.notify.messages import Message
from service.store import Publication, Store

KINDS = ("change", "reminder", "handoff")
Send = Callable[[Message, Team], None]


@dataclass
class NotifyResult:
    sent: list[Message] = field(default_factory=list)
    failures: list[tuple[Message, str]] = field(default_factory=list)


def deliver(message: Message, team: Team) -> None:
    """Send one message the way its recipient is reached; DeliveryError when it did not go."""
    if message.to_channel:
        if team.notify is None or team.notify.channel_env is None:
            raise DeliveryError("channel: the team file names no notify.channel_env")
        post_to_channel(message, team.notify.channel_env)
    else:
        send_email(message)


def _change_due(store: Store, newest: Publication, app_url: str | None
                ) -> tuple[list[Message], int | None]:
    """The change messages due, and the version to mark once they are all out (None: none)."""
    base = store.last_notified_version(newest.team_name)
    if base is None:
        base = newest.version - 1 if newest.version > 1 else None
    if base is None:
        return [], newest.version  # a team's first version: nothing changed hands
    if base >= newest.version:
        return [], None
    old = store.publication(newest.team_name, base)
    if old is None:
        return [], newest.version
    return (change_messages(old.schedule, base, newest.schedule, newest.version, app_url),
            newest.version)


def due_messages(store: Store, team_name: str, at: datetime, app_url: str | None = None,
                 kinds: Iterable[str] = KINDS) -> tuple[Team, list[Message], int | None]:
    """Everything due for the team at `at`, before any claim."""
    newest = store.latest_publication(team_name)
    team, wanted = newest.team, set(kinds)
    if team.notify is None:
        return team, [], None
    due: list[Message] = []
    mark = None
    if "change" in wanted:
        changes, mark = _change_due(store, newest, app_url)
        due += changes
    if "reminder" in wanted:
        due += reminder_messages(newest.schedule, at, store.reminder_choices(team_name),
                                 app_url)
    if "handoff" in wanted:
        due += handoff_messages(newest.schedule, at, store.incidents(team_name), app_url)
    return team, due, mark


def pending_messages(store: Store, team_name: str, at: datetime) -> list[Message]:
    """What a run at `at` would send: due, and neither sent nor being sent."""
    _, due, _ = due_messages(store, team_name, at)
    return [m for m in due if not store.is_recorded(m.key)]


def notify_team(store: Store, team_name: str, at: datetime, *, dry_run: bool = False,
                app_url: str | None = None, kinds: Iterable[str] = KINDS,
                send: Send = deliver) -> NotifyResult:
    """Send what is due and not yet sent. With `dry_run`, list it and claim nothing."""
    team, due, mark = due_messages(store, team_name, at, app_url, kinds)
    result = NotifyResult()
    for message in due:
        if dry_run:
            if not store.is_recorded(message.key):
                result.sent.append(message)
            continue
        if not store.claim(message.key, message.subject):
            continue  # sent already, or another run is sending it now
        try:
            send(message, team)
        except Exception as exc:  # whatever went wrong: give the claim back, report one line
            error = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
            store.release(message.key, message.subject, error)
            result.failures.append((message, error))
            continue
        store.mark_sent(message.key)
        result.sent.append(message)
    change_failed = any(m.key.kind == "change" for m, _ in result.failures)
    if mark is not None and not dry_run and not change_failed:
        store.mark_version_notified(team_name, mark)
    return result
