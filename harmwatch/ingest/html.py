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
    make_report,
    read_text_bytes,
)
from harmwatch.ingest.furniture import strip_furniture
from harmwatch.models import Report

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_BOILERPLATE = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")


_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "blockquote", "section", "article", "main", "pre", "dd", "dt", "table", "figcaption",
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


def report_from_html(
    html: bytes | str, *, where: str, url: str | None = None, source: str | None = None
) -> Report:
    """One report from one page. Raises `UnreadableInput` when the page has no text."""
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
    meta: dict[str, Any] = {}
    if isinstance(doc, dict):
        meta = doc
    elif doc is not None:
        meta = doc.as_dict()
    text = (meta.get("text") or "").strip()
    if len(text) < 80:
        fallback = html_to_text(html)
        if len(fallback) > len(text):
            text = fallback
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

