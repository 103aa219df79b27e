"""The `rota` command registry (service.cli.registry): one line per command, and only the
command being run is imported, so `rota --help` and light commands load no heavy library."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from service.cli import build_parser, main
from service.cli.registry import COMMANDS, Command

HEAVY = ("statsmodels", "scipy", "ortools", "streamlit", "plotly")
ROOT = Path(__file__).parents[3]


def loaded_after(code: str) -> list[str]:
    """Top-level packages in sys.modules after running `code` in a fresh interpreter."""
    probe = textwrap.dedent(code) + textwrap.dedent("""
        import json, sys
        print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))
    """)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def test_importing_the_cli_and_building_the_parser_loads_no_heavy_library() -> None:
    loaded = loaded_after("""
        import service.cli
        service.cli.build_parser(["--help"])
        service.cli.build_parser(["analyze", "pages.csv"])
    """)
    assert [name for name in HEAVY if name in loaded] == []


def test_rota_help_imports_no_command_module() -> None:
    code = """
        import contextlib, io, sys
        import service.cli
        with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):
            service.cli.main(["--help"])
        print(sorted(m for m in sys.modules if m.startswith("service.cli.")))
    """
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                            text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "['service.cli.registry']"


def test_analyze_runs_without_the_solver_or_the_forecast_libraries(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text("team: t\ntimezone: UTC\nstart: 2027-01-04\nend: 2027-01-11\n"
                    "roles: [primary]\nshifts:\n  - {name: day, start: '09:00', end: '09:00'}\n"
                    "members:\n  - {id: alice}\n")
    pages = tmp_path / "pages.csv"
    pages.write_text("id,created_at,responder\nA,2027-01-04T10:00:00Z,alice\n")
    loaded = loaded_after(f"""
        import service.cli
        assert service.cli.main(["analyze", {str(pages)!r}, "--team", {str(team)!r},
                                 "--out", {str(tmp_path / "out")!r}]) == 0
    """)
    assert [name for name in HEAVY if name in loaded] == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_registered_command_has_its_full_parser(name: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main([name, "--help"])
    assert stop.value.code == 0
    assert f"usage: rota {name}" in capsys.readouterr().out


def test_every_command_at_once_builds_one_parser() -> None:
    parser = build_parser([], every=True)
    assert set(parser._subparsers._group_actions[0].choices) == set(COMMANDS)  # type: ignore[union-attr]


def test_a_command_module_with_its_own_function_names_is_one_line(tmp_path: Path,
                                                                   monkeypatch, capsys) -> None:
    (tmp_path / "hello_command.py").write_text(textwrap.dedent("""
        def add_hello_parser(sub):
            sub.add_parser("hello", help="say hello").add_argument("who")

        def hello_command(args):
            print(f"hello {args.who}")
            return 0
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(COMMANDS, "hello", Command("hello_command", "say hello",
                                                   add="add_hello_parser", run="hello_command"))
    assert main(["hello", "world"]) == 0
    assert capsys.readouterr().out == "hello world\n"
