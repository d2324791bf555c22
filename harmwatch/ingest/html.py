"""HTML pages: the main text with trafilatura; title, publication date and outlet from metadata."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harmwatch.errors import InputError, UnreadableInput
from harmwatch.ingest.common import (
    SNIFF_BYTES,
    ReadItem,
    check_not_binary,
    clean_optional,
    human_size,
    make_report,
    read_text_bytes,
)
from harmwatch.ingest.furniture import strip_furniture
from harmwatch.models import Report
from harmwatch.settings import get_settings

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_BOILERPLATE = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")


_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "blockquote",
    "section",
    "article",
    "main",
    "pre",
    "dd",
    "dt",
    "table",
    "figcaption",
}


_BREAK = "\ue000"  # a private-use character marking block boundaries while flattening
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def html_to_text(html: bytes | str) -> str:
    """Visible text of a page or fragment, one line per block, for pages too small for
    trafilatura's main-text detection and for feed entries."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath("|".join(f"//{tag}" for tag in _BOILERPLATE)):
        bad.drop_tree()
    body = root.find("body")
    node = body if body is not None else root
    for el in node.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            # lxml keeps control characters it parsed but refuses them on assignment
            el.tail = _BREAK + _XML_UNSAFE.sub("", el.tail or "")
            el.text = _BREAK + _XML_UNSAFE.sub("", el.text or "")
    # Whitespace inside a block is one space; a block boundary is a line break.
    lines = (" ".join(line.split()) for line in node.text_content().split(_BREAK))
    return "\n".join(line for line in lines if line)


# trafilatura's main-text detection takes time that grows with the square of a page's elements
# (its fallback comparison with jusText: 40,000 nested elements, 68 s) and its memory with the
# page (a 20 MB page: 3.5 GB). Pages past these bounds are read by the cheap reader instead
# (`html_to_text`: one lxml parse, linear; metadata from the page's head only).
FULL_READ_BYTES = 2 * 1024 * 1024  # bytes of a page, without its scripts and styles
FULL_READ_TAGS = 20_000  # "<" in the page, without its scripts and styles
HEAD_BYTES = 1024 * 1024  # the cheap reader looks for the <head> in this many first bytes
_HEAVY = (b"script", b"style", b"svg", b"template")
_NAME_ENDS = (b" ", b"\t", b"\r", b"\n", b"/", b">", b"")


def strip_heavy(data: bytes) -> bytes:
    """``data`` without comments and without the contents of script (except JSON-LD
    metadata), style, svg and template elements: what a reader never shows. Linear in the
    page; an unclosed element or comment ends the page."""
    lower = data.lower()
    out: list[bytes] = []
    pos = i = 0  # data[pos:] is not yet copied to out; i is where to look for the next tag
    while (start := lower.find(b"<", i)) != -1:
        if lower.startswith(b"<!--", start):
            out.append(data[pos:start])
            end = lower.find(b"-->", start + 4)
            pos = i = len(data) if end == -1 else end + 3
            continue
        name = next(
            (
                n
                for n in _HEAVY
                if lower.startswith(n, start + 1)
                and lower[start + 1 + len(n) : start + 2 + len(n)] in _NAME_ENDS
            ),
            None,
        )
        if name is None:
            i = start + 1
            continue
        open_end = lower.find(b">", start)
        if open_end == -1:
            break
        if lower[open_end - 1 : open_end] == b"/" or b"ld+json" in lower[start:open_end]:
            i = open_end + 1  # self-closing, or metadata the reader wants
            continue
        out.append(data[pos : open_end + 1])
        close = lower.find(b"</" + name, open_end)
        pos = i = len(data) if close == -1 else close
    out.append(data[pos:])
    return b"".join(out)


def report_from_html(
    html: bytes | str, *, where: str, url: str | None = None, source: str | None = None
) -> Report:
    """One report from one page. Raises `UnreadableInput` when the page has no text, or when
    it is over ``max_report_bytes`` without its scripts and styles. A page over
    `FULL_READ_BYTES` or `FULL_READ_TAGS` is read by the cheap reader (`html_to_text`)."""
    data = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else html
    if len(data) > FULL_READ_BYTES or data.count(b"<") > FULL_READ_TAGS:
        data = strip_heavy(data)
        limit = get_settings().max_report_bytes
        if len(data) > limit:
            raise UnreadableInput(
                where,
                f"page is {human_size(len(data))} without its scripts and styles, over the "
                f"{human_size(limit)} limit per report",
                "save the article's text as a .txt file, or raise HARMWATCH_MAX_REPORT_BYTES",
            )
        # cut at ASCII "<" and ">" only: a page given as text stays valid text
        html = data.decode("utf-8", "surrogatepass") if isinstance(html, str) else data
        if len(data) > FULL_READ_BYTES or data.count(b"<") > FULL_READ_TAGS:
            meta = _head_metadata(data, url)
            return _page_report(html_to_text(html), meta, where=where, url=url, source=source)
    meta = _full_read(html, url)
    text = (meta.get("text") or "").strip()
    if len(text) < 80:
        fallback = html_to_text(html)
        if len(fallback) > len(text):
            text = fallback
    return _page_report(text, meta, where=where, url=url, source=source)


def _full_read(html: bytes | str, url: str | None) -> dict[str, Any]:
    """Main text and metadata by trafilatura."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if isinstance(doc, dict):
        return doc
    return doc.as_dict() if doc is not None else {}


def _head_metadata(data: bytes, url: str | None) -> dict[str, Any]:
    """Title, date, outlet and URL from the page's <head> (trafilatura on the head alone)."""
    import lxml.html
    import trafilatura
    from lxml.etree import ParserError

    end = data.lower().find(b"</head", 0, HEAD_BYTES)
    if end == -1:
        return {}
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        head = lxml.html.fromstring(data[:end] + b"</head><body></body></html>")
        return trafilatura.extract_metadata(head, default_url=url, extensive=False).as_dict()
    except (ParserError, ValueError):
        return {}


def _page_report(
    text: str, meta: dict[str, Any], *, where: str, url: str | None, source: str | None
) -> Report:
    text = strip_furniture(text)
    if not text:
        raise UnreadableInput(where, "page has no readable text", "check that it is an article")
    page_url = url or clean_optional(meta.get("url"))
    outlet = clean_optional(meta.get("sitename")) or clean_optional(meta.get("hostname"))
    if outlet is None and page_url:
        outlet = urlsplit(page_url).hostname
    return make_report(
        text,
        where=where,
        title=meta.get("title"),
        published=meta.get("date"),
        source=outlet or source,
        url=page_url,
        lang=meta.get("language"),
    )


def read_html_file(
    path: Path, *, where: str | None = None, source: str | None = None, max_bytes: int
) -> Iterator[ReadItem]:
    where = where or str(path)
    try:
        data = read_text_bytes(path, where, max_bytes)
        check_not_binary(data[:SNIFF_BYTES], where)
        yield report_from_html(data, where=where, source=source)
    except InputError as err:
        yield err
