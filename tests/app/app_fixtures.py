"""Helpers shared by the app tests (a unique module name: tests/ has no packages)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def page_app(module: str) -> AppTest:
    """An AppTest running one page's render(), as st.navigation would."""
    script = (
        "import importlib\n"
        f"importlib.import_module('ui.{module}').render()\n"
    )
    return AppTest.from_string(script, default_timeout=TIMEOUT)
