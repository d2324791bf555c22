"""The reports repository: idempotent storage of `Report`s, with versions.

`add_report` decides, inside the caller's transaction, what a report is:

- ``duplicate``: a stored report has the same *normalised* text (Unicode NFKC, whitespace
  collapsed, zero-width characters dropped; compared by sha256) and no different publication
  date. Nothing is written. The same words under two different dates are two reports: event
  databases (ACLED) describe distinct events in identical sentences ("Regime forces shelled X.
  No fatalities reported."), one per day. Such a second report is stored with a hash of its
  text *and* date, so ``text_hash`` stays unique.
- ``new_version``: a stored report has the same URL (or the same own id) with a different text.
  The report is stored as a new row whose ``previous_version_id`` points to the latest old one.
- ``new``: anything else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from harmwatch.errors import NotFound
from harmwatch.models import Report
from harmwatch.normalise import normalise_text
from harmwatch.store.schema import ReportRow

AddStatus = Literal["new", "duplicate", "new_version"]


def text_hash(text: str) -> str:
    """sha256 (hex) of the normalised text: equal for texts that differ only in spacing/Unicode."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AddResult:
    status: AddStatus
    report_id: str  # the stored id (the existing one for a duplicate)
    previous_version_id: str | None = None


class StoredReport(Report):
    """A report as stored, with its storage fields."""

    text_hash: str
    previous_version_id: str | None = None
    ingested_at: dt.datetime | None = None
    extracted: bool = False


def _to_model(row: ReportRow) -> StoredReport:
    return StoredReport(
        id=row.id,
        text=row.text,
        title=row.title,
        published=row.published,
        source=row.source,
        url=row.url,
        lang=row.lang or "en",
        origin=row.origin,
        text_hash=row.text_hash,
        previous_version_id=row.previous_version_id,
        ingested_at=row.ingested_at,
        extracted=bool(row.extracted),
    )


def dated_hash(text: str, published: dt.date) -> str:
    """The stored hash of a report whose text is already stored under another date."""
    key = f"{normalise_text(text)}\n@{published.isoformat()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def find_by_hash(session: Session, hash_: str) -> str | None:
    """The id of the stored report with this normalised-text hash, if any."""
    return session.scalar(select(ReportRow.id).where(ReportRow.text_hash == hash_))


def _duplicate_and_hash(session: Session, report: Report) -> tuple[str | None, str]:
    """(id of the stored report this one duplicates or None, the hash to store it under)."""
    plain = text_hash(report.text)
    dated = dated_hash(report.text, report.published) if report.published else None
    wanted = [plain] if dated is None else [plain, dated]
    rows = session.execute(
        select(ReportRow.id, ReportRow.text_hash, ReportRow.published).where(
            ReportRow.text_hash.in_(wanted)
        )
    ).all()
    for rid, hash_, published in rows:
        if hash_ == dated or None in (published, report.published) or published == report.published:
            return rid, plain
    if rows:  # same words, another date: another report
        assert dated is not None
        return None, dated
    return None, plain


def find_duplicate(session: Session, report: Report) -> str | None:
    """The id of the stored report `report` would duplicate (same text, no other date)."""
    return _duplicate_and_hash(session, report)[0]


def _latest_version(session: Session, report: Report) -> ReportRow | None:
    """The newest stored version of the same document: same URL, else same id."""
    newer = aliased(ReportRow)
    no_newer = ~exists().where(newer.previous_version_id == ReportRow.id)
    if report.url:
        row = session.scalars(
            select(ReportRow).where(ReportRow.url == report.url, no_newer).order_by(ReportRow.id)
        ).first()
        if row is not None:
            return row
    first = session.get(ReportRow, report.id)
    if first is None:
        return None
    # Walk the chain forward to its head.
    seen = {first.id}
    row = first
    while True:
        nxt = session.scalars(
            select(ReportRow).where(ReportRow.previous_version_id == row.id)
        ).first()
        if nxt is None or nxt.id in seen:
            return row
        seen.add(nxt.id)
        row = nxt


def _free_id(session: Session, wanted: str) -> str:
    if session.get(ReportRow, wanted) is None:
        return wanted
    n = 2
    while session.get(ReportRow, f"{wanted}#v{n}") is not None:
        n += 1
    return f"{wanted}#v{n}"


def _no_nul(value: str | None) -> str | None:
    """PostgreSQL refuses NUL in text: U+FFFD instead, one character for one, so offsets hold."""
    return value.replace("\x00", "\ufffd") if value is not None and "\x00" in value else value


def add_report(session: Session, report: Report) -> AddResult:
    """Store `report` unless its normalised text is already stored. Flushes, never commits."""
    if any(
        "\x00" in (v or "")
        for v in (report.text, report.title, report.source, report.url, report.origin, report.id)
    ):
        report = report.model_copy(
            update={
                name: _no_nul(getattr(report, name))
                for name in ("id", "text", "title", "source", "url", "origin")
            }
        )
    existing, hash_ = _duplicate_and_hash(session, report)
    if existing is not None:
        return AddResult("duplicate", existing)
    previous = _latest_version(session, report)
    row = ReportRow(
        id=_free_id(session, report.id),
        text_hash=hash_,
        text=report.text,
        title=report.title,
        published=report.published,
        source=report.source,
        url=report.url,
        lang=report.lang,
        origin=report.origin,
        previous_version_id=previous.id if previous is not None else None,
        extracted=False,
    )
    session.add(row)
    session.flush()
    if previous is not None:
        return AddResult("new_version", row.id, previous.id)
    return AddResult("new", row.id)


def is_extracted(session: Session, report_id: str) -> bool:
    """Whether the stored report's mentions are stored (it went through extraction)."""
    return bool(session.scalar(select(ReportRow.extracted).where(ReportRow.id == report_id)))


def mark_extracted(session: Session, report_id: str) -> None:
    row = session.get(ReportRow, report_id)
    if row is not None:
        row.extracted = True


def get_report(session: Session, report_id: str) -> StoredReport:
    row = session.get(ReportRow, report_id)
    if row is None:
        raise NotFound(
            f"no report with id {report_id!r} (list them with `harmwatch reports` or the API)"
        )
    return _to_model(row)


def list_reports(
    session: Session,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    latest_only: bool = False,
    limit: int | None = 100,
    offset: int = 0,
) -> list[StoredReport]:
    """Stored reports, newest publication first (undated last), then by id."""
    query = select(ReportRow)
    if since is not None:
        query = query.where(ReportRow.published >= since)
    if until is not None:
        query = query.where(ReportRow.published <= until)
    if source is not None:
        query = query.where(ReportRow.source == source)
    if url is not None:
        query = query.where(ReportRow.url == url)
    if latest_only:
        newer = aliased(ReportRow)
        query = query.where(~exists().where(newer.previous_version_id == ReportRow.id))
    query = query.order_by(
        ReportRow.published.is_(None), ReportRow.published.desc(), ReportRow.id
    ).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [_to_model(row) for row in session.scalars(query)]


def count_reports(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ReportRow)) or 0)
