"""Reports written for the API and web tests (our own words), stored through the real resolver.

Two outlets report one market strike in Idlib with different tolls (one incident, two sources),
a separate shelling in Maarat al-Numan five days later, and a hostile report whose text carries
HTML that must be shown as text.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from harmwatch.auth import add_user
from harmwatch.models import (
    ActorStatement,
    Figure,
    Incident,
    Location,
    Perpetrator,
    Range,
    Report,
    ReportExtraction,
)
from harmwatch.resolve import add_extraction
from harmwatch.store.db import session_scope
from harmwatch.store.reports import add_report

HOSTILE = "<script>window.hwPwned = 1</script>"
PASSWORD = "correct horse battery"

MARKET_A = (
    "Idlib, Jan 15. Warplanes hit the crowded vegetable market in Idlib city on Wednesday "
    "afternoon. At least 19 civilians were killed, the civil defence said. "
    "Russia's defence ministry denied that its aircraft had flown any mission over the city."
)
MARKET_B = (
    "Doctors in Idlib said on Thursday that 21 people had died and 82 were wounded when "
    "Syrian government jets bombed a market in the city on Wednesday. Seven of the dead were "
    "children."
)
SHELLING = (
    "Artillery shells landed on homes in Maarat al-Numan on Monday, killing five members of "
    "one family, a local monitor reported."
)
HOSTILE_TEXT = (
    f"{HOSTILE} A roadside bomb exploded in Aleppo on Friday, killing 3 people, "
    "police said. <img src=x onerror=alert(1)> No group claimed it."
)

IDLIB = Location(name="Idlib", lat=35.93, lon=36.63, admin1="Idlib", country="SY")
MAARAT = Location(name="Maarat al-Numan", lat=35.64, lon=36.67, admin1="Idlib", country="SY")
ALEPPO = Location(name="Aleppo", lat=36.20, lon=37.16, admin1="Aleppo", country="SY")


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _market_a() -> tuple[Report, Incident]:
    t = MARKET_A
    report = Report(
        id="api-market-a",
        text=t,
        published=dt.date(2020, 1, 16),
        source="Outlet One",
        title="Market strike in Idlib",
        url="https://example.org/a",
    )
    incident = Incident(
        event_type="airstrike",
        date=dt.date(2020, 1, 15),
        date_precision="day",
        date_evidence=span(t, "Wednesday"),
        location=IDLIB.model_copy(update={"evidence": span(t, "Idlib city")}),
        denials=[
            ActorStatement(
                actor="Russian defence ministry",
                id="russia",
                evidence=span(t, "Russia's defence ministry denied"),
            )
        ],
        killed=Range(min=19, max=None),
        figures=[
            Figure(
                kind="killed",
                value=19,
                qualifier="at_least",
                group="civilians",
                reported_by="civil defence",
                evidence=span(t, "At least 19 civilians"),
            )
        ],
        targets=["market"],
        evidence=[span(t, "Warplanes hit the crowded vegetable market")],
    )
    return report, incident


def _market_b() -> tuple[Report, Incident]:
    t = MARKET_B
    report = Report(id="api-market-b", text=t, published=dt.date(2020, 1, 16), source="Outlet Two")
    incident = Incident(
        event_type="airstrike",
        date=dt.date(2020, 1, 15),
        date_precision="day",
        location=IDLIB.model_copy(update={"evidence": span(t, "in the city")}),
        perpetrators=[
            Perpetrator(
                name="Syrian government",
                id="syria_gov",
                status="alleged",
                by="doctors",
                evidence=span(t, "Syrian government jets"),
            )
        ],
        killed=Range(min=21, max=21),
        injured=Range(min=82, max=82),
        children_killed=Range(min=7, max=7),
        figures=[
            Figure(
                kind="killed",
                value=21,
                reported_by="doctors",
                evidence=span(t, "21 people had died"),
            ),
            Figure(
                kind="injured",
                value=82,
                reported_by="doctors",
                evidence=span(t, "82 were wounded"),
            ),
            Figure(kind="killed", value=7, group="children", evidence=span(t, "Seven of the dead")),
        ],
        targets=["market"],
        evidence=[span(t, "bombed a market")],
    )
    return report, incident


def _shelling() -> tuple[Report, Incident]:
    t = SHELLING
    report = Report(
        id="api-shelling", text=t, published=dt.date(2020, 1, 21), source="Outlet Three"
    )
    incident = Incident(
        event_type="shelling",
        date=dt.date(2020, 1, 20),
        date_precision="day",
        location=MAARAT.model_copy(update={"evidence": span(t, "Maarat al-Numan")}),
        killed=Range(min=5, max=5),
        figures=[
            Figure(
                kind="killed",
                value=5,
                reported_by="a local monitor",
                evidence=span(t, "killing five members"),
            )
        ],
        targets=["homes"],
        evidence=[span(t, "Artillery shells landed on homes")],
    )
    return report, incident


def _hostile() -> tuple[Report, Incident]:
    t = HOSTILE_TEXT
    report = Report(
        id="api-hostile",
        text=t,
        published=dt.date(2020, 2, 8),
        source="<b>Bold Outlet</b>",
        title="<script>alert(2)</script>",
    )
    incident = Incident(
        event_type="ied",
        date=dt.date(2020, 2, 7),
        date_precision="day",
        location=ALEPPO.model_copy(update={"evidence": span(t, "Aleppo")}),
        killed=Range(min=3, max=3),
        figures=[
            Figure(
                kind="killed", value=3, reported_by="police", evidence=span(t, "killing 3 people")
            )
        ],
        evidence=[span(t, "A roadside bomb exploded")],
    )
    return report, incident


FEED_ID = "https://news.example.org/2020/03/01/strike?from=rss&n=2#item-2"  # a GUID: a URL
FEED_TEXT = (
    "Homs, Mar 1. A drone struck a minibus on the road out of Homs on Sunday morning, "
    "killing four passengers, a hospital official said."
)
HOMS = Location(name="Homs", lat=34.73, lon=36.71, admin1="Homs", country="SY")


def _feed_item() -> tuple[Report, Incident]:
    t = FEED_TEXT
    report = Report(
        id=FEED_ID, text=t, published=dt.date(2020, 3, 1), source="Feed Outlet", title="Minibus"
    )
    incident = Incident(
        event_type="airstrike",
        date=dt.date(2020, 3, 1),
        date_precision="day",
        location=HOMS.model_copy(update={"evidence": span(t, "Homs")}),
        killed=Range(min=4, max=4),
        figures=[
            Figure(
                kind="killed",
                value=4,
                reported_by="a hospital official",
                evidence=span(t, "killing four passengers"),
            )
        ],
        evidence=[span(t, "A drone struck a minibus")],
    )
    return report, incident


@dataclass(frozen=True)
class Seeded:
    market: int  # incident ids
    shelling: int
    hostile: int
    analyst_token: str
    viewer_token: str


def store(url: str, builders=None) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    """Store and resolve the reports (all four by default); the incident ids per report."""
    ids: dict[str, list[int]] = {}
    with session_scope(url) as session:
        for build in builders or (_market_a, _market_b, _shelling, _hostile):
            report, incident = build()
            add_report(session, report)
            session.flush()
            ids[report.id] = add_extraction(
                session, ReportExtraction(report_id=report.id, incidents=[incident])
            )
    return ids


def add_users(url: str) -> tuple[str, str]:
    """An analyst "ana" and a viewer "vic" (password PASSWORD); their API tokens."""
    with session_scope(url) as session:
        analyst = add_user(session, "ana", "analyst", PASSWORD)
        viewer = add_user(session, "vic", "viewer", PASSWORD)
    return analyst.token, viewer.token


def store_hostile(url: str) -> int:
    return store(url, [_hostile])["api-hostile"][0]


def store_feed_item(url: str) -> int:
    """A report whose id is a URL (slashes, a query and a fragment); its incident's id."""
    return store(url, [_feed_item])[FEED_ID][0]


def seed(url: str) -> Seeded:
    """Store the four reports, resolve them, and add an analyst and a viewer."""
    ids = store(url)
    analyst, viewer = add_users(url)
    return Seeded(
        market=ids["api-market-b"][0],
        shelling=ids["api-shelling"][0],
        hostile=ids["api-hostile"][0],
        analyst_token=analyst,
        viewer_token=viewer,
    )


def client(app, host: str = "localhost"):  # type: ignore[no-untyped-def]
    """A Starlette TestClient (its import warns that plain httpx is deprecated there), sending
    ``Host: localhost`` (the app refuses host names it does not know, such as "testserver")."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # StarletteDeprecationWarning, at import only
        from fastapi.testclient import TestClient
    return TestClient(app, base_url=f"http://{host}")


@pytest.fixture(scope="session", name="seeded_sqlite")
def seeded_sqlite_fixture(
    _sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Seeded]:
    """The reports resolved and the users added once per session (argon2 is slow on purpose)."""
    from conftest import _forget_engines

    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    shutil.copyfile(_sqlite_template, path)
    url = f"sqlite:///{path}"
    seeded = seed(url)
    _forget_engines(url)  # closes the connections, so the WAL is folded into the file
    return path, seeded


@pytest.fixture(scope="session", name="seeded_pg")
def seeded_pg_fixture(request: pytest.FixtureRequest) -> Iterator[tuple[str, Seeded]]:
    """The same once per session on PostgreSQL: a database used as the TEMPLATE of each test's."""
    from conftest import _forget_engines, create_pg_database, drop_pg_database, pg_admin_url
    from sqlalchemy.engine import make_url

    admin = pg_admin_url()
    assert admin
    url = create_pg_database(admin, template=request.getfixturevalue("_pg_template"))
    try:
        seeded = seed(url)
        _forget_engines(url)
        yield make_url(url).database or "", seeded
    finally:
        drop_pg_database(admin, url)


@pytest.fixture(name="seeded_db")
def seeded_db_fixture(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, Seeded]]:
    """A fresh database holding the test reports and users: (url, ids and tokens). Import
    ``seeded_db_fixture``, ``seeded_sqlite_fixture`` and ``seeded_pg_fixture`` into a test
    module to use it."""
    from conftest import _forget_engines, create_pg_database, drop_pg_database, pg_admin_url

    if backend == "sqlite":
        template, seeded = request.getfixturevalue("seeded_sqlite")
        path = tmp_path / "seeded.db"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
        yield url, seeded
        _forget_engines(url)
    else:
        admin = pg_admin_url()
        assert admin
        template, seeded = request.getfixturevalue("seeded_pg")
        url = create_pg_database(admin, template=template)
        try:
            yield url, seeded
        finally:
            drop_pg_database(admin, url)
