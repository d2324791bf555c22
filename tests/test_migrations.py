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


def _names(url: str, kind: str) -> set[str]:
    """Every table or index name in the database, search objects included."""
    with get_engine(url).connect() as conn:
        if conn.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = :kind"
        elif kind == "table":
            query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        return {row[0] for row in conn.execute(sa.text(query), {"kind": kind})}


def test_revision_0002_indexes_the_data_already_stored_and_goes_back(empty_db_url):
    from harmwatch.store import queries
    from harmwatch.store.db import session_scope
    from harmwatch.store.schema import IncidentRow, MentionRow, ReportRow

    migrate.upgrade(empty_db_url, "0001_initial")
    with get_engine(empty_db_url).begin() as conn:
        conn.execute(
            sa.insert(ReportRow.__table__),
            [{"id": "r1", "text_hash": "h1", "text": "Mortar rounds fell near the bakery."}],
        )
        conn.execute(
            sa.insert(IncidentRow.__table__),
            [
                {
                    "id": 1,
                    "event_type": "shelling",
                    "record": {},
                    "overrides": {},
                    "review_status": "unreviewed",
                    "summary": "Shelling of a bread queue.",
                    "place_name": None,
                },
                {
                    "id": 2,
                    "event_type": "airstrike",
                    "record": {},
                    "overrides": {},
                    "review_status": "unreviewed",
                    "summary": None,
                    "place_name": "Ariha",
                },
            ],
        )
        conn.execute(
            sa.insert(MentionRow.__table__),
            [
                {
                    "report_id": "r1",
                    "ordinal": 0,
                    "incident_id": 1,
                    "event_type": "shelling",
                    "payload": {},
                }
            ],
        )
    migrate.upgrade(empty_db_url)
    before = _names(empty_db_url, "index")
    assert {"ix_incidents_live", "ix_incidents_merged_into_id"} <= before

    def found(q: str) -> set[int]:
        with session_scope(empty_db_url) as session:
            page = queries.list_incidents(session, queries.IncidentFilter(q=q))
            return {row.id for row in page.rows}

    assert found("bakery") == {1}  # the report's text, stored before the revision
    assert found("bread queue") == {1}  # the incident's summary
    assert found("ariha") == {2}  # a place name

    migrate.downgrade(empty_db_url, "0001_initial")
    assert not {n for n in _names(empty_db_url, "table") if "fts" in n}
    gone = {"ix_incidents_live", "ix_incidents_search", "ix_reports_search", "ix_incidents_admin1"}
    assert not gone & _names(empty_db_url, "index")
    with get_engine(empty_db_url).connect() as conn:  # the data stays
        assert conn.execute(sa.text("SELECT count(*) FROM incidents")).scalar() == 2
    migrate.upgrade(empty_db_url)
    assert found("bakery") == {1}
