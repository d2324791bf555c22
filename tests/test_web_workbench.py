"""The analyst's workbench in chromium: a shared or reloaded address opens the same filtered
view, saved views, the offline basemap's labels, scale and legend, the timeline's brush and zoom,
and the incident page's mini-map. Screenshots go where test_web_browser.py puts them, named
h13b-*."""

# ruff: noqa: F811  (the browser fixtures are imported from test_web_browser and used by name)
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from test_web_browser import (  # noqa: F401 (fixtures)
    ROWS_ARE,
    Served,
    api_json,
    browser,
    log_in,
    open_app,
    page,
    served,
    shot,
)

pytestmark = pytest.mark.browser


def rows_total(page) -> int:  # type: ignore[no-untyped-def]
    text = page.inner_text(".pager .count")
    return int(text.rsplit(" of ", 1)[1])


def offline(page, served: Served) -> list[str]:  # type: ignore[no-untyped-def]
    """Refuse every request that leaves the app's own server; the refused URLs."""
    refused: list[str] = []

    def handle(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith(served.url) or url.startswith("data:"):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", handle)
    return refused


def test_a_shared_address_opens_the_same_filtered_view(page, browser, served: Served) -> None:
    open_app(page, served)
    page.fill("#filters input[name=place]", "Idlib")
    page.fill("#filters input[name=min_killed]", "10")
    page.click("#filters button[type=submit]")
    expected = api_json(page, "/api/incidents?place=Idlib&min_killed=10")["total"]
    assert 0 < expected < api_json(page, "/api/incidents")["total"]
    page.wait_for_function(ROWS_ARE, arg=expected)
    page.click("th button.sort >> text=Killed")
    page.wait_for_function("() => location.search.includes('sort=')")
    page.wait_for_selector("th button.sort >> text=Killed ▲")
    query = parse_qs(urlsplit(page.url).query)
    assert query["place"] == ["Idlib"] and query["min_killed"] == ["10"]
    assert query["sort"] == ["killed"]
    first = page.locator("table.incidents tbody tr").first.get_attribute("data-id")
    shared = page.input_value(".views input.share-url")
    assert shared.split("#")[0] == page.url.split("#")[0]

    # someone else opens the link: a fresh browser context, nothing stored
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        open_app(other, served, shared.split("/", 3)[3])
        other.wait_for_function(ROWS_ARE, arg=expected)
        assert other.input_value("#filters input[name=place]") == "Idlib"
        assert other.input_value("#filters input[name=min_killed]") == "10"
        assert other.locator("table.incidents tbody tr").first.get_attribute("data-id") == first
        assert "▲" in other.inner_text("th >> text=Killed")
    finally:
        other.context.close()

    # a reload restores it, and back goes to the view before
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_function(ROWS_ARE, arg=expected)
    assert page.input_value("#filters input[name=place]") == "Idlib"
    page.go_back()  # sorting replaced the entry: back is the view before the filters
    page.wait_for_function("() => !location.search")
    page.wait_for_function(ROWS_ARE, arg=min(50, api_json(page, "/api/incidents")["total"]))
    assert page.input_value("#filters input[name=place]") == ""


def test_a_saved_view_is_kept_for_the_team_and_its_link_opens_it(page, browser, served) -> None:
    open_app(page, served)
    log_in(page, "ana")
    page.select_option("#filters select[name=event_type]", "airstrike")
    page.select_option("#filters select[name=review_status]", "unreviewed")
    page.click("#filters button[type=submit]")
    expected = api_json(page, "/api/incidents?event_type=airstrike&review_status=unreviewed")
    page.wait_for_function(ROWS_ARE, arg=min(50, expected["total"]))
    page.fill(".views .save input", "strikes <b>to check</b>")
    page.click(".views button.save-view")
    page.wait_for_selector(".views a.saved-view")
    assert page.inner_text(".views a.saved-view") == "strikes <b>to check</b>"  # text, not HTML
    assert page.inner_text("#view-name") == "View: strikes <b>to check</b> (saved by ana)"
    assert "null" not in page.inner_text(".views")
    view = api_json(page, "/api/views")[0]
    assert view["filters"] == {"event_type": "airstrike", "review_status": "unreviewed"}
    link = page.input_value(".views input.share-url")
    assert link.endswith(f"/?saved={view['id']}#/")
    # someone else, in another browser (nothing stored there): the link opens the same view,
    # and the team's list has it
    other = browser.new_context().new_page()
    try:
        open_app(other, served, link.split("/", 3)[3])
        other.wait_for_function(ROWS_ARE, arg=min(50, expected["total"]))
        assert other.inner_text("#view-name") == "View: strikes <b>to check</b> (saved by ana)"
        assert other.input_value("#filters select[name=review_status]") == "unreviewed"
        assert other.input_value("#filters select[name=event_type]") == "airstrike"
        assert other.inner_text(".views a.saved-view") == "strikes <b>to check</b>"
        assert other.locator(".views .delete-view").count() == 0  # not theirs to delete
    finally:
        other.context.close()
    # back to everything, then the saved view again from its list
    page.click("#filters button[type=reset]")
    page.wait_for_function("() => !location.search")
    assert page.is_hidden("#view-name")
    page.click(".views a.saved-view")
    page.wait_for_function(ROWS_ARE, arg=min(50, expected["total"]))
    assert page.input_value("#filters select[name=event_type]") == "airstrike"
    # a changed filter is no longer the saved view: the address says the filters instead
    page.select_option("#filters select[name=grade]", "Weak")
    page.click("#filters button[type=submit]")
    page.wait_for_function("() => location.search.includes('grade=Weak')")
    assert "saved=" not in page.url and page.is_hidden("#view-name")
    # its owner deletes it
    page.click(".views .delete-view")
    page.wait_for_function("() => !document.querySelector('.views a.saved-view')")
    assert api_json(page, "/api/views") == []


def test_an_unknown_saved_view_says_so(page, served: Served) -> None:
    open_app(page, served, "?saved=999999#/")
    page.wait_for_selector("#status.error")
    assert "saved view 999999 cannot be opened" in page.inner_text("#status")
    assert "no saved view 999999" in page.inner_text("#status")


def test_a_view_saved_in_the_browser_before_can_be_shared_with_the_team(page, served) -> None:
    open_app(page, served)
    page.evaluate(
        """() => localStorage.setItem('harmwatch.views', JSON.stringify(
            [{name: 'old Idlib', url: '/?place=Idlib&view=old+Idlib'}]))"""
    )
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector(".views .legacy a.local-view")
    log_in(page, "ana")
    page.click(".views .legacy button >> text=share with the team")
    page.wait_for_selector(".views a.saved-view >> text=old Idlib")
    assert page.locator(".views .legacy").count() == 0
    saved = [v for v in api_json(page, "/api/views") if v["name"] == "old Idlib"]
    assert saved and saved[0]["filters"] == {"place": "Idlib"}
    page.click(f".views li[data-id='{saved[0]['id']}'] .delete-view")
    page.wait_for_function("() => !document.querySelector('.views a.saved-view')")


def test_a_from_date_after_the_to_date_says_so(page, served: Served) -> None:
    open_app(page, served, "?since=2020-03-01&until=2019-03-01")
    page.wait_for_selector(".status.error")
    assert page.inner_text("#status") == (
        "The from-date 2020-03-01 is after the to-date 2019-03-01: swap them or clear one."
    )
    assert page.get_attribute("#filters input[name=since]", "aria-invalid") == "true"
    page.fill("#filters input[name=until]", "2020-12-31")
    page.click("#filters button[type=submit]")
    expected = api_json(page, "/api/incidents?since=2020-03-01&until=2020-12-31")["total"]
    page.wait_for_function(ROWS_ARE, arg=expected)
    assert page.inner_text("#status") == ""


def test_the_table_shows_perpetrators(page, served: Served) -> None:
    open_app(page, served)
    headers = page.locator("table.incidents th").all_inner_texts()
    assert "Perpetrators" in headers
    column = headers.index("Perpetrators") + 1
    rows = api_json(page, "/api/incidents?limit=50")["data"]
    named = next(r for r in rows if r["actor_names"])
    cell = page.inner_text(f"table.incidents tr[data-id='{named['id']}'] td:nth-child({column})")
    assert named["actor_names"][0] in cell


def test_the_basemap_shows_labels_offline(page, served: Served) -> None:
    refused = offline(page, served)
    open_app(page, served)
    page.wait_for_selector(".hw-label-country")
    page.wait_for_selector(".hw-label-town")
    assert page.locator(".leaflet-control-scale-line").count() == 1
    legend = page.inner_text(".hw-legend")
    for word in ("Confirmed", "Fair", "Weak", "Killed", "cluster"):
        assert word in legend
    # once the map has zoomed to the incidents, the big towns around them are labelled
    page.wait_for_function(
        """() => [...document.querySelectorAll('.hw-label')].some((label) =>
              ['Damascus', 'Aleppo', 'Beirut', 'Homs'].includes(label.textContent))""",
        timeout=15000,
    )
    shot(page, "h13b-map")
    # zoomed in on north-west Syria: provinces and smaller towns appear
    page.locator("#map").hover()
    before = page.locator(".hw-label-town").count()
    for _ in range(3):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(400)
    page.wait_for_function("(n) => document.querySelectorAll('.hw-label-town').length > 0", arg=0)
    page.wait_for_selector(".hw-label-province")
    assert page.locator(".hw-label").count() >= before // 2
    shot(page, "h13b-map-zoomed")
    assert refused == []  # nothing asked for outside the app: no tiles, no fonts


def _drag(page, x0: float, x1: float) -> None:  # type: ignore[no-untyped-def]
    box = page.locator(".timeline-svg").bounding_box()
    y = box["y"] + box["height"] * 0.6
    page.mouse.move(box["x"] + box["width"] * x0, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (x0 + x1) / 2, y, steps=4)
    page.mouse.move(box["x"] + box["width"] * x1, y, steps=4)
    page.mouse.up()


def test_the_timeline_brush_filters_the_table(page, served: Served) -> None:
    open_app(page, served)
    assert page.get_attribute("#timeline", "data-unit") == "month"  # the demo spans years
    _drag(page, 0.3, 0.62)
    page.wait_for_function("() => document.querySelector('#timeline').dataset.since !== ''")
    since = page.input_value("#filters input[name=since]")
    until = page.input_value("#filters input[name=until]")
    assert since and until and since < until
    expected = api_json(page, f"/api/incidents?since={since}&until={until}")["total"]
    everything = api_json(page, "/api/incidents")["total"]
    assert 0 < expected < everything
    page.wait_for_function(ROWS_ARE, arg=expected)
    dates = page.locator("table.incidents tbody td:nth-child(2)").all_inner_texts()
    assert all(since <= d <= until for d in dates), (since, until, dates)
    assert f"since={since}" in page.url and f"until={until}" in page.url
    assert page.locator(".tl-brush[visibility=visible]").count() == 1
    shot(page, "h13b-timeline-brushed")
    # zoom in to the selection: the bars become weeks or days
    page.click(".tl-tools .tl-zoom-sel")
    assert page.get_attribute("#timeline", "data-unit") in ("week", "day")
    shot(page, "h13b-timeline-zoomed")
    # the wheel zooms out again, and clearing the dates brings every incident back
    box = page.locator(".timeline-svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(8):
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(50)
    assert page.get_attribute("#timeline", "data-unit") == "month"
    page.click(".tl-tools .tl-clear")
    page.wait_for_function(ROWS_ARE, arg=min(50, everything))
    assert page.input_value("#filters input[name=since]") == ""


def test_a_far_annotation_does_not_stretch_the_timeline(page, served: Served) -> None:
    open_app(page, served)
    ticks = page.locator(".tl-tick").all_text_contents()
    log_in(page, "ana")
    page.wait_for_selector("form.note-form")
    page.fill("form.note-form input[name=date]", "2020-03-05")  # from inside the incidents' span
    page.fill("form.note-form input[name=date_end]", "2039-06-01")  # to far beyond it
    page.fill("form.note-form input[name=label]", "a note far in the future")
    page.click("form.note-form button[type=submit]")
    page.wait_for_selector("ul.notes >> text=a note far in the future")
    page.wait_for_selector(".timeline-svg")
    assert page.locator(".tl-tick").all_text_contents() == ticks  # the axis is the incidents'
    assert page.locator(".tl-note text", has_text="a note far in the future").count() == 1
    page.click("ul.notes li:has-text('a note far in the future') button")  # leave it as it was
    page.wait_for_selector("ul.notes >> text=a note far in the future", state="detached")


def test_clicking_a_bar_selects_its_month(page, served: Served) -> None:
    open_app(page, served)
    bar = page.locator(".tl-day").last
    start, end = bar.get_attribute("data-day"), bar.get_attribute("data-end")
    box = bar.locator("rect.tl-killed").bounding_box()
    svg = page.locator(".timeline-svg").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, svg["y"] + svg["height"] * 0.5)
    expected = api_json(page, f"/api/incidents?since={start}&until={end}")["total"]
    page.wait_for_function(ROWS_ARE, arg=expected)
    assert page.input_value("#filters input[name=since]") == start
    assert page.input_value("#filters input[name=until]") == end
    assert start[:7] == end[:7] and start.endswith("-01")


def _located(page, served: Served) -> list[dict]:  # type: ignore[no-untyped-def]
    page.goto(served.url)
    rows = api_json(page, "/api/incidents?limit=100")["data"]
    return [r for r in rows if r["lat"] is not None]


def test_the_mini_map_draws_a_town_as_a_point(page, served: Served) -> None:
    row = next(r for r in _located(page, served) if r["place_precision"] == "town")
    open_app(page, served, f"#/incident/{row['id']}")
    page.wait_for_selector(".minimap[data-shape]")
    assert page.get_attribute(".minimap", "data-shape") == "point"
    assert page.locator(".minimap path.minimap-point").count() == 1
    assert page.locator(".minimap .leaflet-control-scale-line").count() == 1
    page.wait_for_selector(".minimap .hw-label-town")  # the towns around, for context
    assert "known to the town" in page.inner_text(".minimap-note")
    shot(page, "h13b-incident-town")


def test_the_mini_map_draws_a_province_as_an_area(page, served: Served) -> None:
    from sqlalchemy import update

    from harmwatch.store.db import session_scope
    from harmwatch.store.schema import IncidentRow

    row = _located(page, served)[-1]
    with session_scope(served.db_url) as session:  # an incident known only to its province
        session.execute(
            update(IncidentRow)
            .where(IncidentRow.id == row["id"])
            .values(place_precision="province")
        )
    try:
        open_app(page, served, f"#/incident/{row['id']}")
        page.wait_for_selector(".minimap[data-shape]")
        assert page.get_attribute(".minimap", "data-shape") == "area"
        assert page.get_attribute(".minimap", "data-precision") == "province"
        area = page.locator(".minimap path.minimap-area").bounding_box()
        assert area and area["width"] > 40  # a circle of some 60 km, not a dot
        assert "known only to the province" in page.inner_text(".minimap-note")
        shot(page, "h13b-incident-province")
    finally:
        with session_scope(served.db_url) as session:
            session.execute(
                update(IncidentRow)
                .where(IncidentRow.id == row["id"])
                .values(place_precision=row["place_precision"])
            )
