"""Make one paging-tool schedule page what the plan says: the tool-independent push engine.

    held (what the tool has over the window, whole)  ─┐
    own ids and pending creates (the store)          ─┼─► plan_push ─► create, then delete
    wanted (service.pager.wanted)                    ─┘

An override is Rota's only if its id is in the store; everything else was made by a person and
is kept and reported. Rota's overrides that match a wanted one exactly are left alone, so a
second push writes nothing. New overrides are created *before* old ones are deleted: the tool
pages the newest override covering an instant, so at no moment does it page a stale holder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from service.pager.base import PagerClient, PagerError, ToolOverride, WantedOverride
from service.store import pushes
from service.store.base import StoreBase

Key = tuple[datetime, datetime, str]


def _key(o: WantedOverride | ToolOverride) -> Key:
    return (o.start, o.end, o.user)


@dataclass(frozen=True)
class PushPlan:
    create: list[WantedOverride]
    delete: list[ToolOverride]
    unchanged: int
    adopt: list[tuple[WantedOverride | ToolOverride, str]]  # creates that landed unseen
    foreign: list[ToolOverride]  # made by others, overlapping the window


def plan_push(wanted: Sequence[WantedOverride], held: Sequence[ToolOverride], own: set[str],
              pending: Sequence[Key], now: datetime) -> PushPlan:
    """What to create and delete so that Rota's overrides on the schedule are exactly `wanted`."""
    waiting = list(pending)
    ours: dict[Key, list[ToolOverride]] = defaultdict(list)
    adopt: list[tuple[WantedOverride | ToolOverride, str]] = []
    foreign = []
    for h in held:
        if h.id not in own and _key(h) in waiting:
            waiting.remove(_key(h))
            adopt.append((h, h.id))
        elif h.id not in own:
            foreign.append(h)
            continue
        ours[_key(h)].append(h)
    create, unchanged = [], 0
    for w in wanted:
        if ours.get(_key(w)):
            ours[_key(w)].pop()
            unchanged += 1
        else:
            create.append(w)
    # A past override cannot be deleted (and a deleted one that was running lingers, cut at
    # the moment it was deleted): only those still reaching past now are Rota's to remove.
    delete = sorted((h for left in ours.values() for h in left if h.end > now),
                    key=lambda h: h.start)
    return PushPlan(create, delete, unchanged, adopt, foreign)


@dataclass
class PushOutcome:
    created: int = 0
    deleted: int = 0
    unchanged: int = 0
    kept: int = 0
    lines: list[str] = field(default_factory=list)  # dry-run actions, then others' overrides

    def summary(self) -> str:
        return (f"created {self.created}, deleted {self.deleted}, unchanged {self.unchanged}, "
                f"kept {self.kept} made by others")


def _span(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    a, b = start.astimezone(zone), end.astimezone(zone)
    until = b.strftime("%H:%M") if a.date() == b.date() else b.strftime("%Y-%m-%d %H:%M")
    return f"{a:%Y-%m-%d %H:%M}-{until}"


def _foreign_lines(plan: PushPlan, wanted: Sequence[WantedOverride], zone: ZoneInfo) -> list[str]:
    return [f"kept {_span(h.start, h.end, zone)} {h.user} (override {h.id}, made by others)"
            for h in plan.foreign
            if any(w.start < h.end and h.start < w.end for w in wanted)]


@dataclass(frozen=True)
class PushTarget:
    """Where one push goes and for whom, for the store's run record."""

    tool: str
    target: str
    role: str
    team: str | None
    actor: str
    zone: ZoneInfo


def push(client: PagerClient, store: StoreBase, where: PushTarget,
         wanted: Sequence[WantedOverride], since: datetime, until: datetime, now: datetime,
         *, dry_run: bool = False) -> PushOutcome:
    """Bring `where.target` in step with `wanted`; PagerError after recording what was done."""
    held = client.list_overrides(where.target, since, until)
    own = pushes.own_ids(store, where.tool, where.target)
    plan = plan_push(wanted, held, own, pushes.pending(store, where.tool, where.target), now)
    outcome = PushOutcome(unchanged=plan.unchanged, kept=len(plan.foreign))
    if dry_run:
        outcome.created, outcome.deleted = len(plan.create), len(plan.delete)
        outcome.lines = [f"would create {w.row} ({w.user})" for w in plan.create]
        outcome.lines += [f"would delete {_span(h.start, h.end, where.zone)} {h.user} "
                          f"(override {h.id})" for h in plan.delete]
        outcome.lines += _foreign_lines(plan, wanted, where.zone)
        return outcome
    try:
        _apply(client, store, where, plan, outcome)
    except PagerError as error:
        _record_run(store, where, outcome, str(error))
        raise
    _record_run(store, where, outcome, None)
    outcome.lines = _foreign_lines(plan, wanted, where.zone)
    return outcome


def _apply(client: PagerClient, store: StoreBase, where: PushTarget, plan: PushPlan,
           outcome: PushOutcome) -> None:
    tool, target = where.tool, where.target
    pushes.record_created(store, tool, target, [
        (o.start, o.end, o.user, getattr(o, "member", ""), i) for o, i in plan.adopt])
    if plan.create:
        pushes.note_pending(store, tool, target,
                            [(w.start, w.end, w.user, w.member) for w in plan.create])
        try:
            created = client.create(target, plan.create)
        except PagerError as error:
            _record_created(store, where, error.created, outcome)
            raise
        _record_created(store, where, created, outcome)
    for h in plan.delete:
        client.delete(target, h.id)
        pushes.record_deleted(store, tool, target, [h.id])
        outcome.deleted += 1
    pushes.clear_pending(store, tool, target)


def _record_created(store: StoreBase, where: PushTarget,
                    created: Sequence[tuple[WantedOverride, str]], outcome: PushOutcome) -> None:
    pushes.record_created(store, where.tool, where.target,
                          [(w.start, w.end, w.user, w.member, i) for w, i in created])
    outcome.created += len(created)


def _record_run(store: StoreBase, where: PushTarget, outcome: PushOutcome,
                failure: str | None) -> None:
    pushes.record_run(store, pushes.PushRun(
        at=datetime.now(where.zone), team=where.team, tool=where.tool, target=where.target,
        role=where.role, created=outcome.created, deleted=outcome.deleted,
        unchanged=outcome.unchanged, kept=outcome.kept, failure=failure, actor=where.actor))
