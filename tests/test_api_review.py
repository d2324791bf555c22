"""The review workflow through the API: who may write, corrections with their audit trail,
confirmation, merge/split/undo, timeline annotations, exports honouring the filters."""

from __future__ import annotations

import csv
import io

import pytest
from api_data import PASSWORD, client, seeded_db_fixture, seeded_pg_fixture, seeded_sqlite_fixture  # noqa: F401 (fixtures)
from sqlalchemy import select

from harmwatch.api.app import create_app
from harmwatch.settings import Settings
from harmwatch.store.db import session_scope
from harmwatch.store.schema import AuditRow, IncidentRow


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


WRITES = [
    ("patch", "/api/incidents/{id}", {"killed_max": 30}),
    ("post", "/api/incidents/{id}/confirm", None),
    ("post", "/api/incidents/{id}/merge", {"other_id": 2}),
    ("post", "/api/incidents/{id}/split", {"report_id": "api-market-a"}),
    ("post", "/api/annotations", {"date": "2020-01-17", "label": "truce"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_need_an_analyst(api, seeded, db_url, method, path, body) -> None:
    url = path.format(id=seeded.market)
    kwargs = {"json": body} if body is not None else {}
    anonymous = getattr(api, method)(url, **kwargs)
    assert anonymous.status_code == 401
    viewer = getattr(api, method)(url, headers=bearer(seeded.viewer_token), **kwargs)
    assert viewer.status_code == 403 and "viewer" in viewer.json()["detail"]
    wrong = getattr(api, method)(url, headers=bearer("not-a-token"), **kwargs)
    assert wrong.status_code == 401
    with session_scope(db_url) as session:
        changes = select(AuditRow).where(AuditRow.entity != "user")  # not the seeded users
        assert session.scalars(changes).all() == []  # nothing was changed
        assert session.get(IncidentRow, seeded.market).review_status == "unreviewed"


def test_correction_is_audited_and_survives_new_reports(api, seeded, db_url) -> None:
    response = api.patch(
        f"/api/incidents/{seeded.market}",
        json={"killed_max": 23, "grade": "Confirmed", "note": "hospital list"},
        headers=bearer(seeded.analyst_token),
    )
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["killed"] == {"min": 19, "max": 23}
    assert record["grade"] == "Confirmed" and record["review_status"] == "in_review"
    assert record["edited_fields"] == ["grade", "killed_max"]
    [entry] = record["audit"]
    assert entry["user"] == "ana" and entry["action"] == "edit" and entry["note"] == "hospital list"
    assert entry["before"] == {"killed_max": 21, "grade": "Fair"}
    assert entry["after"] == {"killed_max": 23, "grade": "Confirmed"}
    # the list, filters and exports see the corrected value
    listed = api.get("/api/incidents?grade=Confirmed").json()["data"]
    assert [row["id"] for row in listed] == [seeded.market]
    # re-resolving the incident (as a new report would) keeps the analyst's values
    from harmwatch.resolve.attach import rebuild

    with session_scope(db_url) as session:
        rebuild(session, session.get(IncidentRow, seeded.market))
    again = api.get(f"/api/incidents/{seeded.market}").json()
    assert again["killed"]["max"] == 23 and again["grade"] == "Confirmed"


def test_bad_corrections_are_refused_and_change_nothing(api, seeded) -> None:
    url, auth = f"/api/incidents/{seeded.market}", bearer(seeded.analyst_token)
    assert api.patch(url, json={"killed_min": 30}, headers=auth).status_code == 422  # > max
    assert api.patch(url, json={"grade": "Great"}, headers=auth).status_code == 422
    assert api.patch(url, json={"colour": "red"}, headers=auth).status_code == 422
    assert api.patch(url, json={"lat": 120}, headers=auth).status_code == 422
    assert api.patch(url, json={"event_type": None}, headers=auth).status_code == 422
    record = api.get(url).json()
    assert record["killed"] == {"min": 19, "max": 21} and record["audit"] == []


def test_cookie_session_needs_the_csrf_token(api, seeded) -> None:
    # a cross-site form cannot log a victim in: the login only takes JSON
    form = api.post("/api/login", data={"name": "ana", "password": PASSWORD})
    assert form.status_code == 422 and "hw_session" not in form.headers.get("set-cookie", "")
    login = api.post("/api/login", json={"name": "ana", "password": PASSWORD})
    assert login.status_code == 200
    csrf = login.json()["csrf_token"]
    assert "httponly" in login.headers["set-cookie"].lower()
    assert "samesite=strict" in login.headers["set-cookie"].lower()
    url = f"/api/incidents/{seeded.market}"
    forged = api.patch(url, json={"summary": "forged"})
    assert forged.status_code == 403 and "X-CSRF-Token" in forged.json()["detail"]
    wrong = api.patch(url, json={"summary": "forged"}, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    ok = api.patch(url, json={"summary": "Checked."}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200 and ok.json()["summary"] == "Checked."
    assert api.get("/api/me").json()["user"] == {"name": "ana", "role": "analyst"}
    api.post("/api/logout")
    assert api.get("/api/me").json()["user"] is None
    assert api.patch(url, json={"summary": "x"}, headers={"X-CSRF-Token": csrf}).status_code == 401


def test_confirm(api, seeded) -> None:
    url = f"/api/incidents/{seeded.shelling}/confirm"
    record = api.post(url, headers=bearer(seeded.analyst_token)).json()
    assert record["review_status"] == "verified"
    assert record["audit"][0]["after"] == {"review_status": "verified"}
    listed = api.get("/api/incidents?review_status=verified").json()["data"]
    assert [row["id"] for row in listed] == [seeded.shelling]


def test_split_merge_and_undo(api, seeded) -> None:
    auth = bearer(seeded.analyst_token)
    split = api.post(
        f"/api/incidents/{seeded.market}/split", json={"report_id": "api-market-a"}, headers=auth
    )
    assert split.status_code == 200, split.text
    new = split.json()
    assert new["report_ids"] == ["api-market-a"] and new["killed"]["min"] == 19
    old = api.get(f"/api/incidents/{seeded.market}").json()
    assert old["report_ids"] == ["api-market-b"]
    assert old["merge_history"][-1]["kind"] == "split" and old["merge_history"][-1]["user"] == "ana"
    assert old["audit"][0]["action"] == "split"
    assert api.get("/api/incidents").json()["total"] == 4

    merged = api.post(
        f"/api/incidents/{seeded.market}/merge", json={"other_id": new["id"]}, headers=auth
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["report_ids"] == ["api-market-a", "api-market-b"]
    assert api.get("/api/incidents").json()["total"] == 3  # the merged one is not listed
    gone = api.get(f"/api/incidents/{new['id']}").json()
    assert gone["merged_into_id"] == seeded.market

    log_id = merged.json()["merge_history"][-1]["id"]
    undone = api.post(f"/api/incidents/{seeded.market}/undo", json={"log_id": log_id}, headers=auth)
    assert undone.status_code == 200, undone.text
    assert undone.json()["report_ids"] == ["api-market-b"]
    same = api.post(
        f"/api/incidents/{seeded.market}/merge", json={"other_id": seeded.market}, headers=auth
    )
    assert same.status_code == 409 and "itself" in same.json()["detail"]


def test_annotations(api, seeded) -> None:
    auth = bearer(seeded.analyst_token)
    made = api.post(
        "/api/annotations",
        json={"date": "2020-01-12", "date_end": "2020-01-14", "label": "<i>ceasefire</i>"},
        headers=auth,
    )
    assert made.status_code == 201, made.text
    listed = api.get("/api/annotations").json()
    assert listed == [made.json()] and listed[0]["label"] == "<i>ceasefire</i>"
    backwards = {"date": "2020-01-12", "date_end": "2020-01-01", "label": "x"}
    assert api.post("/api/annotations", json=backwards, headers=auth).status_code == 422
    gone = api.delete(f"/api/annotations/{made.json()['id']}", headers=auth)
    assert gone.status_code == 200 and api.get("/api/annotations").json() == []


def test_exports_honour_the_filters(api, seeded) -> None:
    rows = list(csv.DictReader(io.StringIO(api.get("/api/export.csv?place=Idlib").text)))
    assert sorted(r["location"] for r in rows) == ["Idlib", "Maarat al-Numan"]
    market = next(r for r in rows if r["location"] == "Idlib")
    assert (market["killed_min"], market["killed_max"]) == ("19", "21")
    geo = api.get("/api/export.geojson?min_killed=10").json()
    assert [f["id"] for f in geo["features"]] == [seeded.market]
    assert geo["features"][0]["geometry"]["coordinates"] == [36.63, 35.93]
    data = api.get("/api/export.json?event_type=ied").json()
    assert [d["id"] for d in data] == [seeded.hostile]
    response = api.get("/api/export.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
