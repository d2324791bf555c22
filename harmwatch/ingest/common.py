"""What every reader shares: size limits, binary sniffing, strict UTF-8, dates and report ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from harmwatch.errors import InputError, UnreadableInput
from harmwatch.models import Report
from harmwatch.normalise import normalise_text
from harmwatch.settings import get_settings

ReadItem = Report | InputError

SNIFF_BYTES = 8192
_MAGIC = {
    b"%PDF": "a PDF document (convert it to text first, e.g. `pdftotext FILE`)",
    b"PK\x03\x04": "a ZIP archive or Office document (unpack it or save it as text/CSV first)",
    b"\x1f\x8b": "a gzip archive (decompress it first: `gunzip FILE`)",
    b"\x89PNG": "a PNG image (harmwatch reads text, not images)",
    b"\xff\xd8\xff": "a JPEG image (harmwatch reads text, not images)",
    b"GIF8": "a GIF image (harmwatch reads text, not images)",
    b"SQLite format 3": "an SQLite database (pass it with --db, not as an input)",
}
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class FieldMap:
    """Which column/key of a JSONL or CSV record holds what. ``None``: try the usual names."""

    text: str | None = None
    id: str | None = None
    date: str | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None
    lang: str | None = None


DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "notes", "description", "article", "summary"),
    "id": ("id", "report_id", "event_id_cnty", "guid", "uid"),
    "date": ("published", "date", "published_at", "pub_date", "event_date", "datetime"),
    "source": ("source", "outlet", "publisher", "site", "sitename"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "lang": ("lang", "language"),
}


def human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def check_size(path: Path, where: str, max_bytes: int) -> None:
    """Refuse a file over the limit from its size alone, without reading it."""
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableInput(
            where,
            f"file is {human_size(size)}, over the {human_size(max_bytes)} limit",
            "split it into smaller files, or raise HARMWATCH_MAX_FILE_BYTES",
        )
    if size == 0:
        raise UnreadableInput(where, "file is empty", "check that it was written completely")


def check_not_binary(head: bytes, where: str) -> None:
    """Raise `UnreadableInput` when the first bytes look like a binary file."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableInput(
            where, "file is UTF-16, not UTF-8", "re-save it as UTF-8 (iconv -f UTF-16 -t UTF-8)"
        )
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise UnreadableInput(where, f"file is {what.split(' (')[0]}", what.split(" (")[1][:-1])
    controls = sum(1 for b in head if b in _CONTROL)
    if b"\x00" in head or (head and controls / len(head) > 0.1):
        raise UnreadableInput(
            where, "file is binary, not text", "pass text, HTML, JSONL, CSV or feed files"
        )


def utf8_error(data: bytes, err: UnicodeDecodeError, where: str) -> UnreadableInput:
    line = data.count(b"\n", 0, err.start) + 1
    return UnreadableInput(
        f"{where}:{line}",
        f"not valid UTF-8 (byte {err.start})",
        "re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 FILE > NEW`",
    )


def decode_utf8(data: bytes, where: str) -> str:
    """Strict UTF-8 (a BOM is dropped); errors name the line of the first bad byte."""
    check_not_binary(data[:SNIFF_BYTES], where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise utf8_error(data, err, where) from None
    if not text.strip():
        raise UnreadableInput(where, "file has no text", "check that it was written completely")
    return text


def read_text_bytes(path: Path, where: str, max_bytes: int) -> bytes:
    check_size(path, where, max_bytes)
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we read it
        raise UnreadableInput(where, f"file is over the {human_size(max_bytes)} limit")
    return data


def stable_id(text: str) -> str:
    """A report id from its normalised text: the same text always gets the same id."""
    return "sha1:" + hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()


_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: Any) -> dt.date | None:
    """A publication date from what records hold: ISO, RFC 822, struct_time or English text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):
        try:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
        except ValueError:
            return None
    if not isinstance(value, str) or len(value) > 80:
        return None
    match = _ISO.match(value)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    if not re.search(r"\d", value):  # "yesterday" or a word: never guess
        return None
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
    )
    return parsed.date() if parsed is not None else None


def clean_optional(value: Any) -> str | None:
    """A metadata value as a string, or None when missing/blank."""
    if value is None:
        return None
    if isinstance(value, str):
        value = _SURROGATE.sub("\ufffd", value.replace("\x00", "\ufffd")).strip()
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def checked_text(text: str, where: str) -> str:
    """``text`` with NUL characters made U+FFFD (one character for one, so offsets hold);
    `UnreadableInput` when it holds a lone surrogate (a JSON ``"\\ud800"`` escape without its
    other half) or is over ``max_report_bytes``."""
    bad = _SURROGATE.search(text)
    if bad is not None:
        raise UnreadableInput(
            where,
            f"text holds a lone surrogate (U+{ord(bad.group()):04X} at character {bad.start()}), "
            "which is not valid Unicode",
            "fix or remove that text; a \\uD800-\\uDFFF escape needs its pair",
        )
    limit = get_settings().max_report_bytes
    if len(text) > limit // 4 and (size := len(text.encode("utf-8"))) > limit:
        raise UnreadableInput(
            where,
            f"text is {human_size(size)}, over the {human_size(limit)} limit per report",
            "split it into one report per article, or raise HARMWATCH_MAX_REPORT_BYTES",
        )
    return text.replace("\x00", "\ufffd")


def make_report(
    text: str,
    *,
    where: str,
    own_id: Any = None,
    title: str | None = None,
    published: Any = None,
    source: str | None = None,
    url: str | None = None,
    lang: str | None = None,
) -> Report:
    """A `Report` with its id (own id, else a hash of the text) and a parsed date. NUL
    characters become U+FFFD (as the store keeps them), so offsets into the text hold.

    Raises `UnreadableInput` when the text is over the size limit per report or holds a lone
    surrogate (not Unicode: no database or model can take it); a metadata value's lone
    surrogates become U+FFFD."""
    text = checked_text(text, where)
    rid = clean_optional(own_id) or stable_id(text)
    return Report(
        id=rid[:200],
        text=text,
        title=clean_optional(title),
        published=parse_date(published),
        source=clean_optional(source),
        url=clean_optional(url),
        lang=(clean_optional(lang) or "en")[:10],
        origin=_SURROGATE.sub("\ufffd", where),  # a file name in no encoding
    )
