"""Hostile and careless input to the REST API: every value out of range is refused with a 422
that names the parameter, nothing answers 500, and a bad date already stored does not break the
date-window queries of everyone else.

The property tests at the end generate values for every parameter of every GET route (read from
the app's own OpenAPI document, so a new route is covered without editing this file) and for the
analysts' POST/PATCH/DELETE bodies.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from urllib.parse import quote

import pytest
from api_data import seeded_db_fixture, seeded_pg_fixture, seeded_sqlite_fixture  # noqa: F401 (fixtures)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from harmwatch.api.app import create_app
from harmwatch.settings import Settings
from harmwatch.store.db import session_scope
from harmwatch.store.schema import AuditRow, IncidentRow

BIG = 2**63  # one more than a 64-bit integer holds (SQLite's INTEGER)
INT4 = 2**31  # one more than PostgreSQL's INTEGER holds
HUGE = 10**20


@pytest.fixture
def db_url(seeded_db) -> str:  # type: ignore[no-untyped-def]
    return str(seeded_db[0])


@pytest.fixture
def seeded(seeded_db):  # type: ignore[no-untyped-def]
    return seeded_db[1]


@pytest.fixture
def api(db_url):  # type: ignore[no-untyped-def]
    """A client that answers a server error as a 500 instead of raising it in the test."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # StarletteDeprecationWarning, at import only
        from fastapi.testclient import TestClient
    app = create_app(db_url, Settings(host="127.0.0.1"))
    return TestClient(app, base_url="http://localhost", raise_server_exceptions=False)


def analyst(seeded) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {seeded.analyst_token}"}


def detail(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, (response.status_code, response.text)
    return json.dumps(response.json()["detail"])


@pytest.mark.parametrize(
    ("path", "names"),
    [
        (f"/api/incidents/{HUGE}", "incident_id"),
        (f"/api/incidents/{BIG}", "incident_id"),
        (f"/api/incidents?min_killed={BIG}", "min_killed"),
        (f"/api/incidents/{INT4}", "incident_id"),
        (f"/api/incidents/map?min_killed={INT4}", "min_killed"),
        (f"/api/incidents?offset={HUGE}", "offset"),
        ("/api/incidents?since=0001-01-01&until=9999-12-31", "since"),
        ("/api/incidents?since=2020-01-01&until=9999-12-31", "until"),
        ("/api/stats?since=1066-10-14", "since"),
        ("/api/export.csv?until=2999-01-01", "until"),
        ("/api/incidents/map?since=0001-01-01", "since"),
        ("/api/incidents?bbox=nan,35,38,37", "bbox"),
        ("/api/incidents?bbox=36,35,inf,37", "bbox"),
        ("/api/incidents?grade=%00", "grade"),
        ("/api/incidents?q=" + "x" * 300, "q"),
    ],
)
def test_out_of_range_query_values_are_refused_with_the_parameter_named(api, path, names) -> None:
    assert names in detail(api.get(path))


@pytest.mark.parametrize(
    ("method", "path", "body", "named"),
    [
        ("post", "/api/incidents/{id}/merge", {"other_id": HUGE}, "other_id"),
        ("post", "/api/incidents/{id}/merge", {"other_id": 1e20}, "other_id"),
        ("post", "/api/incidents/{id}/undo", {"log_id": HUGE}, "log_id"),
        ("post", "/api/incidents/{id}/merge", {"other_id": INT4}, "other_id"),
        ("delete", f"/api/annotations/{HUGE}", None, "annotation_id"),
        ("patch", "/api/incidents/{id}", {"killed_max": BIG}, "killed_max"),
        ("patch", "/api/incidents/{id}", {"date": "0001-01-01", "date_end": "2019-01-01"}, "date"),
        ("patch", "/api/incidents/{id}", {"date": "2020-01-15", "date_end": "2020-01-01"}, "befo"),
        ("patch", "/api/incidents/{id}", {"date_end": "2020-01-01"}, "before"),  # starts 01-15
        ("patch", "/api/incidents/{id}", {"summary": "a\x00b"}, "NUL"),
        ("patch", "/api/incidents/{id}", {"place_name": "\ud800"}, "place_name"),
        ("post", "/api/annotations", {"date": "2020-01-01", "label": "\ud83d x"}, "label"),
        ("post", "/api/annotations", {"date": "9999-01-01", "label": "truce"}, "date"),
        ("post", "/api/incidents/{id}/split", {"report_id": "a\x00"}, "report_id"),
        # the review workflow's writes take the same checked ids and text
        ("post", f"/api/incidents/{HUGE}/status", {"status": "verified"}, "incident_id"),
        ("post", "/api/incidents/{id}/keep-apart", {"other_id": HUGE}, "other_id"),
        (
            "post",
            "/api/incidents/{id}/figures/reject",
            {"mention_id": HUGE, "index": 0, "reason": "x"},
            "mention_id",
        ),
        ("post", "/api/incidents/{id}/comments", {"text": "a\x00b"}, "text"),
        ("post", "/api/incidents/{id}/assign", {"assignee": "\ud800"}, "assignee"),
    ],
)
def test_out_of_range_writes_are_refused_and_change_nothing(
    api, seeded, db_url, method, path, body, named
) -> None:
    def audited() -> int:
        with session_scope(db_url) as session:
            return len(session.scalars(select(AuditRow)).all())

    audited_before = audited()
    url = path.format(id=seeded.market)
    if body is None:
        response = api.request(method.upper(), url, headers=analyst(seeded))
    else:  # json.dumps: 1e20 stays a float, "\ud800" an escape, as a client would send them
        headers = {**analyst(seeded), "Content-Type": "application/json"}
        response = api.request(method.upper(), url, content=json.dumps(body), headers=headers)
    assert named in detail(response)
    assert audited() == audited_before
    with session_scope(db_url) as session:
        assert session.get(IncidentRow, seeded.market).date == dt.date(2020, 1, 15)


@pytest.mark.parametrize("field", ["lat", "lon", "killed_min"])
@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_a_correction_are_refused(api, seeded, field, token) -> None:
    """Python's JSON reader takes these tokens; the refusal must still be valid JSON."""
    response = api.patch(
        f"/api/incidents/{seeded.market}",
        content=f'{{"{field}": {token}}}',
        headers={**analyst(seeded), "Content-Type": "application/json"},
    )
    assert field in detail(response)


@pytest.mark.parametrize("date_end", ["2019-01-01", "9999-12-31"])
def test_a_bad_date_already_stored_does_not_break_date_windows(
    api, seeded, db_url, date_end
) -> None:
    """An incident said to start in the year 1 (stored before dates were checked, or by hand)."""
    with session_scope(db_url) as session:
        row = session.get(IncidentRow, seeded.market)
        row.date, row.date_end = dt.date(1, 1, 1), dt.date.fromisoformat(date_end)
    window = "since=2018-06-01&until=2020-01-31"
    for path in ("/api/stats", "/api/export.csv", "/api/export.json", "/api/incidents/map"):
        response = api.get(f"{path}?{window}")
        assert response.status_code == 200, (path, response.text)
    found = api.get(f"/api/incidents?{window}")
    assert found.status_code == 200, found.text
    assert {row["id"] for row in found.json()["data"]} == {seeded.market, seeded.shelling}
    wide = api.get("/api/incidents?since=1900-01-01&until=2100-12-31")
    assert wide.status_code == 200 and wide.json()["total"] == 3


def strict_json(text: str):  # type: ignore[no-untyped-def]
    """JSON as a browser reads it: NaN and Infinity are not JSON."""

    def refuse(token: str) -> None:
        raise ValueError(f"{token} in the JSON")

    return json.loads(text, parse_constant=refuse)


def test_values_stored_by_hand_do_not_break_any_read(api, seeded, db_url) -> None:
    """Coordinates that are no place, dates out of order, negative counts: written to the
    database by some other tool. Every read still answers, in JSON a browser can parse."""
    with session_scope(db_url) as session:
        market = session.get(IncidentRow, seeded.market)
        market.lat, market.lon = float("nan"), float("inf")
        market.date, market.date_end = dt.date(1, 1, 1), dt.date(9999, 12, 31)
        shelling = session.get(IncidentRow, seeded.shelling)
        shelling.killed_min, shelling.killed_max = -5, -9
        shelling.date_end = dt.date(2000, 1, 1)  # before it starts
    window = "since=2019-01-01&until=2020-12-31"
    for path in (
        "/api/incidents",
        f"/api/incidents?{window}",
        "/api/incidents/map",
        f"/api/incidents/map?{window}",
        f"/api/incidents/{seeded.market}",
        f"/api/incidents/{seeded.shelling}",
        "/api/stats",
        f"/api/stats?{window}",
        "/api/export.geojson",
        "/api/export.json",
        "/api/incidents?sort=killed",
    ):
        response = api.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        strict_json(response.text)
    assert api.get(f"/api/export.csv?{window}").status_code == 200
    points = strict_json(api.get("/api/incidents/map").text)
    assert seeded.market not in [p["id"] for p in points]  # no place on the earth: not mapped
    assert seeded.hostile in [p["id"] for p in points]


def test_dates_at_the_edges_of_the_range_are_taken(api, seeded) -> None:
    body = {"date": "1900-01-01", "date_end": "2100-12-31"}
    response = api.patch(f"/api/incidents/{seeded.market}", json=body, headers=analyst(seeded))
    assert response.status_code == 200, response.text
    assert (response.json()["date"], response.json()["date_end"]) == ("1900-01-01", "2100-12-31")
    assert api.get("/api/incidents?since=1900-01-01&until=2100-12-31").json()["total"] == 3


@pytest.mark.parametrize("command", [["incidents"], ["plot", "timeline", "--out"]])
def test_cli_refuses_a_day_out_of_range_with_one_line(db_url, command, tmp_path) -> None:
    from typer.testing import CliRunner

    from harmwatch.cli.main import app

    out = tmp_path / "t.svg"
    args = [*command, *([str(out)] if command[-1] == "--out" else [])]
    result = CliRunner().invoke(app, [*args, "--db", db_url, "--until", "9999-12-31"])
    assert result.exit_code == 2, result.output
    assert "--until" in result.output and "2100-12-31" in result.output
    assert "Traceback" not in result.output and not out.exists()


# --- property tests: no value of any parameter gives a server error --------------------------

EXAMPLES = int(os.environ.get("HARMWATCH_FUZZ_EXAMPLES", "40"))  # more: a longer hunt


def fuzz(times: int):  # type: ignore[no-untyped-def]
    return settings(
        max_examples=EXAMPLES * times,
        deadline=dt.timedelta(seconds=10),  # a hang, not a slow machine
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


ODD = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "00",
    "1.5",
    "1e400",
    "-1e400",
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "0x10",
    "1_000",
    "１２",
    "٣",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(-(2**63) - 1),
    str(10**40),
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2101-01-01",
    "2020-02-30",
    "2020-13-01",
    "-2020-01-01",
    "10000-01-01",
    "2020-01-01T25:00",
    "2020-W01",
    "\x00",
    "%00",
    "%",
    "/",
    "//",
    "..",
    "../..",
    "\\",
    "'; DROP TABLE incidents; --",
    "' OR 1=1 --",
    "*",
    "a,b,c,d",
    "1,2,3",
    "1,2,3,4,5",
    "-181,-91,181,91",
    "nan,0,1,1",
    "0,1,0,-1",
    "-date",
    "--date",
    "date,killed",
    "\u202e",
    "\u200b",
    "\ufeff",
    "𝕏",
    "حلب",
    "<script>",
    "\r\n",
    "=1+1",
    "@SUM(A1)",
    "x" * 5000,
]
INTEGERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=2**31 - 2, max_value=2**64 + 2),  # the edges of 32 and 64 bits
    st.integers(min_value=-(2**64), max_value=-(2**31)),
)
VALUE = st.one_of(
    st.sampled_from(ODD),
    INTEGERS.map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(str),
    st.text(max_size=40),
    st.text(min_size=300, max_size=2000),
)


def _get_routes() -> list[tuple[str, list[str], list[str]]]:
    """(path, path parameters, query parameters) of every GET route of the API."""
    schema = create_app("sqlite://", Settings(host="127.0.0.1")).openapi()
    routes = []
    for path, ops in schema["paths"].items():
        if "get" in ops and path.startswith("/api/"):
            params = ops["get"].get("parameters", [])
            routes.append(
                (
                    path,
                    [p["name"] for p in params if p["in"] == "path"],
                    [p["name"] for p in params if p["in"] == "query"],
                )
            )
    return routes


GET_ROUTES = _get_routes()


def test_the_property_test_sees_every_get_route() -> None:
    paths = {path for path, _, _ in GET_ROUTES}
    assert {
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/stats",
        "/api/export.csv",
        "/api/incidents/map",
        "/api/annotations",
    } <= paths
    assert any(path.startswith("/api/reports/") for path in paths)


@st.composite
def get_requests(draw) -> str:  # type: ignore[no-untyped-def]
    """One route with one hostile value: in its path, or in one query parameter (or in the
    two ends of a date window), so that no other refused value hides it."""
    path, in_path, in_query = draw(st.sampled_from(GET_ROUTES))
    for name in in_path:
        return path.replace(f"{{{name}}}", quote(draw(VALUE), safe="") or "1")
    if not in_query:
        return path
    names = draw(
        st.sampled_from([[n] for n in in_query] + [["since", "until"]] * ("since" in in_query))
    )
    return path + "?" + "&".join(f"{quote(n)}={quote(draw(VALUE), safe='')}" for n in names)


@pytest.fixture(scope="module", autouse=True)
def _gazetteer_built() -> None:
    """The gazetteer loaded once before the property tests: on a fresh machine its first build
    takes longer than the deadline, which is there to catch a hang, not a cold cache."""
    from harmwatch.gazetteer import Gazetteer

    Gazetteer.load()


@fuzz(10)
@given(url=get_requests())
@example(url=f"/api/incidents/{HUGE}")  # the cases, tried first every time
@example(url=f"/api/incidents?min_killed={BIG}")
@example(url="/api/incidents?since=0001-01-01&until=9999-12-31")
@example(url="/api/review/queue?assignee=%00")  # a NUL PostgreSQL refuses (found by the fuzz)
def test_no_query_or_path_value_gives_a_server_error(api, url: str) -> None:
    response = api.get(url)
    assert response.status_code < 500, (url, response.status_code, response.text[:300])
    if "json" in response.headers.get("content-type", ""):
        strict_json(response.text)  # a refusal too is JSON a browser can read


JSON_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    INTEGERS,
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.sampled_from(["\ud800", "a\udfff", "x\x00y", "2020-01-15", "Confirmed", "airstrike"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
WRITES = [
    (
        "patch",
        "/api/incidents/{id}",
        [
            "date",
            "date_end",
            "date_precision",
            "event_type",
            "place_name",
            "admin1",
            "country",
            "lat",
            "lon",
            "killed_min",
            "killed_max",
            "injured_max",
            "grade",
            "summary",
            "note",
            "colour",
        ],
    ),
    ("post", "/api/incidents/{id}/merge", ["other_id", "note"]),
    ("post", "/api/incidents/{id}/split", ["report_id", "note"]),
    ("post", "/api/incidents/{id}/undo", ["log_id"]),
    ("post", "/api/incidents/{id}/confirm", []),
    ("post", "/api/incidents/{id}/status", ["status", "note", "version"]),
    ("post", "/api/incidents/{id}/assign", ["assignee", "version"]),
    ("post", "/api/incidents/{id}/comments", ["text"]),
    ("post", "/api/incidents/{id}/keep-apart", ["other_id", "note"]),
    ("post", "/api/incidents/{id}/figures/reject", ["mention_id", "index", "reason", "version"]),
    ("post", "/api/annotations", ["date", "date_end", "label"]),
    ("delete", "/api/annotations/{id}", []),
    ("post", "/api/login", ["name", "password"]),
]


WINDOWS = [
    "/api/incidents?since=2018-06-01&until=2020-01-31",
    "/api/stats?since=1990-01-01&until=2020-12-31",
]


@st.composite
def write_requests(draw) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    method, path, fields = draw(st.sampled_from(WRITES))
    target = draw(st.one_of(st.sampled_from(["1", "2", "3"]), VALUE))
    path = path.replace("{id}", quote(target, safe="") or "1")
    body = draw(st.fixed_dictionaries({}, optional={f: JSON_VALUE for f in fields}))
    if draw(st.booleans()) and fields:  # every field present, most of them sensible
        body = {f: draw(JSON_VALUE) for f in fields}
    raw = draw(st.sampled_from([json.dumps(body), json.dumps(body)[:-1], "", "[]", "null"]))
    return method, path, raw


@fuzz(5)
@given(request=write_requests())
@example(request=("patch", "/api/incidents/1", '{"date": "0001-01-01", "date_end": "2019-01-01"}'))
@example(request=("patch", "/api/incidents/1", '{"lat": NaN}'))
@example(request=("post", "/api/incidents/1/merge", '{"other_id": 1e20}'))
@example(request=("post", "/api/incidents/1/undo", f'{{"log_id": {HUGE}}}'))
@example(request=("delete", f"/api/annotations/{HUGE}", ""))
def test_no_analyst_body_gives_a_server_error(api, seeded, request) -> None:  # type: ignore[no-untyped-def]
    method, path, raw = request
    headers = {**analyst(seeded), "Content-Type": "application/json"}
    response = api.request(
        method.upper(), path, content=raw.encode("utf-8", "surrogatepass"), headers=headers
    )
    assert response.status_code < 500, (method, path, raw[:300], response.text[:300])
    strict_json(response.text)
    for after in WINDOWS:  # whatever was written, everyone's reading still works
        response = api.get(after)
        assert response.status_code == 200, (method, path, raw[:300], after, response.text[:300])
