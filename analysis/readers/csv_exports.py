"""The CSV exports Rota reads, and how a header is matched to one of them.

Each format maps normalised fields to the header names its tool writes, spelled as the tool
spells them. Header names are compared lower-cased with spaces removed, so "Created At",
"createdAt" and "createdat" are one name. A header belongs to the format whose required columns
it all has and whose signature it shares most; a header that completes no format is told which
format it comes closest to and which of that format's columns it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.errors import PagesFileError


def key(name: str) -> str:
    return name.strip().lower().replace(" ", "")


@dataclass(frozen=True)
class CsvFormat:
    """A CSV dialect of some tool: which header names feed which normalised field."""

    name: str
    label: str  # with its article: errors say "for the <label>"
    signature: tuple[str, ...]  # columns typical of this tool; the best overlap wins
    columns: dict[str, tuple[str, ...]]  # field -> header names as the tool writes them
    required: tuple[str, ...]  # fields
    ack_unit_seconds: float = 1.0  # ack_seconds / resolve_seconds are in this unit
    nested: bool = False  # people cells hold JSON lists or objects (an API response as CSV)


PAGERDUTY = CsvFormat(
    "pagerduty", "the PagerDuty incident report CSV",
    ("created_on", "incident_number", "acknowledged_by_user_names", "assigned_to_user_names",
     "acknowledged_user_names", "assigned_user_names", "seconds_to_first_ack"),
    {"id": ("id",), "created": ("created_on", "created_at"),
     "acknowledged_by": ("acknowledged_by_user_names", "acknowledged_user_names"),
     "assigned_to": ("assigned_to_user_names", "assigned_user_names"),
     "resolved_by": ("resolved_by_user_names", "resolved_by_user_name"), "urgency": ("urgency",),
     "ack_seconds": ("seconds_to_first_ack",), "resolve_seconds": ("seconds_to_resolve",)},
    ("id", "created", "acknowledged_by", "assigned_to"),
)
PAGERDUTY_WEB = CsvFormat(
    "pagerduty-web", "the PagerDuty web incidents CSV",
    ("Incident Number", "Title", "Status", "Urgency", "Created At", "Resolved At", "Assigned To"),
    {"id": ("Incident Number", "Incident ID"), "created": ("Created At", "Created On"),
     "acknowledged_by": ("Acknowledged By",), "assigned_to": ("Assigned To",),
     "resolved_by": ("Resolved By",), "urgency": ("Urgency",),
     "acknowledged_at": ("Acknowledged At",), "resolved_at": ("Resolved At",)},
    ("id", "created", "assigned_to"),
)
PAGERDUTY_REST_CSV = CsvFormat(
    "pagerduty-rest-csv", "the CSV dump of the PagerDuty REST API",
    ("incident_number", "created_at", "acknowledgements", "assignments", "last_status_change_by",
     "last_status_change_at"),
    {"id": ("id",), "created": ("created_at",), "acknowledged_by": ("acknowledgements",),
     "assigned_to": ("assignments",), "resolved_by": ("resolved_by",),
     "changed_by": ("last_status_change_by", "last_status_change_by.summary"),
     "urgency": ("urgency",), "resolved_at": ("resolved_at",)},
    ("id", "created", "acknowledged_by", "assigned_to"),
    nested=True,
)
OPSGENIE = CsvFormat(
    "opsgenie", "the Opsgenie alert export",
    ("createdAt", "owner", "acknowledgedBy", "tinyId"),
    {"id": ("id", "alertId", "alias", "tinyId"), "created": ("createdAt",),
     "acknowledged_by": ("acknowledgedBy",), "assigned_to": ("owner",),
     "resolved_by": ("closedBy",), "urgency": ("priority",), "ack_seconds": ("ackTime",),
     "resolve_seconds": ("closeTime",)},
    ("created", "acknowledged_by", "assigned_to"),
    ack_unit_seconds=0.001,
)
GENERIC = CsvFormat(
    "generic", "the generic CSV (id,created_at,responder[,severity])",
    ("created_at", "responder"),
    {"id": ("id",), "created": ("created_at",), "acknowledged_by": ("responder",),
     "urgency": ("severity",), "acknowledged_at": ("acknowledged_at",),
     "resolved_at": ("resolved_at",)},
    ("id", "created", "acknowledged_by"),
)
CSV_FORMATS = (PAGERDUTY, PAGERDUTY_WEB, PAGERDUTY_REST_CSV, OPSGENIE, GENERIC)
# Responder columns: a user may leave them all out of an export (PagerDuty's web download lets
# them pick the columns). With a schedule nobody needs them: the primary on call counts.
PEOPLE_FIELDS = ("acknowledged_by", "assigned_to", "resolved_by", "changed_by")


def _columns(fmt: CsvFormat, keys: dict[str, str], responders_optional: bool = False
             ) -> tuple[dict[str, str], list[str]]:
    """field -> header name as written in the file, and the required columns it lacks."""
    chosen: dict[str, str] = {}
    missing: list[str] = []
    for field, names in fmt.columns.items():
        found = next((keys[key(n)] for n in names if key(n) in keys), None)
        if found is not None:
            chosen[field] = found
        elif field in fmt.required and not (responders_optional and field in PEOPLE_FIELDS):
            missing.append(names[0])
    return chosen, missing


def _quoted(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def detect_csv_format(header: list[str], where: str, responders_optional: bool = False
                      ) -> tuple[CsvFormat, dict[str, str]]:
    """The format of a header, and field -> header name as written. `responders_optional`
    (there is a schedule) accepts a header without the format's responder columns.

    Raises PagesFileError naming the closest format and the columns it lacks, or listing the
    known formats when the header shares nothing with any of them."""
    keys = {key(h): h for h in header if h.strip()}
    written = {h.strip() for h in header}

    def overlap(fmt: CsvFormat) -> int:
        return len({key(s) for s in fmt.signature} & keys.keys())

    def likeness(fmt: CsvFormat) -> tuple[int, int, int]:
        # ties go to the format that spells the shared columns exactly as the file does
        return overlap(fmt), len(set(fmt.signature) & written), -CSV_FORMATS.index(fmt)

    fits = [f for f in CSV_FORMATS if not _columns(f, keys, responders_optional)[1]]
    if fits:
        fmt = max(fits, key=likeness)
        return fmt, _columns(fmt, keys)[0]
    seen = ", ".join(h for h in header if h.strip()) or "(none)"
    closest = max(CSV_FORMATS, key=likeness)
    if not overlap(closest):
        labels = "; ".join(f.label.removeprefix("the ") for f in CSV_FORMATS)
        raise PagesFileError(where, 1, "", "unknown header: it matches none of the known "
                             f"exports ({labels}); columns are: {seen}")
    missing = _columns(closest, keys)[1]
    noun = "column" if len(missing) == 1 else "columns"
    fields = {names[0]: f for f, names in closest.columns.items()}
    hint = ("; with --schedule a file without responders is read"
            if all(fields.get(m) in PEOPLE_FIELDS for m in missing) else "")
    raise PagesFileError(where, 1, "", f"missing {noun} {_quoted(missing)} for {closest.label}, "
                         f"the closest known export; columns are: {seen}{hint}")
