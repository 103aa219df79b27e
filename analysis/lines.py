"""Physical line numbers of CSV records, computed without a per-row loop.

A record may span several physical lines when a quoted cell holds a newline (PagerDuty
descriptions do). A newline ends a record only when an even number of quote characters precede
it: an escaped quote ("") adds two, so parity still tells inside from outside. Counting quotes
before each newline with searchsorted keeps memory at O(quotes + newlines), not O(bytes).
"""

from __future__ import annotations

import numpy as np

NEWLINE, CARRIAGE_RETURN, QUOTE = 10, 13, 34


def record_start_lines(data: bytes) -> tuple[np.ndarray, bool]:
    """1-based physical line of every non-blank record (the header included), and whether some
    newline lies inside a quoted cell (the CSV reader must then be told so).

    Blank lines (empty, or a lone carriage return) start no record, as CSV readers skip them.
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    if buf.size == 0:
        return np.empty(0, dtype=np.int64), False
    newlines = np.flatnonzero(buf == NEWLINE)
    quotes = np.flatnonzero(buf == QUOTE)
    if quotes.size:
        outside = np.searchsorted(quotes, newlines) % 2 == 0
        terminators = newlines[outside]
    else:
        terminators = newlines
    starts = np.concatenate(([0], terminators + 1))
    starts = starts[starts < buf.size]
    first = buf[starts]
    blank = first == NEWLINE
    # "\r\n" right at a record start is a blank line too
    cr = np.flatnonzero(first == CARRIAGE_RETURN)
    follow = starts[cr] + 1
    blank[cr] = (follow >= buf.size) | (buf[np.minimum(follow, buf.size - 1)] == NEWLINE)
    starts = starts[~blank]
    multiline = terminators.size < newlines.size
    return np.searchsorted(newlines, starts).astype(np.int64) + 1, multiline


