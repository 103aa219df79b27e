"""Detect and parse paging-history exports into one normalised incident frame.

Formats (contract section 4; detected from the header, or from the content for JSON):
- PagerDuty raw incident report CSV: id, created_on, acknowledged_by_user_names,
  assigned_to_user_names, urgency (+ seconds_to_first_ack, seconds_to_resolve when present);
- Opsgenie alert export CSV: createdAt / "Created At", owner, acknowledgedBy (+ id, priority,
  ackTime, closeTime in milliseconds); `count` is ignored: every alert counts once;
- generic CSV: id, created_at, responder[, severity, acknowledged_at, resolved_at];
- PagerDuty REST API incidents JSON and Grafana OnCall alert groups JSON (see jsonformats).

The normalised frame has one row per readable, unique incident, sorted by creation time:
    line, id, created (UTC), acknowledged_by, assigned_to, urgency, ack_seconds, resolve_seconds
Rows that can't be read go to `rejected` as (line, reason); duplicates are counted, not rejected.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from scheduler.files import read_file_bytes

from .errors import PagesFileError
from .jsonformats import read_json_records
from .lines import record_start_lines
from .timestamps import parse_instants

Source = str | Path | bytes | IO[bytes] | IO[str]

FIELDS = ("id", "created", "acknowledged_by", "assigned_to", "urgency",
          "ack_seconds", "resolve_seconds", "acknowledged_at", "resolved_at")


@dataclass(frozen=True)
class CsvFormat:
    """A CSV dialect of some tool: which header names feed which normalised field.

    Header names are compared lower-cased with spaces removed, so "Created At" == "createdAt".
    `signature` columns identify the format; `required` ones must all be present."""

    name: str
    label: str
    signature: frozenset[str]
    columns: dict[str, tuple[str, ...]]  # field -> accepted header names, preferred first
    required: tuple[str, ...]  # fields
    ack_unit_seconds: float = 1.0  # ack_seconds / resolve_seconds columns are in this unit


PAGERDUTY = CsvFormat(
    "pagerduty", "PagerDuty incident report",
    frozenset({"created_on", "assigned_to_user_names", "acknowledged_by_user_names",
               "incident_number"}),
    {"id": ("id",), "created": ("created_on",),
     "acknowledged_by": ("acknowledged_by_user_names",),
     "assigned_to": ("assigned_to_user_names",), "urgency": ("urgency",),
     "ack_seconds": ("seconds_to_first_ack",), "resolve_seconds": ("seconds_to_resolve",)},
    ("id", "created", "acknowledged_by", "assigned_to"),
)
OPSGENIE = CsvFormat(
    "opsgenie", "Opsgenie alert export",
    frozenset({"createdat", "owner", "acknowledgedby", "tinyid"}),
    {"id": ("id", "alertid", "alias", "tinyid"), "created": ("createdat",),
     "acknowledged_by": ("acknowledgedby",), "assigned_to": ("owner",),
     "urgency": ("priority",), "ack_seconds": ("acktime",), "resolve_seconds": ("closetime",)},
    ("created", "acknowledged_by", "assigned_to"),
    ack_unit_seconds=0.001,
)
GENERIC = CsvFormat(
    "generic", "generic CSV (id,created_at,responder[,severity])",
    frozenset({"created_at", "responder"}),
    {"id": ("id",), "created": ("created_at",), "acknowledged_by": ("responder",),
     "urgency": ("severity",), "acknowledged_at": ("acknowledged_at",),
     "resolved_at": ("resolved_at",)},
    ("id", "created", "acknowledged_by"),
)
CSV_FORMATS = (PAGERDUTY, OPSGENIE, GENERIC)
# Names shown in errors, as the contract spells them.
SPELLING = {"createdat": "createdAt", "acknowledgedby": "acknowledgedBy"}


@dataclass
class Pages:
    """A parsed export: unique readable incidents, rejected rows and counts for the summary."""

    source: str
    format: str
    rows: int  # records read, header and blank lines excluded
    incidents: pd.DataFrame
    rejected: pd.DataFrame  # line, reason
    duplicates: int


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "")


def _read_bytes(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, "<upload>"
    if isinstance(source, str | Path):
        return read_file_bytes(source, PagesFileError), str(source)
    data = source.read()
    name = str(getattr(source, "name", "<upload>"))
    return (data.encode("utf-8") if isinstance(data, str) else data), name


def detect_csv_format(header: list[str], where: str) -> tuple[CsvFormat, dict[str, str]]:
    """The format whose signature the header matches best, and field -> header name as written.

    Raises PagesFileError naming the missing column, or the columns seen for an unknown header."""
    keys = {_key(h): h for h in header}
    best = max(CSV_FORMATS, key=lambda f: len(f.signature & keys.keys()))
    if not best.signature & keys.keys():
        seen = ", ".join(h for h in header if h.strip()) or "(none)"
        raise PagesFileError(
            where, 1, "", "unknown header: no column 'created_on' (PagerDuty), 'createdAt' "
            f"(Opsgenie) or 'created_at' (generic); columns are: {seen}")
    chosen: dict[str, str] = {}
    for field, names in best.columns.items():
        found = next((keys[n] for n in names if n in keys), None)
        if found is not None:
            chosen[field] = found
        elif field in best.required:
            column = SPELLING.get(names[0], names[0])
            raise PagesFileError(where, 1, "", f"missing column '{column}' for a {best.label}")
    return best, chosen


NUMERIC_FIELDS = ("ack_seconds", "resolve_seconds")


def _fast_table(data: bytes, chosen: dict[str, str], multiline: bool,
                numbers_typed: bool) -> pd.DataFrame | None:
    """Parse with Arrow's multithreaded reader; None when it refuses the file (then the caller
    retries more carefully). Only the columns Rota uses are converted."""
    wanted = list(dict.fromkeys(chosen.values()))
    types = {c: pa.string() for c in wanted}
    if numbers_typed:
        types.update({chosen[f]: pa.float64() for f in NUMERIC_FIELDS if f in chosen})
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            parse_options=pacsv.ParseOptions(newlines_in_values=multiline),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted, column_types=types, strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError):
        return None
    frame = table.to_pandas()
    return pd.DataFrame({field: frame[col] for field, col in chosen.items()})


def _physical_lines(data: bytes) -> int:
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def _arrow_records(data: bytes, chosen: dict[str, str]) -> pd.DataFrame | None:
    """Records with their start lines by Arrow, or None when a row is malformed.

    Fast path: when Arrow finds as many records as the file has physical lines, every record is
    one line and none is blank (each record takes at least one line), so record k is on line
    k + 1. Otherwise the lines come from a quote-aware newline scan (analysis.lines)."""
    frame = _fast_table(data, chosen, False, True)
    if frame is not None and len(frame) + 1 == _physical_lines(data):
        frame.insert(0, "line", np.arange(2, len(frame) + 2, dtype=np.int64))
        return frame
    lines, multiline = record_start_lines(data)
    if frame is None or multiline:
        frame = _fast_table(data, chosen, multiline, True)
    if frame is None:  # a number column holds text: read it as text, coerce below
        frame = _fast_table(data, chosen, multiline, False)
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


def read_csv_records(data: bytes, where: str) -> tuple[str, pd.DataFrame, list[tuple[int, str]]]:
    """Raw text records of a CSV export: (format name, frame of line + fields, bad rows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:65536].decode("utf-8", errors="replace").lstrip("\r\n")
    try:
        header = next(csv.reader(io.StringIO(head.splitlines()[0] if head else "")), [])
    except (StopIteration, csv.Error):
        header = []
    if not [h for h in header if h.strip()]:
        raise PagesFileError(where, 1, "", "empty file: no header")
    header = [h.strip() for h in header]
    fmt, chosen = detect_csv_format(header, where)
    frame = _arrow_records(data, chosen)
    bad: list[tuple[int, str]] = []
    if frame is None:
        try:
            text = data.decode("utf-8")
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
    return fmt.name, frame, bad


def per_distinct(cells: pd.Series, clean: Callable[[str], str | None]) -> pd.Series:
    """`clean` applied to each distinct cell value, as a categorical (None -> NA).

    Exports repeat a few names and urgencies a million times: cleaning the distinct values and
    mapping codes is what keeps this off the per-row path."""
    codes, uniques = pd.factorize(cells)
    cleaned = pd.Series([clean(str(u)) for u in uniques], dtype=object)
    clean_codes, categories = pd.factorize(cleaned)
    mapped = np.append(clean_codes, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(mapped, categories=pd.Index(categories,
                                                                            dtype="str")),
                     index=cells.index)


def first_entry(cell: str) -> str | None:
    """The first non-empty, trimmed entry of a cell listing people ("a, b" -> "a")."""
    for part in cell.replace(";", ",").split(","):
        if part.strip():
            return part.strip()
    return None


def _urgency(cell: str) -> str:
    return cell.strip().lower() or "unspecified"


def normalise(raw: pd.DataFrame, zone: ZoneInfo, created_column: str
              ) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Raw text records -> (unique readable incidents, rejected rows, duplicate count)."""
    n = len(raw)
    text = raw["created"].astype("str").str.strip() if n else pd.Series([], dtype="str")
    created = parse_instants(text, zone)
    unreadable = created.isna().to_numpy()
    blank = (text.fillna("") == "").to_numpy()
    reasons = np.where(blank[unreadable], f"missing {created_column}",
                       "bad timestamp in " + created_column + ": '"
                       + text[unreadable].fillna("").to_numpy(dtype=object) + "'")
    rejected = pd.DataFrame({"line": raw["line"].to_numpy()[unreadable],
                             "reason": pd.Series(reasons, dtype="str")})

    def column(field: str) -> pd.Series:
        return raw[field] if field in raw else pd.Series([None] * n, index=raw.index, dtype="str")

    ids = column("id").astype("str").str.strip()
    incidents = pd.DataFrame({
        "line": raw["line"].astype("int64"),
        "id": ids.where(ids != ""),
        "created": created,
        "acknowledged_by": per_distinct(column("acknowledged_by").fillna(""), first_entry),
        "assigned_to": per_distinct(column("assigned_to").fillna(""), first_entry),
        "urgency": per_distinct(column("urgency").fillna(""), _urgency),
        "ack_seconds": _seconds(raw, "ack_seconds", "acknowledged_at", created, zone),
        "resolve_seconds": _seconds(raw, "resolve_seconds", "resolved_at", created, zone),
    })[~unreadable]
    # Earliest readable copy of each id wins, everything included (contract section 4).
    incidents = incidents.sort_values(["created", "line"], kind="stable")
    duplicate = incidents["id"].notna() & incidents.duplicated("id", keep="first")
    incidents = incidents[~duplicate].reset_index(drop=True)
    return incidents, rejected, int(duplicate.sum())


def _seconds(raw: pd.DataFrame, seconds: str, instant: str, created: pd.Series,
             zone: ZoneInfo) -> pd.Series:
    if seconds in raw:
        return raw[seconds].astype("float64")
    if instant in raw:
        at = parse_instants(raw[instant].astype("str").str.strip(), zone)
        return (at - created).dt.total_seconds()
    return pd.Series(np.nan, index=raw.index, dtype="float64")


def read_pages(source: Source, zone: ZoneInfo) -> Pages:
    """Read any supported export. Raises PagesFileError for a file that can't be read at all."""
    data, where = _read_bytes(source)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        fmt, raw, bad = read_json_records(stripped, where)
        created_column = "created_at"
    else:
        fmt, raw, bad = read_csv_records(data, where)
        created_column = {"pagerduty": "created_on", "opsgenie": "createdAt"}.get(
            fmt, "created_at")
    incidents, rejected, duplicates = normalise(raw, zone, created_column)
    if bad:
        extra = pd.DataFrame(bad, columns=["line", "reason"]).astype({"reason": "str"})
        rejected = pd.concat([rejected, extra], ignore_index=True)
    rejected = rejected.sort_values("line", kind="stable").reset_index(drop=True)
    return Pages(where, fmt, len(raw) + len(bad), incidents, rejected, duplicates)
