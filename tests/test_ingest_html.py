"""The HTML reader bounds its work: a page past `FULL_READ_BYTES` or `FULL_READ_TAGS` is read
by the cheap reader (one lxml parse; trafilatura's time grows with the square of a page's
elements), and a page over the per-report limit is refused before any parse."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harmwatch.errors import UnreadableInput
from harmwatch.ingest.html import report_from_html

ARTICLE = (
    "Shelling struck the eastern edge of Kafr Nabl on Thursday, wounding six people, "
    "two of them children, according to a volunteer ambulance crew."
)
HEAD = """<head><title>Shelling wounds six in Kafr Nabl | The Valley Courier</title>
<meta property="og:site_name" content="The Valley Courier">
<meta property="article:published_time" content="2019-08-29T09:15:00+00:00">
<meta property="og:url" content="https://courier.example.org/2019/08/kafr-nabl">
</head>"""


def _no_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("trafilatura's full read was used")

    monkeypatch.setattr(trafilatura, "bare_extraction", refuse)


def test_a_page_of_very_many_elements_is_read_by_the_cheap_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """40,000 nested elements took trafilatura 68 s; the cheap reader keeps the text and takes
    title, date, outlet and URL from the head."""
    _no_trafilatura(monkeypatch)
    filler = "<div><div><span>market prices</span></div></div>" * 7000  # 42,000 elements
    page = f"<!doctype html><html>{HEAD}<body><nav>Home</nav><p>{ARTICLE}</p>{filler}</body></html>"
    report = report_from_html(page.encode(), where="many.html")
    assert report.text.splitlines()[0] == ARTICLE and "Home" not in report.text
    assert report.title == "Shelling wounds six in Kafr Nabl"
    assert report.published == dt.date(2019, 8, 29)
    assert report.source == "The Valley Courier"
    assert report.url == "https://courier.example.org/2019/08/kafr-nabl"


def test_a_page_heavy_with_scripts_is_read_whole_without_them() -> None:
    """A 3 MB page that is nearly all script: without its scripts it is a small page, read by
    trafilatura as any other (its JSON-LD metadata kept)."""
    script = "<script>var state = " + json.dumps({"k": "x" * (3 * 1024 * 1024)}) + ";</script>"
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2019-08-30"}</script>'
    )
    page = (
        f"<!doctype html><html><head><title>Kafr Nabl</title>{ld}{script}</head><body>"
        f"<article><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
    )
    assert len(page) > 3 * 1024 * 1024
    report = report_from_html(page.encode(), where="scripts.html")
    assert ARTICLE in report.text and "var state" not in report.text
    assert report.published == dt.date(2019, 8, 30)


@pytest.fixture
def small_report_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from harmwatch.settings import get_settings

    monkeypatch.setenv("HARMWATCH_MAX_REPORT_BYTES", "100000")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("small_report_limit")
def test_a_page_over_the_limit_is_refused_before_any_parse(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import lxml.html

    _no_trafilatura(monkeypatch)

    def no_parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(lxml.html, "fromstring", no_parse)
    path = tmp_path / "big.html"
    path.write_text("<html><body>" + f"<p>{ARTICLE}</p>" * 20_000 + "</body></html>")
    from harmwatch.ingest import read_inputs

    (error,) = list(read_inputs([str(path)]))
    assert isinstance(error, UnreadableInput)
    message = str(error)
    assert message.startswith(f"{path}: page is ") and "over the" in message
    assert "HARMWATCH_MAX_REPORT_BYTES" in message and "\n" not in message


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<p>a</p><script>x<y</script><p>b</p>", "<p>a</p><script></script><p>b</p>"),
        ("<p>a</p><!-- <p>hidden</p> --><p>b</p>", "<p>a</p><p>b</p>"),
        ('<STYLE type="text/css">p{}</STYLE>', '<STYLE type="text/css"></STYLE>'),
        (
            '<script type="application/ld+json">{"a": 1}</script>',
            '<script type="application/ld+json">{"a": 1}</script>',
        ),
        ("<svg/><p>kept</p>", "<svg/><p>kept</p>"),
        ("<stylesheet>kept</stylesheet>", "<stylesheet>kept</stylesheet>"),
        ("<p>a</p><script>never closed <p>gone</p>", "<p>a</p><script>"),
        ("<p>a</p><!-- never closed", "<p>a</p>"),
        ("<script" * 1000, "<script" * 1000),
    ],
)
def test_strip_heavy_drops_what_no_reader_shows(page: str, expected: str) -> None:
    from harmwatch.ingest.html import strip_heavy

    assert strip_heavy(page.encode()).decode() == expected


def test_normal_pages_still_go_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    import trafilatura

    real = trafilatura.bare_extraction

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", counting)
    page = f"<html>{HEAD}<body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
    assert ARTICLE in report_from_html(page, where="p.html").text
    assert calls == [1]
