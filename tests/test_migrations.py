"""Alembic migrations: upgrade creates exactly the schema; downgrade removes it; both repeat."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from harmwatch.store import migrate
from harmwatch.store.db import get_engine
from harmwatch.store.schema import Base, is_search_object


def tables(url: str) -> set[str]:
    names = set(sa.inspect(get_engine(url)).get_table_names()) - {"alembic_version"}
    return {name for name in names if not is_search_object(name)}


def compared_here(dialect: str):  # type: ignore[no-untyped-def]
    """Alembic's include_object: leave out the full-text search objects (not modelled as tables)
    and the indexes meant for the other dialect (``Index.ddl_if``)."""

    def include(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
        if is_search_object(name):
            return False
        only = getattr(obj, "_ddl_if", None)
        return not (type_ == "index" and only is not None and only.dialect not in (None, dialect))

    return include


def test_upgrade_creates_the_schema_of_the_models(empty_db_url):
    assert migrate.current(empty_db_url) is None
    migrate.upgrade(empty_db_url)
    assert migrate.current(empty_db_url) == migrate.head()
    assert tables(empty_db_url) == set(Base.metadata.tables)
    with get_engine(empty_db_url).connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": compared_here(conn.dialect.name)}
        )
        diff = compare_metadata(context, Base.metadata)
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
