"""RSS and Atom feeds (feedparser): each entry becomes a report; linked pages optionally fetched."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from harmwatch.errors import InputError, UnreadableInput
from harmwatch.ingest.common import (
    SNIFF_BYTES,
    ReadItem,
    check_not_binary,
    clean_optional,
    make_report,
    parse_date,
    read_text_bytes,
)
from harmwatch.ingest.html import html_to_text

FEED_SUFFIXES = (".rss", ".atom", ".xml")

# Fetches one linked page and returns its report (see detect.page_fetcher).
PageFetcher = Callable[[str], ReadItem]


_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,24}));")


def _no_bad_char_refs(data: bytes) -> bytes:
    """``data`` with every character reference to a surrogate or past U+10FFFF (``&#xD800;``,
    ``&#1114112;``) made ``&#xFFFD;``: feedparser raises on them, losing the whole feed."""

    def fix(m: re.Match[bytes]) -> bytes:
        value = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        return b"&#xFFFD;" if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else m.group(0)

    return _CHAR_REF.sub(fix, data) if b"&#" in data else data


def looks_like_feed(head: bytes) -> bool:
    """An XML document whose root is <rss>, <feed> or <rdf:RDF>."""
    start = head[:2048].lstrip().lower()
    return start.startswith(b"<") and any(tag in start for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            if "html" in (content.get("type") or "html"):
                return html_to_text(value)
            return value.strip()
    summary = entry.get("summary") or entry.get("description") or ""
    return html_to_text(summary) if "<" in summary else summary.strip()


def iter_feed(
    data: bytes,
    where: str,
    *,
    source: str | None = None,
    fetch_page: PageFetcher | None = None,
) -> Iterator[ReadItem]:
    """Reports from a feed document. With `fetch_page`, each entry's linked page is fetched and
    its main text used; when that fails the error is yielded, then the entry's own text."""
    import feedparser

    try:
        check_not_binary(data[:SNIFF_BYTES], where)
    except InputError as err:
        yield err
        return
    try:
        parsed = feedparser.parse(
            _no_bad_char_refs(data), sanitize_html=True, resolve_relative_uris=False
        )
    except (ValueError, OverflowError, RecursionError) as err:  # e.g. "&#1114112;" in a feed
        yield UnreadableInput(
            where,
            f"not a readable feed ({type(err).__name__}: {str(err)[:80]})",
            "check the file or URL, or name --format",
        )
        return
    if not parsed.entries:
        problem = "not an RSS/Atom feed" if parsed.get("bozo") else "feed has no entries"
        yield UnreadableInput(where, problem, "check the file or URL, or name --format")
        return
    outlet = clean_optional(parsed.feed.get("title")) or source
    for n, entry in enumerate(parsed.entries, 1):
        here = f"{where}#entry{n}"
        link = clean_optional(entry.get("link"))
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        if fetch_page is not None and link:
            page = fetch_page(link)
            if not isinstance(page, InputError):
                yield page.model_copy(
                    update={
                        "id": clean_optional(entry.get("id")) or page.id,
                        "title": page.title or clean_optional(entry.get("title")),
                        "published": page.published or parse_date(published),
                        "source": page.source or outlet,
                        "origin": f"{here} -> {link}",
                    }
                )
                continue
            yield page
        text = _entry_text(entry)
        if not text:
            yield UnreadableInput(
                here, "entry has no text", "fetch the linked pages with --fetch-pages"
            )
            continue
        try:
            report = make_report(
                text,
                where=here,
                own_id=entry.get("id") or link,
                title=entry.get("title"),
                published=published,
                source=outlet,
                url=link,
            )
        except InputError as err:  # this entry only
            yield err
            continue
        yield report


def read_feed_file(
    path: Path,
    *,
    where: str | None = None,
    source: str | None = None,
    max_bytes: int,
    fetch_page: PageFetcher | None = None,
) -> Iterator[ReadItem]:
    where = where or str(path)
    try:
        data = read_text_bytes(path, where, max_bytes)
    except InputError as err:
        yield err
        return
    yield from iter_feed(data, where, source=source, fetch_page=fetch_page)
