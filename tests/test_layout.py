"""The house keeps its shape: no folder of the packages or of tests/ holds more than 15 modules
directly (a sub-room is made when one would), and no module replaces itself in sys.modules."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAX_MODULES = 15


def test_no_folder_holds_more_than_15_modules():
    crowded = {}
    for top in ("scheduler", "analysis", "service", "ui", "tests"):
        for folder in [REPO / top, *(p for p in (REPO / top).rglob("*") if p.is_dir())]:
            if "__pycache__" in folder.parts:
                continue
            modules = [p.name for p in folder.glob("*.py")
                       if p.name not in ("__init__.py", "__main__.py")]
            if len(modules) > MAX_MODULES:
                crowded[str(folder.relative_to(REPO))] = len(modules)
    assert crowded == {}


def test_no_module_replaces_itself_in_sys_modules():
    tricks = [str(p.relative_to(REPO)) for top in ("scheduler", "analysis", "service", "ui")
              for p in (REPO / top).rglob("*.py")
              if "sys.modules[__name__]" in p.read_text(encoding="utf-8")]
    assert tricks == []
