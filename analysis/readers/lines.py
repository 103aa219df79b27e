"""Physical line numbers of CSV records, computed without a per-row loop.

A record may span several physical lines when a quoted cell holds a newline (PagerDuty
descriptions do). A newline ends a record only when an even number of quote characters precede
it: an escaped quote ("") adds two, so parity still tells inside from outside. Counting quotes
before each newline with searchsorted, slice by slice, keeps memory at O(newlines).
"""

from __future__ import annotations

import numpy as np

NEWLINE, CARRIAGE_RETURN, QUOTE = 10, 13, 34
# The buffer is scanned in slices so the comparisons' temporaries stay in the CPU cache and no
# array of every quote position (millions in an export that quotes every cell) is ever built:
# on a 200 MB file this is ~5x faster than comparing the whole buffer at once.
SLICE = 1 << 20


def count_newlines(data: bytes | memoryview) -> int:
    """How many newline bytes `data` holds, slice by slice (no copy of a mapped file, and no
    temporary the size of the file)."""
    buf = np.frombuffer(data, dtype=np.uint8)
    return sum(int(np.count_nonzero(buf[at:at + SLICE] == NEWLINE))
               for at in range(0, buf.size, SLICE))


def newline_scan(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Offsets of every newline, and of those outside quoted cells (int64, ascending).

    A newline is outside when an even number of quotes precede it in the file: the parity
    carried over from earlier slices plus the quotes before it in its own slice."""
    every: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    outside: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    carry = 0
    for at in range(0, buf.size, SLICE):
        part = buf[at:at + SLICE]
        newlines = np.flatnonzero(part == NEWLINE)
        quotes = np.flatnonzero(part == QUOTE)
        inside = (np.searchsorted(quotes, newlines) + carry) % 2 == 1
        carry = (carry + quotes.size) % 2
        every.append(newlines + at)
        outside.append(newlines[~inside] + at)
    return np.concatenate(every), np.concatenate(outside)


def record_start_lines(data: bytes | memoryview) -> tuple[np.ndarray, bool]:
    """1-based physical line of every non-blank record (the header included), and whether some
    newline lies inside a quoted cell (the CSV reader must then be told so).

    Blank lines (empty, or a lone carriage return) start no record, as CSV readers skip them.
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    if buf.size == 0:
        return np.empty(0, dtype=np.int64), False
    newlines, terminators = newline_scan(buf)
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


