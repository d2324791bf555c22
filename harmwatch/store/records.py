"""The incident record as stored in ``IncidentRow.record``, as pydantic models: what a reader of
the database (export, the API, the web pages) gets instead of a JSON blob read with ``.get()``.

    rec = load_record(row)          # -> StoredRecord | None (None: a row being made)
    rec.independent_sources[0].name, rec.perpetrators[0].status, rec.killed.min ...

The models describe the JSON exactly as `record.aggregate` writes it (and `record.stored`
stores it): ``StoredRecord.model_validate(json).model_dump(mode="json")`` gives the same JSON,
key for key and in the same order (tests/test_store_records.py), so the stored shape has not
changed and needs no migration.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from harmwatch.store.schema import IncidentRow


class _Stored(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Stored):
    """A primary source or an outlet, as the sources registry names it."""

    id: str
    name: str


class Place(_Stored):
    name: str
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    precision: str = "town"
    gazetteer_id: str | None = None
    evidence: list[int] | None = None


class Said(_Stored):
    """Who said it: the report, its outlet and its date."""

    report_id: str
    source: str | None
    published: dt.date | None


class Perpetrator(_Stored):
    id: str | None
    name: str | None
    status: str | None
    by: str | None
    report_id: str
    source: str | None
    published: dt.date | None


class Statement(_Stored):
    """A claim or a denial of responsibility."""

    id: str | None
    actor: str | None
    report_id: str
    source: str | None
    published: dt.date | None


class Figure(_Stored):
    kind: str
    value: int | None
    value_max: int | None
    qualifier: str | None
    group: str | None
    reported_by: str | None
    source_id: str | None
    revision: bool | None
    report_id: str
    source: str | None
    published: dt.date | None
    cites: Source | None


class Range(_Stored):
    min: int | None = None
    max: int | None = None


class Mention(_Stored):
    """What one mention says (`record.digest`), with its report's outlet and date."""

    id: int | None
    report_id: str
    source: str | None
    outlet: str
    outlet_source: Source
    cites: list[Source]
    published: dt.date | None
    url: str | None
    background: bool
    event_type: str
    date: dt.date | None
    date_precision: str | None
    location: Place | None
    perpetrators: list[Perpetrator]
    claims: list[Statement]
    denials: list[Statement]
    killed: Range | None
    injured: Range | None
    children_killed: Range | None
    women_killed: Range | None
    figures: list[Figure]
    combatants_only: bool
    revision: bool
    targets: list[str]
    snippet: str


class ReportRef(_Stored):
    report_id: str
    source: str | None
    published: dt.date | None
    url: str | None
    independent_group: int | None = None


class Words(_Stored):
    means: list[str]
    harm: list[str]
    around: bool


class MatchKeys(_Stored):
    """What `rules.decide` compares, gathered once."""

    types: list[str]
    actors: list[str]
    outlets: list[str]
    words: Words | None = None  # records stored before the words were gathered lack them


class StoredRecord(_Stored):
    """An incident's record: its mentions and what they say together."""

    mentions: list[Mention]
    mention_ids: list[int | None]
    report_ids: list[str]
    sources: list[ReportRef]
    n_reports: int
    n_independent: int
    independent_sources: list[Source]
    date: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    location: Place | None
    event_type: str
    perpetrators: list[Perpetrator]
    claims: list[Statement]
    denials: list[Statement]
    killed: Range | None
    injured: Range | None
    children_killed: Range | None
    women_killed: Range | None
    figures: list[Figure]
    combatants_only: bool
    targets: list[str]
    background_only: bool
    match: MatchKeys

    def as_json(self) -> dict[str, Any]:
        """The JSON as stored."""
        return self.model_dump(mode="json", exclude_unset=True)


def load_record(row: IncidentRow) -> StoredRecord | None:
    """The incident's record, typed; None for a row whose record is not yet written."""
    if not row.record:
        return None
    return StoredRecord.model_validate(row.record)
