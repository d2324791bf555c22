"""Initial schema: every table of harmwatch/store/schema.py.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_audit_log_entity_id"), "audit_log", ["entity_id"], unique=False)
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=True),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("place_name", sa.String(length=300), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=4), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("place_precision", sa.String(length=20), nullable=True),
        sa.Column("killed_min", sa.Integer(), nullable=True),
        sa.Column("killed_max", sa.Integer(), nullable=True),
        sa.Column("injured_min", sa.Integer(), nullable=True),
        sa.Column("injured_max", sa.Integer(), nullable=True),
        sa.Column("children_killed_min", sa.Integer(), nullable=True),
        sa.Column("children_killed_max", sa.Integer(), nullable=True),
        sa.Column("women_killed_min", sa.Integer(), nullable=True),
        sa.Column("women_killed_max", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(length=20), nullable=True),
        sa.Column("grade_reason", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("actors", sa.String(length=500), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("review_status", sa.String(length=20), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["incidents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_incidents_actors"), "incidents", ["actors"], unique=False)
    op.create_index(op.f("ix_incidents_date"), "incidents", ["date"], unique=False)
    op.create_index("ix_incidents_date_place", "incidents", ["date", "lat", "lon"], unique=False)
    op.create_index(op.f("ix_incidents_event_type"), "incidents", ["event_type"], unique=False)
    op.create_index(op.f("ix_incidents_grade"), "incidents", ["grade"], unique=False)
    op.create_index(op.f("ix_incidents_killed_min"), "incidents", ["killed_min"], unique=False)
    op.create_index(op.f("ix_incidents_lat"), "incidents", ["lat"], unique=False)
    op.create_index(op.f("ix_incidents_lon"), "incidents", ["lon"], unique=False)
    op.create_index(op.f("ix_incidents_place_name"), "incidents", ["place_name"], unique=False)
    op.create_table(
        "merge_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("other_incident_id", sa.Integer(), nullable=True),
        sa.Column("mention_ids", sa.JSON(), nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=True),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_merge_log_incident_id"), "merge_log", ["incident_id"], unique=False)
    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("admin2", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=4), nullable=True),
        sa.Column("alternate_names", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_places_name"), "places", ["name"], unique=False)
    op.create_table(
        "reports",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("origin", sa.String(length=2000), nullable=True),
        sa.Column("previous_version_id", sa.String(length=200), nullable=True),
        sa.Column(
            "ingested_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("extracted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["previous_version_id"],
            ["reports.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_reports_published"), "reports", ["published"], unique=False)
    op.create_index(op.f("ix_reports_text_hash"), "reports", ["text_hash"], unique=True)
    op.create_index(op.f("ix_reports_url"), "reports", ["url"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("token_hash", sa.String(length=128), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.String(length=200), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=True),
        sa.Column("place_name", sa.String(length=300), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("place_precision", sa.String(length=20), nullable=True),
        sa.Column("killed_min", sa.Integer(), nullable=True),
        sa.Column("killed_max", sa.Integer(), nullable=True),
        sa.Column("injured_min", sa.Integer(), nullable=True),
        sa.Column("injured_max", sa.Integer(), nullable=True),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
        ),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_mentions_date"), "mentions", ["date"], unique=False)
    op.create_index(op.f("ix_mentions_incident_id"), "mentions", ["incident_id"], unique=False)
    op.create_index(op.f("ix_mentions_report_id"), "mentions", ["report_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_mentions_report_id"), table_name="mentions")
    op.drop_index(op.f("ix_mentions_incident_id"), table_name="mentions")
    op.drop_index(op.f("ix_mentions_date"), table_name="mentions")
    op.drop_table("mentions")
    op.drop_table("users")
    op.drop_index(op.f("ix_reports_url"), table_name="reports")
    op.drop_index(op.f("ix_reports_text_hash"), table_name="reports")
    op.drop_index(op.f("ix_reports_published"), table_name="reports")
    op.drop_table("reports")
    op.drop_index(op.f("ix_places_name"), table_name="places")
    op.drop_table("places")
    op.drop_index(op.f("ix_merge_log_incident_id"), table_name="merge_log")
    op.drop_table("merge_log")
    op.drop_index(op.f("ix_incidents_place_name"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_lon"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_lat"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_killed_min"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_grade"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_event_type"), table_name="incidents")
    op.drop_index("ix_incidents_date_place", table_name="incidents")
    op.drop_index(op.f("ix_incidents_date"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_actors"), table_name="incidents")
    op.drop_table("incidents")
    op.drop_index(op.f("ix_audit_log_entity_id"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("annotations")
