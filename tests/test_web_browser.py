"""The web app in a real browser: Debian chromium driven by Playwright, against `harmwatch serve`'s
app on a free loopback port, with the demo corpus loaded. Screenshots go to
$HARMWATCH_SCREENSHOTS, else build/screenshots/ in the checkout."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from api_data import FEED_ID, HOSTILE, PASSWORD, add_users, store_feed_item, store_hostile

CHROMIUM = Path("/usr/bin/chromium")
SCREENS = Path(
    os.environ.get("HARMWATCH_SCREENSHOTS")
    or Path(__file__).resolve().parents[1] / "build" / "screenshots"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


# a function, not a string: the app's CSP forbids eval, which string predicates would need
ROWS_ARE = "(n) => document.querySelectorAll('table.incidents tbody tr').length === n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    def __init__(self, url: str, db_url: str, hostile: int) -> None:
        self.url, self.db_url, self.hostile = url, db_url, hostile
        self.console: list[str] = []


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:

    from harmwatch.demo import REPORTS_PATH
    from harmwatch.process import ingest

    db_url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.db'}"
    summary = ingest([str(REPORTS_PATH)], db_url, extract=True, progress=False, format="jsonl")
    assert summary.extracted > 0, summary.failed
    hostile = store_hostile(db_url)
    add_users(db_url)
    with running(db_url, "browser-test") as url:
        yield Served(url, db_url, hostile)


@contextmanager
def running(db_url: str, secret_key: str) -> Iterator[str]:
    """The app on ``db_url``, served by uvicorn on a free loopback port in a thread: its URL."""
    import uvicorn

    from harmwatch.api.app import create_app
    from harmwatch.settings import Settings

    port = free_port()
    app = create_app(db_url, Settings(host="127.0.0.1", port=port, secret_key=secret_key))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, served: Served):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda msg: served.console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: served.console.append(f"pageerror: {err}"))
    yield page
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def open_app(page, served: Served, hash_: str = "") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{served.url}/{hash_}")
    page.wait_for_selector("body[data-ready=true]")


def log_in(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#login input[name=name]", name)
    page.fill("#login input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_selector("#login .who")


def api_json(page, path: str):  # type: ignore[no-untyped-def]
    return page.evaluate("(p) => fetch(p).then((r) => r.json())", path)


def multi_source_incident(page) -> dict:  # type: ignore[no-untyped-def]
    rows = api_json(page, "/api/incidents?limit=1000&sort=-killed")["data"]
    return max(rows, key=lambda r: (r["source_count"], r["killed"]["min"] or 0))


def test_demo_incidents_appear_as_markers(page, served: Served) -> None:
    open_app(page, served)
    page.wait_for_selector(".hw-marker, .hw-cluster")
    placed = [
        r for r in api_json(page, "/api/incidents?limit=1000")["data"] if r["lat"] is not None
    ]
    assert len(placed) >= 10  # the demo corpus and the hostile report
    # once the map has settled (clusters animate while it zooms to the incidents), every
    # incident with coordinates is a marker or counted in exactly one cluster
    page.wait_for_function(
        """(n) => document.querySelectorAll('path.hw-marker').length
          + [...document.querySelectorAll('.hw-cluster .cluster-count')]
              .reduce((sum, el) => sum + Number(el.textContent), 0) === n""",
        arg=len(placed),
        timeout=15000,
    )
    total = api_json(page, "/api/incidents")["total"]
    assert page.locator("table.incidents tbody tr").count() == min(50, total)
    assert page.locator(".timeline-svg .tl-day").count() >= 5
    shot(page, "01-overview")
    assert not [m for m in served.console if "Content Security Policy" in m or "error" in m]


def test_opening_an_incident_shows_highlighted_evidence(page, served: Served) -> None:
    open_app(page, served)
    incident = multi_source_incident(page)
    assert incident["source_count"] >= 2
    page.locator(f"table.incidents tr[data-id='{incident['id']}']").click()
    page.wait_for_selector("h2.incident-title")
    detail = api_json(page, f"/api/incidents/{incident['id']}")
    figures = [f for s in detail["sources"] for f in s["figures"] if f["evidence"]]
    assert figures
    marks = page.locator("blockquote.evidence mark.ev-figure").all_inner_texts()
    first = figures[0]["evidence"]
    sentence_start = first["start"] - first["sentence_start"]
    expected = first["sentence"][sentence_start : first["end"] - first["sentence_start"]]
    assert expected in marks
    assert page.locator("article.source").count() == incident["source_count"]
    page.locator("article.source button.link").first.click()
    page.wait_for_selector(".report-text mark.ev-focus")
    assert page.locator(".report-text mark.ev-figure").count() >= 1
    shot(page, "02-incident")


def test_analyst_edits_a_figure_and_the_audit_trail_shows_it(page, served: Served) -> None:
    open_app(page, served)
    incident = multi_source_incident(page)
    log_in(page, "ana")
    page.goto(f"{served.url}/#/incident/{incident['id']}")
    page.click("details.tools-box summary")  # the tools sit near the top, folded
    page.wait_for_selector("form.edit")
    new_max = (incident["killed"]["max"] or incident["killed"]["min"] or 0) + 7
    page.fill("form.edit input[name=killed_max]", str(new_max))
    page.fill("form.edit input[name=note]", "toll update from the hospital")
    page.click("form.edit button[type=submit]")
    page.wait_for_function(
        "(note) => (document.querySelector('table.audit') || {}).innerText?.includes(note)",
        arg="toll update from the hospital",
    )
    audit = page.locator("table.audit").inner_text()
    assert "ana" in audit and "killed max" in audit and str(new_max) in audit
    assert "toll update from the hospital" in audit
    assert page.locator("dd[data-field=killed] .edited").count() == 1
    shot(page, "03-audit")
    again = api_json(page, f"/api/incidents/{incident['id']}")
    assert again["killed"]["max"] == new_max and again["audit"][0]["user"] == "ana"


def test_viewer_sees_no_review_tools(page, served: Served) -> None:
    open_app(page, served)
    log_in(page, "vic")
    page.goto(f"{served.url}/#/incident/{served.hostile}")
    page.wait_for_selector("h2.incident-title")
    assert page.locator("form.edit").count() == 0


def test_hostile_report_renders_as_text(page, served: Served) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_app(page, served, f"#/incident/{served.hostile}")
    page.wait_for_selector("article.source")
    page.locator("article.source button.link").first.click()
    page.wait_for_selector(".report-text mark")
    text = page.locator(".report-text").inner_text()
    assert HOSTILE in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator(".report-text script, .report-text img, article.source b").count() == 0
    assert page.evaluate("window.hwPwned") is None and dialogs == []  # nothing ran
    header = page.locator("article.source header").inner_text()
    assert "<b>Bold Outlet</b>" in header and "<script>alert(2)</script>" in header
    shot(page, "04-hostile")
    page.click("article.source a.report-link")  # the report's own page
    page.wait_for_selector("h2.report-title")
    assert page.locator("h2.report-title").inner_text() == "<script>alert(2)</script>"
    assert HOSTILE in page.locator(".report-text.full").inner_text()
    assert page.locator(".report-text.full mark.ev-figure").inner_text() == "killing 3 people"
    assert page.locator("main script, main img").count() == 0
    assert page.evaluate("window.hwPwned") is None and dialogs == []
    shot(page, "07-hostile-report")


def test_analyst_adds_a_ceasefire_to_the_timeline(page, served: Served) -> None:
    open_app(page, served)
    log_in(page, "ana")
    page.wait_for_selector("form.note-form")
    days = [d["day"] for d in api_json(page, "/api/stats")["by_day"]]
    page.fill("form.note-form input[name=date]", days[0])
    page.fill("form.note-form input[name=date_end]", days[1])
    page.fill("form.note-form input[name=label]", "<b>ceasefire</b>")
    page.click("form.note-form button[type=submit]")
    page.wait_for_selector(".tl-note text")
    assert page.locator(".tl-note text").first.text_content() == "<b>ceasefire</b>"
    assert "<b>ceasefire</b>" in page.locator("ul.notes").inner_text()
    shot(page, "05-timeline-note")


def test_filters_narrow_the_map_and_the_table(page, served: Served) -> None:
    open_app(page, served)
    page.select_option("#filters select[name=event_type]", "ied")
    page.click("#filters button[type=submit]")
    expected = api_json(page, "/api/incidents?event_type=ied")["total"]
    page.wait_for_function(ROWS_ARE, arg=expected)
    types = page.locator("table.incidents tbody td:nth-child(4)").all_inner_texts()
    assert types and set(types) == {"ied"}
    assert "event_type=ied" in (page.get_attribute("a[data-export=csv]", "href") or "")


def test_analyst_splits_a_report_out_and_undoes_it(page, served: Served) -> None:
    open_app(page, served)
    log_in(page, "ana")
    incident = multi_source_incident(page)
    page.goto(f"{served.url}/#/incident/{incident['id']}")
    page.click("details.tools-box summary")  # the tools sit near the top, folded
    page.wait_for_selector("select[name=split_report]")
    moved = incident["report_ids"][0]
    page.select_option("select[name=split_report]", moved)
    page.click(".split button")
    # the page stays, says what was saved and links to the new incident
    page.wait_for_selector("#incident-message.ok a.new-incident")
    assert "Saved" in page.locator("#incident-message").inner_text()
    page.click("#incident-message a.new-incident")
    page.wait_for_function(  # the new incident's page is drawn (it sets the title last)
        """(id) => !location.hash.endsWith('/' + id)
          && document.title.startsWith('#' + location.hash.split('/').pop() + ' ')""",
        arg=str(incident["id"]),
        timeout=15000,
    )
    assert page.locator("article.source").count() == 1
    assert page.get_attribute("article.source", "data-report") == moved
    page.goto(f"{served.url}/#/incident/{incident['id']}")
    page.wait_for_function(
        "(id) => document.title.startsWith('#' + id + ' ')", arg=str(incident["id"])
    )
    page.click("details.tools-box summary")
    page.wait_for_selector("select[name=undo]")
    history = api_json(page, f"/api/incidents/{incident['id']}")["merge_history"]
    split = [e for e in history if e["kind"] == "split" and not e["undone"]][-1]
    page.select_option("select[name=undo]", str(split["id"]))
    page.click(".undo button")
    page.wait_for_function(
        "(n) => document.querySelectorAll('article.source').length === n",
        arg=incident["source_count"],
    )
    assert "Split report" in page.locator("table.audit").inner_text()
    shot(page, "06-split-undone")


def test_a_report_whose_id_is_a_url_opens(page, served: Served) -> None:
    """An RSS item's GUID is often its URL: slashes, '?', '&' and '#' in the report id."""
    incident = store_feed_item(served.db_url)
    open_app(page, served, f"#/incident/{incident}")
    page.wait_for_selector("article.source a.report-link")
    href = page.get_attribute("article.source a.report-link", "href")
    assert href == "#/report/" + page.evaluate("(id) => encodeURIComponent(id)", FEED_ID)
    page.locator("article.source button.link").first.click()  # the text, on the incident page
    page.wait_for_selector("article.source .report-text mark.ev-focus", timeout=10000)
    page.click("article.source a.report-link")  # the report's own page
    page.wait_for_selector("h2.report-title", timeout=10000)
    assert page.locator("h2.report-title").inner_text() == "Minibus"
    assert FEED_ID in page.locator("main").inner_text()
    figure = page.locator(".report-text.full mark.ev-figure").inner_text()
    assert figure == "killing four passengers"
    assert not [m for m in served.console if "404" in m]


def test_api_docs_render_offline_under_the_apps_policy(page, served: Served) -> None:
    """Swagger UI at /docs, from the package, with no request to another host and nothing the
    Content-Security-Policy refuses."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    start = len(served.console)
    page.goto(f"{served.url}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "harmwatch" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_function("() => document.querySelectorAll('.opblock').length >= 18")
    page.locator(".opblock-summary", has_text="/api/stats").first.click()
    page.wait_for_selector(".opblock.is-open .parameters")
    assert "min_killed" in page.locator(".opblock.is-open .parameters").inner_text()
    shot(page, "08-api-docs")
    assert asked and all(url.startswith(served.url) for url in asked), asked
    said = served.console[start:]
    assert not [m for m in said if "Content Security Policy" in m or "Refused" in m], said
    assert not [m for m in said if m.startswith(("error", "pageerror"))], said
