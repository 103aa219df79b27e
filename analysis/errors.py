"""The analyzer's error: a paging export that cannot be read at all. A single bad row is not an
error; it is a rejected row (contract section 4)."""

from __future__ import annotations

from scheduler import FileError


class PagesFileError(FileError):
    """A paging-history export that cannot be read at all (wrong header, missing column)."""
