"""The store's one schema: every table Rota keeps, on one SQLAlchemy `metadata`.

A team is a row of `teams`; everything else points at it by id. Only portable column types are
used, so the same schema runs on SQLite and PostgreSQL. Tables added by later features go here,
on the same `metadata`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

teams = Table(
    "teams", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),  # the team file's `team:`
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The team file as last saved in the editor; may be ahead of the published one.
drafts = Table(
    "drafts", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False, unique=True),
    Column("team_yaml", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Solves not (yet) published, newest last, with the team file they were solved for.
solved_schedules = Table(
    "solved_schedules", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("team_yaml", Text, nullable=False),
    Column("schedule_csv", Text, nullable=False),
    Column("report", Text, nullable=True),  # JSON of scheduler.SolveReport
    Column("solved_at", DateTime(timezone=True), nullable=False),
)

publications = Table(
    "publications", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("team_yaml", Text, nullable=False),
    Column("schedule_csv", Text, nullable=False),
    Column("sequences", Text, nullable=False),  # JSON {uid: [sequence, fingerprint]}
    UniqueConstraint("team_id", "version"),
)

feed_tokens = Table(
    "feed_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("person", String(200), nullable=True),  # NULL = the team feed
    Column("token", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

imports = Table(
    "imports", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("filename", String(500), nullable=False),
    Column("format", String(50), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("already_stored", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
    Column("rejected_csv", Text, nullable=False),
    # JSON {name: [other handles]}: the ids and emails a tool gave beside each name it wrote
    Column("identities_json", Text, nullable=False, default="{}"),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

# One row per (team, incident id): an id imported twice is one incident (contract section 4).
incidents = Table(
    "incidents", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("incident_id", String(500), nullable=False),
    Column("import_id", ForeignKey("imports.id"), nullable=False),
    Column("line", Integer, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("acknowledged_by", Text, nullable=True),
    Column("assigned_to", Text, nullable=True),
    Column("resolved_by", Text, nullable=True),  # resolver, or whoever last changed the status
    Column("urgency", String(100), nullable=True),
    Column("ack_seconds", Float, nullable=True),
    Column("resolve_seconds", Float, nullable=True),
    UniqueConstraint("team_id", "incident_id"),
)

# Who changed what, when (service.store.audit). The team by name, not by id: the trail outlives
# renames and removals.
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(320), nullable=False),  # Actor.label: an email, "cli", "local ..."
    Column("action", String(100), nullable=False),
    Column("team", String(200), nullable=True),
    Column("detail", Text, nullable=False),
)

# Overrides (contract section 6): one row per override entered, with the version it applied to
# and the version its final schedule was published as.
overrides = Table(
    "overrides", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("version", Integer, nullable=False),  # the publication it was applied to
    Column("result_version", Integer, nullable=False),  # the publication it produced
    Column("role", String(100), nullable=False),
    Column("person", String(200), nullable=False),
    Column("covers_for", String(1000), nullable=False),  # the people replaced, comma-separated
    Column("start", DateTime(timezone=True), nullable=False),
    Column("end", DateTime(timezone=True), nullable=False),
    Column("reason", Text, nullable=False),
    Column("entered_by", String(320), nullable=False),
    Column("entered_at", DateTime(timezone=True), nullable=False),
)

# A member's request that a lead put someone else on part of their shift (section 6's override,
# asked for rather than entered). Open until a lead approves (entering the override, whose
# publication is result_version) or declines it.
cover_requests = Table(
    "cover_requests", metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", ForeignKey("teams.id"), nullable=False),
    Column("version", Integer, nullable=False),  # the publication the member looked at
    Column("role", String(100), nullable=False),
    Column("person", String(200), nullable=False),  # who needs cover
    Column("candidate", String(200), nullable=False),  # who they suggest
    Column("start", DateTime(timezone=True), nullable=False),
    Column("end", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False),
    Column("requested_by", String(320), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),  # open, approved, declined
    Column("decided_by", String(320)),
    Column("decided_at", DateTime(timezone=True)),
    Column("result_version", Integer),
)

# Overrides `rota push` made in a paging tool (contract section 11), so a later push deletes
# only its own and never one a person made. `override_id` NULL: a create was sent but its
# answer not seen; a rerun adopts the tool's matching override instead of making a duplicate.
pushed_overrides = Table(
    "pushed_overrides", metadata,
    Column("id", Integer, primary_key=True),
    Column("tool", String(50), nullable=False),
    Column("target", String(200), nullable=False),
    Column("override_id", String(200), nullable=True),
    Column("start", DateTime(timezone=True), nullable=False),
    Column("end", DateTime(timezone=True), nullable=False),
    Column("user", String(320), nullable=False),  # the tool's user (aliases.<tool>)
    Column("member", String(200), nullable=False),
    Column("pushed_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("tool", "target", "override_id"),
)

# One row per push run that talked to the tool (dry runs are not recorded).
push_runs = Table(
    "push_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("team", String(200), nullable=True),  # by name, like the audit trail
    Column("tool", String(50), nullable=False),
    Column("target", String(200), nullable=False),
    Column("role", String(100), nullable=False),
    Column("created", Integer, nullable=False),
    Column("deleted", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("kept", Integer, nullable=False),  # overrides made by others, left alone
    Column("failure", Text, nullable=True),  # the one-line error, NULL when it finished
    Column("actor", String(320), nullable=False),
)

# Messages `rota notify` and the app deliver (contract section 12), one row per message. The
# unique key is claimed *before* sending (state 'sending') and marked 'sent' after delivery, so
# two overlapping runs cannot both send it; a failed delivery deletes its claim and goes into
# `delivery_failures`, and the next run tries again. Kind 'version' rows (recipient '') mark a
# published version whose change messages have all gone out.
deliveries = Table(
    "deliveries", metadata,
    Column("id", Integer, primary_key=True),
    Column("team", String(200), nullable=False),
    Column("kind", String(20), nullable=False),  # change, reminder, handoff, version
    Column("subject_key", String(200), nullable=False),  # which change, row or handoff
    Column("recipient", String(320), nullable=False),  # member id, "#channel", or ""
    Column("state", String(20), nullable=False),  # sending, sent
    Column("about", Text, nullable=False),  # the message's subject line
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("team", "kind", "subject_key", "recipient"),
)

# Deliveries that failed, for the app's delivery log; the message itself stays due.
delivery_failures = Table(
    "delivery_failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("team", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("subject_key", String(200), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("about", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
)

# A member's own reminder choice; without a row, the team file's `notify.remind_hours` holds.
notify_preferences = Table(
    "notify_preferences", metadata,
    Column("id", Integer, primary_key=True),
    Column("team", String(200), nullable=False),
    Column("person", String(200), nullable=False),
    Column("reminders", Boolean, nullable=False),
    Column("remind_hours", Float, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("team", "person"),
)
