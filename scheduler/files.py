"""Reading an input file, with the one-line error every reader gives when it cannot."""

from __future__ import annotations

import mmap
import os
from pathlib import Path

from .errors import FileError


def read_file_bytes(path: str | Path, error: type[FileError]) -> bytes:
    """The file's bytes; `error` (naming the path) when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise error(str(path), None, "", f"cannot read file: {exc.strerror}") from None


# Below this size a copy is cheaper than a mapping (and an empty file cannot be mapped at all).
MAP_FROM = 1 << 20


def map_file_bytes(path: str | Path, error: type[FileError]) -> bytes | memoryview:
    """The file's bytes, memory-mapped when the file is large: a parser then reads the page
    cache in place, where a copy of a 200 MB export costs 0.15 s of CPU and its size again in
    memory. `error` (naming the path) when it cannot be read."""
    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_size < MAP_FROM:
                return file.read()
            return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    except OSError as exc:
        raise error(str(path), None, "", f"cannot read file: {exc.strerror}") from None


def read_text_file(path: str | Path, error: type[FileError], encoding: str = "utf-8") -> str:
    """The file's text (newlines made \\n, as Path.read_text does); `error` (naming the path)
    when it cannot be read or is not UTF-8."""
    try:
        return Path(path).read_text(encoding=encoding)
    except OSError as exc:
        raise error(str(path), None, "", f"cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise error(str(path), None, "", "not a UTF-8 text file") from None
