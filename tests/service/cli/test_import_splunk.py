"""`rota import splunk-oncall`: paged download from a real local HTTP server that answers as
the Splunk On-Call reporting API reference says (`GET /api-reporting/v2/incidents`: X-VO-Api-Id
and X-VO-Api-Key headers, offset/limit pages of at most 100 with `total`, only resolved
incidents unless `currentPhase` asks for more, one call a minute), then `rota analyze`."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from service.cli import main
from service.cli.paging import import_

REAL = Path(__file__).parents[2] / "analysis" / "real"
TEMPLATE = json.loads((REAL / "splunk-oncall-incidents.json").read_text())[0]
START = datetime(2027, 1, 4, tzinfo=UTC)
PHASES = ("resolved", "acknowledged", "triggered")
MIN_INTERVAL = 0.2  # the test server's "once a minute"


def incident(n: int) -> dict[str, Any]:
    at = (START + timedelta(hours=n)).isoformat().replace("+00:00", "Z")
    return {**TEMPLATE, "incidentNumber": str(n), "startTime": at, "currentPhase": PHASES[n % 3]}


INCIDENTS = [incident(n) for n in range(250)]


class ReportingApi(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, list[str]]]] = []
    last_call: ClassVar[float] = 0.0

    def log_message(self, *args: object) -> None:
        pass

    def reply(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path != "/api-reporting/v2/incidents":
            return self.reply(404, {"message": "Path not found"})
        api_id, key = self.headers.get("X-VO-Api-Id"), self.headers.get("X-VO-Api-Key")
        if not api_id or not key:
            return self.reply(401, {"message": "Authentication parameters missing"})
        if (api_id, key) != ("4db9c3ea", "s3cret"):
            return self.reply(403, {"message": "Authentication failed"})
        now = time.monotonic()
        if now - ReportingApi.last_call < MIN_INTERVAL:
            return self.reply(403, {"message": "rate-limit reached"})
        ReportingApi.last_call = now
        self.seen.append(query)
        offset = int(query.get("offset", ["0"])[0])
        limit = int(query.get("limit", ["20"])[0])
        if limit > 100:
            return self.reply(400, {"message": "limit may be at most 100"})
        phases = query.get("currentPhase", ["resolved"])[0].split(",")
        after = query.get("startedAfter", [""])[0]
        before = query.get("startedBefore", ["9999"])[0]
        matching = [i for i in INCIDENTS if i["currentPhase"] in phases
                    and after <= i["startTime"] < before]
        self.reply(200, {"offset": offset, "limit": limit, "total": len(matching),
                         "incidents": matching[offset:offset + limit]})


@pytest.fixture
def api(monkeypatch) -> Iterator[str]:
    monkeypatch.setattr(import_, "SPLUNK_PAGE_SECONDS", MIN_INTERVAL + 0.05)
    monkeypatch.setenv("SPLUNK_ONCALL_API_ID", "4db9c3ea")
    monkeypatch.setenv("SPLUNK_ONCALL_API_KEY", "s3cret")
    server = ThreadingHTTPServer(("127.0.0.1", 0), ReportingApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ReportingApi.seen, ReportingApi.last_call = [], 0.0
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_every_page_in_every_phase_is_fetched_at_the_allowed_pace_and_analyses(api, tmp_path,
                                                                               capsys):
    out = tmp_path / "incidents.json"
    assert main(["import", "splunk-oncall", "--url", api, "--since", "2027-01-04T00:00:00Z",
                 "--until", "2027-02-04T00:00:00Z", "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    assert [i["incidentNumber"] for i in document["incidents"]] == [str(n) for n in range(250)]
    assert document["total"] == 250
    assert [q["offset"] for q in ReportingApi.seen] == [["0"], ["100"], ["200"]]
    assert all(q["limit"] == ["100"] for q in ReportingApi.seen)
    assert ReportingApi.seen[0]["startedAfter"] == ["2027-01-04T00:00:00Z"]
    assert "250 incidents written" in capsys.readouterr().out
    assert main(["analyze", str(out), "--team", str(REAL / "team.yaml"),
                 "--out", str(tmp_path / "out")]) == 0
    assert "250 incidents from" in capsys.readouterr().out
    people = (tmp_path / "out" / "people.csv").read_text()
    assert "\nroman,250," in people  # roman.kyrnis acknowledged every one (his alias)


def test_the_date_range_goes_to_the_api(api, tmp_path):
    out = tmp_path / "incidents.json"
    assert main(["import", "splunk-oncall", "--url", api, "--since", "2027-01-04T00:00:00Z",
                 "--until", "2027-01-04T10:00:00Z", "--out", str(out)]) == 0
    assert len(json.loads(out.read_text())["incidents"]) == 10
    assert len(ReportingApi.seen) == 1


def test_refused_credentials_are_bad_input_in_one_line(api, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SPLUNK_ONCALL_API_KEY", "wrong")
    assert main(["import", "splunk-oncall", "--url", api, "--since", "2027-01-04",
                 "--until", "2027-02-04", "--out", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert "HTTP 403: the API id and key were refused" in err and err.count("\n") == 1
    assert "wrong" not in err


def test_missing_credentials_name_the_variables(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SPLUNK_ONCALL_API_ID", raising=False)
    monkeypatch.setenv("SPLUNK_ONCALL_API_KEY", "s3cret")
    assert main(["import", "splunk-oncall", "--since", "2027-01-04", "--until", "2027-02-04",
                 "--out", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert "SPLUNK_ONCALL_API_ID: not set" in err and "s3cret" not in err
