"""Fuzzing with hypothesis: every reader and the extraction survive random and hostile input.

Each reader must yield only `Report`s (with text) or `InputError`s whose message is one line
naming where the problem is; extraction must return offsets inside the text. Nothing may crash
or hang (hypothesis' deadline catches a hang), whatever the bytes: huge numbers, odd Unicode,
right-to-left and zero-width marks, HTML bombs, very long lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select as sa_select

from harmwatch.errors import InputError
from harmwatch.models import Report

FUZZ = settings(
    max_examples=int(os.environ.get("HARMWATCH_FUZZ_EXAMPLES", "40")),  # more: a longer hunt
    deadline=dt.timedelta(seconds=10),  # a hang, not a slow machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --- hostile material ---------------------------------------------------------------------

ODD = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",  # zero-width, BOM, soft hyphen
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202e",
    "\u2066",
    "\u2069",  # bidi controls
    "\u0000",
    "\u0007",
    "\x1b[31m",
    "\r",
    "\r\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\t",
    "\ud7ff",
    "\U0001f4a5",
    "\U000e0001",
    "e\u0301",
    "ﬁ",
    "Ⅻ",
    "٣",
    "۳",
    "߃",
    "①",
    "¹",
    "حلب",
    "غزة",
    "דיר אל-בלח",
    "Дейр-эз-Зор",
    "Ḥalab",
    "İdlib",
    "ǅ",
    "ß",
    "ΐ",
]
NUMBERS = [
    "10**30",
    str(10**30),
    str(2**63),
    str(2**31),
    "-1",
    "0",
    "1e308",
    "NaN",
    "١٠٠",
    "1,000,000,000,000,000",
    "999999999999999999999999 people were killed",
    "two hundred quadrillion",
    "a million million",
    "thousands upon thousands",
    "0.5 people",
    "½ of 12",
    "twenty-one-hundred",
]
WORDS = [
    "killed",
    "were killed",
    "injured",
    "wounded",
    "airstrike",
    "shelling",
    "at least",
    "up to",
    "dozens",
    "children",
    "women",
    "in",
    "near",
    "Gaza",
    "Aleppo",
    "Idlib",
    "Khan Younis",
    "on Tuesday",
    "yesterday",
    "said",
    "according to",
    "denied",
    "claimed",
    "hospital",
    "market",
    "the",
    ".",
    ",",
    ";",
    "\n",
    "\n\n",
    " ",
    "(",
    ")",
    '"',
    "'",
]

hostile_piece = st.one_of(
    st.sampled_from(ODD),
    st.sampled_from(NUMBERS),
    st.sampled_from(WORDS),
    st.text(max_size=20),
)
hostile_text = st.one_of(
    st.text(max_size=300),
    st.lists(hostile_piece, max_size=80).map(" ".join),
    st.lists(hostile_piece, max_size=30).map("".join),
    st.builds(
        lambda p, n: p * n,
        st.sampled_from(
            [
                "killed ",
                "9",
                "a" * 50,
                "\u200b",
                "at least ",
                "one two ",
                "hundred ",
                "1,",
                "twenty-one and ",
            ]
        ),
        st.integers(1, 4000),
    ),
)


def html_bomb(depth: int, tag: str) -> str:
    return f"<{tag}>" * depth + "Shelling killed 3 people in Idlib." + f"</{tag}>" * (depth // 2)


hostile_html = st.one_of(
    st.builds(html_bomb, st.integers(1, 3000), st.sampled_from(["div", "b", "table", "p", "li"])),
    st.builds(
        lambda body, title: (
            f"<html><head><title>{title}</title></head><body><p>{body}</p></body></html>"
        ),
        hostile_text,
        hostile_text,
    ),
    st.builds(
        lambda n: "<p>" + "&amp;&lt;&#x202e;&#0;&#1114112;" * n + "</p>", st.integers(1, 2000)
    ),
    st.builds(lambda n: "<!--" + "x" * n, st.integers(0, 5000)),  # unclosed comment
    st.builds(lambda n: "<script>" + "while(1){}" * n + "</script><p>text</p>", st.integers(0, 50)),
    st.builds(lambda n: '<p title="' + "a" * n + '">x</p>', st.integers(0, 100000)),
    st.text(max_size=400),
)


def _check_item(item: object, where: str) -> None:
    """A reader's item is a report with text, or an input error naming where, on one line."""
    if isinstance(item, InputError):
        message = str(item)
        assert "\n" not in message, message
        assert message.startswith(where), message
        assert item.problem
    else:
        assert isinstance(item, Report), item
        assert item.text.strip()
        assert item.id and len(item.id) <= 200


# --- readers --------------------------------------------------------------------------------


@FUZZ
@given(text=hostile_text)
def test_text_reader(text: str) -> None:
    from harmwatch.ingest.text import report_from_text

    _check_item(report_from_text(text, where="t.txt"), "t.txt")


@FUZZ
@given(data=st.binary(max_size=2000) | hostile_text.map(lambda t: t.encode("utf-8", "replace")))
def test_text_file_reader_on_any_bytes(tmp_path: Path, data: bytes) -> None:
    from harmwatch.ingest.text import read_text_file

    path = tmp_path / "r.txt"
    path.write_bytes(data)
    for item in read_text_file(path, max_bytes=1_000_000):
        _check_item(item, str(path))


@FUZZ
@given(html=hostile_html)
def test_html_reader(html: str) -> None:
    from harmwatch.errors import UnreadableInput
    from harmwatch.ingest.html import html_to_text, report_from_html

    assert isinstance(html_to_text(html), str)
    try:
        report = report_from_html(html.encode("utf-8", "replace"), where="p.html")
    except UnreadableInput as err:
        _check_item(err, "p.html")
    else:
        _check_item(report, "p.html")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
json_records = st.fixed_dictionaries(
    {"text": hostile_text},
    optional={
        "id": json_values,
        "published": json_values
        | st.sampled_from(
            ["2024-02-30", "31/12/2023", "yesterday", "9999-99-99", "Tue, 10 Oct 2023 99:00:00 GMT"]
        ),
        "source": json_values,
        "title": json_values,
        "url": json_values,
        "lang": json_values,
    },
)
jsonl_line = st.one_of(
    json_records.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
    st.just(b"[" * 100000),  # deep nesting
    st.just(b'{"text": "' + b"9" * 100000 + b'"}'),  # a very long line
)


@FUZZ
@given(lines=st.lists(jsonl_line, max_size=12))
def test_jsonl_reader(lines: list[bytes]) -> None:
    from harmwatch.ingest.common import FieldMap
    from harmwatch.ingest.tabular import iter_jsonl

    for item in iter_jsonl((line + b"\n" for line in lines), "r.jsonl", FieldMap()):
        _check_item(item, "r.jsonl")


def _csv_bytes(rows: list[list[str]], delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["id", "date", "text", "source"][: max(1, len(rows[0]) if rows else 1)])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


csv_data = st.one_of(
    st.builds(
        _csv_bytes,
        st.lists(st.lists(hostile_text, min_size=1, max_size=5), max_size=8),
        st.sampled_from([",", ";", "\t", "|"]),
    ),
    st.binary(max_size=1000),
    hostile_text.map(lambda t: ("text\n" + t).encode("utf-8", "surrogatepass")),
    st.just(b'text\n"' + b"x" * 200000),  # an unterminated quoted field
)


@FUZZ
@given(data=csv_data)
def test_csv_reader(data: bytes) -> None:
    from harmwatch.ingest.common import FieldMap
    from harmwatch.ingest.tabular import iter_csv

    for item in iter_csv(data, "r.csv", FieldMap()):
        _check_item(item, "r.csv")


def _rss(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><description><![CDATA[{d}]]></description>"
        "<pubDate>Tue, 10 Oct 2023 08:00:00 GMT</pubDate></item>"
        for t, link, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Outlet</title>'
        f"{entries}</channel></rss>"
    ).encode("utf-8", "surrogatepass")


feed_data = st.one_of(
    st.builds(
        _rss,
        st.lists(
            st.tuples(hostile_text, st.text(max_size=30), hostile_text | hostile_html), max_size=5
        ),
    ),
    st.binary(max_size=500),
    st.just(
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
        b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 '
        b'"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b"<rss><channel><item><description>&lol3;</description></item></channel></rss>"
    ),  # billion laughs, small
    st.just(
        b"<rss><channel><item><description>&#1114112; &#xD800; &#99999999999999999999;"
        b"</description></item></channel></rss>"
    ),  # character references out of range
)


@FUZZ
@given(data=feed_data)
def test_feed_reader(data: bytes) -> None:
    from harmwatch.ingest.feed import iter_feed

    for item in iter_feed(data, "f.rss"):
        _check_item(item, "f.rss")


@FUZZ
@given(
    data=st.binary(max_size=3000)
    | jsonl_line
    | csv_data
    | feed_data
    | hostile_html.map(lambda h: h.encode("utf-8", "surrogatepass")),
    suffix=st.sampled_from(
        [".txt", ".md", ".html", ".jsonl", ".csv", ".tsv", ".rss", ".xml", ".json", ""]
    ),
)
def test_read_inputs_detects_any_file(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    """Whatever a file holds and however it is named, format detection and the readers give
    reports or one-line errors naming the file."""
    from harmwatch.ingest import read_inputs

    path = tmp_path_factory.mktemp("inputs") / f"input{suffix}"
    path.write_bytes(data)
    for item in read_inputs([str(path)]):
        _check_item(item, str(path))


# --- numbers and extraction -----------------------------------------------------------------


@FUZZ
@given(text=hostile_text)
def test_quantities_point_into_the_text(text: str) -> None:
    from harmwatch.pipeline.numbers import find_quantities

    for q in find_quantities(text):
        assert 0 <= q.start <= q.number_start < q.number_end <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.value >= 0
        assert q.value_max is None or q.value_max >= q.value


def _spans(extraction: object) -> list[tuple[int, int]]:
    """Every (start, end) evidence pair anywhere in an extraction's JSON."""
    found: list[tuple[int, int]] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            if "evidence" in key and value and all(isinstance(v, list) for v in value):
                found.extend((int(a), int(b)) for a, b in value)
            elif "evidence" in key and len(value) == 2 and all(isinstance(v, int) for v in value):
                found.append((value[0], value[1]))
            else:
                for v in value:
                    walk(v, key)

    walk(extraction.model_dump(mode="json"))  # type: ignore[attr-defined]
    return found


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    pipeline = pytest.importorskip("harmwatch.pipeline")
    if not hasattr(pipeline, "get_extractor"):
        pytest.skip("harmwatch.pipeline.get_extractor has not landed yet")
    return pipeline.get_extractor()


@settings(FUZZ, max_examples=max(10, FUZZ.max_examples * 3 // 4))
@given(text=hostile_text, published=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
def test_extraction_survives_hostile_text(extractor, text: str, published: dt.date | None) -> None:  # type: ignore[no-untyped-def]
    if not text.strip():
        text = "x"
    extraction = extractor.extract(Report(id="fuzz", text=text, published=published))
    assert extraction.report_id == "fuzz"
    for start, end in _spans(extraction):
        assert 0 <= start <= end <= len(text), (start, end, len(text))
    for incident in extraction.incidents:
        for figure in incident.figures:
            assert figure.value >= 0


# --- end to end: hostile reports are stored on every backend --------------------------------

HOSTILE_REPORTS = [
    "Shelling of a market in Idlib on 3 March 2024 killed 1000000000000 civilians and wounded "
    "99999999999999 others, a monitor said.",
    "An airstrike killed " + str(10**30) + " people in Aleppo on 2 March 2024.",
    "\u202eA drone strike\u202c hit \u200bDouma\u200b on 1 March 2024, killing "
    "\u0661\u0662 people, \u2067\u0627\u0644\u0645\u0631\u0635\u062f\u2069 said.",
    "killed " * 3000 + "in Raqqa.",
    "one two " * 2000 + "people were killed in Rafah on Tuesday.",
    "Children\u00ad were among the 7\ufe0f\u20e3 dead in Jabalia; " + "x" * 100_000,
]


def test_hostile_reports_are_stored_on_every_backend(db_url: str, tmp_path: Path) -> None:
    pytest.importorskip("harmwatch.pipeline.extract")
    from harmwatch.process import ingest
    from harmwatch.store.db import session_scope
    from harmwatch.store.schema import MentionRow, ReportRow

    path = tmp_path / "hostile.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(HOSTILE_REPORTS):
            fh.write(
                json.dumps({"id": f"hostile-{i}", "text": text, "published": "2024-03-04"}) + "\n"
            )
    bomb = tmp_path / "bomb.html"
    bomb.write_text(html_bomb(5000, "div"), encoding="utf-8")
    summary = ingest([str(path), str(bomb)], db_url, progress=False)
    # the HTML bomb (5,000 nested elements) may be refused, but with one line naming the file
    assert all(f.startswith(str(bomb)) and "\n" not in f for f in summary.failed), summary.failed
    assert summary.new == len(HOSTILE_REPORTS) + 1 - len(summary.failed)
    with session_scope(db_url) as session:
        reports = session.scalars(sa_select(ReportRow)).all()
        assert len(reports) == summary.new and all(r.extracted for r in reports)
        assert {f"hostile-{i}" for i in range(len(HOSTILE_REPORTS))} <= {r.id for r in reports}
        for mention in session.scalars(sa_select(MentionRow)):
            for value in (mention.killed_min, mention.killed_max, mention.injured_min):
                assert value is None or 0 <= value < 2**31


# --- lone surrogates, NULs, control characters, huge inputs (issue 14) ----------------------
#
# A lone surrogate (JSON "\ud800" without its other half) is no Unicode text: the store and
# spaCy's string hashing raise on it. NUL is refused by PostgreSQL in text columns. Readers
# refuse the record whose text holds a lone surrogate (one line naming its line) and keep every
# other; metadata surrogates and NULs become U+FFFD. Each test here runs in a few seconds.

BAD_UNICODE = settings(
    max_examples=int(os.environ.get("HARMWATCH_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
LONE_HALVES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\udca5"]
CONTROLS = [chr(c) for c in range(32)] + ["\x7f", "\x85", "\u2028"]
bad_char = st.one_of(
    st.sampled_from(LONE_HALVES),
    st.sampled_from(CONTROLS),
    st.characters(categories=["Cs", "Cc", "Cf", "Zs", "Lu", "Ll", "Nd", "Po"]),
)
bad_text = st.lists(st.one_of(hostile_piece, bad_char), min_size=1, max_size=40).map("".join)
bad_meta = st.none() | bad_text | st.sampled_from(["\ud800", "\x00", "a\x00\ud800b"])
_SURROGATES = {chr(c) for c in range(0xD800, 0xE000)}


def _clean(value: str | None) -> bool:
    """No lone surrogate and no NUL: what every store and the model can take."""
    return value is None or not ({"\x00"} | _SURROGATES) & set(value)


def _has_surrogate(text: str) -> bool:
    return bool(_SURROGATES & set(text))


@BAD_UNICODE
@given(
    records=st.lists(
        st.fixed_dictionaries(
            {"text": bad_text},
            optional={"id": bad_meta, "title": bad_meta, "source": bad_meta, "url": bad_meta},
        ),
        min_size=1,
        max_size=8,
    )
)
def test_jsonl_records_with_bad_unicode_fail_alone_and_the_rest_is_stored(
    db_url: str, records: list[dict[str, str | None]]
) -> None:
    from harmwatch.ingest.common import FieldMap
    from harmwatch.ingest.tabular import iter_jsonl
    from harmwatch.store.db import session_scope
    from harmwatch.store.reports import add_report

    lines = [json.dumps(r).encode("ascii") + b"\n" for r in records]  # \udXXX escapes
    items = list(iter_jsonl(lines, "r.jsonl", FieldMap()))
    assert len(items) == len(records)  # one item per record, in order
    reports = []
    for n, (line, item) in enumerate(zip(lines, items, strict=True), 1):
        text = json.loads(line)["text"]  # two halves of a pair in a row are one character
        if _has_surrogate(text) or not text.strip():
            assert isinstance(item, InputError), item
            assert str(item).startswith(f"r.jsonl:{n}: ") and "\n" not in str(item)
            continue
        assert isinstance(item, Report), item
        for value in (item.text, item.id, item.title, item.source, item.url, item.origin):
            assert _clean(value), value
        assert item.text == text.replace("\x00", "\ufffd")  # offsets into the record hold
        reports.append(item)
    with session_scope(db_url) as session:  # SQLite and PostgreSQL take every one of them
        for report in reports:
            add_report(session, report)


@BAD_UNICODE
@given(text=bad_text, where=st.sampled_from(["t.txt", "p.html"]))
def test_text_and_html_readers_refuse_lone_surrogates_in_one_line(text: str, where: str) -> None:
    from harmwatch.errors import UnreadableInput
    from harmwatch.ingest.html import report_from_html
    from harmwatch.ingest.text import report_from_text

    if where == "t.txt":
        item: object = report_from_text(text, where=where)
    else:
        page = f"<html><body><p>{text}</p><p>{text}</p></body></html>"
        try:
            item = report_from_html(page.encode("utf-8", "surrogatepass"), where=where)
        except UnreadableInput as err:
            item = err
    _check_item(item, where)
    if isinstance(item, Report):
        assert all(_clean(v) for v in (item.text, item.id, item.title, item.source))
    elif where == "t.txt" and _has_surrogate(text) and text.strip():
        assert "lone surrogate" in str(item)


@BAD_UNICODE
@given(
    entries=st.lists(st.tuples(bad_text, bad_text), min_size=1, max_size=4),
    refs=st.lists(
        st.sampled_from(
            ["&#xD800;", "&#56320;", "&#x110000;", "&#0;", "&#1;", "&#99999999999999999999;"]
        ),
        max_size=3,
    ),
)
def test_a_feed_with_bad_characters_keeps_its_entries(
    entries: list[tuple[str, str]], refs: list[str]
) -> None:
    """Character references to surrogates or past U+10FFFF made feedparser raise, and the
    whole feed was lost; now each entry is read or refused alone."""
    from xml.sax.saxutils import escape

    from harmwatch.ingest.feed import iter_feed

    def xml(s: str) -> str:
        return escape("".join(c for c in s if c not in _SURROGATES and c >= " " or c in "\t\n"))

    items_xml = "".join(
        f"<item><title>{xml(t)}{''.join(refs)}</title>"
        f"<description>Shelling killed 3 people in Idlib {''.join(refs)} {xml(d)}</description>"
        "</item>"
        for t, d in entries
    )
    data = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Outlet</title>{items_xml}</channel></rss>"
    ).encode()
    items = list(iter_feed(data, "f.rss"))
    reports = [i for i in items if isinstance(i, Report)]
    assert len(reports) == len(entries), items
    for report in reports:
        assert all(_clean(v) for v in (report.text, report.id, report.title, report.source))


@settings(BAD_UNICODE, max_examples=max(10, BAD_UNICODE.max_examples // 2))
@given(text=bad_text, published=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))
def test_extraction_of_a_report_made_by_hand_with_bad_unicode(
    extractor,
    text: str,
    published: dt.date | None,  # type: ignore[no-untyped-def]
) -> None:
    """A `Report` built in code may hold what no reader lets through: the extraction neither
    raises nor points outside the text."""
    from harmwatch.process.steps import extract_each

    reports = [
        Report(id="a", text=text + " killed 3 in Idlib", published=published),
        Report(id="b", text="Shelling killed 2 people in Aleppo.", published=published),
    ]
    done = extract_each(extractor, reports, 32)
    for report, extraction in zip(reports, done, strict=True):
        assert not isinstance(extraction, Exception), extraction
        for start, end in _spans(extraction):
            assert 0 <= start <= end <= len(report.text)


# Filler with no word of harm, so that a huge text costs the extractor a scan, not a parse.
_QUIET = "The council met about the water supply and the roads to the north. "


@settings(BAD_UNICODE, max_examples=2)
@given(
    size=st.integers(1_000_001, 1_100_000),
    hot=st.lists(
        st.sampled_from(WORDS + NUMBERS + LONE_HALVES + ["\x00", "\x0b"]), min_size=1, max_size=30
    ).map(" ".join),
    where=st.floats(0, 1),
)
def test_a_text_over_a_million_characters_is_extracted(
    extractor,
    size: int,
    hot: str,
    where: float,  # type: ignore[no-untyped-def]
) -> None:
    """spaCy refuses a text over 1,000,000 characters (E088): the extractor reads it in chunks,
    the offsets into the whole text."""
    filler = _QUIET * (size // len(_QUIET) + 1)
    cut = int(where * size)
    text = filler[:cut] + " Shelling killed 4 people in Idlib. " + hot + filler[cut:size]
    extraction = extractor.extract(Report(id="huge", text=text))
    for start, end in _spans(extraction):
        assert 0 <= start <= end <= len(text)
    figures = [f for i in extraction.incidents for f in i.figures if f.evidence]
    for figure in figures:
        assert figure.evidence is not None
        assert text[figure.evidence[0] : figure.evidence[1]].strip()


@settings(BAD_UNICODE, max_examples=5)
@given(size=st.integers(1, 3), fmt=st.sampled_from(["txt", "jsonl", "csv", "html"]))
def test_a_huge_input_is_one_line_error_and_the_next_input_is_read(
    tmp_path_factory: pytest.TempPathFactory, size: int, fmt: str
) -> None:
    """Over ``max_report_bytes`` (here made 100 KB): one line naming the file (and line), and
    the next input is read."""
    from harmwatch.ingest import read_inputs
    from harmwatch.settings import get_settings

    base = tmp_path_factory.mktemp("huge")
    text = "Shelling killed 4 people in Idlib. " * (3000 * size)  # 105-315 KB
    path = base / f"big.{fmt}"
    if fmt == "jsonl":
        path.write_text(json.dumps({"id": "big", "text": text}) + "\n")
    elif fmt == "csv":
        path.write_text(f'id,text\nbig,"{text}"\n')
    elif fmt == "html":
        path.write_text(f"<html><body><p>{text}</p></body></html>")
    else:
        path.write_text(text)
    small = base / "small.txt"
    small.write_text("Shelling killed 2 people in Aleppo.")
    os.environ["HARMWATCH_MAX_REPORT_BYTES"] = "100000"
    get_settings.cache_clear()
    try:
        items = list(read_inputs([str(path), str(small)]))
    finally:
        del os.environ["HARMWATCH_MAX_REPORT_BYTES"]
        get_settings.cache_clear()
    assert len(items) == 2 and isinstance(items[1], Report)
    assert isinstance(items[0], InputError)
    message = str(items[0])
    assert message.startswith(str(path)) and "limit" in message and "\n" not in message
