"""The Python API: a harmwatch database as a data person uses it from a notebook.

    import harmwatch
    db = harmwatch.open("harmwatch.db")            # or "postgresql://user@host/harmwatch"
    summary = db.ingest(["reports.jsonl", "https://example.org/article"])
    for inc in db.incidents(since="2020-01-01", place="Idlib", actor="russia"): ...
    df = db.incidents(since="2020-01-01").to_pandas()   # also .to_arrow(), .to_geojson()
    ex = harmwatch.extract("On Tuesday an airstrike ...", published="2018-01-30")
    db.reextract(since="2023-10-01"); db.merge(12, 15, by="ana"); db.split(12, "rep-4")
    db.undo(31)                                     # by: default the login name

Every method is the library function the CLI calls, with typed results (`harmwatch.models`,
`harmwatch.dataset`, the summaries of `harmwatch.process`); no SQLAlchemy object leaves this
module. Bad input raises the `harmwatch.errors` class the CLI reports, with the same message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from harmwatch.dataset import IncidentRecord, Incidents
from harmwatch.errors import UsageError
from harmwatch.models import ReportExtraction
from harmwatch.process import IngestSummary, ReextractSummary

T = TypeVar("T")


def day(value: dt.date | str | None, param: str) -> dt.date | None:
    """``value`` as a date: a `datetime.date` or ``"YYYY-MM-DD"``; `UsageError` otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(param, f"{value!r} is not a date: use YYYY-MM-DD") from None


class LogEntry(BaseModel):
    """One entry of the merge log: a merge, a split, an undo (reversible by its ``id``)."""

    model_config = ConfigDict(frozen=True)

    id: int
    kind: str
    incident_id: int
    other_incident_id: int | None = None
    mention_ids: list[int]
    user: str | None = None
    reason: str = ""


def _entry(row: Any) -> LogEntry:
    return LogEntry(
        id=row.id,
        kind=row.kind,
        incident_id=row.incident_id,
        other_incident_id=row.other_incident_id,
        mention_ids=list(row.mention_ids or []),
        user=row.user,
        reason=row.reason or "",
    )


def _who(by: str | None) -> str:
    import getpass

    return by or getpass.getuser()


class Database:
    """A harmwatch database (SQLite file or PostgreSQL URL), migrated when opened."""

    def __init__(self, url: str | Path) -> None:
        from harmwatch.store.db import normalise_url
        from harmwatch.store.migrate import upgrade

        self.url = normalise_url(str(url))
        upgrade(self.url)

    def __repr__(self) -> str:
        return f"<harmwatch.Database {self.url}>"

    def _run(self, work: Callable[[Session], T]) -> T:
        from harmwatch.store.db import session_scope

        with session_scope(self.url) as session:
            return work(session)

    def ingest(
        self,
        inputs: Sequence[str | Path],
        *,
        extract: bool = True,
        progress: bool = False,
        **options: Any,
    ) -> IngestSummary:
        """Read, store, extract and resolve ``inputs`` (files, directories, URLs), as
        ``harmwatch ingest``; ``options`` are `harmwatch.process.ingest`'s (format, fields,
        source, gazetteer_files...). What fails for one input is listed in ``.failed``."""
        from harmwatch.process import ingest

        return ingest(
            [str(i) for i in inputs], self.url, extract=extract, progress=progress, **options
        )

    def incidents(
        self,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        place: str | None = None,
        actor: str | None = None,
        *,
        grade: str | None = None,
        event_type: str | None = None,
        min_killed: int | None = None,
        q: str | None = None,
        review_status: str | None = None,
    ) -> Incidents:
        """The live incidents these filters keep, oldest first (the filters of ``harmwatch
        incidents`` and of the web app: place is a name, province or country; actor an id)."""
        from harmwatch.store.export import incident_dict
        from harmwatch.store.incidents import IncidentFilter, list_incidents

        if min_killed is not None and min_killed < 0:
            raise UsageError("min_killed", f"{min_killed} is below 0: give 0 or more")
        flt = IncidentFilter(
            since=day(since, "since"),
            until=day(until, "until"),
            place=place,
            actor=actor,
            grade=grade,
            event_type=event_type,
            min_killed=min_killed,
            q=q,
            review_status=review_status,
        )
        rows = self._run(lambda s: [incident_dict(r) for r in list_incidents(s, flt)])
        return Incidents([IncidentRecord.model_validate(r) for r in rows])

    def incident(self, incident_id: int) -> IncidentRecord:
        """One incident (`NotFound` when there is none with that id)."""
        from harmwatch.store.export import incident_dict
        from harmwatch.store.incidents import get_incident

        record = self._run(lambda s: incident_dict(get_incident(s, incident_id)))
        return IncidentRecord.model_validate(record)

    def reextract(
        self, since: dt.date | str | None = None, source: str | None = None, **options: Any
    ) -> ReextractSummary:
        """Extract stored reports again and re-resolve their incidents, keeping corrections,
        merges and splits (``harmwatch reextract``)."""
        from harmwatch.process import reextract

        return reextract(self.url, since=day(since, "since"), source=source, **options)

    def merge(self, keep: int, other: int, *, by: str | None = None, reason: str = "") -> LogEntry:
        """Merge incident ``other`` into ``keep`` (logged; `undo` reverses it). ``by`` is who
        does it (default: the login name, as the CLI's ``--user``)."""
        from harmwatch.resolve.merge import merge

        return self._run(lambda s: _entry(merge(s, keep, other, _who(by), reason)))

    def split(
        self, incident_id: int, report_id: str, *, by: str | None = None, reason: str = ""
    ) -> IncidentRecord:
        """Take the mentions of report ``report_id`` out of an incident into a new incident;
        returns the new incident."""
        from harmwatch.resolve.merge import split

        new_id = self._run(lambda s: split(s, incident_id, report_id, _who(by), reason).id)
        return self.incident(new_id)

    def undo(self, log_id: int, *, by: str | None = None) -> LogEntry:
        """Undo a merge, a split or an automatic attach by its merge-log id."""
        from harmwatch.resolve.merge import undo

        return self._run(lambda s: _entry(undo(s, log_id, _who(by))))

    def history(self, incident_id: int) -> list[LogEntry]:
        """The merge-log entries of an incident, oldest first (their ids are what `undo`
        takes)."""
        from harmwatch.store.queries import merge_history

        return self._run(lambda s: [_entry(e) for e in merge_history(s, incident_id)])


def open(url: str | Path | None = None) -> Database:  # noqa: A001 - harmwatch.open, as sqlite3
    """Open (and migrate) the database at ``url``: a SQLite file path or a database URL;
    default HARMWATCH_DATABASE_URL."""
    if url is None:
        from harmwatch.settings import get_settings

        url = get_settings().database_url
    return Database(url)


def extract(
    text: str,
    published: dt.date | str | None = None,
    *,
    source: str | None = None,
    title: str | None = None,
    report_id: str | None = None,
    gazetteer_files: Sequence[Path] = (),
) -> ReportExtraction:
    """Extract the incidents one report tells (nothing stored): relative dates ("on Tuesday")
    resolve against ``published``; every value carries the offsets of its evidence in
    ``text``."""
    from harmwatch.ingest.common import stable_id
    from harmwatch.models import Report
    from harmwatch.pipeline import get_extractor

    if not text or not text.strip():
        raise UsageError("text", "is empty: give the text of a report")
    report = Report(
        id=report_id or stable_id(text),
        text=text,
        title=title,
        published=day(published, "published"),
        source=source,
    )
    return get_extractor(gazetteer_files=tuple(gazetteer_files)).extract(report)
