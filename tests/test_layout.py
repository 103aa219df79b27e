"""The house keeps its shape: no folder of the packages or of tests/ holds more than 15 modules
directly (a sub-room is made when one would), no module replaces itself in sys.modules, and
only service/store/ touches the tables (every table's access lives in one store module)."""

from __future__ import annotations

import ast
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


SCHEMA = "service.store.schema"


def _imported(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved ("from x import y" counts as
    x and x.y, since y may be a module)."""
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_only_the_store_imports_the_schema():
    files = [REPO / "app.py", *(p for top in ("scheduler", "analysis", "service", "ui")
                                for p in (REPO / top).rglob("*.py"))]
    store = REPO / "service" / "store"
    outside = [str(p.relative_to(REPO)) for p in files
               if store not in p.parents and SCHEMA in _imported(p)]
    assert outside == []
