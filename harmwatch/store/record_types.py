"""An incident record and a mention digest as frozen dataclasses (their parts are in
`record_parts`): what resolution passes
around, and what the store's readers (exports, the CLI, the demo) read of a stored record.

    d = resolve.record.digest(mention, report)   # -> Digest: what one mention says
    rec = read(row.record)                       # the stored JSON of an incident -> Record
    row.record = rec.to_json()                   # and back: the same JSON, key for key, in order

A `Digest` is what `resolve.rules.decide` compares with a `Record`; `resolve.record.aggregate`
makes a record of digests. Both are read and written as the JSON that ``IncidentRow.record``
stores, so nothing stored changes; `harmwatch.store.records.StoredRecord` is the same shape as
pydantic models, which validate it strictly where it leaves the house (the API). Here a key
that a record stored by an older version lacks reads as empty (as the readers' ``.get(key,
[])`` did), and a row whose record is not yet written (``{}``) as a record of nothing.

Days stay ISO strings, as in the JSON (``"2021-03-10"``): resolution compares and sorts them as
the stored record has them. Lists are tuples, so a value cannot be changed behind the record
that holds it; `dataclasses.replace` makes a changed copy.

A digest as a record stores it has no words (`Digest.means` is None): the record keeps them per
incident (`MatchKeys.words`); a digest made from a mention has them while it is compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from harmwatch.store.record_parts import (
    JSON,
    RANGES,
    Figure,
    MatchKeys,
    Perpetrator,
    Place,
    Range,
    ReportRef,
    Source,
    Statement,
    Words,
    _strs,
    said_from_json,
    said_to_json,
)

__all__ = [
    "JSON",
    "Digest",
    "Figure",
    "MatchKeys",
    "Perpetrator",
    "Place",
    "Range",
    "Record",
    "ReportRef",
    "Source",
    "Statement",
    "Words",
    "load",
    "read",
]


@dataclass(frozen=True, slots=True)
class Digest:
    """What one mention says, with its report's outlet and date (`record.digest`)."""

    id: int | None
    report_id: str
    source: str | None
    outlet: str  # `record.outlet_key`: the outlet as compared for independence
    outlet_source: Source | None  # None only in a record stored before it was kept
    cites: tuple[Source, ...]
    published: str | None
    url: str | None
    background: bool
    event_type: str
    date: str | None
    date_precision: str | None
    location: Place | None
    perpetrators: tuple[Perpetrator, ...]
    claims: tuple[Statement, ...]
    denials: tuple[Statement, ...]
    killed: Range | None
    injured: Range | None
    children_killed: Range | None
    women_killed: Range | None
    figures: tuple[Figure, ...]
    combatants_only: bool
    revision: bool
    targets: tuple[str, ...]
    snippet: str
    # what the pipeline read in the mention's evidence (`pipeline.cues`); None in a digest as
    # a record stores it (the record keeps them per incident: `MatchKeys.words`)
    means: tuple[str, ...] | None = None
    harm_words: tuple[str, ...] | None = None
    around: bool | None = None

    def range(self, name: str) -> Range | None:
        """``killed``, ``injured``, ``children_killed`` or ``women_killed`` by name."""
        return getattr(self, name)  # type: ignore[no-any-return]

    @property
    def has_words(self) -> bool:
        return self.means is not None

    @classmethod
    def from_json(cls, j: JSON) -> Digest:
        has_words = j.get("means") is not None
        outlet_source = j.get("outlet_source")
        return cls(
            id=j.get("id"),
            report_id=j["report_id"],
            source=j.get("source"),
            outlet=j["outlet"],
            outlet_source=Source.from_json(outlet_source) if outlet_source else None,
            cites=tuple(Source.from_json(s) for s in j.get("cites") or ()),
            published=j.get("published"),
            url=j.get("url"),
            background=bool(j.get("background")),
            event_type=j.get("event_type") or "other",
            date=j.get("date"),
            date_precision=j.get("date_precision"),
            location=Place.from_json(j.get("location")),
            **said_from_json(j),
            revision=bool(j.get("revision")),
            targets=_strs(j.get("targets")),
            snippet=j.get("snippet") or "",
            means=_strs(j["means"]) if has_words else None,
            harm_words=_strs(j.get("harm_words")) if has_words else None,
            around=bool(j.get("around")) if has_words else None,
        )

    def to_json(self, words: bool = True) -> JSON:
        """The digest as JSON; its words only when it has them and ``words``."""
        out = {
            "id": self.id,
            "report_id": self.report_id,
            "source": self.source,
            "outlet": self.outlet,
            "outlet_source": self.outlet_source.to_json() if self.outlet_source else None,
            "cites": [s.to_json() for s in self.cites],
            "published": self.published,
            "url": self.url,
            "background": self.background,
            "event_type": self.event_type,
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_json() if self.location is not None else None,
            **_said_json(self),
            "revision": self.revision,
            "targets": list(self.targets),
            "snippet": self.snippet,
        }
        if words and self.means is not None:
            out |= {
                "means": list(self.means),
                "harm_words": list(self.harm_words or ()),
                "around": bool(self.around),
            }
        return out


@dataclass(frozen=True, slots=True)
class Record:
    """An incident's record: its mentions' digests and what they say together
    (`record.aggregate`)."""

    mentions: tuple[Digest, ...]
    mention_ids: tuple[int | None, ...]
    report_ids: tuple[str, ...]
    sources: tuple[ReportRef, ...]
    n_reports: int
    n_independent: int
    independent_sources: tuple[Source, ...]
    date: str | None
    date_end: str | None
    date_precision: str | None
    location: Place | None
    event_type: str
    perpetrators: tuple[Perpetrator, ...]
    claims: tuple[Statement, ...]
    denials: tuple[Statement, ...]
    killed: Range | None
    injured: Range | None
    children_killed: Range | None
    women_killed: Range | None
    figures: tuple[Figure, ...]
    combatants_only: bool
    targets: tuple[str, ...]
    background_only: bool
    match: MatchKeys

    def range(self, name: str) -> Range | None:
        """``killed``, ``injured``, ``children_killed`` or ``women_killed`` by name."""
        return getattr(self, name)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, j: JSON) -> Record:
        """The record of the stored JSON (``IncidentRow.record``); a key it lacks reads as
        empty."""
        return cls(
            mentions=tuple(Digest.from_json(d) for d in j.get("mentions") or ()),
            mention_ids=tuple(j.get("mention_ids") or ()),
            report_ids=_strs(j.get("report_ids")),
            sources=tuple(ReportRef.from_json(s) for s in j.get("sources") or ()),
            n_reports=j.get("n_reports") or 0,
            n_independent=j.get("n_independent") or 0,
            independent_sources=tuple(
                Source.from_json(s) for s in j.get("independent_sources") or ()
            ),
            date=j.get("date"),
            date_end=j.get("date_end"),
            date_precision=j.get("date_precision"),
            location=Place.from_json(j.get("location")),
            event_type=j.get("event_type") or "other",
            **said_from_json(j),
            targets=_strs(j.get("targets")),
            background_only=bool(j.get("background_only")),
            match=MatchKeys.from_json(j.get("match") or {}),
        )

    def to_json(self) -> JSON:
        """The record as stored: its digests without their words (``match.words`` has
        them)."""
        return {
            "mentions": [d.to_json(words=False) for d in self.mentions],
            "mention_ids": list(self.mention_ids),
            "report_ids": list(self.report_ids),
            "sources": [s.to_json() for s in self.sources],
            "n_reports": self.n_reports,
            "n_independent": self.n_independent,
            "independent_sources": [s.to_json() for s in self.independent_sources],
            "date": self.date,
            "date_end": self.date_end,
            "date_precision": self.date_precision,
            "location": self.location.to_json() if self.location is not None else None,
            "event_type": self.event_type,
            **_said_json(self),
            "targets": list(self.targets),
            "background_only": self.background_only,
            "match": self.match.to_json(),
        }


def load(record: JSON | None) -> Record | None:
    """The `Record` of a stored JSON record; None for a row whose record is not yet written."""
    return Record.from_json(record) if record else None


def read(record: JSON | None) -> Record:
    """The `Record` of a stored JSON record; a row whose record is not yet written reads as
    a record of nothing (no mentions, reports, figures or actors)."""
    return Record.from_json(record or {})


def _said_json(said: Digest | Record) -> JSON:
    return said_to_json(
        said.perpetrators,
        said.claims,
        said.denials,
        tuple(said.range(name) for name in RANGES),
        said.figures,
        said.combatants_only,
    )
