"""Indexes for reading at scale, and full-text search of incidents and reports.

- ``ix_incidents_merged_into_id``; ``ix_incidents_place_live``, ``ix_incidents_admin1``,
  ``ix_incidents_country`` (with ``merged_into_id``: a place filter counts from the index);
- ``ix_merge_log_other_incident_id`` (an incident's page reads its merge history both ways);
- ``ix_incidents_live``: the live incidents (not merged away) newest first, with what a list
  count and a map marker need, so those are answered from the index alone. SQLite: a plain index
  led by ``merged_into_id`` (``IS NULL`` is an equality there); PostgreSQL: a partial index in
  ``date DESC NULLS LAST, id DESC`` order (the order the list sorts by);
- full-text search: SQLite FTS5 tables ``incidents_fts`` (external content: summary, place name,
  actors) and ``reports_fts`` (report text), kept in step by triggers in the writing transaction;
  PostgreSQL GIN indexes on ``to_tsvector('simple', ...)`` expressions (nothing to keep in step).

Revision ID: 0002_read_indexes
Revises: 0001_initial
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_read_indexes"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

LIVE_COLUMNS = "date_end, lat, lon, killed_min, killed_max, grade, event_type, place_name, actors"

SQLITE_UP = [
    f"CREATE INDEX ix_incidents_live ON incidents (merged_into_id, date, id, {LIVE_COLUMNS})",
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
    "INSERT INTO incidents_fts(incidents_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE reports_fts USING fts5(report_id UNINDEXED, text, "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN "
    "INSERT INTO reports_fts(report_id, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN "
    "DELETE FROM reports_fts WHERE report_id = old.id; END",
    "CREATE TRIGGER reports_fts_update AFTER UPDATE OF id, text ON reports BEGIN "
    "DELETE FROM reports_fts WHERE report_id = old.id; "
    "INSERT INTO reports_fts(report_id, text) VALUES (new.id, new.text); END",
    "INSERT INTO reports_fts(report_id, text) SELECT id, text FROM reports",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS reports_fts_update",
    "DROP TRIGGER IF EXISTS reports_fts_delete",
    "DROP TRIGGER IF EXISTS reports_fts_insert",
    "DROP TABLE IF EXISTS reports_fts",
    "DROP TRIGGER IF EXISTS incidents_fts_update",
    "DROP TRIGGER IF EXISTS incidents_fts_delete",
    "DROP TRIGGER IF EXISTS incidents_fts_insert",
    "DROP TABLE IF EXISTS incidents_fts",
    "DROP INDEX IF EXISTS ix_incidents_live",
]
PG_UP = [
    "CREATE INDEX ix_incidents_live ON incidents (date DESC NULLS LAST, id DESC) "
    f"INCLUDE ({LIVE_COLUMNS}) WHERE merged_into_id IS NULL",
    "CREATE INDEX ix_incidents_search ON incidents USING gin (to_tsvector('simple'::regconfig, "
    "coalesce(summary, '') || ' ' || coalesce(place_name, '') || ' ' || coalesce(actors, '')))",
    "CREATE INDEX ix_reports_search ON reports USING gin (to_tsvector('simple'::regconfig, text))",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS ix_reports_search",
    "DROP INDEX IF EXISTS ix_incidents_search",
    "DROP INDEX IF EXISTS ix_incidents_live",
]


def upgrade() -> None:
    op.create_index("ix_incidents_merged_into_id", "incidents", ["merged_into_id"])
    op.create_index("ix_incidents_place_live", "incidents", ["place_name", "merged_into_id"])
    op.create_index("ix_incidents_admin1", "incidents", ["admin1", "merged_into_id"])
    op.create_index("ix_incidents_country", "incidents", ["country", "merged_into_id"])
    op.create_index("ix_merge_log_other_incident_id", "merge_log", ["other_incident_id"])
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": PG_UP}.get(dialect, []):
        op.execute(sa.text(statement))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}.get(dialect, []):
        op.execute(sa.text(statement))
    op.drop_index("ix_merge_log_other_incident_id", table_name="merge_log")
    op.drop_index("ix_incidents_country", table_name="incidents")
    op.drop_index("ix_incidents_admin1", table_name="incidents")
    op.drop_index("ix_incidents_place_live", table_name="incidents")
    op.drop_index("ix_incidents_merged_into_id", table_name="incidents")
