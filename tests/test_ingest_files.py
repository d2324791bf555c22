"""Reading files: text, Markdown, HTML, directories, format detection, bad input."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from harmwatch.errors import InputError, UnreadableInput
from harmwatch.ingest import read_inputs
from harmwatch.ingest.common import parse_date, stable_id
from harmwatch.models import Report

SHELLING = (
    "Shelling struck the eastern edge of Maarat al-Numan on Thursday, wounding six people, "
    "two of them children, according to a volunteer ambulance crew."
)
PAGE = f"""<!doctype html>
<html lang="en"><head>
<title>Shelling wounds six in Maarat al-Numan | The Northwest Courier</title>
<meta property="og:title" content="Shelling wounds six in Maarat al-Numan">
<meta property="og:site_name" content="The Northwest Courier">
<meta property="article:published_time" content="2019-08-29T09:15:00+00:00">
<meta property="og:url" content="https://courier.example.org/2019/08/maarat-shelling">
<script>var tracking = "do not read me";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/about">About us</a></nav>
<article>
<h1>Shelling wounds six in Maarat al-Numan</h1>
<p>{SHELLING}</p>
<p>The crew said the shells landed near a bakery shortly after dawn, when the street was
already busy with people queueing for bread. Local residents said they heard at least four
impacts within a few minutes.</p>
<p>No party commented on the attack by the time of publication.</p>
</article>
<footer>Copyright The Northwest Courier. Subscribe to our newsletter.</footer>
</body></html>
"""


def _read(*inputs: str | Path, **kw: object) -> list[Report | InputError]:
    return list(read_inputs([str(i) for i in inputs], **kw))  # type: ignore[arg-type]


def _only(items: list[Report | InputError]) -> Report:
    assert len(items) == 1 and isinstance(items[0], Report), items
    return items[0]


def _error(items: list[Report | InputError]) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


def test_text_file_becomes_one_report_with_a_stable_id(tmp_path: Path) -> None:
    path = tmp_path / "maarat.txt"
    path.write_text(f"Shelling wounds six\n\n{SHELLING}\n", encoding="utf-8")
    report = _only(_read(path, source="Volunteer network"))
    assert report.text.endswith(SHELLING)
    assert report.title == "Shelling wounds six"
    assert report.source == "Volunteer network"
    assert report.origin == str(path)
    assert report.id == stable_id(report.text) == _only(_read(path)).id
    assert report.id.startswith("sha1:")


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(f"# Maarat al-Numan shelling\n\n{SHELLING}\n", encoding="utf-8")
    assert _only(_read(path)).title == "Maarat al-Numan shelling"


def test_directory_is_read_recursively_in_order_skipping_hidden_and_unknown(
    tmp_path: Path,
) -> None:
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("First report about a strike.", encoding="utf-8")
    (tmp_path / "b" / "deeper" / "c.md").write_text("Second report.", encoding="utf-8")
    (tmp_path / "b" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not read")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden.", encoding="utf-8")
    items = _read(tmp_path)
    assert all(isinstance(i, Report) for i in items)
    assert [Path(i.origin or "").name for i in items] == ["a.txt", "c.md", "page.html"]


def test_html_page_gives_main_text_title_date_and_outlet(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    report = _only(_read(path))
    assert SHELLING in report.text
    assert "do not read me" not in report.text and "Subscribe" not in report.text
    assert report.title == "Shelling wounds six in Maarat al-Numan"
    assert report.published == dt.date(2019, 8, 29)
    assert report.source == "The Northwest Courier"
    assert report.url == "https://courier.example.org/2019/08/maarat-shelling"


def test_a_tiny_html_page_still_gives_its_text(tmp_path: Path) -> None:
    path = tmp_path / "tiny.htm"
    path.write_text("<html><body><p>Two <b>civilians</b> were hurt.</p></body></html>")
    assert _only(_read(path)).text == "Two civilians were hurt."


@pytest.mark.corpus
def test_real_pages_give_main_text_title_and_date(corpus_dir: Path) -> None:
    pages = sorted((corpus_dir / "html").glob("*.html"))
    if not pages:
        pytest.skip("no HTML pages in the corpus")
    reports = [_only(_read(p)) for p in pages]
    assert len(reports) == 5
    for page, report in zip(pages, reports, strict=True):
        assert len(report.text) > 1000, page
        assert report.title and report.title.startswith("ISPT"), page
        assert report.published is not None and report.published.year == 2023, page
        assert report.source == "Airwars"
        assert "<script" not in report.text and "function(" not in report.text
        assert report.url and report.url.startswith("https://airwars.org/")


@pytest.mark.parametrize(
    "name, content, fmt",
    [
        ("export.dat", b'{"text": "A strike was reported."}\n', "jsonl"),
        (
            "saved_page",
            b"<!DOCTYPE html><html><body><p>A strike hit a school.</p></body></html>",
            "html",
        ),
        (
            "items",
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            b"<item><title>x</title><description>A strike hit a school.</description>"
            b"</item></channel></rss>",
            "feed",
        ),
        ("README", b"A strike was reported near the school.", "text"),
    ],
)
def test_format_is_sniffed_when_the_suffix_says_nothing(
    tmp_path: Path, name: str, content: bytes, fmt: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = _only(_read(path))
    if fmt == "text":
        assert report.text == content.decode()
    else:
        assert "strike" in report.text and "<" not in report.text and "{" not in report.text


def test_named_format_overrides_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text('{"id": "x1", "text": "Mortar fire hit a clinic."}\n', encoding="utf-8")
    assert _only(_read(path, format="jsonl")).id == "x1"
    assert _only(_read(path)).text.startswith('{"id"')  # as text, by its suffix


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "empty"),
        (b"   \n\n  ", "no text"),
        (b"\x00\x01\x02binary\x00data" * 50, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"Caf\xe9 hit by shelling\nsecond line\n", "not valid UTF-8"),
        (b"ok line\nanother\nbad \xff\xfe byte here\n", "not valid UTF-8"),
        ("UTF-16 text".encode("utf-16"), "UTF-16"),
    ],
)
def test_unreadable_text_files_give_one_line_errors_naming_the_file(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    err = _error(_read(path))
    assert isinstance(err, UnreadableInput)
    message = str(err)
    assert expected in message and str(path) in message
    assert "\n" not in message and "(" in message  # says what to do


def test_bad_utf8_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"line one\nline two\nline \xe9 three\n")
    assert f"{path}:3:" in str(_error(_read(path)))


def test_a_file_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as fh:  # a 50 MB sparse file: refused without being read
        fh.truncate(50 * 1024 * 1024)
    err = _error(_read(path))
    assert "50.0 MB" in str(err) and "limit" in str(err) and "HARMWATCH_MAX_FILE_BYTES" in str(err)


@pytest.fixture
def small_report_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from harmwatch.settings import get_settings

    monkeypatch.setenv("HARMWATCH_MAX_REPORT_BYTES", "200")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("small_report_limit")
def test_a_report_over_the_per_report_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "long.txt"
    big.write_text("A strike was reported. " * 20, encoding="utf-8")
    records = tmp_path / "r.jsonl"
    records.write_text(
        '{"text": "%s"}\n{"text": "short one"}\n' % ("word " * 100), encoding="utf-8"
    )
    items = _read(big, records)
    assert "over the 200 bytes limit per report" in str(items[0])
    assert str(items[1]).startswith(f"{records}:1: ") and "limit per report" in str(items[1])
    assert isinstance(items[2], Report) and items[2].text == "short one"


def test_missing_path_and_empty_directory_are_errors_and_reading_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    good = tmp_path / "good.txt"
    good.write_text("A drone strike hit a car.", encoding="utf-8")
    items = _read(tmp_path / "missing.txt", tmp_path / "empty", good)
    assert [type(i).__name__ for i in items] == ["UnreadableInput", "UnreadableInput", "Report"]
    assert "no such file" in str(items[0]) and "no files to read" in str(items[1])


def test_unknown_format_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        _read("x", format="pdf")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2020-01-16", dt.date(2020, 1, 16)),
        ("2020-01-16T08:30:00Z", dt.date(2020, 1, 16)),
        ("Thu, 16 Jan 2020 08:30:00 GMT", dt.date(2020, 1, 16)),
        ("16 January 2020", dt.date(2020, 1, 16)),
        ("January 16, 2020", dt.date(2020, 1, 16)),
        (dt.datetime(2020, 1, 16, 8, 30), dt.date(2020, 1, 16)),
        ("2020-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20200116, None),
    ],
)
def test_publication_dates_are_parsed_without_guessing(value: object, expected: object) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "data, fmt, expected",
    [
        (b'{"id": "s1", "text": "Mortar fire hit Ariha."}\n', "auto", "Mortar fire hit Ariha."),
        (b"id,text\ns1,Mortar fire hit Ariha.\n", "csv", "Mortar fire hit Ariha."),
        (
            b"<html><body><p>Mortar fire hit Ariha.</p></body></html>",
            "auto",
            "Mortar fire hit Ariha.",
        ),
        (b"Mortar fire hit Ariha.", "auto", "Mortar fire hit Ariha."),
    ],
)
def test_standard_input_is_read_as_dash(data: bytes, fmt: str, expected: str) -> None:
    (report,) = list(read_inputs(["-"], format=fmt, stdin=io.BytesIO(data)))
    assert isinstance(report, Report) and report.text == expected
    assert (report.origin or "").startswith("<stdin>")


def test_empty_or_binary_standard_input_is_an_error() -> None:
    (empty,) = list(read_inputs(["-"], stdin=io.BytesIO(b"")))
    (binary,) = list(read_inputs(["-"], stdin=io.BytesIO(b"\x00\x01\x02" * 100)))
    assert "<stdin>: input is empty" in str(empty) and "binary" in str(binary)
