"""YAML with line numbers: the team file's values, and the line each key path starts on."""

from __future__ import annotations

from typing import Any

import yaml


def walk(node: yaml.Node, path: str, lines: dict[str, int]) -> Any:
    """Plain values from a YAML node tree; `lines` gets the line of every key path
    (`members[3].timezone`), so an error can name where it is."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = scalar(key_node)
            child = f"{path}.{key}" if path else str(key)
            lines[child] = key_node.start_mark.line + 1
            out[key] = walk(value_node, child, lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [walk(item, f"{path}[{i}]", lines) for i, item in enumerate(node.value)]
    return scalar(node)


def scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def key_path(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as the key path `walk` records: ("members", 3, "id")."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
