"""The analyst's workbench through the API (issue 13): rejecting one figure, correcting every
field (actors, targets, a place from the gazetteer), two analysts saving at once, merge and undo
that never fail after being offered, assignment and statuses, comments, and the duplicate queue
with "keep apart" that the resolver respects on a re-run."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from api_data import client, seeded_db_fixture, seeded_pg_fixture, seeded_sqlite_fixture  # noqa: F401 (fixtures)
from sqlalchemy import select

from harmwatch.api.app import create_app
from harmwatch.models import ReportExtraction
from harmwatch.resolve import add_extraction
from harmwatch.settings import Settings
from harmwatch.store import migrate
from harmwatch.store.db import get_engine, session_scope
from harmwatch.store.schema import AuditRow, IncidentRow, MentionRow


@pytest.fixture
def db_url(seeded_db) -> str:  # type: ignore[no-untyped-def]
    return str(seeded_db[0])


@pytest.fixture
def seeded(seeded_db):  # type: ignore[no-untyped-def]
    return seeded_db[1]


@pytest.fixture
def api(db_url):  # type: ignore[no-untyped-def]
    return client(create_app(db_url, Settings(host="127.0.0.1")))


@pytest.fixture
def auth(seeded) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {seeded.analyst_token}"}


def figure(detail: dict, report_id: str, kind: str, value: int) -> dict:  # type: ignore[type-arg]
    for source in detail["sources"]:
        for f in source["figures"]:
            if source["report_id"] == report_id and f["kind"] == kind and f["value"] == value:
                return f  # type: ignore[no-any-return]
    raise AssertionError(f"no figure {kind} {value} in {report_id}")


def audit_rows(db_url: str, incident_id: int) -> list[AuditRow]:
    with session_scope(db_url) as session:
        rows = session.scalars(
            select(AuditRow).where(AuditRow.entity_id == str(incident_id)).order_by(AuditRow.id)
        ).all()
        session.expunge_all()
        return list(rows)


def test_rejecting_a_figure_takes_it_out_of_the_range_and_restore_puts_it_back(
    api, seeded, auth, db_url
) -> None:
    url = f"/api/incidents/{seeded.market}"
    before = api.get(url).json()
    assert before["killed"] == {"min": 19, "max": 21}
    nineteen = figure(before, "api-market-a", "killed", 19)
    body = {
        "mention_id": nineteen["mention_id"],
        "index": nineteen["index"],
        "reason": "the civil defence count was of another strike",
    }
    done = api.post(f"{url}/figures/reject", json=body, headers=auth)
    assert done.status_code == 200, done.text
    after = done.json()
    assert after["killed"] == {"min": 21, "max": 21}
    struck = figure(after, "api-market-a", "killed", 19)
    assert struck["rejected"]["by"] == "ana" and "another strike" in struck["rejected"]["reason"]
    entry = after["audit"][0]
    assert entry["action"] == "reject figure" and entry["user"] == "ana"
    assert entry["note"] == body["reason"] and "killed 19" in entry["before"]["figure"]
    assert entry["before"]["killed_min"] == 19 and entry["after"]["killed_min"] == 21
    assert api.get("/api/incidents?min_killed=20").json()["total"] >= 1  # the column changed

    again = api.post(f"{url}/figures/reject", json=body, headers=auth)
    assert again.status_code == 422 and "already rejected" in again.json()["detail"]

    restored = api.post(f"{url}/figures/restore", json=body | {"reason": ""}, headers=auth)
    assert restored.status_code == 200, restored.text
    assert restored.json()["killed"] == {"min": 19, "max": 21}
    assert figure(restored.json(), "api-market-a", "killed", 19)["rejected"] is None
    assert restored.json()["audit"][0]["action"] == "restore figure"


def test_a_rejected_figure_stays_out_after_the_incident_is_rebuilt(api, seeded, auth, db_url):
    url = f"/api/incidents/{seeded.market}"
    nineteen = figure(api.get(url).json(), "api-market-a", "killed", 19)
    api.post(
        f"{url}/figures/reject",
        headers=auth,
        json={
            "mention_id": nineteen["mention_id"],
            "index": nineteen["index"],
            "reason": "misread",
        },
    )
    split = api.post(f"{url}/split", json={"report_id": "api-market-a"}, headers=auth).json()
    merged = api.post(f"{url}/merge", json={"other_id": split["id"]}, headers=auth)
    assert merged.status_code == 200, merged.text
    assert merged.json()["killed"] == {"min": 21, "max": 21}


def test_a_rejected_figure_stays_rejected_when_its_report_is_extracted_again(
    api, seeded, auth, db_url
) -> None:
    url = f"/api/incidents/{seeded.market}"
    nineteen = figure(api.get(url).json(), "api-market-a", "killed", 19)
    api.post(
        f"{url}/figures/reject",
        headers=auth,
        json={
            "mention_id": nineteen["mention_id"],
            "index": nineteen["index"],
            "reason": "misread",
        },
    )
    with session_scope(db_url) as session:
        mention = session.get(MentionRow, nineteen["mention_id"])
        payload = dict(mention.payload)
        payload["figures"] = [
            {k: v for k, v in f.items() if k != "rejected"} for f in payload["figures"]
        ]
        payload.pop("ranges_as_extracted", None)
        payload["killed"] = {"min": 19, "max": None}  # as the extractor gives it again
        add_extraction(
            session,
            ReportExtraction.model_validate({"report_id": "api-market-a", "incidents": [payload]}),
        )
    after = api.get(url).json()
    assert after["killed"] == {"min": 21, "max": 21}
    assert figure(after, "api-market-a", "killed", 19)["rejected"]["reason"] == "misread"


def test_the_last_figure_of_its_kind_and_a_missing_reason_are_refused(api, seeded, auth, db_url):
    url = f"/api/incidents/{seeded.shelling}"
    detail = api.get(url).json()
    only = detail["sources"][0]["figures"][0]
    body = {"mention_id": only["mention_id"], "index": only["index"], "reason": "too high"}
    last = api.post(f"{url}/figures/reject", json=body, headers=auth)
    assert last.status_code == 422
    assert "last killed figure" in last.json()["detail"]
    assert "edit form" in last.json()["detail"]
    no_reason = api.post(f"{url}/figures/reject", json=body | {"reason": " "}, headers=auth)
    assert no_reason.status_code == 422 and "why" in no_reason.json()["detail"]
    wrong = api.post(f"{url}/figures/reject", json=body | {"index": 9}, headers=auth)
    assert wrong.status_code == 404 and "no figure 9" in wrong.json()["detail"]
    assert api.get(url).json()["killed"] == detail["killed"]
    assert audit_rows(db_url, seeded.shelling) == []


def test_every_field_is_corrected_and_audited(api, seeded, auth, db_url) -> None:
    url = f"/api/incidents/{seeded.shelling}"
    response = api.patch(
        url,
        headers=auth,
        json={
            "perpetrators": ["Russia", "Liwa Example Brigade"],
            "claims": ["Liwa Example Brigade"],
            "denials": ["Syrian government"],
            "targets": ["Homes", "school"],
            "event_type": "airstrike",
            "note": "two witnesses name the aircraft",
        },
    )
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["overrides"]["perpetrators"] == [
        {"name": "Russia", "id": "russia"},
        {"name": "Liwa Example Brigade", "id": "actor:liwa-example-brigade"},
    ]
    assert record["overrides"]["denials"] == [{"name": "Syrian government", "id": "syria_gov"}]
    assert record["overrides"]["targets"] == ["homes", "school"]
    assert record["event_type"] == "airstrike"
    assert set(record["actors"]) == {"russia", "actor:liwa-example-brigade"}
    entry = record["audit"][0]
    assert entry["action"] == "edit" and entry["note"] == "two witnesses name the aircraft"
    assert entry["before"]["perpetrators"] is None and entry["before"]["event_type"] == "shelling"
    listed = api.get("/api/incidents?actor=russia").json()["data"]
    assert seeded.shelling in [row["id"] for row in listed]

    cleared = api.patch(url, headers=auth, json={"perpetrators": []}).json()
    assert cleared["overrides"]["perpetrators"] == []


def test_a_place_is_picked_from_the_gazetteer_by_any_spelling(api, seeded, auth, db_url) -> None:
    found = api.get("/api/places?q=Maarat al Nouman").json()
    assert found and found[0]["admin1"] == "Idlib" and found[0]["country"] == "SY"
    url = f"/api/incidents/{seeded.hostile}"
    response = api.patch(url, headers=auth, json={"place_name": "Maarat al Nouman"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["place_name"] == found[0]["name"]
    assert record["lat"] == pytest.approx(found[0]["lat"]) and record["admin1"] == "Idlib"
    assert record["place_precision"] == found[0]["precision"]
    audit = record["audit"][0]
    assert audit["before"]["place_name"] == "Aleppo" and audit["after"]["admin1"] == "Idlib"
    assert audit["before"]["lat"] == pytest.approx(36.20)

    clicked = api.patch(
        url, headers=auth, json={"place_name": "Farm east of the town", "lat": 35.7, "lon": 36.7}
    ).json()
    assert clicked["lat"] == 35.7 and clicked["place_precision"] == "exact"


def test_a_place_the_gazetteer_does_not_know_is_refused(api, seeded, auth, db_url) -> None:
    url = f"/api/incidents/{seeded.hostile}"
    before = api.get(url).json()
    response = api.patch(url, headers=auth, json={"place_name": "Qwzxplorvik"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "'Qwzxplorvik' is not in the gazetteer" in detail and "click the map" in detail
    after = api.get(url).json()
    assert (after["place_name"], after["lat"]) == (before["place_name"], before["lat"])
    wrong_id = api.patch(url, headers=auth, json={"place_name": "Idlib", "gazetteer_id": "x:1"})
    assert wrong_id.status_code == 422 and "no entry x:1" in wrong_id.json()["detail"]


def test_two_analysts_saving_at_once_the_second_is_refused_with_what_changed(
    api, seeded, auth, db_url
) -> None:
    url = f"/api/incidents/{seeded.market}"
    loaded = api.get(url)
    version = loaded.json()["version"]
    assert loaded.headers["ETag"] == f'W/"v{version}"'
    first = api.patch(url, headers=auth, json={"killed_max": 25, "version": version})
    assert first.status_code == 200, first.text
    assert first.json()["version"] == version + 1
    second = api.patch(url, headers=auth, json={"killed_max": 30, "version": version})
    assert second.status_code == 409
    body = second.json()
    assert "edit by ana (killed_max)" in body["detail"] and "reload" in body["detail"]
    assert body["version"] == version + 1
    assert body["changes"][0]["after"] == {"killed_max": 25}
    assert api.get(url).json()["killed"]["max"] == 25  # the first save stands

    by_header = api.patch(
        url, json={"killed_max": 31}, headers=auth | {"If-Match": loaded.headers["ETag"]}
    )
    assert by_header.status_code == 409
    other_action = api.post(
        f"{url}/status", headers=auth, json={"status": "verified", "version": version}
    )
    assert other_action.status_code == 409
    fresh = api.patch(url, headers=auth, json={"killed_max": 30, "version": version + 1})
    assert fresh.status_code == 200 and fresh.json()["killed"]["max"] == 30


def test_merge_into_itself_a_missing_or_a_merged_incident_is_refused(api, seeded, auth) -> None:
    url = f"/api/incidents/{seeded.market}/merge"
    itself = api.post(url, json={"other_id": seeded.market}, headers=auth)
    assert itself.status_code == 409 and "itself" in itself.json()["detail"]
    missing = api.post(url, json={"other_id": 99999}, headers=auth)
    assert missing.status_code == 404 and "no incident 99999" in missing.json()["detail"]
    api.post(
        f"/api/incidents/{seeded.shelling}/merge", json={"other_id": seeded.hostile}, headers=auth
    )
    gone = api.post(url, json={"other_id": seeded.hostile}, headers=auth)
    assert gone.status_code == 409
    assert f"was merged into {seeded.shelling}" in gone.json()["detail"]


def test_the_undo_list_offers_only_undos_that_succeed(api, seeded, auth) -> None:
    url = f"/api/incidents/{seeded.market}"
    new = api.post(f"{url}/split", json={"report_id": "api-market-a"}, headers=auth).json()
    api.post(f"{url}/merge", json={"other_id": new["id"]}, headers=auth)
    history = api.get(url).json()["merge_history"]
    split = next(e for e in history if e["kind"] == "split")
    merge = next(e for e in history if e["kind"] == "merge")
    assert split["undo_problem"] and "moved since" in split["undo_problem"]
    assert merge["undo_problem"] is None
    refused = api.post(f"{url}/undo", json={"log_id": split["id"]}, headers=auth)
    assert refused.status_code == 409 and split["undo_problem"] in refused.json()["detail"]
    for entry in history:
        if entry["undo_problem"] is None and not entry["undone"]:
            done = api.post(f"{url}/undo", json={"log_id": entry["id"]}, headers=auth)
            assert done.status_code == 200, (entry, done.text)
            break
    after = api.get(url).json()["merge_history"]
    assert all(e["undo_problem"] for e in after if e["undone"])


def test_assignment_statuses_queue_and_comments(api, seeded, auth, db_url) -> None:
    url = f"/api/incidents/{seeded.shelling}"
    assigned = api.post(f"{url}/assign", json={"assignee": "ana"}, headers=auth)
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["assignee"] == "ana" and assigned.json()["review_status"] == "in_review"
    queue = api.get("/api/review/queue?assignee=ana").json()
    assert [row["id"] for row in queue] == [seeded.shelling]
    verified = api.post(f"{url}/status", json={"status": "verified", "note": "ok"}, headers=auth)
    assert verified.json()["review_status"] == "verified"
    assert api.get("/api/review/queue?assignee=ana").json() == []
    assert len(api.get("/api/review/queue?assignee=ana&status=verified").json()) == 1
    assert api.get("/api/review/analysts").json() == ["ana"]

    viewer = api.post(f"{url}/assign", json={"assignee": "vic"}, headers=auth)
    assert viewer.status_code == 422 and "vic is a viewer" in viewer.json()["detail"]
    nobody = api.post(f"{url}/assign", json={"assignee": "zed"}, headers=auth)
    assert nobody.status_code == 422 and "no user 'zed'" in nobody.json()["detail"]
    bad = api.post(f"{url}/status", json={"status": "confirmed"}, headers=auth)
    assert bad.status_code == 422  # the old word for "verified" is no status any more

    said = api.post(f"{url}/comments", json={"text": "ask the monitor for names"}, headers=auth)
    assert said.status_code == 200, said.text
    trail = api.get(url).json()["audit"]
    assert trail[0]["action"] == "comment" and trail[0]["note"] == "ask the monitor for names"
    assert [a["action"] for a in trail][1:] == ["status", "assign"]


def test_duplicate_queue_keep_apart_and_a_re_run_of_resolution(api, seeded, auth, db_url) -> None:
    url = f"/api/incidents/{seeded.market}"
    new = api.post(f"{url}/split", json={"report_id": "api-market-a"}, headers=auth).json()
    pairs = api.get("/api/review/duplicates").json()
    pair = next(p for p in pairs if {p["a"]["id"], p["b"]["id"]} == {seeded.market, new["id"]})
    assert pair["resolver_would_merge"] and pair["score"] > 6 and pair["days"] == 0
    assert "same place" in pair["reasons"]

    kept = api.post(
        f"{url}/keep-apart", json={"other_id": new["id"], "note": "two markets"}, headers=auth
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["audit"][0]["action"] == "keep apart"
    pairs = api.get("/api/review/duplicates").json()
    assert not [p for p in pairs if {p["a"]["id"], p["b"]["id"]} == {seeded.market, new["id"]}]

    # a re-run of resolution: both reports are re-extracted and resolved again
    with session_scope(db_url) as session:
        for report_id in ("api-market-a", "api-market-b"):
            mention = session.scalars(
                select(MentionRow).where(MentionRow.report_id == report_id)
            ).one()
            extraction = ReportExtraction.model_validate(
                {"report_id": report_id, "incidents": [mention.payload]}
            )
            add_extraction(session, extraction)
    with session_scope(db_url) as session:
        owners = {m.report_id: m.incident_id for m in session.scalars(select(MentionRow))}
    assert owners["api-market-a"] != owners["api-market-b"]

    itself = api.post(f"{url}/keep-apart", json={"other_id": seeded.market}, headers=auth)
    assert itself.status_code == 409 and "itself" in itself.json()["detail"]


def test_a_manual_merge_lifts_keep_apart(api, seeded, auth, db_url) -> None:
    url = f"/api/incidents/{seeded.market}"
    new = api.post(f"{url}/split", json={"report_id": "api-market-a"}, headers=auth).json()
    api.post(f"{url}/keep-apart", json={"other_id": new["id"]}, headers=auth)
    merged = api.post(f"{url}/merge", json={"other_id": new["id"]}, headers=auth)
    assert merged.status_code == 200
    with get_engine(db_url).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM kept_apart")).scalar() == 0


def test_revision_0003_renames_the_review_statuses(empty_db_url) -> None:
    migrate.upgrade(empty_db_url, "0002_read_indexes")
    with get_engine(empty_db_url).begin() as conn:
        for n, status in enumerate(("confirmed", "edited", "unreviewed"), start=1):
            conn.execute(
                sa.text(
                    "INSERT INTO incidents (id, event_type, record, overrides, review_status) "
                    "VALUES (:id, 'other', '{}', '{}', :status)"
                ),
                {"id": n, "status": status},
            )
    migrate.upgrade(empty_db_url)
    with session_scope(empty_db_url) as session:
        rows = session.scalars(select(IncidentRow).order_by(IncidentRow.id)).all()
        assert [(r.review_status, r.version) for r in rows] == [
            ("verified", 1),
            ("in_review", 1),
            ("unreviewed", 1),
        ]
    migrate.downgrade(empty_db_url, "0002_read_indexes")
    with get_engine(empty_db_url).connect() as conn:
        statuses = conn.execute(sa.text("SELECT review_status FROM incidents ORDER BY id"))
        assert [s for (s,) in statuses] == ["confirmed", "edited", "unreviewed"]


def test_two_saves_at_the_same_moment_one_waits_and_is_refused(seeded, db_url) -> None:
    """The version check and the write are one step: while the first save's transaction is
    open, the second waits for it, then finds the new version and is refused."""
    import threading

    from harmwatch.errors import EditConflict
    from harmwatch.resolve import edit as review  # the store's update, with the summariser

    with session_scope(db_url) as session:
        version = session.get(IncidentRow, seeded.market).version
    outcome: list[object] = []
    first_open = threading.Event()

    def second() -> None:
        first_open.wait(10)
        try:
            with session_scope(db_url) as session:
                review.update_incident(
                    session, seeded.market, {"killed_max": 40}, "bo", version=version
                )
            outcome.append("saved")
        except EditConflict as err:
            outcome.append(err)

    thread = threading.Thread(target=second)
    thread.start()
    with session_scope(db_url) as session:
        review.update_incident(session, seeded.market, {"killed_max": 30}, "ana", version=version)
        first_open.set()
        time.sleep(0.5)  # the second save is waiting for this transaction now
    thread.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], EditConflict), outcome
    assert "edit by ana (killed_max)" in str(outcome[0])
    with session_scope(db_url) as session:
        assert session.get(IncidentRow, seeded.market).killed_max == 30
