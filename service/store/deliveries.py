"""Delivered messages, failed deliveries and members' reminder choices (contract section 12).

Exactly once rests on the unique key (team, kind, subject_key, recipient): a sender *claims* a
message by inserting its row in state 'sending' before it sends, so of two overlapping runs only
one gets the claim (the database refuses the second insert; no check-then-send race). After
delivery the row becomes 'sent'; after a failure the claim is deleted so the next run retries.
A claim left 'sending' by a run that died mid-send is taken over after STALE_CLAIM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from service.store.base import StoreBase, first_line, safe_url, utc
from service.store.base import now as current_time
from service.store.errors import StoreError
from service.store.schema import deliveries, delivery_failures, notify_preferences

STALE_CLAIM = timedelta(minutes=15)
VERSION_KIND = "version"


@dataclass(frozen=True)
class MessageKey:
    """What makes a message one message: sending it twice is sending the same key twice."""

    team: str
    kind: str  # change, reminder, handoff
    subject_key: str
    recipient: str  # member id, or "#channel"


@dataclass(frozen=True)
class DeliveryRecord:
    key: MessageKey
    state: str  # sent, sending, failed
    about: str
    at: datetime
    error: str = ""


@dataclass(frozen=True)
class ReminderChoice:
    reminders: bool
    remind_hours: float


def _where(key: MessageKey):  # type: ignore[no-untyped-def]
    return and_(deliveries.c.team == key.team, deliveries.c.kind == key.kind,
                deliveries.c.subject_key == key.subject_key,
                deliveries.c.recipient == key.recipient)


class DeliveriesMixin(StoreBase):
    def claim(self, key: MessageKey, about: str, now: datetime | None = None) -> bool:
        """Take the message for sending; False when it is sent or another run is sending it."""
        at = utc(now or current_time())
        with self._begin() as conn:  # a dead run's claim no longer blocks the message
            conn.execute(delete(deliveries).where(
                _where(key), deliveries.c.state == "sending",
                deliveries.c.claimed_at < at - STALE_CLAIM))
        try:
            with self.engine.begin() as conn:
                conn.execute(deliveries.insert().values(
                    team=key.team, kind=key.kind, subject_key=key.subject_key,
                    recipient=key.recipient, state="sending", about=about[:2000],
                    claimed_at=at))
        except IntegrityError:
            return False
        except SQLAlchemyError as exc:
            raise StoreError(f"ROTA_DB {safe_url(self.url)}: {first_line(exc)}") from None
        return True

    def mark_sent(self, key: MessageKey, now: datetime | None = None) -> None:
        with self._begin() as conn:
            conn.execute(update(deliveries).where(_where(key))
                         .values(state="sent", sent_at=utc(now or current_time())))

    def release(self, key: MessageKey, about: str, error: str,
                now: datetime | None = None) -> None:
        """Delivery failed: drop the claim (the message stays due) and log the failure."""
        with self._begin() as conn:
            conn.execute(delete(deliveries).where(_where(key),
                                                  deliveries.c.state == "sending"))
            conn.execute(delivery_failures.insert().values(
                team=key.team, kind=key.kind, subject_key=key.subject_key,
                recipient=key.recipient, about=about[:2000], error=error[:2000],
                failed_at=utc(now or current_time())))

    def is_recorded(self, key: MessageKey) -> bool:
        with self._connect() as conn:
            return conn.execute(select(deliveries.c.id).where(_where(key))).first() is not None

    def mark_version_notified(self, team: str, version: int) -> None:
        """Every change message of `version` has gone out (idempotent)."""
        key = MessageKey(team, VERSION_KIND, str(version), "")
        if self.claim(key, f"version {version} notified"):
            self.mark_sent(key)

    def last_notified_version(self, team: str) -> int | None:
        with self._connect() as conn:
            versions = conn.execute(select(deliveries.c.subject_key).where(
                deliveries.c.team == team, deliveries.c.kind == VERSION_KIND)).scalars()
            return max((int(v) for v in versions), default=None)

    def delivery_log(self, team: str, limit: int = 50) -> list[DeliveryRecord]:
        """Newest first: messages sent or being sent, and failures not yet made good."""
        with self._connect() as conn:
            sent = conn.execute(select(deliveries).where(
                deliveries.c.team == team, deliveries.c.kind != VERSION_KIND)
                .order_by(deliveries.c.claimed_at.desc()).limit(limit)).all()
            failed = conn.execute(select(delivery_failures).where(
                delivery_failures.c.team == team)
                .order_by(delivery_failures.c.failed_at.desc()).limit(limit)).all()
        done = {(r.kind, r.subject_key, r.recipient) for r in sent}
        records = [DeliveryRecord(MessageKey(team, r.kind, r.subject_key, r.recipient), r.state,
                                  r.about, utc(r.sent_at or r.claimed_at)) for r in sent]
        seen: set[tuple[str, str, str]] = set()
        for r in failed:
            ident = (r.kind, r.subject_key, r.recipient)
            if ident not in done and ident not in seen:
                seen.add(ident)
                records.append(DeliveryRecord(MessageKey(team, *ident), "failed", r.about,
                                              utc(r.failed_at), r.error))
        return sorted(records, key=lambda r: r.at, reverse=True)[:limit]

    def sent_count(self, team: str) -> int:
        with self._connect() as conn:
            return conn.execute(select(func.count()).select_from(deliveries).where(
                deliveries.c.team == team, deliveries.c.state == "sent",
                deliveries.c.kind != VERSION_KIND)).scalar() or 0

    def reminder_choices(self, team: str) -> dict[str, ReminderChoice]:
        with self._connect() as conn:
            rows = conn.execute(select(notify_preferences).where(
                notify_preferences.c.team == team)).all()
        return {r.person: ReminderChoice(bool(r.reminders), float(r.remind_hours)) for r in rows}

    def set_reminder_choice(self, team: str, person: str, choice: ReminderChoice) -> None:
        if not 0 < choice.remind_hours <= 24 * 14:
            raise StoreError(f"remind_hours: {choice.remind_hours:g} is not between 0 and 336")
        values = {"reminders": choice.reminders, "remind_hours": float(choice.remind_hours),
                  "updated_at": current_time()}
        where = and_(notify_preferences.c.team == team, notify_preferences.c.person == person)
        with self._begin() as conn:
            if conn.execute(update(notify_preferences).where(where).values(**values)).rowcount:
                return
            conn.execute(notify_preferences.insert().values(team=team, person=person, **values))
