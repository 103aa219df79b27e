"""Parse export timestamps into UTC instants, vectorised.

ISO 8601 with `T` or a space; an offset or `Z` when the tool wrote one. A timestamp without an
offset is wall time in the team zone: a time in the spring-forward gap moves to the end of the
gap and a repeated fall-back time means its first occurrence, as for handoffs (contract
section 1). Opsgenie also writes epoch milliseconds, which are read as such.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

OFFSET = r"(?:[Zz]|[+-]\d\d(?::?\d\d)?)$"
EPOCH_MILLIS = r"^\d{12,14}$"


def parse_instants(text: pd.Series, zone: ZoneInfo) -> pd.Series:
    """UTC instants for `text`; NaT where a value is empty or not a timestamp."""
    text = text.fillna("").astype("str")
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    if text.empty:
        return out
    millis = text.str.match(EPOCH_MILLIS).to_numpy(dtype=bool)
    aware = text.str.contains(OFFSET, regex=True).to_numpy(dtype=bool) & ~millis
    naive = ~aware & ~millis & (text != "").to_numpy(dtype=bool)
    if aware.any():
        out[aware] = pd.to_datetime(text[aware], format="ISO8601", utc=True, errors="coerce")
    if naive.any():
        wall = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
        out[naive] = wall.dt.tz_localize(
            zone, ambiguous=np.ones(len(wall), dtype=bool), nonexistent="shift_forward"
        ).dt.tz_convert("UTC")
    if millis.any():
        out[millis] = pd.to_datetime(text[millis].astype("int64"), unit="ms", utc=True)
    return out.astype("datetime64[ns, UTC]")
