"""Resolution of many reports at once: the same decisions as `add_extraction`, with the blocking
index held in memory and the rows written in bulk at the end.

    resolve_many(session, extractions) -> [incident ids touched]

For bulk loads (a corpus, a benchmark): the live incidents of the batch's date range are loaded
once, every mention is matched against an in-memory index keyed by day and map cell, place name
or province (`index.MemoryCandidates`, which keeps what `candidates.admissible` keeps, as the
SQL backend of `add_extraction` does; a dict lookup per key: O(1) per mention, O(n) for the
batch), and mentions,
incidents and merge-log rows are inserted in a few statements. Reports that already have
mentions (re-extraction) go through `add_extraction` one by one. The batch is resolved in the
order of publication (then report id), so the order in which it is given changes nothing.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from harmwatch.errors import NotFound
from harmwatch.models import ReportExtraction
from harmwatch.resolve.attach import add_extraction, mention_values, substantive
from harmwatch.resolve.candidates import SLACK_DAYS, UNDATED_DAYS
from harmwatch.resolve.index import MemoryCandidates
from harmwatch.resolve.match import DATE_WINDOW
from harmwatch.resolve.record import aggregate, apply_record, digest, extend
from harmwatch.resolve.rules import choose
from harmwatch.store.apart import apart_pairs, is_apart
from harmwatch.store.db import in_chunks, lock_for_resolution
from harmwatch.store.record_types import Digest, Record
from harmwatch.store.schema import IncidentRow, MentionRow, MergeLogRow, ReportRow


@dataclass(eq=False)
class _Mention:
    """A mention to insert: its column values (`attach.mention_values`), its digest, and then
    its id and incident. Plain data: the rows are written in bulk, not through the session."""

    values: dict[str, Any]
    digest: Digest | None = None
    id: int | None = None
    incident_id: int | None = None

    @property
    def report_id(self) -> str:
        return cast(str, self.values["report_id"])

    @property
    def payload(self) -> dict[str, Any]:
        return cast(dict[str, Any], self.values["payload"])


@dataclass(eq=False)
class _Incident:
    seq: int
    stored: int | None  # the id of an incident already in the database
    record: Record
    mentions: list[_Mention] = field(default_factory=list)
    logs: list[tuple[str, _Mention, str, float | None]] = field(default_factory=list)


def _reports(session: Session, ids: list[str]) -> dict[str, ReportRow]:
    """What the digests read of each report (its columns, not a row in the session)."""
    columns = (ReportRow.id, ReportRow.source, ReportRow.published, ReportRow.url, ReportRow.text)
    out: dict[str, ReportRow] = {}
    for chunk in in_chunks(ids):
        out.update(
            {
                r.id: cast(ReportRow, r)
                for r in session.execute(select(*columns).where(ReportRow.id.in_(chunk)))
            }
        )
    return out


def _span(
    batch: list[ReportExtraction], reports: dict[str, ReportRow]
) -> tuple[dt.date, dt.date] | None:
    """The days to load stored incidents for: those the batch's mentions look at (the
    `candidates.window` of each), kept within a month before the batch's first date and a week
    after its last. A stored incident outside them is not loaded. A mention dated only by the
    year looks a year either side on ingest; in a batch it sees only this span, so that one
    such mention does not load years of incidents."""
    dates: list[dt.date] = [i.date for e in batch for i in e.incidents if i.date is not None]
    dates += [p for e in batch if (p := reports[e.report_id].published) is not None]
    if not dates:
        return None
    looked: list[dt.date] = []
    for e in batch:
        published = reports[e.report_id].published
        for i in e.incidents:
            if i.date is not None:
                w = dt.timedelta(days=DATE_WINDOW.get(i.date_precision or "day", 1))
                looked += [i.date - w, i.date + w]
            elif published is not None:
                looked += [published - dt.timedelta(days=UNDATED_DAYS), published]
    lo = min(dates) - dt.timedelta(days=SLACK_DAYS + 1)
    hi = max(dates) + dt.timedelta(days=7)
    if looked:
        lo, hi = max(lo, min(looked)), min(hi, max(looked))
    return lo, hi


def resolve_many(
    session: Session,
    extractions: Iterable[ReportExtraction],
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Store and resolve many reports' mentions in the caller's transaction."""
    with _collector_paused():
        return _resolve_many(session, extractions, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch is resolved. The batch holds
    hundreds of thousands of small dicts (digests, records) that form no cycles, and each of
    the collector's full passes reads them all, so its cost grew with the batch: a fifth of
    the time for 20k mentions. Cycles made meanwhile are collected once it resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _resolve_many(
    session: Session,
    extractions: Iterable[ReportExtraction],
    progress: Callable[[int], None] | None,
) -> list[int]:
    lock_for_resolution(session)  # concurrent runs must not create the same incident twice
    batch = list(extractions)
    ids = [e.report_id for e in batch]
    reports = _reports(session, ids)
    missing = [i for i in ids if i not in reports]
    if missing:
        raise NotFound(f"report {missing[0]!r} is not stored: add the reports before resolving")
    seen: set[str] = set()
    for chunk in in_chunks(ids):
        seen.update(
            session.scalars(
                select(MentionRow.report_id).where(MentionRow.report_id.in_(chunk)).distinct()
            )
        )
    touched: set[int] = set()
    for e in [e for e in batch if e.report_id in seen]:
        touched.update(add_extraction(session, e))
    batch = [e for e in batch if e.report_id not in seen]
    index: MemoryCandidates[_Incident] = MemoryCandidates()
    incidents: list[_Incident] = []
    span = _span(batch, reports)
    if span:
        lo, hi = span
        existing = session.execute(
            select(IncidentRow.id, IncidentRow.record).where(
                IncidentRow.merged_into_id.is_(None),
                IncidentRow.date <= hi,
                func.coalesce(IncidentRow.date_end, IncidentRow.date) >= lo,
            )
        )
        for stored, record in existing:
            incidents.append(_Incident(-stored, stored, Record.from_json(record)))
            index.add(incidents[-1])
    pending: list[_Mention] = []
    apart = apart_pairs(session)  # analysts' keep-apart decisions, read once
    for n, extraction in enumerate(batch):
        report = reports[extraction.report_id]
        for ordinal, incident in enumerate(extraction.incidents):
            mention = _Mention(mention_values(report.id, ordinal, incident))
            pending.append(mention)
            d = mention.digest = digest(cast(MentionRow, mention), report)
            if incident.background and incident.date is None:
                continue
            found = [
                inc
                for inc in index.find(d)  # never one an analyst kept apart
                if not is_apart(apart, d.report_id, inc.record.report_ids)
            ]
            best = choose(d, found, lambda inc: inc.record) if substantive(incident) else None
            if best is not None:
                inc, decision = best
                inc.record = extend(inc.record, d)
                inc.logs.append(("attach", mention, decision.reason, decision.score))
            elif incident.background or not substantive(incident):
                continue
            else:
                inc = _Incident(len(incidents) + 1, None, aggregate([d]))
                inc.logs.append(("create", mention, "no existing incident matched", None))
                incidents.append(inc)
            inc.mentions.append(mention)
            index.add(inc)
        if progress:
            progress(n + 1)
    return sorted(touched | _write(session, incidents, pending))


_INCIDENT_COLUMNS = [
    c.key
    for c in IncidentRow.__table__.columns
    if c.key
    not in (
        "id",
        "created_at",
        "updated_at",
        "merged_into_id",
        "review_status",
        "overrides",
        "assignee",
        "version",
    )
]


class _Columns:
    """What `apply_record` computes for a new incident's row (a plain object: the batch's new
    incidents are inserted in one statement, not through the session)."""

    overrides: dict[str, Any] = {}  # a new incident has no analyst's corrections

    def __init__(self) -> None:
        for key in _INCIDENT_COLUMNS:
            setattr(self, key, None)


def _stored_rows(session: Session, ids: list[int]) -> dict[int, IncidentRow]:
    """The stored incidents that the batch changed, as rows of the session (their analysts'
    overrides are put back on the new columns)."""
    rows: dict[int, IncidentRow] = {}
    for chunk in in_chunks(ids):
        rows.update(
            {r.id: r for r in session.scalars(select(IncidentRow).where(IncidentRow.id.in_(chunk)))}
        )
    return rows


def _reserve_ids(session: Session, table: Table, n: int) -> list[int]:
    """Ids for ``n`` new rows of ``table``, taken before the rows are written (the incidents'
    records name their mentions). PostgreSQL: from the table's sequence. SQLite: after the
    largest id, as SQLite itself would number them; the write lock that `resolve_many` holds
    keeps them ours."""
    if n == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return sorted(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"table": table.name, "n": n},
            )
        )
    top = session.scalar(select(func.max(table.c.id))) or 0
    return list(range(top + 1, top + n + 1))


def _with_ids(record: Record, ids_of: dict[int, int]) -> Record:
    """``record`` with the ids just reserved for its digests (``ids_of``: by the digest's
    identity) in its digests and ``mention_ids``."""
    mentions = tuple(
        replace(d, id=ids_of[id(d)]) if id(d) in ids_of else d for d in record.mentions
    )
    return replace(record, mentions=mentions, mention_ids=tuple(d.id for d in mentions))


def _write(session: Session, incidents: list[_Incident], pending: list[_Mention]) -> set[int]:
    """Write the batch: each new incident once, with its record and columns; the stored ones
    it changed through the session; the mentions; the merge log."""
    mentions = cast(Table, MentionRow.__table__)
    # the digests of the batch's mentions, by identity: the records hold them without an id
    ids_of: dict[int, int] = {}
    for m, mention_id in zip(pending, _reserve_ids(session, mentions, len(pending)), strict=True):
        m.id = mention_id
        if m.digest is not None:
            ids_of[id(m.digest)] = mention_id
    changed = [inc for inc in incidents if inc.mentions]
    rows = _stored_rows(session, [inc.stored for inc in changed if inc.stored is not None])
    new, values = [], []
    for inc in changed:
        # the record as `aggregate` made it, now with the mentions' ids (they order by outlet
        # date and report, not by id: the order stays)
        record = _with_ids(inc.record, ids_of)
        if inc.stored is not None:  # an incident already stored: through the session
            apply_record(rows[inc.stored], record)
            continue
        columns = _Columns()
        apply_record(cast(IncidentRow, columns), record)
        new.append(inc)
        values.append(
            {key: getattr(columns, key) for key in _INCIDENT_COLUMNS}
            | {"overrides": {}, "review_status": "unreviewed"}
        )
    incidents_table = cast(Table, IncidentRow.__table__)
    ids = _reserve_ids(session, incidents_table, len(new))
    if values:  # one executemany, with the reserved ids
        session.execute(
            insert(incidents_table), [v | {"id": i} for v, i in zip(values, ids, strict=True)]
        )
    incident_id = {inc.seq: new_id for inc, new_id in zip(new, ids, strict=True)}
    incident_id |= {inc.seq: inc.stored for inc in changed if inc.stored is not None}
    for inc in changed:
        for m in inc.mentions:
            m.incident_id = incident_id[inc.seq]
    if pending:
        session.execute(
            insert(mentions),
            [
                m.values
                | {
                    "id": m.id,
                    "incident_id": m.incident_id,
                    "background": bool(m.values["background"]),
                }
                for m in pending
            ],
        )
    logs = [
        {
            "kind": kind,
            "incident_id": incident_id[inc.seq],
            "mention_ids": [m.id],
            "automatic": True,
            "score": score,
            "reason": reason,
            "user": None,
            "undone": False,
        }
        for inc in changed
        for kind, m, reason, score in inc.logs
    ]
    if logs:
        session.execute(insert(MergeLogRow), logs)
    session.flush()
    return set(incident_id.values())
