"""Alembic migrations: upgrade creates exactly the schema; downgrade removes it; both repeat."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from harmwatch.store import migrate
from harmwatch.store.db import get_engine
from harmwatch.store.schema import Base


def tables(url: str) -> set[str]:
    return set(sa.inspect(get_engine(url)).get_table_names()) - {"alembic_version"}


def test_upgrade_creates_the_schema_of_the_models(empty_db_url):
    assert migrate.current(empty_db_url) is None
    migrate.upgrade(empty_db_url)
    assert migrate.current(empty_db_url) == migrate.head()
    assert tables(empty_db_url) == set(Base.metadata.tables)
    with get_engine(empty_db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_downgrade_reverses_it(empty_db_url):
    migrate.upgrade(empty_db_url)
    migrate.upgrade(empty_db_url)
    migrate.downgrade(empty_db_url, "base")
    assert tables(empty_db_url) == set()
    assert migrate.current(empty_db_url) is None
    migrate.upgrade(empty_db_url)
    assert tables(empty_db_url) == set(Base.metadata.tables)


def test_a_database_that_cannot_be_opened_gives_a_clear_error(tmp_path):
    import pytest

    from harmwatch.errors import StoreError

    url = f"sqlite:///{tmp_path}/missing-dir/x.db"
    with pytest.raises(StoreError, match="cannot open the database"):
        migrate.upgrade(url)
