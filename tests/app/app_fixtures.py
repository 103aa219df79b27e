"""Helpers shared by the app tests (a unique module name: tests/ has no packages)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def page_app(module: str) -> AppTest:
    """An AppTest running one page's render(), as st.navigation would. `module` is the page's
    short name ("team"): its own folder (ui/pages/team/page.py) when there is one, else
    ui/pages/team/page.py; or a full dotted name ("ui.pages.team.page")."""
    if "." not in module:
        nested = REPO / "ui" / "pages" / module / "page.py"
        module = f"ui.pages.{module}.page" if nested.is_file() else f"ui.{module}"
    script = (
        "import importlib\n"
        f"importlib.import_module('{module}').render()\n"
    )
    return AppTest.from_string(script, default_timeout=TIMEOUT)
