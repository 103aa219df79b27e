"""Raw text records of any reader -> the normalised incident frame.

The normalised frame has one row per readable, unique incident, sorted by creation time:
    line, id, created (UTC), acknowledged_by, assigned_to, resolved_by, urgency,
    ack_seconds, resolve_seconds
People columns and urgency are categoricals (a million rows repeat a few dozen names);
`resolved_by` is the resolver, or else whoever last changed the incident's status.
Rows that can't be read go to `rejected` as (line, reason); duplicates are counted, not rejected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from analysis.readers.firstcopy import first_copies
from analysis.readers.refs import Identities
from analysis.readers.timestamps import parse_instants

PEOPLE = ("acknowledged_by", "assigned_to", "resolved_by")
FRAME_COLUMNS = ("line", "id", "created", *PEOPLE, "urgency", "ack_seconds", "resolve_seconds")
Clean = Callable[[str], str | None]


@dataclass
class Records:
    """What a reader hands to `normalise`: text fields per record, and how to read them."""

    format: str
    frame: pd.DataFrame  # line + raw text fields (id, created, people, urgency, times)
    bad: list[tuple[int, str]]  # records that could not be split into fields: (line, reason)
    created_column: str  # the creation column as the file names it, for rejected reasons
    zone: ZoneInfo | None = None  # the file's own zone for timestamps without an offset
    cleaners: dict[str, Clean] = field(default_factory=dict)  # field -> person from a cell
    identities: Identities = field(default_factory=Identities)


def per_distinct(cells: pd.Series, clean: Clean) -> pd.Series:
    """`clean` applied to each distinct cell value, as a categorical (None -> NA).

    Exports repeat a few names and urgencies a million times: cleaning the distinct values and
    mapping codes is what keeps this off the per-row path."""
    if isinstance(cells.dtype, pd.CategoricalDtype):  # Arrow read it as a dictionary
        codes, uniques = cells.cat.codes.to_numpy(), list(cells.cat.categories)
    else:
        codes, uniques = _factorize(cells)
    cleaned = pd.Series([clean(str(u)) for u in uniques], dtype=object)
    clean_codes, categories = pd.factorize(cleaned)
    mapped = np.append(clean_codes, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(mapped, categories=pd.Index(categories,
                                                                            dtype="str")),
                     index=cells.index)


def _factorize(cells: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Codes and distinct values; Arrow's dictionary encoding when the cells are Arrow-backed
    (several times faster than pandas' factorize on a million strings)."""
    chunked = getattr(cells.array, "_pa_array", None)
    if chunked is not None and chunked.null_count == 0:
        encoded = pc.dictionary_encode(chunked.combine_chunks())
        return (encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp),
                encoded.dictionary.to_pylist())
    codes, uniques = pd.factorize(cells)
    return codes, list(uniques)


def first_entry(cell: str) -> str | None:
    """The first non-empty, trimmed entry of a cell listing people ("a, b" -> "a")."""
    for part in cell.replace(";", ",").split(","):
        if part.strip():
            return part.strip()
    return None


def whole_cell(cell: str) -> str | None:
    """A cell that holds one person already (JSON readers): trimmed, empty -> None."""
    return cell.strip() or None


def _urgency(cell: str) -> str:
    return cell.strip().lower() or "unspecified"


def _text(raw: pd.DataFrame, field: str) -> pd.Series:
    column = raw[field]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column  # a missing cell has code -1, which per_distinct maps to NA
    return column.fillna("") if column.hasnans else column


def _cleaned(raw: pd.DataFrame, field: str, clean: Clean) -> pd.Series:
    """The cleaned categorical of a field; all NA when the format has no such column."""
    if field not in raw:
        codes = np.full(len(raw), -1, dtype=np.int8)
        return pd.Series(pd.Categorical.from_codes(codes, pd.Index([], dtype="str")),
                         index=raw.index)
    return per_distinct(_text(raw, field), clean)


def normalise(raw: pd.DataFrame, zone: ZoneInfo, created_column: str,
              cleaners: Mapping[str, Clean] | None = None
              ) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Raw text records -> (unique readable incidents, rejected rows, duplicate count).

    `zone` reads timestamps written without an offset; `cleaners` picks the person out of each
    people cell (default: the first entry of a comma or semicolon list)."""
    created, rejected = _created(raw, zone, created_column)
    unreadable = created.isna().to_numpy()
    clean = dict(cleaners or {})
    people = {f: _cleaned(raw, f, clean.get(f, first_entry)) for f in PEOPLE}
    if "changed_by" in raw:  # the last status change stands in for a missing resolver
        changed = _cleaned(raw, "changed_by", clean.get("changed_by", first_entry))
        names = people["resolved_by"].cat.categories.union(changed.cat.categories)
        people["resolved_by"] = people["resolved_by"].cat.set_categories(names).fillna(
            changed.cat.set_categories(names))
    ids = _ids(raw)
    incidents = pd.DataFrame({
        "line": raw["line"].astype("int64"),
        "id": ids,  # empty ids are NA already
        "created": created,
        **people,
        "urgency": _cleaned(raw, "urgency", _urgency),
        "ack_seconds": _seconds(raw, "ack_seconds", "acknowledged_at", created, zone),
        "resolve_seconds": _seconds(raw, "resolve_seconds", "resolved_at", created, zone),
    })
    if unreadable.any():
        incidents = incidents[~unreadable]
    incidents, duplicates = drop_duplicates(incidents)
    return incidents, rejected, duplicates


def _ids(raw: pd.DataFrame) -> pd.Series:
    """Trimmed ids, NA where empty. One strip of every id costs a third of testing whether any
    id needs it (two lengths and a comparison of a million strings)."""
    if "id" not in raw:
        return pd.Series(pd.NA, index=raw.index, dtype="str")
    ids = raw["id"].astype("str").str.strip()
    return ids.where(ids != "") if (ids == "").any() else ids


def _created(raw: pd.DataFrame, zone: ZoneInfo, created_column: str
             ) -> tuple[pd.Series, pd.DataFrame]:
    """Creation instants (UTC), and the rows whose creation can't be read with the reason."""
    column = raw["created"]
    if isinstance(column.dtype, pd.DatetimeTZDtype):  # Arrow parsed every value already
        created = column.astype("datetime64[ns, UTC]")
        missing = created.isna().to_numpy()
        reasons = np.full(int(missing.sum()), f"missing {created_column}", dtype=object)
    else:
        text = column.astype("str").str.strip() if len(raw) else pd.Series([], dtype="str")
        created = parse_instants(text, zone)
        missing = created.isna().to_numpy()
        blank = (text.fillna("") == "").to_numpy()
        reasons = np.where(blank[missing], f"missing {created_column}",
                           "bad timestamp in " + created_column + ": '"
                           + text[missing].fillna("").to_numpy(dtype=object) + "'")
    rejected = pd.DataFrame({"line": raw["line"].to_numpy()[missing],
                             "reason": pd.Series(reasons, dtype="str")})
    return created, rejected


def drop_duplicates(incidents: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Earliest readable copy of each id wins, everything included (contract section 4)."""
    created = incidents["created"].to_numpy(dtype="datetime64[ns]")
    if len(created) > 1 and not (created[1:] >= created[:-1]).all():
        incidents = incidents.sort_values(["created", "line"], kind="stable")
    duplicate = ~first_copies(incidents["id"])
    if duplicate.any():
        incidents = incidents[~duplicate]
    return incidents.reset_index(drop=True), int(duplicate.sum())


def _seconds(raw: pd.DataFrame, seconds: str, instant: str, created: pd.Series,
             zone: ZoneInfo) -> pd.Series:
    if seconds in raw:
        return raw[seconds].astype("float64")
    if instant in raw:
        at = parse_instants(raw[instant].astype("str").str.strip(), zone)
        return (at - created).dt.total_seconds()
    return pd.Series(np.nan, index=raw.index, dtype="float64")


def coerce_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """An incident frame from elsewhere (the app's store) in the normalised shape: `created`
    as UTC instants, people and urgency as categoricals, `resolved_by` added when absent."""
    out = pd.DataFrame(index=frame.index)
    out["line"] = (frame["line"] if "line" in frame
                   else pd.Series(np.arange(2, len(frame) + 2), index=frame.index)
                   ).astype("int64")
    out["id"] = frame["id"].astype("str").where(frame["id"].notna()) if "id" in frame else None
    out["created"] = pd.to_datetime(frame["created"], utc=True).astype("datetime64[ns, UTC]")
    for name in (*PEOPLE, "urgency"):
        column = frame[name] if name in frame else pd.Series(None, index=frame.index,
                                                               dtype=object)
        if not isinstance(column.dtype, pd.CategoricalDtype):
            column = per_distinct(column.astype(object).where(column.notna(), "").astype("str"),
                                  _urgency if name == "urgency" else whole_cell)
        out[name] = column
    for name in ("ack_seconds", "resolve_seconds"):
        out[name] = (frame[name].astype("float64") if name in frame
                      else pd.Series(np.nan, index=frame.index))
    extra = [c for c in frame.columns if c not in out.columns]
    return pd.concat([out, frame[extra]], axis=1) if extra else out
