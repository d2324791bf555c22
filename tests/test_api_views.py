"""Saved views through the API (issue 13): a named, shareable filter set kept on the server, one
user's and seen by the whole team, each save and delete audited; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from api_data import PASSWORD, client, seeded_db_fixture, seeded_pg_fixture, seeded_sqlite_fixture  # noqa: F401 (fixtures)
from sqlalchemy import select

from harmwatch.api.app import create_app
from harmwatch.settings import Settings
from harmwatch.store.db import session_scope
from harmwatch.store.schema import AuditRow, SavedViewRow


@pytest.fixture
def db_url(seeded_db) -> str:  # type: ignore[no-untyped-def]
    return str(seeded_db[0])


@pytest.fixture
def seeded(seeded_db):  # type: ignore[no-untyped-def]
    return seeded_db[1]


@pytest.fixture
def api(db_url):  # type: ignore[no-untyped-def]
    return client(create_app(db_url, Settings(host="127.0.0.1")))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


IDLIB = {"place": "Idlib", "since": "2020-01-01", "until": "2020-12-31", "sort": "-killed"}


def test_a_saved_view_is_kept_on_the_server_and_seen_by_the_team(api, seeded, db_url) -> None:
    made = api.post(
        "/api/views",
        json={"name": "Idlib 2020", "filters": IDLIB},
        headers=bearer(seeded.analyst_token),
    )
    assert made.status_code == 201, made.text
    view = made.json()
    assert view["owner"] == "ana" and view["name"] == "Idlib 2020"
    assert view["filters"] == IDLIB
    assert view["url"] == f"/?saved={view['id']}#/"
    assert "place=Idlib" in view["query"] and "sort=-killed" in view["query"]
    # another user of the team (a viewer) lists it and opens it by its id
    listed = api.get("/api/views", headers=bearer(seeded.viewer_token)).json()
    assert [v["name"] for v in listed] == ["Idlib 2020"]
    one = api.get(f"/api/views/{view['id']}", headers=bearer(seeded.viewer_token)).json()
    assert one["filters"] == IDLIB
    # its filters give the same incidents as the web app's address would
    same = api.get(f"/api/incidents?{view['query']}", headers=bearer(seeded.viewer_token))
    assert same.status_code == 200 and same.json()["total"] >= 1
    with session_scope(db_url) as session:
        audit = session.scalars(select(AuditRow).where(AuditRow.entity == "saved_view")).all()
        assert [(a.action, a.user, a.entity_id) for a in audit] == [
            ("create", "ana", str(view["id"]))
        ]
        assert audit[0].after and audit[0].after["place"] == "Idlib"


def test_saving_a_name_again_replaces_ones_own_view_and_others_keep_theirs(
    api, seeded, db_url
) -> None:
    first = api.post(
        "/api/views",
        json={"name": "mine", "filters": {"place": "Idlib"}},
        headers=bearer(seeded.analyst_token),
    ).json()
    again = api.post(
        "/api/views",
        json={"name": "mine", "filters": {"place": "Aleppo"}},
        headers=bearer(seeded.analyst_token),
    )
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert again.json()["filters"] == {"place": "Aleppo"}
    theirs = api.post(
        "/api/views",
        json={"name": "mine", "filters": {"grade": "Fair"}},
        headers=bearer(seeded.viewer_token),
    )
    assert theirs.status_code == 201 and theirs.json()["owner"] == "vic"
    listed = api.get("/api/views", headers=bearer(seeded.viewer_token)).json()
    assert sorted((v["owner"], v["filters"].get("place")) for v in listed) == [
        ("ana", "Aleppo"),
        ("vic", None),
    ]
    with session_scope(db_url) as session:
        actions = session.scalars(
            select(AuditRow.action).where(AuditRow.entity == "saved_view").order_by(AuditRow.id)
        ).all()
    assert actions == ["create", "update", "create"]


def test_only_the_owner_or_an_admin_deletes_a_view(api, seeded, db_url) -> None:
    from harmwatch.auth import add_user

    with session_scope(db_url) as session:
        admin = add_user(session, "adele", "admin", PASSWORD)
    view = api.post(
        "/api/views",
        json={"name": "shelling", "filters": {"event_type": "shelling"}},
        headers=bearer(seeded.analyst_token),
    ).json()
    refused = api.delete(f"/api/views/{view['id']}", headers=bearer(seeded.viewer_token))
    assert refused.status_code == 403
    assert "ana's" in refused.json()["detail"] and "admin" in refused.json()["detail"]
    assert (
        api.get(f"/api/views/{view['id']}", headers=bearer(seeded.viewer_token)).status_code == 200
    )
    gone = api.delete(f"/api/views/{view['id']}", headers=bearer(admin.token))
    assert gone.status_code == 200
    missing = api.get(f"/api/views/{view['id']}", headers=bearer(seeded.viewer_token))
    assert missing.status_code == 404 and "no saved view" in missing.json()["detail"]
    own = api.post(
        "/api/views", json={"name": "x", "filters": {}}, headers=bearer(seeded.analyst_token)
    ).json()
    assert (
        api.delete(f"/api/views/{own['id']}", headers=bearer(seeded.analyst_token)).status_code
        == 200
    )
    with session_scope(db_url) as session:
        deletes = session.scalars(
            select(AuditRow).where(AuditRow.entity == "saved_view", AuditRow.action == "delete")
        ).all()
        assert [d.user for d in deletes] == ["adele", "ana"]
        assert deletes[0].before and deletes[0].before["owner"] == "ana"
        assert session.scalars(select(SavedViewRow)).all() == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"name": "", "filters": {}}, "name"),
        ({"name": "x" * 81, "filters": {}}, "name"),
        ({"name": "a\x00b", "filters": {}}, "name"),
        ({"name": "v", "filters": {"colour": "red"}}, "colour"),
        ({"name": "v", "filters": {"since": "2020-13-01"}}, "since"),
        (
            {"name": "v", "filters": {"since": "2021-01-01", "until": "2020-01-01"}},
            "after the to-date",
        ),
        ({"name": "v", "filters": {"min_killed": -1}}, "min_killed"),
        ({"name": "v", "filters": {"place": "p" * 201}}, "place"),
    ],
)
def test_a_bad_view_is_refused_saying_which_field(api, seeded, db_url, body, words) -> None:
    answer = api.post("/api/views", json=body, headers=bearer(seeded.analyst_token))
    assert answer.status_code == 422
    assert words in answer.text
    with session_scope(db_url) as session:
        assert session.scalars(select(SavedViewRow)).all() == []


def test_saving_a_view_needs_a_login_and_reading_one_does_not_leak_writes(api, seeded) -> None:
    assert api.post("/api/views", json={"name": "v", "filters": {}}).status_code == 401
    assert api.get("/api/views/999999", headers=bearer(seeded.viewer_token)).status_code == 404


def test_the_store_checks_filters_for_other_callers(db_url) -> None:
    from harmwatch.errors import StoreError
    from harmwatch.store import views

    with session_scope(db_url) as session:
        with pytest.raises(StoreError, match="filters.bbox: not a filter of a view"):
            views.save_view(session, "v", {"bbox": "1,2,3,4"}, "ana")
        with pytest.raises(StoreError, match="filters.min_killed: 'many' is not a count"):
            views.save_view(session, "v", {"min_killed": "many"}, "ana")
        row, created = views.save_view(session, " spaced ", {"min_killed": "5", "q": " "}, "ana")
        assert created and row.name == "spaced" and row.filters == {"min_killed": 5}
