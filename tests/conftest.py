"""Shared fixtures: a fresh, migrated database per test on every backend, and the shared corpus.

``db_url`` runs a test on SQLite (a file in tmp_path) and, when HARMWATCH_TEST_PG_URL points at a
PostgreSQL server (``.ci/run`` starts one on loopback), again on a fresh PostgreSQL database that
is dropped afterwards. Each backend is migrated once per session into a template that every test
then copies, so a fresh database costs a file copy (SQLite) or ``CREATE DATABASE ... TEMPLATE``
(PostgreSQL), not a full migration.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

PG_ENV = "HARMWATCH_TEST_PG_URL"
CORPUS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def pg_admin_url() -> str | None:
    """The maintenance database URL of the test PostgreSQL server, or None."""
    return os.environ.get(PG_ENV) or None


def _sa_url(url: str) -> sa.URL:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _forget_engines(url: str) -> None:
    """Dispose the cached engines for ``url`` so no pooled connection outlives the database."""
    from harmwatch.store import db

    for candidate in {url, db.normalise_url(url)}:
        db.get_engine(candidate).dispose()
    db.get_engine.cache_clear()


def migrate(url: str) -> None:
    """Bring ``url`` to the latest schema: Alembic when the migrations exist, else create_all."""
    try:
        from harmwatch.store.migrate import upgrade
    except ImportError:
        upgrade = None
    if upgrade is not None:
        upgrade(url)
    else:
        from harmwatch.store.schema import Base

        engine = sa.create_engine(_sa_url(url), poolclass=sa.pool.NullPool)
        try:
            Base.metadata.create_all(engine)
        finally:
            engine.dispose()
    _forget_engines(url)


def _admin_engine(admin_url: str) -> sa.Engine:
    return sa.create_engine(
        _sa_url(admin_url), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
    )


def create_pg_database(admin_url: str, template: str | None = None) -> str:
    """CREATE DATABASE with a unique name (optionally from a template); returns its URL."""
    name = f"hwtest_{uuid.uuid4().hex[:16]}"
    engine = _admin_engine(admin_url)
    try:
        with engine.connect() as conn:
            if template:
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :t AND pid <> pg_backend_pid()"
                    ),
                    {"t": template},
                )
                conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            else:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return _with_database(admin_url, name)


def drop_pg_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    _forget_engines(url)
    engine = _admin_engine(admin_url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _backends() -> list[object]:
    params: list[object] = [pytest.param("sqlite", id="sqlite")]
    if pg_admin_url():
        params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return params


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[str]:
    admin = pg_admin_url()
    assert admin, f"{PG_ENV} is not set"
    try:
        url = create_pg_database(admin)
    except sa.exc.OperationalError as exc:  # CI asked for PostgreSQL: fail loudly, never skip
        pytest.fail(f"cannot reach the test PostgreSQL server at {PG_ENV}={admin}: {exc}")
    try:
        migrate(url)
        yield make_url(url).database or ""
    finally:
        drop_pg_database(admin, url)


@pytest.fixture(params=_backends())
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test run: "sqlite" or "postgresql"."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database at the latest schema, dropped after the test."""
    if backend == "sqlite":
        template = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "harmwatch.db"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
        yield url
        _forget_engines(url)
    else:
        admin = pg_admin_url()
        assert admin
        url = create_pg_database(admin, template=request.getfixturevalue("_pg_template"))
        try:
            yield url
        finally:
            drop_pg_database(admin, url)


@pytest.fixture
def make_db_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """A factory of more fresh, migrated databases on the same backend as ``db_url`` (to compare
    two runs side by side); all dropped after the test."""
    made: list[str] = []

    def make() -> str:
        if backend == "sqlite":
            path = tmp_path / f"extra-{len(made)}.db"
            shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
            url = f"sqlite:///{path}"
        else:
            admin = pg_admin_url()
            assert admin
            url = create_pg_database(admin, template=request.getfixturevalue("_pg_template"))
        made.append(url)
        return url

    yield make
    for url in made:
        if backend == "sqlite":
            _forget_engines(url)
        else:
            drop_pg_database(pg_admin_url() or "", url)


@pytest.fixture
def empty_db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database with no tables at all (for migration tests)."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        yield url
        _forget_engines(url)
    else:
        admin = pg_admin_url()
        assert admin
        url = create_pg_database(admin)
        try:
            yield url
        finally:
            drop_pg_database(admin, url)


@pytest.fixture
def corpus_dir() -> Path:
    """../shared/corpus beside the checkout; the test is skipped when it is absent."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS_DIR}")
    return CORPUS_DIR
