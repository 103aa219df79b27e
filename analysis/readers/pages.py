"""Read a paging-history export, whatever the tool, into the normalised incident frame.

The format is detected from the content: JSON documents by their keys (analysis.readers.json_exports),
CSV files by their header (analysis.readers.csv_exports lists the dialects). Every reader produces raw
text `Records`; analysis.readers.normalise turns them into one frame with the same columns for all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from analysis.errors import PagesFileError
from analysis.readers.csv_exports import detect_csv_format
from analysis.readers.json_exports import read_json_records
from analysis.readers.lines import count_newlines, record_start_lines
from analysis.readers.mapped import map_export
from analysis.readers.nested import nested_cleaners
from analysis.readers.normalise import Records, normalise
from analysis.readers.refs import Identities

Source = str | Path | bytes | IO[bytes] | IO[str]
Data = bytes | memoryview  # a memoryview when the file is memory-mapped (analysis.readers.mapped)
BLANK = b"\xef\xbb\xbf \t\r\n"  # what may precede a JSON document's first bracket
HEAD = 65536


@dataclass
class Pages:
    """A parsed export: unique readable incidents, rejected rows and counts for the summary."""

    source: str
    format: str
    rows: int  # records read, header and blank lines excluded
    incidents: pd.DataFrame
    rejected: pd.DataFrame  # line, reason
    duplicates: int
    # readable name -> other handles the export gave for that person (ids, emails)
    identities: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _read_bytes(source: Source) -> tuple[Data, str]:
    if isinstance(source, bytes):
        return source, "<upload>"
    if isinstance(source, str | Path):
        return map_export(source, PagesFileError), str(source)
    data = source.read()
    name = str(getattr(source, "name", "<upload>"))
    return (data.encode("utf-8") if isinstance(data, str) else data), name


NUMERIC_FIELDS = ("ack_seconds", "resolve_seconds")
# Few distinct values a million times: Arrow hands these to pandas as categoricals directly.
DICTIONARY_FIELDS = ("acknowledged_by", "assigned_to", "resolved_by", "changed_by", "urgency")
DICTIONARY = pa.dictionary(pa.int32(), pa.string())


def _fast_table(data: Data, chosen: dict[str, str], multiline: bool) -> pd.DataFrame | None:
    """Parse with Arrow's multithreaded reader; None when it refuses the file (then the caller
    retries more carefully). Only the columns Rota uses are converted. Timestamps are parsed by
    Arrow while every one carries an offset, numbers while every cell is one; when a cell
    breaks that, the column is read as text again and left to normalise."""
    wanted = list(dict.fromkeys(chosen.values()))
    typed = {chosen["created"]: pa.timestamp("ns", tz="UTC")}
    typed.update({chosen[f]: pa.float64() for f in NUMERIC_FIELDS if f in chosen})
    while True:
        types = {c: pa.string() for c in wanted}
        types.update({chosen[f]: DICTIONARY for f in DICTIONARY_FIELDS if f in chosen})
        types.update(typed)
        try:
            table = pacsv.read_csv(
                pa.BufferReader(pa.py_buffer(data)),
                parse_options=pacsv.ParseOptions(newlines_in_values=multiline),
                convert_options=pacsv.ConvertOptions(
                    include_columns=wanted, column_types=types, strings_can_be_null=False),
            )
        except pa.ArrowInvalid as exc:
            failed = [c for c in typed if f"to {typed[c]}" in str(exc)]
            if not failed:
                return None
            for column in failed:
                del typed[column]
            continue
        except pa.ArrowKeyError:
            return None
        frame = table.to_pandas()
        return pd.DataFrame({field: frame[col] for field, col in chosen.items()})


def _physical_lines(data: Data) -> int:
    return count_newlines(data) + (0 if data[-1:] == b"\n" else 1)


def _arrow_records(data: Data, chosen: dict[str, str]) -> pd.DataFrame | None:
    """Records with their start lines by Arrow, or None when a row is malformed.

    Fast path: when Arrow finds as many records as the file has physical lines, every record is
    one line and none is blank (each record takes at least one line), so record k is on line
    k + 1. Otherwise the lines come from a quote-aware newline scan (analysis.readers.lines)."""
    frame = _fast_table(data, chosen, False)
    if frame is not None and len(frame) + 1 == _physical_lines(data):
        frame.insert(0, "line", np.arange(2, len(frame) + 2, dtype=np.int64))
        return frame
    lines, multiline = record_start_lines(data)
    if frame is None or multiline:
        frame = _fast_table(data, chosen, multiline)
    if frame is None or len(frame) != len(lines) - 1:
        return None
    frame.insert(0, "line", lines[1:])
    return frame


def _slow_table(text: str, chosen: dict[str, str], header: list[str]
                ) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Python's csv reader, record by record: exact lines, and rows with too many cells."""
    reader = csv.reader(io.StringIO(text))
    next(reader)
    index = {field: header.index(col) for field, col in chosen.items()}
    columns: dict[str, list[str]] = {field: [] for field in chosen}
    lines: list[int] = []
    bad: list[tuple[int, str]] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            if record and not (len(record) == 1 and not record[0].strip()):
                if len(record) > len(header):
                    bad.append((start, f"expected {len(header)} columns, got {len(record)}"))
                else:
                    # Short rows leave trailing cells empty, as spreadsheets write them; a
                    # required cell that is then empty is rejected by its own rule below.
                    record = record + [""] * (len(header) - len(record))
                    lines.append(start)
                    for field, i in index.items():
                        columns[field].append(record[i])
            start = reader.line_num + 1
    except csv.Error as exc:
        bad.append((start, f"unreadable CSV record: {exc}"))
    frame = pd.DataFrame({field: pd.Series(v, dtype="str") for field, v in columns.items()})
    frame.insert(0, "line", np.asarray(lines, dtype=np.int64))
    return frame, bad


def read_csv_records(data: Data, where: str, responders_optional: bool = False) -> Records:
    """Raw text records of a CSV export; `responders_optional` as in detect_csv_format."""
    if bytes(data[:3]) == b"\xef\xbb\xbf":
        data = memoryview(data)[3:]
    head = bytes(data[:HEAD]).decode("utf-8", errors="replace").lstrip("\r\n")
    try:
        header = next(csv.reader(io.StringIO(head.splitlines()[0] if head else "")), [])
    except (StopIteration, csv.Error):
        header = []
    if not [h for h in header if h.strip()]:
        raise PagesFileError(where, 1, "", "empty file: no header")
    header = [h.strip() for h in header]
    fmt, chosen = detect_csv_format(header, where, responders_optional)
    frame = _arrow_records(data, chosen)
    bad: list[tuple[int, str]] = []
    if frame is None:
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PagesFileError(where, None, "",
                                 f"not a UTF-8 text file (byte {exc.start})") from None
        frame, bad = _slow_table(text, chosen, header)
    for column in NUMERIC_FIELDS:
        if column in frame:
            numbers = frame[column]
            if numbers.dtype != "float64":
                numbers = pd.to_numeric(numbers.replace("", None), errors="coerce")
            frame[column] = numbers.astype("float64") * fmt.ack_unit_seconds
    identities = Identities()
    return Records(fmt.name, frame, bad, chosen["created"],
                   cleaners=nested_cleaners(identities) if fmt.nested else {},
                   identities=identities)


def _first_byte(data: Data) -> bytes:
    """The first byte after any BOM, blanks and newlines, read a block at a time (a mapped file
    is not copied to look at its start)."""
    for at in range(0, len(data), HEAD):
        rest = bytes(data[at:at + HEAD]).lstrip(BLANK)
        if rest:
            return rest[:1]
    return b""


def read_pages(source: Source, zone: ZoneInfo, responders_optional: bool = False) -> Pages:
    """Read any supported export. Raises PagesFileError for a file that can't be read at all.

    `zone` (the team's) reads timestamps written without an offset, unless the file names its
    own zone (PagerDuty Analytics' `time_zone`). `responders_optional`: the caller attributes
    by a schedule, so a CSV without any responder column is read (contract section 4)."""
    data, where = _read_bytes(source)
    if _first_byte(data) in (b"[", b"{"):
        records = read_json_records(bytes(data).lstrip(BLANK), where)
    else:
        records = read_csv_records(data, where, responders_optional)
    raw = records.frame
    incidents, rejected, duplicates = normalise(raw, records.zone or zone,
                                                records.created_column, records.cleaners)
    if records.bad:
        extra = pd.DataFrame(records.bad, columns=["line", "reason"]).astype({"reason": "str"})
        rejected = pd.concat([rejected, extra], ignore_index=True)
    rejected = rejected.sort_values("line", kind="stable").reset_index(drop=True)
    return Pages(where, records.format, len(raw) + len(records.bad), incidents, rejected,
                 duplicates, records.identities.handles)
