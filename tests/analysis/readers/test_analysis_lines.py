"""Physical start lines of CSV records: quoted newlines, escaped quotes, blank lines, wherever
a slice boundary of the scan falls."""

from __future__ import annotations

import pytest

from analysis.readers import lines
from analysis.readers.lines import record_start_lines

TEXT = ('h1,h2\n'
        'a,"two\nlines"\n'
        '\n'
        'b,"say ""hi"",\nthen go"\n'
        '\r\n'
        'c,plain\n'
        'd,"x\n\ny"\n')


@pytest.mark.parametrize("slice_size", [1, 2, 3, 5, 7, 64, 1 << 20])
def test_start_lines_match_the_csv_module_whatever_the_slice(monkeypatch, slice_size):
    monkeypatch.setattr(lines, "SLICE", slice_size)
    starts, multiline = record_start_lines(TEXT.encode())
    # header; "a" over lines 2-3; blank 4; "b" over 5-6; blank "\r\n" 7; "c" 8; "d" 9-11
    assert starts.tolist() == [1, 2, 5, 8, 9]
    assert multiline


def test_one_line_records_are_not_multiline():
    starts, multiline = record_start_lines(b'h\n"a"\nb\n')
    assert (starts.tolist(), multiline) == ([1, 2, 3], False)
