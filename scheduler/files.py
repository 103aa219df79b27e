"""Reading an input file, with the one-line error every reader gives when it cannot."""

from __future__ import annotations

from pathlib import Path

from .errors import FileError


def read_file_bytes(path: str | Path, error: type[FileError]) -> bytes:
    """The file's bytes; `error` (naming the path) when it cannot be read."""
    try:
        return Path(path).read_bytes()
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
