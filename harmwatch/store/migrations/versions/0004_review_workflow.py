"""The review workflow (issue 13): assignment, versions, keep-apart pairs, new status names.

- ``incidents.assignee`` (the analyst it is assigned to) and ``incidents.version`` (bumped by
  every analyst's change: a save made on an older version is refused, not silently applied);
- ``audit_log.version``: the incident version an audited change made, so a refused save can
  list what changed since the version it was made on;
- ``kept_apart``: an analyst's "these two incidents are not one", one row per pair of their
  reports, consulted by the resolver before it joins a mention to an incident;
- review statuses renamed so that none shares a word with a grade: ``confirmed`` (which the
  grade "Confirmed" also says) becomes ``verified``, ``edited`` becomes ``in_review``.

Revision ID: 0004_review_workflow
Revises: 0002_read_indexes
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_review_workflow"
down_revision = "0003_sessions_and_login_attempts"
branch_labels = None
depends_on = None

RENAMES = (("confirmed", "verified"), ("edited", "in_review"))


def upgrade() -> None:
    # plain ADD COLUMN (no table copy: SQLite's copy would drop the full-text triggers)
    op.add_column("incidents", sa.Column("assignee", sa.String(length=100), nullable=True))
    op.add_column(
        "incidents", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )
    op.create_index("ix_incidents_assignee", "incidents", ["assignee"])
    op.add_column("audit_log", sa.Column("version", sa.Integer(), nullable=True))
    op.create_table(
        "kept_apart",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("report_a", sa.String(length=200), nullable=False),
        sa.Column("report_b", sa.String(length=200), nullable=False),
        sa.Column("incident_a", sa.Integer(), nullable=False),
        sa.Column("incident_b", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_kept_apart_reports", "kept_apart", ["report_a", "report_b"])
    for old, new in RENAMES:
        op.execute(
            sa.text(
                "UPDATE incidents SET review_status = :new WHERE review_status = :old"
            ).bindparams(old=old, new=new)
        )


def downgrade() -> None:
    for old, new in RENAMES:
        op.execute(
            sa.text(
                "UPDATE incidents SET review_status = :old WHERE review_status = :new"
            ).bindparams(old=old, new=new)
        )
    op.drop_index("ix_kept_apart_reports", table_name="kept_apart")
    op.drop_table("kept_apart")
    op.drop_index("ix_incidents_assignee", table_name="incidents")
    # ALTER TABLE ... DROP COLUMN on both dialects (SQLite >= 3.35), no table copy
    for table, column in (
        ("audit_log", "version"),
        ("incidents", "version"),
        ("incidents", "assignee"),
    ):
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))
