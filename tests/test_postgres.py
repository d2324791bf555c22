"""The database fixtures and the schema work the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from harmwatch.store.db import get_engine, session_scope
from harmwatch.store.schema import IncidentRow, MentionRow, ReportRow


def _report(i: int) -> ReportRow:
    return ReportRow(
        id=f"r{i}",
        text_hash=f"{i:064d}",
        text=f"Shelling hit a market in town {i}; two people were killed, says Unicode “quote” ٣.",
        title="t",
        published=dt.date(2024, 1, 2),
    )


def test_db_url_is_a_fresh_migrated_database(db_url: str) -> None:
    tables = set(sa.inspect(get_engine(db_url)).get_table_names())
    assert {"reports", "mentions", "incidents", "merge_log", "audit_log", "users"} <= tables
    with session_scope(db_url) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ReportRow)) == 0
        session.add(_report(1))


def test_each_test_gets_its_own_database(db_url: str) -> None:
    # the row the previous test stored is not here
    with session_scope(db_url) as session:
        assert session.get(ReportRow, "r1") is None
        session.add(_report(1))
    with session_scope(db_url) as session:
        assert session.get(ReportRow, "r1") is not None


def test_round_trip_keeps_json_unicode_and_foreign_keys(db_url: str) -> None:
    with session_scope(db_url) as session:
        report = _report(2)
        incident = IncidentRow(event_type="shelling", record={"targets": ["market"], "n": 10**15})
        session.add_all([report, incident])
        session.flush()
        session.add(
            MentionRow(
                report_id=report.id,
                ordinal=0,
                incident_id=incident.id,
                event_type="shelling",
                killed_min=2,
                killed_max=2,
                payload={"place": "Ḥalab ‏حلب", "zero_width": "a\u200bb"},
            )
        )
    with session_scope(db_url) as session:
        mention = session.scalars(sa.select(MentionRow)).one()
        assert mention.payload == {"place": "Ḥalab ‏حلب", "zero_width": "a\u200bb"}
        assert mention.incident is not None and mention.incident.record["n"] == 10**15
        assert "“quote” ٣" in mention.report.text


def _tables(url: str) -> set[str]:
    return set(sa.inspect(get_engine(url)).get_table_names()) - {"alembic_version"}


def test_migrations_upgrade_and_downgrade_step_by_step(empty_db_url: str) -> None:
    from alembic.script import ScriptDirectory

    from harmwatch.store import migrate

    revisions = [
        rev.revision
        for rev in reversed(list(ScriptDirectory.from_config(migrate._config()).walk_revisions()))
    ]
    assert revisions and revisions[-1] == migrate.head()
    assert _tables(empty_db_url) == set()
    for rev in revisions:  # up one revision at a time
        migrate.upgrade(empty_db_url, rev)
        assert migrate.current(empty_db_url) == rev
    assert {"reports", "mentions", "incidents"} <= _tables(empty_db_url)
    for rev in reversed(revisions[:-1]):  # and down again
        migrate.downgrade(empty_db_url, rev)
        assert migrate.current(empty_db_url) == rev
    migrate.downgrade(empty_db_url, "base")
    assert migrate.current(empty_db_url) is None
    assert _tables(empty_db_url) == set()
    migrate.upgrade(empty_db_url)  # and back to head on the same database
    assert migrate.current(empty_db_url) == migrate.head()
    assert {"reports", "mentions", "incidents"} <= _tables(empty_db_url)


def test_migrated_schema_matches_the_models(empty_db_url: str) -> None:
    """What Alembic builds is what schema.py declares: no table or column missing."""
    from harmwatch.store import migrate
    from harmwatch.store.schema import Base

    migrate.upgrade(empty_db_url)
    inspector = sa.inspect(get_engine(empty_db_url))
    for table in Base.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert {c.name for c in table.columns} <= columns, table.name
