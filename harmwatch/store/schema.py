"""Tables, one SQLAlchemy 2 declarative model each. Same schema on SQLite and PostgreSQL.

reports ──< mentions >── incidents ──< merge_log
                                   └──< audit_log (any entity)
users ──< user_sessions (revocable logins); login_attempts (the shared login rate limit)
places (user gazetteer), annotations (timeline notes), ingest_runs (resumable bulk work),
saved_views (named filter sets, shared with the team)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    false,
    func,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ReportRow(Base):
    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    source: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    lang: Mapped[str] = mapped_column(String(10), default="en")
    origin: Mapped[str | None] = mapped_column(String(2000))
    previous_version_id: Mapped[str | None] = mapped_column(ForeignKey("reports.id"))
    ingested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    extracted: Mapped[bool] = mapped_column(Boolean, default=False)

    mentions: Mapped[list[MentionRow]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )


class MentionRow(Base):
    """One incident as one report tells it (an extracted `models.Incident`)."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(40))
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    place_name: Mapped[str | None] = mapped_column(String(300))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    place_precision: Mapped[str | None] = mapped_column(String(20))
    killed_min: Mapped[int | None] = mapped_column(Integer)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    injured_min: Mapped[int | None] = mapped_column(Integer)
    injured_max: Mapped[int | None] = mapped_column(Integer)
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # models.Incident.model_dump(mode="json")

    report: Mapped[ReportRow] = relationship(back_populates="mentions")
    incident: Mapped[IncidentRow | None] = relationship(back_populates="mentions")


class IncidentRow(Base):
    """The resolved record: one event, told by one or more mentions."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    event_type: Mapped[str] = mapped_column(String(40), index=True)
    place_name: Mapped[str | None] = mapped_column(String(300), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(4))
    lat: Mapped[float | None] = mapped_column(Float, index=True)
    lon: Mapped[float | None] = mapped_column(Float, index=True)
    place_precision: Mapped[str | None] = mapped_column(String(20))
    killed_min: Mapped[int | None] = mapped_column(Integer, index=True)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    injured_min: Mapped[int | None] = mapped_column(Integer)
    injured_max: Mapped[int | None] = mapped_column(Integer)
    children_killed_min: Mapped[int | None] = mapped_column(Integer)
    children_killed_max: Mapped[int | None] = mapped_column(Integer)
    women_killed_min: Mapped[int | None] = mapped_column(Integer)
    women_killed_max: Mapped[int | None] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(20), index=True)
    grade_reason: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    actors: Mapped[str | None] = mapped_column(String(500), index=True)  # space-separated actor ids
    # perpetrators, figures, targets...
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # analyst corrections
    # unreviewed | in_review | verified | rejected (revision 0004)
    review_status: Mapped[str] = mapped_column(String(20), default="unreviewed")
    assignee: Mapped[str | None] = mapped_column(String(100), index=True)  # revision 0004
    # bumped by every analyst's change: a save made on an older version is refused (0004)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    mentions: Mapped[list[MentionRow]] = relationship(back_populates="incident")


Index("ix_incidents_date_place", IncidentRow.date, IncidentRow.lat, IncidentRow.lon)

# place filters count from these alone (revision 0002)
Index("ix_incidents_place_live", IncidentRow.place_name, IncidentRow.merged_into_id)
Index("ix_incidents_admin1", IncidentRow.admin1, IncidentRow.merged_into_id)
Index("ix_incidents_country", IncidentRow.country, IncidentRow.merged_into_id)

# The live incidents newest first, with what a list count and a map marker read (revision
# 0002): one definition per dialect, as SQLite has no NULLS LAST in an index and PostgreSQL
# needs it to walk the index in the list's order.
_LIVE = (
    "date_end",
    "lat",
    "lon",
    "killed_min",
    "killed_max",
    "grade",
    "event_type",
    "place_name",
    "actors",
)
Index(
    "ix_incidents_live",
    IncidentRow.merged_into_id,
    IncidentRow.date,
    IncidentRow.id,
    *(IncidentRow.__table__.c[name] for name in _LIVE),
).ddl_if(dialect="sqlite")
Index(
    "ix_incidents_live",
    IncidentRow.date.desc().nulls_last(),
    IncidentRow.id.desc(),
    postgresql_where=IncidentRow.merged_into_id.is_(None),
    postgresql_include=list(_LIVE),
).ddl_if(dialect="postgresql")


class MergeLogRow(Base):
    __tablename__ = "merge_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    kind: Mapped[str] = mapped_column(String(20))  # create | attach | merge | split | undo
    incident_id: Mapped[int] = mapped_column(Integer, index=True)
    other_incident_id: Mapped[int | None] = mapped_column(Integer, index=True)
    mention_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    automatic: Mapped[bool] = mapped_column(Boolean, default=True)
    score: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="")
    user: Mapped[str | None] = mapped_column(String(100))
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(200), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int | None] = mapped_column(Integer)  # the incident's version it made (0004)


class KeptApartRow(Base):
    """An analyst's "keep apart" of two incidents (revision 0004), one row per pair of their
    reports, so the resolver never joins a mention of one report to an incident holding the
    other, even after re-extraction gives the mentions new ids and incidents."""

    __tablename__ = "kept_apart"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_a: Mapped[str] = mapped_column(String(200))  # report_a < report_b
    report_b: Mapped[str] = mapped_column(String(200))
    incident_a: Mapped[int] = mapped_column(Integer)
    incident_b: Mapped[int] = mapped_column(Integer)
    user: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


Index("ix_kept_apart_reports", KeptApartRow.report_a, KeptApartRow.report_b)


class SavedViewRow(Base):
    """A named, shareable filter set (revision 0005): one user's, seen by the whole team.
    ``filters`` holds the web app's address parameters (since, place, grade, sort, ...)."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80))
    owner: Mapped[str] = mapped_column(String(100))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


Index("ux_saved_views_owner_name", SavedViewRow.owner, SavedViewRow.name, unique=True)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # viewer | analyst | admin
    password_hash: Mapped[str] = mapped_column(String(300))
    token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # a disabled user cannot log in, and its token and sessions stop working (revision 0003)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class UserSessionRow(Base):
    """A web app login (revision 0003): the cookie holds a random key, stored here only as its
    SHA-256, so logging out, a password change or disabling the user ends it for every worker."""

    __tablename__ = "user_sessions"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    expires: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class LoginAttemptRow(Base):
    """Login attempts per account or client address in the current window (revision 0003),
    counted before the password is checked, so every worker sees them at once."""

    __tablename__ = "login_attempts"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)  # "user:NAME" | "ip:ADDRESS"
    window_start: Mapped[float] = mapped_column(Float)  # seconds since the epoch
    attempts: Mapped[int] = mapped_column(Integer)


class PlaceRow(Base):
    """A user gazetteer entry (``harmwatch gazetteer add``)."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(4))
    alternate_names: Mapped[list[Any]] = mapped_column(JSON, default=list)
    source: Mapped[str | None] = mapped_column(String(500))


class AnnotationRow(Base):
    """A note on the timeline (a ceasefire, an offensive)."""

    __tablename__ = "annotations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    date: Mapped[dt.date] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(300))
    user: Mapped[str | None] = mapped_column(String(100))


# Full-text search (revision 0002), not modelled as tables: SQLite FTS5 tables kept in step by
# triggers (so every write path, ORM or not, updates them in its own transaction); PostgreSQL
# GIN indexes on expressions (nothing to keep in step). `harmwatch.store.search` queries them.
SEARCH_DDL: dict[str, list[str]] = {
    "sqlite": [
        "CREATE VIRTUAL TABLE incidents_fts USING fts5(summary, place_name, actors, "
        "content='incidents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN "
        "INSERT INTO incidents_fts(rowid, summary, place_name, actors) "
        "VALUES (new.id, new.summary, new.place_name, new.actors); END",
        "CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN "
        "INSERT INTO incidents_fts(incidents_fts, rowid, summary, place_name, actors) "
        "VALUES ('delete', old.id, old.summary, old.place_name, old.actors); END",
        "CREATE TRIGGER incidents_fts_update AFTER UPDATE OF summary, place_name, actors "
        "ON incidents BEGIN "
        "INSERT INTO incidents_fts(incidents_fts, rowid, summary, place_name, actors) "
        "VALUES ('delete', old.id, old.summary, old.place_name, old.actors); "
        "INSERT INTO incidents_fts(rowid, summary, place_name, actors) "
        "VALUES (new.id, new.summary, new.place_name, new.actors); END",
        "CREATE VIRTUAL TABLE reports_fts USING fts5(report_id UNINDEXED, text, "
        "tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN "
        "INSERT INTO reports_fts(report_id, text) VALUES (new.id, new.text); END",
        "CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN "
        "DELETE FROM reports_fts WHERE report_id = old.id; END",
        "CREATE TRIGGER reports_fts_update AFTER UPDATE OF id, text ON reports BEGIN "
        "DELETE FROM reports_fts WHERE report_id = old.id; "
        "INSERT INTO reports_fts(report_id, text) VALUES (new.id, new.text); END",
    ],
    "postgresql": [
        "CREATE INDEX ix_incidents_search ON incidents USING gin (to_tsvector("
        "'simple'::regconfig, coalesce(summary, '') || ' ' || coalesce(place_name, '') || ' ' "
        "|| coalesce(actors, '')))",
        "CREATE INDEX ix_reports_search ON reports USING gin "
        "(to_tsvector('simple'::regconfig, text))",
    ],
}
# what SEARCH_DDL creates, by name: tables (and FTS5's shadow tables, which start with these
# names) and indexes that schema comparisons must leave out
SEARCH_OBJECTS = ("incidents_fts", "reports_fts", "ix_incidents_search", "ix_reports_search")


def is_search_object(name: str | None) -> bool:
    return bool(name) and str(name).startswith(SEARCH_OBJECTS)


@event.listens_for(Base.metadata, "after_create")
def _create_search(_target: object, connection: Connection, **_kw: object) -> None:
    for statement in SEARCH_DDL.get(connection.dialect.name, []):
        connection.exec_driver_sql(statement)


@event.listens_for(Base.metadata, "before_drop")
def _drop_search(_target: object, connection: Connection, **_kw: object) -> None:
    if connection.dialect.name == "sqlite":
        for table in ("reports_fts", "incidents_fts"):
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
