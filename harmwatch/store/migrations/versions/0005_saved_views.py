"""Saved views (issue 13): a named, shareable filter set, one user's, seen by the whole team.

``saved_views``: the name, its owner, the filters (the web app's address parameters, JSON), when
it was made and last saved; one name per owner.

Revision ID: 0005_saved_views
Revises: 0004_review_workflow
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_saved_views"
down_revision = "0004_review_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index("ux_saved_views_owner_name", "saved_views", ["owner", "name"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_saved_views_owner_name", table_name="saved_views")
    op.drop_table("saved_views")
