"""Plain text and Markdown files: one report per file; a directory is read recursively."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from harmwatch.errors import InputError, UnreadableInput
from harmwatch.ingest.common import (
    ReadItem,
    decode_utf8,
    human_size,
    make_report,
    read_text_bytes,
)
from harmwatch.settings import get_settings

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def guess_title(text: str) -> str | None:
    """A Markdown heading on the first line, or a short first line standing alone."""
    lines = text.lstrip().splitlines()
    if not lines:
        return None
    first = lines[0].strip()
    heading = _MD_HEADING.match(first)
    if heading:
        return heading.group(1)
    alone = len(lines) == 1 or not lines[1].strip()
    if alone and len(lines) > 1 and 0 < len(first) <= 150 and not first.endswith((".", ":")):
        return first
    return None


def report_from_text(
    text: str, *, where: str, source: str | None = None, url: str | None = None
) -> ReadItem:
    if not text.strip():
        return UnreadableInput(where, "no text", "check that the input was written completely")
    limit = get_settings().max_report_bytes
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        return UnreadableInput(
            where,
            f"text is {human_size(size)}, over the {human_size(limit)} limit per report",
            "split it into one file per report, or raise HARMWATCH_MAX_REPORT_BYTES",
        )
    try:
        return make_report(
            text.strip(), where=where, title=guess_title(text), source=source, url=url
        )
    except InputError as err:
        return err


def read_text_file(
    path: Path, *, where: str | None = None, source: str | None = None, max_bytes: int
) -> Iterator[ReadItem]:
    where = where or str(path)
    try:
        text = decode_utf8(read_text_bytes(path, where, max_bytes), where)
    except InputError as err:
        yield err
        return
    yield report_from_text(text, where=where, source=source)
