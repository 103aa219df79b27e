"""AppTest for the Now page (the app's first): who holds each role at `?at=`, with whom a cover
stands in for, the next handoff with its countdown, and a person's own next shifts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from service.access import CLI_ACTOR
from service.actions.overrides import enter_override
from service.store import open_store

TEAM = "payments-sre"
BERLIN = ZoneInfo("Europe/Berlin")
AT = "2026-10-10T03:00"  # the night of 9 October in the shipped demo schedule


def _run(page, at: str = AT, user: dict | None = None):
    app = page("now")
    app.query_params["at"] = at
    if user is not None:
        app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                               "cookie_secret": "s" * 32, "client_id": "rota",
                               "client_secret": "secret",
                               "server_metadata_url": "http://localhost:9/x"}
        app.user = user
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _holders(app) -> dict[str, dict]:
    frame = app.dataframe[0].value
    return {row["role"]: row for row in frame.to_dict("records")}


def test_the_now_page_shows_each_role_s_holder_and_the_next_handoff(page):
    app = _run(page)
    holders = _holders(app)
    assert list(holders) == ["primary", "secondary"]
    assert holders["primary"]["on call"] == "Chen Li (chen)"
    assert holders["primary"]["since"] == "Fri 09 Oct 21:00 CEST"
    assert holders["primary"]["until"] == "Sat 10 Oct 09:00 CEST"
    assert holders["primary"]["next"].endswith("(jonas)")
    handoff = next(m.value for m in app.markdown if "Next handoff" in m.value)
    assert "in 6 h 00 min" in handoff and "Sat 10 Oct 09:00 CEST" in handoff


def test_an_override_shows_whom_the_cover_stands_in_for(page, rota_db):
    start = datetime(2026, 10, 10, 1, 0, tzinfo=BERLIN)
    end = datetime(2026, 10, 10, 5, 0, tzinfo=BERLIN)
    enter_override(open_store(rota_db), CLI_ACTOR, TEAM, "primary", "alice", start, end, "test")
    holders = _holders(_run(page))
    assert holders["primary"]["on call"].endswith("(alice)")
    assert holders["primary"]["covers for"] == "chen"
    assert (holders["primary"]["since"], holders["primary"]["until"]) == (
        "Sat 10 Oct 01:00 CEST", "Sat 10 Oct 05:00 CEST")
    assert holders["primary"]["next"] == "Chen Li (chen)"


def test_a_signed_in_member_sees_their_own_next_shifts(page):
    app = _run(page, user={"is_logged_in": True, "email": "chen@example.com"})
    assert "Your next shifts" in [s.value for s in app.subheader]
    own = app.dataframe[1].value
    assert own.iloc[0]["when"] == "on call now" and own.iloc[0]["role"] == "primary"
    assert len(own) == 5


def test_after_the_plan_nobody_is_on_call_and_a_bad_at_is_a_warning(page):
    app = _run(page, at="2030-01-01T00:00")
    assert any("nobody is on call" in i.value for i in app.info)
    assert set(_holders(app)["primary"].values()) >= {"nobody"}
    app = _run(page, at="soon")
    assert any("not an ISO 8601 time" in w.value for w in app.warning)
