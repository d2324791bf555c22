"""The review workflow in a real browser (issue 13): Debian chromium driven by Playwright against
the app on a free loopback port, with the API test reports (our own words) plus one more event
told by two outlets. Screenshots go to $HARMWATCH_SCREENSHOTS, else build/screenshots/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from api_data import PASSWORD, Seeded, seed, span
from sqlalchemy import select
from test_web_browser import ARGS, CHROMIUM, SCREENS, running

from harmwatch.models import Figure, Incident, Location, Report, ReportExtraction
from harmwatch.resolve import add_extraction
from harmwatch.store.db import session_scope
from harmwatch.store.reports import add_report
from harmwatch.store.schema import MentionRow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]

ARIHA = Location(name="Ariha", lat=35.81, lon=36.61, admin1="Idlib", country="SY")
BAKERY_A = (
    "A bakery in Ariha was struck by shells on Saturday morning, killing four people "
    "queueing for bread, a rescue worker said."
)
BAKERY_B = (
    "Shelling hit a bread line outside an Ariha bakery on Saturday; four civilians died, "
    "according to a medic at the town's clinic."
)


def _bakery(
    report_id: str, text: str, outlet: str, words: str, what: str
) -> tuple[Report, Incident]:
    report = Report(id=report_id, text=text, published=dt.date(2020, 1, 26), source=outlet)
    incident = Incident(
        event_type="shelling",
        date=dt.date(2020, 1, 25),
        date_precision="day",
        location=ARIHA.model_copy(update={"evidence": span(text, "Ariha")}),
        killed={"min": 4, "max": 4},
        figures=[Figure(kind="killed", value=4, evidence=span(text, words))],
        targets=["bakery"],
        evidence=[span(text, what)],
    )
    return report, incident


@dataclass
class Served:
    url: str
    db_url: str
    seeded: Seeded
    ariha: int


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:

    from harmwatch.store.migrate import upgrade

    db_url = f"sqlite:///{tmp_path_factory.mktemp('review') / 'review.db'}"
    upgrade(db_url)
    seeded = seed(db_url)
    with session_scope(db_url) as session:
        touched = []
        for rid, text, outlet, words, what in (
            ("bakery-a", BAKERY_A, "Outlet Five", "killing four people", "struck by shells"),
            ("bakery-b", BAKERY_B, "Outlet Six", "four civilians died", "Shelling hit"),
        ):
            report, incident = _bakery(rid, text, outlet, words, what)
            add_report(session, report)
            session.flush()
            extraction = ReportExtraction(report_id=rid, incidents=[incident])
            touched += add_extraction(session, extraction)
    assert len(set(touched)) == 1, "the resolver should join the two bakery reports"
    with running(db_url, "review-test") as url:
        yield Served(url, db_url, seeded, touched[0])


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
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    context.close()
    assert errors == []


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"h13a-{name}.png"), full_page=True)


def open_as_analyst(page, served: Served, hash_: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{served.url}/")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#login input[name=name]", "ana")
    page.fill("#login input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_selector("#login .who")
    page.goto(f"{served.url}/{hash_}")


def saved(page, words: str = "Saved") -> str:  # type: ignore[no-untyped-def]
    """The "saved" message, once it says ``words``."""
    page.wait_for_function(
        "(w) => { const m = document.querySelector('#incident-message.ok');"
        " return m && m.innerText.includes(w); }",
        arg=words,
    )
    return str(page.locator("#incident-message").inner_text())


def test_analyst_rejects_a_figure_and_the_range_changes(page, served: Served) -> None:
    open_as_analyst(page, served, f"#/incident/{served.seeded.market}")
    page.wait_for_selector("dd[data-field=killed]")
    assert page.locator("dd[data-field=killed]").inner_text().startswith("19-21")
    row = page.locator("tr.figure[data-kind=killed][data-value='19']")
    row.locator("button.reject").click()
    row.locator("input[name=reason]").fill("counted the victims of an earlier raid")
    row.locator("button.confirm-reject").click()
    assert "Saved" in saved(page, "Rejected the figure killed 19")
    assert page.locator("dd[data-field=killed]").inner_text().startswith("21")
    struck = page.locator("tr.figure.rejected[data-value='19']")
    assert struck.locator("td.num s").inner_text().startswith("19")
    assert "Rejected by ana: counted the victims" in struck.inner_text()
    audit = page.locator("table.audit tr[data-action='reject figure']").inner_text()
    assert "ana" in audit and "killed 19" in audit and "counted the victims" in audit
    shot(page, "incident-rejected-figure")

    page.locator("tr.figure.rejected[data-value='19'] button.restore").click()
    page.wait_for_function(
        "() => document.querySelector('dd[data-field=killed]').innerText.startsWith('19-21')"
    )
    assert "Saved" in saved(page, "Restored")


def test_analyst_edits_perpetrators_and_the_place_and_sees_both_in_the_audit(
    page, served: Served
) -> None:
    open_as_analyst(page, served, f"#/incident/{served.seeded.hostile}")
    page.click("details.tools-box summary")
    page.fill("form.edit textarea[name=perpetrators]", "Russia\nLiwa Example Brigade")
    page.fill("form.edit input[name=place_name]", "Maarat al Nouman")
    page.click("form.edit button.search-place")
    page.wait_for_selector("ul.place-results button.pick")
    first = page.locator("ul.place-results button.pick").first
    assert "Idlib" in first.inner_text()
    first.click()
    assert "Picked from the gazetteer" in page.locator("p.picked").inner_text()
    page.fill("form.edit input[name=note]", "the outlet misnamed the town")
    page.click("form.edit button.save")
    assert "Saved" in saved(page)
    place = page.locator("dd[data-field=place]").inner_text()
    assert "Idlib, SY" in place and "35.6" in place and "corrected" in place
    assert "Liwa Example Brigade" in page.locator("dd[data-field=perpetrators]").inner_text()
    audit = page.locator("table.audit tr[data-action=edit]").first.inner_text()
    assert "perpetrators" in audit and "Russia, Liwa Example Brigade" in audit
    assert "place" in audit and "Aleppo" in audit and "Idlib" in audit
    assert "the outlet misnamed the town" in audit
    assert page.evaluate("() => window.hwPwned") is None  # the hostile report stayed text
    shot(page, "incident-edited")

    # merge: the other incident is shown before anything is merged; itself is refused
    page.fill("input[name=other]", str(served.seeded.shelling))
    page.click("button.preview-merge")
    page.wait_for_selector(".merge-preview")
    assert "Maarat al-Numan" in page.locator(".merge-preview").inner_text()
    assert "Outlet Three" in page.locator(".merge-preview").inner_text()
    page.locator(".merge-preview").screenshot(path=str(SCREENS / "h13a-merge-preview.png"))
    page.fill("input[name=other]", str(served.seeded.hostile))
    page.click("button.preview-merge")
    assert "That is this incident" in page.locator(".merge-step").inner_text()
    assert page.locator("button.confirm-merge").count() == 0

    # a place the gazetteer does not know: a clear message, nothing lost (the tools stay open)
    page.fill("form.edit input[name=place_name]", "Qwzxplorvik")
    page.click("form.edit button.save")
    page.wait_for_selector("#incident-message.error")
    assert "not in the gazetteer" in page.locator("#incident-message").inner_text()
    assert "Idlib, SY" in page.locator("dd[data-field=place]").inner_text()


def test_a_second_analyst_saving_an_older_version_is_told_what_changed(page, served: Served):
    open_as_analyst(page, served, f"#/incident/{served.seeded.shelling}")
    page.wait_for_selector(".review-bar")
    # meanwhile another analyst sets the status (the page still holds the older version)
    page.evaluate(
        """async (id) => {
        const me = await (await fetch('/api/me')).json();
        const detail = await (await fetch(`/api/incidents/${id}`)).json();
        await fetch(`/api/incidents/${id}/assign`, {method: 'POST', headers: {
            'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token},
            body: JSON.stringify({assignee: 'ana', version: detail.version})});
    }""",
        served.seeded.shelling,
    )
    page.click("details.tools-box summary")
    page.fill("form.edit input[name=killed_max]", "6")
    page.click("form.edit button.save")
    page.wait_for_selector("#incident-message.error")
    message = page.locator("#incident-message").inner_text()
    assert "changed since you opened it" in message and "assign by ana" in message
    page.click("#incident-message button.reload")
    saved(page, "Reloaded")
    assert "assigned to ana" in page.locator(".review-line").inner_text()


def test_duplicate_queue_merges_one_pair_keeps_another_apart_and_resolution_respects_it(
    page, served: Served
) -> None:
    from harmwatch.resolve.merge import split

    with session_scope(served.db_url) as session:
        market_a = split(session, served.seeded.market, "api-market-a", user="setup").id
        bakery_a = split(session, served.ariha, "bakery-a", user="setup").id
    open_as_analyst(page, served, "#/duplicates")
    market = page.locator(f"article.dup-pair[data-a='{served.seeded.market}']")
    bakery = page.locator(f"article.dup-pair[data-a='{served.ariha}']")
    market.wait_for()
    assert f"{market_a}" == market.get_attribute("data-b")
    assert bakery.get_attribute("data-b") == str(bakery_a)
    assert "the resolver would join them" in bakery.inner_text()
    assert "same place" in bakery.inner_text() and "0 days apart" in bakery.inner_text()
    shot(page, "duplicates")

    market.locator("button.merge-pair").click()
    market.locator("button.confirm-merge").click()
    assert "Saved" in saved(page, f"Merged #{market_a} into #{served.seeded.market}")
    bakery.locator("input[name=note]").fill("two shellings of the same queue, hours apart")
    bakery.locator("button.keep-apart").click()
    assert "Saved" in saved(page, "are kept apart")
    page.wait_for_selector("p.empty")
    page.reload()
    page.wait_for_selector("p.empty")
    assert page.locator("article.dup-pair").count() == 0

    # a re-run of resolution: every report re-extracted and resolved again
    with session_scope(served.db_url) as session:
        for mention in list(session.scalars(select(MentionRow))):
            add_extraction(
                session,
                ReportExtraction.model_validate(
                    {"report_id": mention.report_id, "incidents": [mention.payload]}
                ),
            )
    with session_scope(served.db_url) as session:
        owner = {m.report_id: m.incident_id for m in session.scalars(select(MentionRow))}
    assert owner["bakery-a"] != owner["bakery-b"]  # kept apart
    assert owner["api-market-a"] == owner["api-market-b"]  # merged


def test_analyst_assigns_an_incident_and_finds_it_in_the_queue(page, served: Served) -> None:
    open_as_analyst(page, served, f"#/incident/{served.seeded.market}")
    page.wait_for_selector(".review-bar select[name=assignee] option[value=ana]", state="attached")
    page.select_option(".review-bar select[name=assignee]", "ana")
    page.click(".review-bar button.assign")
    assert "Saved" in saved(page, "Assigned to ana")
    page.fill("textarea[name=comment]", "check the hospital's list of names")
    page.click(".comment-form button[type=submit]")
    saved(page, "Comment added")
    assert "check the hospital's list" in page.locator("ul.comments").inner_text()
    page.goto(f"{served.url}/#/queue")
    page.wait_for_selector("table.queue")
    rows = page.locator("table.queue tbody tr")
    assert f"#{served.seeded.market}" in rows.first.inner_text()
    assert "ana" in rows.first.inner_text()
    shot(page, "queue")
    page.select_option(".queue-filters select[name=status]", "verified")
    page.wait_for_selector("p.empty")
