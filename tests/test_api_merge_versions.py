"""Merge, split and undo take the version of the incident the analyst saw (issue 13): one made
on an older version is refused with 409 and what changed since, and nothing is merged, split
or undone; the CLI's calls (no version) still work. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from api_data import client, seeded_db_fixture, seeded_pg_fixture, seeded_sqlite_fixture  # noqa: F401 (fixtures)
from sqlalchemy import func, select

from harmwatch.api.app import create_app
from harmwatch.errors import EditConflict
from harmwatch.settings import Settings
from harmwatch.store.db import session_scope
from harmwatch.store.schema import IncidentRow, MergeLogRow


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


def _version(api, seeded, incident_id: int) -> int:  # type: ignore[no-untyped-def]
    return int(api.get(f"/api/incidents/{incident_id}").json()["version"])


def _split_market(api, seeded) -> int:  # type: ignore[no-untyped-def]
    """The market incident holds two reports: split one out; the new incident's id."""
    made = api.post(
        f"/api/incidents/{seeded.market}/split",
        json={"report_id": "api-market-a"},
        headers=bearer(seeded.analyst_token),
    )
    assert made.status_code == 200, made.text
    return int(made.json()["id"])


def _merges(db_url: str) -> int:
    with session_scope(db_url) as session:
        return int(session.scalar(select(func.count()).select_from(MergeLogRow)) or 0)


def test_a_merge_on_an_older_version_is_refused_saying_what_changed(api, seeded, db_url) -> None:
    auth = bearer(seeded.analyst_token)
    other = _split_market(api, seeded)
    seen, other_seen = _version(api, seeded, seeded.market), _version(api, seeded, other)
    # meanwhile another analyst corrects the incident
    edit = api.patch(
        f"/api/incidents/{seeded.market}", json={"killed_max": 30, "version": seen}, headers=auth
    )
    assert edit.status_code == 200
    before = _merges(db_url)
    late = api.post(
        f"/api/incidents/{seeded.market}/merge",
        json={"other_id": other, "version": seen, "other_version": other_seen},
        headers=auth,
    )
    assert late.status_code == 409, late.text
    body = late.json()
    assert (
        "changed since you opened it" in body["detail"]
        and "edit by ana (killed_max)" in body["detail"]
    )
    assert body["version"] == seen + 1 and body["changes"][0]["after"] == {"killed_max": 30}
    assert _merges(db_url) == before  # nothing merged
    assert api.get(f"/api/incidents/{other}").json()["merged_into_id"] is None
    # with the version now shown, the same merge goes through and makes a new version
    done = api.post(
        f"/api/incidents/{seeded.market}/merge",
        json={"other_id": other, "version": seen + 1, "other_version": other_seen},
        headers=auth,
    )
    assert done.status_code == 200, done.text
    assert done.json()["version"] == seen + 2 and done.headers["ETag"] == f'W/"v{seen + 2}"'


def test_a_merge_of_an_other_incident_changed_since_is_refused(api, seeded, db_url) -> None:
    auth = bearer(seeded.analyst_token)
    other = _split_market(api, seeded)
    other_seen = _version(api, seeded, other)
    api.post(
        f"/api/incidents/{other}/status",
        json={"status": "rejected", "version": other_seen},
        headers=auth,
    )
    late = api.post(
        f"/api/incidents/{seeded.market}/merge",
        json={"other_id": other, "other_version": other_seen},
        headers=auth,
    )
    assert late.status_code == 409
    assert f"incident {other} was changed since" in late.json()["detail"]
    assert "status by ana" in late.json()["detail"]
    assert api.get(f"/api/incidents/{other}").json()["merged_into_id"] is None


def test_a_split_on_an_older_version_is_refused_and_no_incident_is_made(
    api, seeded, db_url
) -> None:
    auth = bearer(seeded.analyst_token)
    seen = _version(api, seeded, seeded.market)
    api.post(
        f"/api/incidents/{seeded.market}/assign",
        json={"assignee": "ana", "version": seen},
        headers=auth,
    )
    with session_scope(db_url) as session:
        count = session.scalar(select(func.count()).select_from(IncidentRow))
    late = api.post(
        f"/api/incidents/{seeded.market}/split",
        json={"report_id": "api-market-a", "version": seen},
        headers=auth,
    )
    assert late.status_code == 409 and "assign by ana" in late.json()["detail"]
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(IncidentRow)) == count
    reports = api.get(f"/api/incidents/{seeded.market}").json()["report_ids"]
    assert reports == ["api-market-a", "api-market-b"]
    # If-Match works as the body's version does
    ok = api.post(
        f"/api/incidents/{seeded.market}/split",
        json={"report_id": "api-market-a"},
        headers={**auth, "If-Match": f'W/"v{seen + 1}"'},
    )
    assert ok.status_code == 200, ok.text


def test_an_undo_on_an_older_version_is_refused_and_the_merge_stays(api, seeded, db_url) -> None:
    auth = bearer(seeded.analyst_token)
    other = _split_market(api, seeded)
    merged = api.post(
        f"/api/incidents/{seeded.market}/merge", json={"other_id": other}, headers=auth
    ).json()
    log_id = merged["merge_history"][-1]["id"]
    seen = merged["version"]
    api.post(
        f"/api/incidents/{seeded.market}/comments", json={"text": "checking"}, headers=auth
    )  # a comment changes no field: no new version
    edit = api.patch(
        f"/api/incidents/{seeded.market}", json={"injured_max": 900, "version": seen}, headers=auth
    )
    assert edit.status_code == 200, edit.text
    late = api.post(
        f"/api/incidents/{seeded.market}/undo",
        json={"log_id": log_id, "version": seen},
        headers=auth,
    )
    assert late.status_code == 409 and "edit by ana (injured_max)" in late.json()["detail"]
    with session_scope(db_url) as session:
        entry = session.get(MergeLogRow, log_id)
        assert entry is not None and not entry.undone
    assert api.get(f"/api/incidents/{other}").json()["merged_into_id"] == seeded.market
    done = api.post(
        f"/api/incidents/{seeded.market}/undo",
        json={"log_id": log_id, "version": seen + 1},
        headers=auth,
    )
    assert done.status_code == 200, done.text


def test_the_cli_functions_still_merge_split_and_undo_without_a_version(db_url, seeded) -> None:
    from harmwatch.resolve.merge import merge, split, undo

    with session_scope(db_url) as session:
        new = split(session, seeded.market, "api-market-a", "cli-user").id
    with session_scope(db_url) as session:
        entry = merge(session, seeded.market, new, "cli-user")
        log_id = entry.id
    with session_scope(db_url) as session:
        undo(session, log_id, "cli-user")
    with session_scope(db_url) as session:
        row = session.get(IncidentRow, new)
        assert row is not None and row.merged_into_id is None


def test_two_analysts_merging_into_the_same_incident_at_once_one_is_refused(db_url, seeded) -> None:
    """Both saw version v of the kept incident; each folds a different incident into it at the
    same moment: the locks make one wait, and it then sees the other's merge."""
    from harmwatch.resolve.merge import merge, split

    with session_scope(db_url) as session:
        first = split(session, seeded.market, "api-market-a", "setup").id
    with session_scope(db_url) as session:
        keep = session.get(IncidentRow, seeded.market)
        assert keep is not None
        seen = keep.version
    others = {"ana": first, "bo": seeded.shelling}
    start = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def act(user: str) -> None:
        start.wait()
        try:
            with session_scope(db_url) as session:
                merge(session, seeded.market, others[user], user, version=seen)
            outcome[user] = "merged"
        except EditConflict as err:
            outcome[user] = str(err)

    threads = [threading.Thread(target=act, args=(u,)) for u in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcome) == ["ana", "bo"]
    assert sorted(v == "merged" for v in outcome.values()) == [False, True], outcome
    loser = next(u for u, v in outcome.items() if v != "merged")
    winner = next(u for u in others if u != loser)
    assert f"merge by {winner}" in outcome[loser]
    with session_scope(db_url) as session:
        assert session.get(IncidentRow, others[loser]).merged_into_id is None  # type: ignore[union-attr]
        assert session.get(IncidentRow, others[winner]).merged_into_id == seeded.market  # type: ignore[union-attr]
