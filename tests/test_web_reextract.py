"""Re-extraction after a gazetteer change keeps an analyst's correction, seen in a real browser
(issue 13): a report is ingested with the real pipeline, an analyst corrects its incident in the
web app, `harmwatch gazetteer add` teaches the gazetteer the report's village, `harmwatch
reextract` runs the pipeline again, and the incident page shows the new place with the
analyst's figure and the audit entry still there. The report is written for this test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_data import add_users
from test_web_browser import ARGS, CHROMIUM, running
from test_web_review import open_as_analyst, saved
from typer.testing import CliRunner

from harmwatch.cli.main import app as cli

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]

VILLAGE = "Khirbet al-Zaytun al-Gharbiyya"
REPORT = {
    "id": "wrx-1",
    "published": "2019-06-11",
    "source": "Valley Dispatch",
    "text": f"On Sunday an airstrike hit a flour mill in {VILLAGE} in Idlib province, killing "
    "five workers, rescuers said.",
}


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:

    folder = tmp_path_factory.mktemp("reextract")
    db_url = f"sqlite:///{folder / 'rx.db'}"
    reports = folder / "r.jsonl"
    reports.write_text(json.dumps(REPORT) + "\n", encoding="utf-8")
    _run("ingest", str(reports), "--db", db_url, "--no-progress")
    add_users(db_url)
    with running(db_url, "rx-test") as url:
        yield url, db_url, folder


@pytest.fixture
def page():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        yield page
        browser.close()
        assert errors == []


def test_a_correction_survives_reextraction_after_a_gazetteer_change(page, served) -> None:
    url, db_url, folder = served
    from sqlalchemy import select

    from harmwatch.store.db import session_scope
    from harmwatch.store.schema import IncidentRow

    with session_scope(db_url) as session:
        (row,) = session.scalars(select(IncidentRow)).all()
        incident_id, place_before = row.id, row.place_name
    assert place_before != VILLAGE  # the built-in gazetteer does not know the village

    class Served:  # what open_as_analyst reads
        pass

    where = Served()
    where.url = url  # type: ignore[attr-defined]
    open_as_analyst(page, where, f"#/incident/{incident_id}")
    page.click("details.tools-box summary")
    page.fill("form.edit input[name=killed_max]", "7")
    page.fill("form.edit input[name=note]", "the mill's owner lists seven dead")
    page.click("form.edit button.save")
    assert "Saved" in saved(page)

    places = folder / "places.csv"
    places.write_text(f"name,lat,lon,admin1,country\n{VILLAGE},35.9876,36.4321,Idlib,SY\n")
    _run("gazetteer", "add", str(places), "--db", db_url)
    out = _run("reextract", "--db", db_url)
    assert "1 of 1 reports extracted again" in out

    page.reload()
    page.wait_for_selector("dd[data-field=place]")
    assert VILLAGE in page.locator("dd[data-field=place]").inner_text()  # the new rules' place
    assert page.locator("dd[data-field=killed]").inner_text().startswith("5-7")  # the analyst's
    audit = page.locator("table.audit tr[data-action=edit]").first.inner_text()
    assert "the mill's owner lists seven dead" in audit
