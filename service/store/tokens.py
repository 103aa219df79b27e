"""Secret feed tokens: the secret in `/feeds/<token>.ics`, one per member and one per team
(person NULL). Lookups go through a SHA-256 of the token, so the index never sees the secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, select

from scheduler import Team, UnknownMemberError, parse_team
from service.store.base import StoreBase, now
from service.store.errors import UnknownTeamError
from service.store.schema import feed_tokens, publications, teams

TOKEN_BYTES = 24  # 192 bits from secrets.token_urlsafe


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class FeedToken:
    """A live feed: whose calendar it serves. `person` None is the team feed."""

    team_name: str
    person: str | None
    token: str


class TokensMixin(StoreBase):
    def _latest_team(self, team_name: str) -> Team:
        """The newest published team file: feeds exist for its members only."""
        with self._connect() as conn:
            row = conn.execute(
                select(publications.c.team_yaml, publications.c.version).join(teams)
                .where(teams.c.name == team_name)
                .order_by(publications.c.version.desc()).limit(1)).first()
        if row is None:
            raise UnknownTeamError(
                f"team {team_name!r}: unknown team; publish it first with `rota publish`")
        return parse_team(row.team_yaml, f"{team_name} v{row.version} team.yaml")

    def feed_tokens(self, team_name: str) -> list[tuple[str | None, str | None]]:
        """(person, token) for each member of the latest team file, then (None, team token).
        A revoked feed has token None until it is rotated."""
        team = self._latest_team(team_name)
        with self._connect() as conn:
            live = {r.person: r.token for r in conn.execute(
                select(feed_tokens.c.person, feed_tokens.c.token).join(teams)
                .where(teams.c.name == team_name, feed_tokens.c.revoked_at.is_(None)))}
        people: list[str | None] = [m.id for m in team.members]
        return [(p, live.get(p)) for p in [*people, None]]

    def feed_token(self, team_name: str, person: str | None = None) -> str | None:
        """The live token of one member's feed (or the team feed), None when revoked."""
        return dict(self.feed_tokens(team_name)).get(person)

    def rotate_token(self, team_name: str, person: str | None = None) -> str:
        """Revoke the feed's current token (if any) and issue a new one."""
        team_id = self._checked(team_name, person)
        with self._begin() as conn:
            self._revoke(conn, team_id, person)
            return self._issue(conn, team_id, person)

    def revoke_token(self, team_name: str, person: str | None = None) -> bool:
        """Revoke the feed's token; its URL answers 404 from now on. False if none was live."""
        team_id = self._checked(team_name, person)
        with self._begin() as conn:
            return self._revoke(conn, team_id, person) > 0

    def resolve_token(self, token: str) -> FeedToken | None:
        """The live feed a token opens, or None. Looked up by hash, then compared in constant
        time, so response timing says nothing about how much of a guess was right."""
        with self._connect() as conn:
            row = conn.execute(
                select(feed_tokens.c.token, feed_tokens.c.person, teams.c.name).join(teams)
                .where(feed_tokens.c.token_hash == token_hash(token),
                       feed_tokens.c.revoked_at.is_(None))).first()
        if row is None or not hmac.compare_digest(row.token.encode(), token.encode()):
            return None
        return FeedToken(row.name, row.person, row.token)

    def _checked(self, team_name: str, person: str | None) -> int:
        team = self._latest_team(team_name)
        if person is not None and person not in {m.id for m in team.members}:
            raise UnknownMemberError(f"--person: {person!r} is not a member of {team_name!r}")
        with self._connect() as conn:
            team_id = self._team_id(conn, team_name)
        assert team_id is not None  # a published team has a row
        return team_id

    def _ensure_tokens(self, conn: Connection, team_id: int, people: list[str | None]) -> None:
        # Only people who never had a token get one: a revoked feed stays revoked until rotated.
        known = {r.person for r in conn.execute(
            select(feed_tokens.c.person).where(feed_tokens.c.team_id == team_id))}
        for person in people:
            if person not in known:
                self._issue(conn, team_id, person)

    @staticmethod
    def _issue(conn: Connection, team_id: int, person: str | None) -> str:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        conn.execute(feed_tokens.insert().values(
            team_id=team_id, person=person, token=token, token_hash=token_hash(token),
            created_at=now()))
        return token

    @staticmethod
    def _revoke(conn: Connection, team_id: int, person: str | None) -> int:
        who = (feed_tokens.c.person.is_(None) if person is None
               else feed_tokens.c.person == person)
        result = conn.execute(feed_tokens.update()
                              .where(feed_tokens.c.team_id == team_id, who,
                                     feed_tokens.c.revoked_at.is_(None))
                              .values(revoked_at=now()))
        return result.rowcount
