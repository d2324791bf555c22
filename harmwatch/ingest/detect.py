"""Format detection in one place: `read_inputs` turns paths, directories and URLs into reports.

Like sqlite-utils' ``rows_from_file``: the format is named (``format="csv"``) or detected, from
the file suffix first, then from the first bytes (a feed's root element, an HTML tag, a JSON
object); a URL's format comes from its Content-Type. Every reader yields `Report`s, and an
`InputError` for each input or record it cannot read, then goes on with the next.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Literal

import httpx

from harmwatch import __version__
from harmwatch.errors import FetchError, InputError, UnreadableInput
from harmwatch.ingest.common import (
    SNIFF_BYTES,
    FieldMap,
    ReadItem,
    check_not_binary,
    check_size,
    decode_utf8,
    human_size,
)
from harmwatch.ingest.feed import (
    FEED_SUFFIXES,
    PageFetcher,
    iter_feed,
    looks_like_feed,
    read_feed_file,
)
from harmwatch.ingest.html import HTML_SUFFIXES, read_html_file, report_from_html
from harmwatch.ingest.tabular import (
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    iter_csv,
    iter_jsonl,
    read_csv,
    read_jsonl,
)
from harmwatch.ingest.text import TEXT_SUFFIXES, read_text_file, report_from_text
from harmwatch.ingest.url import (
    CSV_TYPES,
    FEED_TYPES,
    HTML_TYPES,
    JSONL_TYPES,
    XML_TYPES,
    Resolver,
    fetch,
    system_resolver,
)
from harmwatch.settings import get_settings

log = logging.getLogger(__name__)

Format = Literal["auto", "text", "html", "jsonl", "csv", "feed"]
FORMATS: tuple[str, ...] = ("auto", "text", "html", "jsonl", "csv", "feed")
SUFFIXES: dict[str, tuple[str, ...]] = {
    "text": TEXT_SUFFIXES,
    "html": HTML_SUFFIXES,
    "jsonl": JSONL_SUFFIXES,
    "csv": CSV_SUFFIXES,
    "feed": FEED_SUFFIXES,
}


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def sniff_format(head: bytes) -> str:
    """The format of a file from its first bytes (used when its suffix says nothing)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = start[:2048].lower()
    if looks_like_feed(start):
        return "feed"
    if lower.startswith(b"<") and any(t in lower for t in (b"<html", b"<!doctype html", b"<body")):
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def format_of(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    for fmt, suffixes in SUFFIXES.items():
        if suffix in suffixes and not (fmt == "feed" and suffix == ".xml"):
            return fmt
    return sniff_format(head)


class _Fetcher:
    """The network side of one `read_inputs` call: a client made on first use, closed at the end."""

    def __init__(
        self, client: httpx.Client | None, resolver: Resolver, allow_private: bool | None
    ) -> None:
        self._client, self._owned = client, False
        self.resolver, self.allow_private = resolver, allow_private

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=get_settings().fetch_timeout,
                headers={"User-Agent": f"harmwatch/{__version__} (+civilian-harm monitoring)"},
            )
            self._owned = True
        return self._client

    def close(self) -> None:
        if self._owned and self._client is not None:
            self._client.close()

    def page(self, url: str) -> ReadItem:
        """One linked page (of a feed) as a report."""
        try:
            got = fetch(
                url,
                client=self.client,
                resolver=self.resolver,
                allow_private=self.allow_private,
                accept=HTML_TYPES,
            )
            return report_from_html(got.body, where=url, url=url)
        except InputError as err:
            return err


def _url_format(url: str, media: str, body: bytes) -> str:
    if media in HTML_TYPES:
        return "html"
    if media in FEED_TYPES or (media in XML_TYPES and looks_like_feed(body)):
        return "feed"
    if media in XML_TYPES:
        return "html"
    if media in JSONL_TYPES:
        return "jsonl"
    if media in CSV_TYPES:
        return "csv"
    return format_of(Path(url.split("?")[0].split("#")[0]), body[:SNIFF_BYTES])


def read_bytes(
    data: bytes,
    where: str,
    *,
    fmt: str,
    fields: FieldMap,
    source: str | None,
    url: str | None = None,
    charset: str | None = None,
    fetch_page: PageFetcher | None = None,
) -> Iterator[ReadItem]:
    """Reports from one document already in memory (a fetched URL, standard input)."""
    try:
        if fmt == "html":
            check_not_binary(data[:SNIFF_BYTES], where)
            yield report_from_html(data, where=where, url=url, source=source)
        elif fmt == "feed":
            yield from iter_feed(data, where, source=source, fetch_page=fetch_page)
        elif fmt == "jsonl":
            check_not_binary(data[:SNIFF_BYTES], where)
            yield from iter_jsonl(io.BytesIO(data), where, fields, source=source)
        elif fmt == "csv":
            yield from iter_csv(data, where, fields, source=source)
        else:
            if charset and charset.lower().replace("-", "") not in ("utf8", "usascii", "ascii"):
                try:
                    text = data.decode(charset)
                except (UnicodeDecodeError, LookupError):
                    raise UnreadableInput(
                        where, f"text is not valid {charset}", "re-encode it as UTF-8"
                    ) from None
            else:
                text = decode_utf8(data, where)
            yield report_from_text(text, where=where, source=source, url=url)
    except InputError as err:
        yield err


def read_url(
    url: str,
    *,
    fetcher: _Fetcher,
    fmt: str,
    fields: FieldMap,
    source: str | None,
    fetch_pages: bool,
) -> Iterator[ReadItem]:
    try:
        got = fetch(
            url,
            client=fetcher.client,
            resolver=fetcher.resolver,
            allow_private=fetcher.allow_private,
        )
    except FetchError as err:
        yield err
        return
    fmt = _url_format(url, got.content_type, got.body) if fmt == "auto" else fmt
    yield from read_bytes(
        got.body,
        url,
        fmt=fmt,
        fields=fields,
        source=source,
        url=url,
        charset=got.charset,
        fetch_page=fetcher.page if fetch_pages else None,
    )


def read_stdin(
    stream: BinaryIO,
    *,
    fmt: str,
    fields: FieldMap,
    source: str | None,
    max_bytes: int,
    fetcher: _Fetcher,
    fetch_pages: bool,
) -> Iterator[ReadItem]:
    """``-`` as an input: standard input, format named or sniffed from its first bytes."""
    where = "<stdin>"
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield UnreadableInput(
            where,
            f"input is over the {human_size(max_bytes)} limit",
            "split it, or raise HARMWATCH_MAX_FILE_BYTES",
        )
        return
    if not data.strip():
        yield UnreadableInput(where, "input is empty", "pipe something in, e.g. `cat x.jsonl |`")
        return
    fmt = sniff_format(data[:SNIFF_BYTES]) if fmt == "auto" else fmt
    yield from read_bytes(
        data,
        where,
        fmt=fmt,
        fields=fields,
        source=source,
        fetch_page=fetcher.page if fetch_pages else None,
    )


def _files_of(directory: Path, fmt: str) -> list[Path]:
    wanted = (
        tuple(s for suffixes in SUFFIXES.values() for s in suffixes)
        if fmt == "auto"
        else SUFFIXES[fmt]
    )
    return sorted(
        p
        for p in directory.rglob("*")
        if p.is_file()
        and p.suffix.lower() in wanted
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def read_file(
    path: Path,
    *,
    fmt: str,
    fields: FieldMap,
    source: str | None,
    max_bytes: int,
    fetcher: _Fetcher,
    fetch_pages: bool,
) -> Iterator[ReadItem]:
    where = str(path)
    try:
        if fmt == "auto":
            check_size(path, where, max_bytes)
            with path.open("rb") as fh:
                fmt = format_of(path, fh.read(SNIFF_BYTES))
        if fmt == "html":
            yield from read_html_file(path, where=where, source=source, max_bytes=max_bytes)
        elif fmt == "jsonl":
            yield from read_jsonl(path, fields, where=where, source=source, max_bytes=max_bytes)
        elif fmt == "csv":
            yield from read_csv(path, fields, where=where, source=source, max_bytes=max_bytes)
        elif fmt == "feed":
            page = fetcher.page if fetch_pages else None
            yield from read_feed_file(
                path, where=where, source=source, max_bytes=max_bytes, fetch_page=page
            )
        else:
            yield from read_text_file(path, where=where, source=source, max_bytes=max_bytes)
    except InputError as err:
        yield err
    except OSError as err:
        yield UnreadableInput(
            where, f"cannot read ({err.strerror or err})", "check the path and its permissions"
        )


def read_inputs(
    inputs: Sequence[str],
    *,
    format: str = "auto",
    fields: FieldMap | None = None,
    source: str | None = None,
    allow_private: bool | None = None,
    fetch_pages: bool = False,
    client: httpx.Client | None = None,
    resolver: Resolver | None = None,
    max_file_bytes: int | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[ReadItem]:
    """Every report in `inputs` (files, directories read recursively, http(s) URLs, ``-`` for
    standard input), in order, with an `InputError` in place of each input or record that
    cannot be read.

    `fields` maps JSONL keys / CSV columns; `source` is the outlet for reports that name none;
    `client`/`resolver` inject the network (tests pass `httpx.MockTransport`).
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    fields = fields or FieldMap()
    max_bytes = max_file_bytes or get_settings().max_file_bytes
    fetcher = _Fetcher(client, resolver or system_resolver, allow_private)
    try:
        for item in inputs:
            if item == "-":
                yield from read_stdin(
                    stdin if stdin is not None else sys.stdin.buffer,
                    fmt=format,
                    fields=fields,
                    source=source,
                    max_bytes=max_bytes,
                    fetcher=fetcher,
                    fetch_pages=fetch_pages,
                )
                continue
            if is_url(item):
                log.debug("fetching %s", item)
                yield from read_url(
                    item,
                    fetcher=fetcher,
                    fmt=format,
                    fields=fields,
                    source=source,
                    fetch_pages=fetch_pages,
                )
                continue
            path = Path(item).expanduser()
            if path.is_dir():
                try:
                    files = _files_of(path, format)
                except OSError as err:
                    yield UnreadableInput(
                        item,
                        f"cannot list the directory ({err.strerror or err})",
                        "check its permissions",
                    )
                    continue
                if not files:
                    names = ", ".join(s for ss in SUFFIXES.values() for s in ss)
                    yield UnreadableInput(
                        item, "directory has no files to read", f"harmwatch reads {names}"
                    )
            else:
                files = [path] if path.exists() else []
                if not files:
                    yield UnreadableInput(item, "no such file, directory or URL", "check the path")
            for file in files:
                log.debug("reading %s", file)
                yield from read_file(
                    file,
                    fmt=format,
                    fields=fields,
                    source=source,
                    max_bytes=max_bytes,
                    fetcher=fetcher,
                    fetch_pages=fetch_pages,
                )
    finally:
        fetcher.close()
