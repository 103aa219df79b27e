"""The app analyses stored incidents with analyze_pages directly, and a rejected incident
still points at the import and the physical line it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import analyze, analyze_pages
from scheduler.teamfile.parse import load_team, parse_team
from service.access import LOCAL_ACTOR
from service.actions.paging_import import import_export
from service.store import open_store
from tests.harness.pages import TEAM_YAML, pd_csv
from ui.shell.analysis import with_origin

FIRST = pd_csv("P1,1,disk,2027-01-04T10:00:00+01:00,Alice Wagner,,high,60",
               "P2,2,cpu,2027-01-04T11:00:00+01:00,,Bob Schmidt,low,")
SECOND = pd_csv("P2,2,cpu,2027-01-04T11:00:00+01:00,,Bob Schmidt,low,",
                "P3,3,mem,2027-01-05T23:30:00+01:00,alice,,high,120",
                "P4,4,net,2027-01-06T03:00:00+01:00,,,high,")


def test_stored_incidents_analyse_like_the_files(tmp_path):
    team = parse_team(TEAM_YAML, "tiny.yaml")
    store = open_store(f"sqlite:///{tmp_path / 'rota.db'}")
    import_export(store, team, FIRST, "first.csv", LOCAL_ACTOR)
    second = import_export(store, team, SECOND, "second.csv", LOCAL_ACTOR)
    assert second["added"] == 2 and second["already_stored"] == 1
    stored = store.incidents(team.name)
    result = analyze_pages(stored, team)
    people = result.people.set_index("person")["incidents"]
    assert people["alice"] == 2 and people["bob"] == 1  # P2 counted once across the files

    # The same incidents in one file give the same per-person counts.
    merged = pd_csv("P1,1,disk,2027-01-04T10:00:00+01:00,Alice Wagner,,high,60",
                    "P2,2,cpu,2027-01-04T11:00:00+01:00,,Bob Schmidt,low,",
                    "P3,3,mem,2027-01-05T23:30:00+01:00,alice,,high,120")
    direct = analyze(merged, team).people.set_index("person")["incidents"]
    assert people.to_dict() == direct.to_dict()

    # P4 has no responder: rejected, and traced to the second import, line 4 of that file.
    rejected = with_origin(result.rejected, stored)
    imports = store.imports(team.name).set_index("file")["import"]
    assert rejected[["import", "file_line", "id"]].to_dict("records") == [
        {"import": imports["second.csv"], "file_line": 4, "id": "P4"}]
    assert rejected["reason"].str.startswith("no responder").all()


REAL = Path(__file__).resolve().parents[1] / "analysis" / "real"


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.iterdir()
                                        if p.suffix in (".csv", ".json")))
def test_a_stored_vendor_export_counts_as_the_file_does(tmp_path, name):
    team = load_team(REAL / "team.yaml")
    store = open_store(f"sqlite:///{tmp_path / 'rota.db'}")
    data = (REAL / name).read_bytes()
    import_export(store, team, data, name, LOCAL_ACTOR)
    stored = analyze_pages(store.incidents(team.name), team,
                           identities=store.identities(team.name)).people
    direct = analyze(data, team).people
    assert (stored.set_index("person")["incidents"].to_dict()
            == direct.set_index("person")["incidents"].to_dict())
