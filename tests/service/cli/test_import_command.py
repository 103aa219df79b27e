"""`rota import`: paged downloads from a real local HTTP server that answers like PagerDuty's
and Grafana OnCall's APIs (their published examples, tests/analysis/real/), then `rota analyze`
on the file written."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from service.cli import main

REAL = Path(__file__).parents[2] / "analysis" / "real"
PD_INCIDENT = json.loads((REAL / "pagerduty-rest-incidents.json").read_text())["incidents"][0]
GROUPS = json.loads((REAL / "grafana-oncall-alert-groups.json").read_text())["results"]


class Api(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        self.seen.append((self.path, self.headers.get("Authorization", "")))
        if "bad" in self.headers.get("Authorization", ""):
            self.send_response(401)
            self.end_headers()
            return
        if url.path == "/incidents":  # three pages of one incident each
            offset = int(query["offset"][0])
            body = {"incidents": [{**PD_INCIDENT, "id": f"P{offset}"}], "limit": 1,
                    "offset": offset, "more": offset < 2}
        else:  # Grafana OnCall: two pages linked by `next`
            page = int(query.get("page", ["1"])[0])
            host = f"http://{self.headers['Host']}"
            body = {"results": [{**GROUPS[0], "id": f"I{page}"}],
                    "next": f"{host}/api/v1/alert_groups/?page=2" if page == 1 else None}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Api.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_pagerduty_pages_are_followed_and_the_file_analyses(api, tmp_path, capsys):
    out = tmp_path / "pages.json"
    assert main(["import", "pagerduty", "--url", api, "--token", "s3cret", "--since",
                 "2015-10-01", "--until", "2015-11-01", "--out", str(out)]) == 0
    assert [i["id"] for i in json.loads(out.read_text())["incidents"]] == ["P0", "P1", "P2"]
    assert Api.seen[0][1] == "Token token=s3cret"
    assert "since=2015-10-01" in Api.seen[0][0]
    assert main(["analyze", str(out), "--team", str(REAL / "team.yaml"),
                 "--out", str(tmp_path / "out")]) == 0
    assert "3 incidents" in capsys.readouterr().out


def test_grafana_next_links_are_followed(api, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAFANA_ONCALL_TOKEN", "glsa_token")
    out = tmp_path / "groups.json"
    assert main(["import", "grafana", "--url", api, "--since", "2020-05-01T00:00:00",
                 "--until", "2020-06-01T00:00:00", "--out", str(out)]) == 0
    assert [g["id"] for g in json.loads(out.read_text())["results"]] == ["I1", "I2"]
    assert Api.seen[0][1] == "glsa_token"


def test_a_refused_token_is_bad_input(api, tmp_path, capsys):
    code = main(["import", "pagerduty", "--url", api, "--token", "bad", "--since", "2015-10-01",
                 "--until", "2015-11-01", "--out", str(tmp_path / "x.json")])
    assert code == 2
    assert "HTTP 401: the token was refused" in capsys.readouterr().err


def test_no_token_is_bad_input(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("PAGERDUTY_TOKEN", raising=False)
    assert main(["import", "pagerduty", "--since", "2015-10-01", "--until", "2015-11-01",
                 "--out", str(tmp_path / "x.json")]) == 2
    assert "PAGERDUTY_TOKEN" in capsys.readouterr().err


def test_an_unreachable_server_exits_1(tmp_path, capsys):
    assert main(["import", "grafana", "--url", "http://127.0.0.1:9", "--token", "t", "--since",
                 "2020-05-01", "--until", "2020-06-01", "--out", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert "cannot connect" in err and err.count("\n") == 1
