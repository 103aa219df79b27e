"""Shared page plumbing: the store, first-start seeding, the team selector and cached loaders.

Loaders take the text they parse (team YAML, schedule CSV) as their argument, so st.cache_data
keys on content: an edit or a new solve is a new key, and switching pages stays instant.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import streamlit as st

from scheduler import RotaError, Schedule, Team, parse_schedule, parse_team
from service.access import DEMO_SEED_ACTOR
from service.actions.demo import seed_demo
from service.store import Publication, Store, open_store
from ui.shell.identity import current_actor, may_see

DEFAULT_BASE_URL = "http://localhost:8501"
TEAM_KEY = "team_name"  # session key that survives page switches (widget keys do not)

_seed_lock = threading.Lock()


def ensure_seeded() -> Store:
    store = open_store()
    # Always through the lock: a session that checked outside it while another was seeding
    # saw a half-seeded store (the first draft saved, payments-sre not yet) and stayed there.
    with _seed_lock:
        if not store.team_names():
            with st.spinner("First start: loading the demo teams, schedule and paging history…"):
                seed_demo(store, DEMO_SEED_ACTOR)
    return store


def team_selector(page: str) -> str | None:
    """The sidebar team picker shared by every page; the choice survives page switches."""
    store = ensure_seeded()
    names = visible_team_names(store)
    if not names:
        st.info("No team yet: upload a team file on the Team page.")
        return None
    current = st.session_state.get(TEAM_KEY)
    if current not in names:
        current = next((n for n in names if n == "payments-sre"), names[0])
    key = f"team_select_{page}"
    # TEAM_KEY is the source of truth (pages and uploads set it); the widget follows it, and a
    # user's pick flows back through on_change, which runs before the page does.
    if st.session_state.get(key) != current:
        st.session_state[key] = current
    choice = st.sidebar.selectbox("Team", names, key=key, on_change=_picked, args=(key,))
    st.session_state[TEAM_KEY] = choice
    return choice


def visible_team_names(store: Store) -> list[str]:
    """The teams the current user may see: all of them for the trusted local user, else the
    ones whose file lists the user's email."""
    actor = current_actor()
    names = store.team_names()
    if actor.trusted:
        return names
    visible = []
    for name in names:
        text = store.team_yaml(name)
        try:
            if text is not None and may_see(cached_team(text, f"{name} team.yaml"), actor):
                visible.append(name)
        except RotaError:
            continue  # a file that no longer parses names no one: hidden until fixed
    return visible


def _picked(key: str) -> None:
    st.session_state[TEAM_KEY] = st.session_state[key]


def select_team(name: str) -> None:
    st.session_state[TEAM_KEY] = name


@st.cache_data(show_spinner=False, max_entries=64)
def cached_team(team_yaml: str, source: str = "team.yaml") -> Team:
    return parse_team(team_yaml, source)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_schedule(team_yaml: str, csv_text: str, source: str = "schedule.csv") -> Schedule:
    return parse_schedule(csv_text, parse_team(team_yaml, "team.yaml"), source)


def published_schedule(name: str) -> tuple[Publication, Schedule] | None:
    """The team's newest published version and its schedule, or None with the reason shown
    (nothing published yet, or a stored file that no longer parses)."""
    publication = open_store().publication(name)
    if publication is None:
        st.info("Nothing published yet: solve and publish on the Schedule page.")
        return None
    try:
        return publication, cached_schedule(publication.team_yaml, publication.schedule_csv,
                                            f"{name} v{publication.version}")
    except RotaError as exc:
        st.error(str(exc))
        return None


def current_team(name: str) -> tuple[str, Team] | None:
    """(yaml, Team) for a team name, or None with the error shown."""
    text = open_store().team_yaml(name)
    if text is None:
        st.error(f"team {name!r}: not found in the store")
        return None
    try:
        return text, cached_team(text, f"{name} team.yaml")
    except RotaError as exc:
        st.error(str(exc))
        return None


def page_header(title: str, page: str) -> tuple[str, str, Team] | None:
    """Title and team selector of a page: (team name, team YAML, Team), or None (with the
    reason shown) when there is no usable team."""
    st.title(title)
    name = team_selector(page)
    if name is None:
        return None
    loaded = current_team(name)
    return None if loaded is None else (name, *loaded)


def base_url() -> str:
    """scheme://host:port the browser used, so feed URLs work from where the user is."""
    try:
        url = st.context.url
    except Exception:  # no browser context, e.g. under AppTest
        url = None
    if not url:
        return DEFAULT_BASE_URL
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else DEFAULT_BASE_URL
