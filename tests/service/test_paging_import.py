"""Importing a paging export into the store (service.actions.paging_import)."""

from __future__ import annotations

import pytest

from analysis import PagesFileError
from service.access import ANONYMOUS, CLI_ACTOR, AccessDenied
from service.actions.paging_import import import_export

EXPORT = (b"id,created_at,responder\n"
          b"a,2027-03-26T10:00:00+01:00,alice\n"
          b"a,2027-03-26T09:00:00+01:00,bob\n"
          b"b,garbage,bob\n")


def test_an_export_is_read_once_and_stored(store, team):
    counts = import_export(store, team, EXPORT, "pages.csv", CLI_ACTOR)
    assert (counts["format"], counts["rows"], counts["added"]) == ("generic", 3, 1)
    assert counts["duplicates"] == 1 and list(counts["rejected"]["line"]) == [4]
    assert store.incident_count("payments-sre") == 1


def test_an_unreadable_export_stores_nothing(store, team):
    with pytest.raises(PagesFileError):
        import_export(store, team, b"what,is,this\n1,2,3\n", "bad.csv", CLI_ACTOR)
    assert store.imports("payments-sre").empty


def test_only_a_lead_may_import(store, team):
    with pytest.raises(AccessDenied):
        import_export(store, team, EXPORT, "pages.csv", ANONYMOUS)
    assert store.team_names() == []
