"""JSONL and CSV exports: one report per record, columns mapped by a `FieldMap`.

A bad record (broken JSON, bad UTF-8, no text) yields a `MalformedRecord` naming the file and
line, and reading goes on with the next record.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from harmwatch.errors import InputError, MalformedRecord, UnreadableInput
from harmwatch.ingest.common import (
    DEFAULT_NAMES,
    SNIFF_BYTES,
    FieldMap,
    ReadItem,
    check_not_binary,
    check_size,
    human_size,
    make_report,
    read_text_bytes,
)
from harmwatch.settings import get_settings

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
CSV_SUFFIXES = (".csv", ".tsv")
GIVE_UP_AFTER = 20  # consecutive bad lines before any good one: probably not this format
_UTF8_FIX = "re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 FILE > NEW`"


def pick_key(keys: Iterable[str], fields: FieldMap, name: str) -> str | None:
    """The key holding `name` (text, id, date...): the mapped one, else a usual name present."""
    wanted = getattr(fields, name)
    if wanted is not None:
        return wanted
    present = {key.strip().lower(): key for key in keys if isinstance(key, str)}
    for candidate in DEFAULT_NAMES[name]:
        if candidate in present:
            return present[candidate]
    return None


def record_to_report(
    record: Mapping[str, Any], fields: FieldMap, where: str, *, source: str | None = None
) -> ReadItem:
    """One record as a `Report`, or a `MalformedRecord` saying what is wrong with it."""
    keys = list(record.keys())
    text_key = pick_key(keys, fields, "text")
    if text_key is None or text_key not in record:
        shown = ", ".join(repr(k) for k in keys[:12]) or "none"
        return MalformedRecord(
            where, f"no text field (fields: {shown})", "name it with --text-field NAME"
        )
    text = record[text_key]
    if not isinstance(text, str):
        return MalformedRecord(where, f"field {text_key!r} is not a string", "fix that record")
    if not text.strip():
        return MalformedRecord(where, f"field {text_key!r} is empty", "fix or remove that record")
    limit = get_settings().max_report_bytes
    if len(text) > limit:
        return MalformedRecord(
            where,
            f"text is {human_size(len(text.encode('utf-8', 'replace')))}, over the "
            f"{human_size(limit)} limit per report",
            "split it, or raise HARMWATCH_MAX_REPORT_BYTES",
        )

    def value(name: str) -> Any:
        key = pick_key(keys, fields, name)
        return record.get(key) if key is not None else None

    try:
        return make_report(
            text,
            where=where,
            own_id=value("id"),
            title=value("title"),
            published=value("date"),
            source=value("source") or source,
            url=value("url"),
            lang=value("lang"),
        )
    except InputError as err:  # a lone surrogate, or too large: this record only
        return MalformedRecord(err.where, err.problem, err.fix)


def iter_jsonl(
    lines: Iterable[bytes], where: str, fields: FieldMap, *, source: str | None = None
) -> Iterator[ReadItem]:
    """Records from JSONL lines (bytes, newline-terminated or not)."""
    good = bad = 0
    for lineno, raw in enumerate(lines, 1):
        here = f"{where}:{lineno}"
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            item: ReadItem = MalformedRecord(here, f"not valid UTF-8 (byte {err.start})", _UTF8_FIX)
        else:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                item = MalformedRecord(
                    here, f"not valid JSON ({err.msg}, column {err.colno})", "fix or remove it"
                )
            except (ValueError, RecursionError):
                item = MalformedRecord(here, "not valid JSON (too deep or too large)", "fix it")
            else:
                if isinstance(record, dict):
                    item = record_to_report(record, fields, here, source=source)
                else:
                    item = MalformedRecord(
                        here, f"expected a JSON object, got {type(record).__name__}", "fix it"
                    )
        if isinstance(item, InputError):
            bad += 1
            yield item
            if good == 0 and bad >= GIVE_UP_AFTER:
                yield UnreadableInput(
                    where,
                    f"gave up: the first {bad} records are all bad",
                    "is it really JSONL? name the format with --format",
                )
                return
        else:
            good += 1
            yield item


def read_jsonl(
    path: Path,
    fields: FieldMap,
    *,
    where: str | None = None,
    source: str | None = None,
    max_bytes: int,
) -> Iterator[ReadItem]:
    where = where or str(path)
    try:
        check_size(path, where, max_bytes)
        with path.open("rb") as fh:
            check_not_binary(fh.read(SNIFF_BYTES), where)
            fh.seek(0)
            yield from iter_jsonl(fh, where, fields, source=source)
    except InputError as err:
        yield err


class _Delimited(csv.excel):
    """Excel's quoting rules with the delimiter found in the header row."""

    def __init__(self, delimiter: str) -> None:
        super().__init__()
        self.delimiter = delimiter


def _dialect(text: str, where: str) -> csv.Dialect:
    """Excel quoting; the delimiter is the one of , ; TAB | most used in the header row
    (csv.Sniffer guesses quoting too, and guesses it wrong on small files)."""
    if where.lower().endswith(".tsv"):
        return _Delimited("\t")
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return _Delimited(best if counts[best] else ",")


def _has_surrogates(values: Iterable[Any]) -> bool:
    return any(isinstance(v, str) and any("\udc80" <= ch <= "\udcff" for ch in v) for v in values)


def iter_csv(
    data: bytes, where: str, fields: FieldMap, *, source: str | None = None
) -> Iterator[ReadItem]:
    """Records from a CSV (or TSV) file's bytes; the first row names the columns."""
    try:
        check_not_binary(data[:SNIFF_BYTES], where)
    except InputError as err:
        yield err
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", errors="surrogateescape")
    if not text.strip():
        yield UnreadableInput(where, "file has no text", "check that it was written completely")
        return
    csv.field_size_limit(max(get_settings().max_report_bytes * 2, 131072))
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=_dialect(text[:65536], where))
    try:
        header = reader.fieldnames or []
    except csv.Error as err:
        yield UnreadableInput(where, f"cannot read the header row ({err})", "check the CSV")
        return
    if _has_surrogates(header):
        yield UnreadableInput(f"{where}:1", "not valid UTF-8 in the header row", _UTF8_FIX)
        return
    if pick_key(header, fields, "text") not in header:
        shown = ", ".join(repr(h) for h in header[:12]) or "none"
        wanted = f"no column {fields.text!r}" if fields.text else "no text column"
        yield UnreadableInput(
            where, f"{wanted} (columns: {shown})", "name the text column with --text-field NAME"
        )
        return
    last_error_line = -1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            if reader.line_num == last_error_line:  # the reader is stuck: stop here
                return
            last_error_line = reader.line_num
            yield MalformedRecord(f"{where}:{reader.line_num}", f"bad CSV ({err})", "fix that row")
            continue
        here = f"{where}:{reader.line_num}"
        values = [v for k, v in row.items() if k is not None]
        if not any(isinstance(v, str) and v.strip() for v in values):
            continue  # a blank row
        if _has_surrogates(values):
            yield MalformedRecord(here, "not valid UTF-8", _UTF8_FIX)
            continue
        clean = {k: v for k, v in row.items() if k is not None}
        yield record_to_report(clean, fields, here, source=source)


def read_csv(
    path: Path,
    fields: FieldMap,
    *,
    where: str | None = None,
    source: str | None = None,
    max_bytes: int,
) -> Iterator[ReadItem]:
    where = where or str(path)
    try:
        data = read_text_bytes(path, where, max_bytes)
    except InputError as err:
        yield err
        return
    yield from iter_csv(data, where, fields, source=source)
