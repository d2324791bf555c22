"""The issue's bad input in a real browser (issue 13), each with a clear message and nothing lost:
a reject of the last figure, a merge into a merged-away or unknown incident, and two analysts
acting on the same incident at once (a merge, a merge from the duplicate queue, a split): the
second is refused with what changed, not silently applied. Screenshots named h13c-*."""

# ruff: noqa: F811  (the fixtures are imported from test_web_review and used by name)
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from api_data import PASSWORD
from test_web_review import (  # noqa: F401 (fixtures)
    SCREENS,
    Served,
    browser,
    open_as_analyst,
    page,
    saved,
    served,
)

from harmwatch.store.db import session_scope
from harmwatch.store.schema import IncidentRow

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bo(served: Served) -> str:
    """A second analyst, "bo": their API token."""
    from harmwatch.auth import add_user

    with session_scope(served.db_url) as session:
        return add_user(session, "bo", "analyst", PASSWORD).token


def as_bo(page, token: str, method: str, path: str, body: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """Another analyst's request, made while the page shows what it loaded before."""
    return page.evaluate(
        """async ([token, method, path, body]) => {
            const r = await fetch(path, {method, headers: {'Content-Type': 'application/json',
                Authorization: `Bearer ${token}`}, body: body ? JSON.stringify(body) : undefined});
            return {status: r.status, body: await r.json()};
        }""",
        [token, method, path, body],
    )


def detail(page, incident_id: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return page.evaluate("(id) => fetch(`/api/incidents/${id}`).then((r) => r.json())", incident_id)


def open_tools(page) -> None:  # type: ignore[no-untyped-def]
    """Unfold the analyst's tools (they stay open after a refused action)."""
    page.wait_for_selector("details.tools-box summary")
    if not page.is_visible("input[name=other]"):
        page.click("details.tools-box summary")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"h13c-{name}.png"), full_page=True)


@pytest.fixture
def market_split(served: Served) -> Iterator[int]:
    """The market incident's first report split out to an incident of its own (its id); the
    split is undone afterwards, whatever the test did."""
    from harmwatch.resolve.merge import split

    with session_scope(served.db_url) as session:
        new = split(session, served.seeded.market, "api-market-a", user="setup").id
    yield new
    from sqlalchemy import select

    from harmwatch.resolve.merge import merge
    from harmwatch.store.schema import MentionRow

    with session_scope(served.db_url) as session:
        row = session.get(IncidentRow, new)
        holder = session.scalars(
            select(MentionRow.incident_id).where(MentionRow.report_id == "api-market-a")
        ).first()
        if row is not None and row.merged_into_id is None and holder == new:
            merge(session, served.seeded.market, new, user="setup")


def test_rejecting_the_last_figure_says_why_and_keeps_the_range(page, served: Served) -> None:
    open_as_analyst(page, served, f"#/incident/{served.seeded.shelling}")
    page.wait_for_selector("dd[data-field=killed]")
    version = detail(page, served.seeded.shelling)["version"]
    row = page.locator("tr.figure[data-kind=killed][data-value='5']")
    row.locator("button.reject").click()
    row.locator("input[name=reason]").fill("the monitor retracted it")
    row.locator("button.confirm-reject").click()
    page.wait_for_selector("#incident-message.error")
    message = page.locator("#incident-message").inner_text()
    assert "is the last killed figure" in message and "Correct the killed range" in message
    assert page.locator("dd[data-field=killed]").inner_text().startswith("5")
    assert page.locator("tr.figure.rejected").count() == 0
    after = detail(page, served.seeded.shelling)
    assert after["version"] == version and after["killed"] == {"min": 5, "max": 5}


def test_a_merge_into_a_merged_away_or_unknown_incident_says_so(
    page, served: Served, market_split: int, bo: str
) -> None:
    open_as_analyst(page, served, f"#/incident/{served.seeded.hostile}")
    open_tools(page)
    version = detail(page, served.seeded.hostile)["version"]
    # an incident that does not exist
    page.fill("input[name=other]", "999999")
    page.click("button.preview-merge")
    page.wait_for_selector(".merge-step .status.error")
    assert "no incident 999999" in page.locator(".merge-step").inner_text()
    # previewed while live, merged elsewhere by another analyst before the confirm
    page.fill("input[name=other]", str(market_split))
    page.click("button.preview-merge")
    page.wait_for_selector("button.confirm-merge")
    merged = as_bo(
        page, bo, "POST", f"/api/incidents/{served.seeded.market}/merge", {"other_id": market_split}
    )
    assert merged["status"] == 200
    page.click("button.confirm-merge")
    page.wait_for_selector("#incident-message.error")
    message = page.locator("#incident-message").inner_text()
    assert f"incident {market_split} was merged into {served.seeded.market}" in message
    assert detail(page, served.seeded.hostile)["version"] == version  # nothing merged here
    # and previewing it now says where it went, with no merge button
    open_tools(page)
    page.fill("input[name=other]", str(market_split))
    page.click("button.preview-merge")
    page.wait_for_selector(".merge-step .status.error")
    step = page.locator(".merge-step").inner_text()
    assert f"#{market_split} was already merged into" in step and "merge that one instead" in step
    assert page.locator("button.confirm-merge").count() == 0
    assert detail(page, market_split)["merged_into_id"] == served.seeded.market


def test_a_merge_on_a_since_changed_incident_is_refused_with_what_changed(
    page, served: Served, market_split: int, bo: str
) -> None:
    open_as_analyst(page, served, f"#/incident/{served.seeded.market}")
    open_tools(page)
    page.fill("input[name=other]", str(market_split))
    page.click("button.preview-merge")
    page.wait_for_selector("button.confirm-merge")
    # meanwhile bo corrects the incident shown in the preview
    other = detail(page, market_split)
    changed = as_bo(
        page,
        bo,
        "PATCH",
        f"/api/incidents/{market_split}",
        {"killed_max": 25, "version": other["version"]},
    )
    assert changed["status"] == 200
    page.click("button.confirm-merge")
    page.wait_for_selector("#incident-message.error")
    message = page.locator("#incident-message").inner_text()
    assert f"incident {market_split} was changed since you opened it" in message
    assert "edit by bo (killed_max)" in message and "Nothing of yours was saved" in message
    shot(page, "merge-refused")
    assert detail(page, market_split)["merged_into_id"] is None  # not merged
    assert detail(page, market_split)["killed"]["max"] == 25  # bo's correction kept
    # looked at again, the merge goes through
    open_tools(page)
    page.fill("input[name=other]", str(market_split))
    page.click("button.preview-merge")
    page.click("button.confirm-merge")
    assert "Saved" in saved(page, f"Merged #{market_split} into this incident")


def test_a_split_on_a_since_changed_incident_is_refused(
    page, served: Served, market_split: int, bo: str
) -> None:
    # the market incident holds both reports again: merge the split one back first
    from harmwatch.resolve.merge import merge

    with session_scope(served.db_url) as session:
        merge(session, served.seeded.market, market_split, user="setup")
    open_as_analyst(page, served, f"#/incident/{served.seeded.market}")
    open_tools(page)
    page.wait_for_selector("button.split-button")
    seen = detail(page, served.seeded.market)
    assigned = as_bo(
        page,
        bo,
        "POST",
        f"/api/incidents/{served.seeded.market}/assign",
        {"assignee": "bo", "version": seen["version"]},
    )
    assert assigned["status"] == 200
    page.select_option("select[name=split_report]", "api-market-a")
    page.click("button.split-button")
    page.wait_for_selector("#incident-message.error")
    message = page.locator("#incident-message").inner_text()
    assert "changed since you opened it" in message and "assign by bo" in message
    assert detail(page, served.seeded.market)["report_ids"] == seen["report_ids"]  # not split
    page.click("#incident-message button.reload")
    saved(page, "Reloaded")


def test_the_duplicate_queue_refuses_a_merge_of_a_pair_changed_since(
    page, served: Served, market_split: int, bo: str
) -> None:
    open_as_analyst(page, served, "#/duplicates")
    pair = page.locator(
        f"article.dup-pair[data-a='{served.seeded.market}'][data-b='{market_split}']"
    )
    pair.wait_for()
    seen = detail(page, served.seeded.market)
    changed = as_bo(  # a note bo adds to the grade's reason: a change whatever came before
        page,
        bo,
        "PATCH",
        f"/api/incidents/{served.seeded.market}",
        {
            "grade_reason": f"{seen['grade_reason'] or ''} (checked by bo)",
            "version": seen["version"],
        },
    )
    assert changed["status"] == 200
    pair.locator("button.merge-pair").click()
    pair.locator("button.confirm-merge").click()
    page.wait_for_selector("#incident-message.status.error")
    message = page.locator("#incident-message").inner_text()
    assert f"incident {served.seeded.market} was changed since" in message
    assert "edit by bo (grade_reason)" in message
    shot(page, "duplicates-refused")
    assert detail(page, market_split)["merged_into_id"] is None
    # the queue was drawn again with the versions now: the merge goes through
    pair.wait_for()
    pair.locator("button.merge-pair").click()
    pair.locator("button.confirm-merge").click()
    page.wait_for_function(
        "() => document.querySelector('#incident-message.ok')?.innerText.includes('Merged')"
    )
    assert detail(page, market_split)["merged_into_id"] == served.seeded.market
