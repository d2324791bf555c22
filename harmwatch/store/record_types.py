"""An incident record and a mention digest as frozen dataclasses: what resolution passes
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
from typing import Any

JSON = dict[str, Any]


def _strs(items: Any) -> tuple[str, ...]:
    return tuple(items or ())


@dataclass(frozen=True, slots=True)
class Source:
    """A primary source or an outlet, as the sources registry names it."""

    id: str
    name: str

    @classmethod
    def from_json(cls, j: JSON) -> Source:
        return cls(j["id"], j["name"])

    def to_json(self) -> JSON:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True, slots=True)
class Place:
    """A mention's or an incident's place (`harmwatch.models.Location` as JSON). ``precision``
    is None only for a place read from the incidents table's columns that has none."""

    name: str
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    precision: str | None = "town"
    gazetteer_id: str | None = None
    evidence: tuple[int, ...] | None = None

    @classmethod
    def from_json(cls, j: JSON | None) -> Place | None:
        if not j:
            return None
        evidence = j.get("evidence")
        return cls(
            j["name"],
            j.get("lat"),
            j.get("lon"),
            j.get("admin1"),
            j.get("admin2"),
            j.get("country"),
            j.get("precision"),
            j.get("gazetteer_id"),
            tuple(evidence) if evidence is not None else None,
        )

    def to_json(self) -> JSON:
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "country": self.country,
            "precision": self.precision,
            "gazetteer_id": self.gazetteer_id,
            "evidence": list(self.evidence) if self.evidence is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Range:
    """A casualty range; either bound may be unknown."""

    min: int | None = None
    max: int | None = None

    @classmethod
    def from_json(cls, j: JSON | None) -> Range | None:
        return cls(j.get("min"), j.get("max")) if j else None

    def to_json(self) -> JSON:
        return {"min": self.min, "max": self.max}


def _place_json(p: Place | None) -> JSON | None:
    return p.to_json() if p is not None else None


def _range_json(r: Range | None) -> JSON | None:
    return r.to_json() if r is not None else None


@dataclass(frozen=True, slots=True)
class Perpetrator:
    """Who a report holds responsible (``by``: who alleges it), with the report that says so."""

    id: str | None
    name: str | None
    status: str | None
    by: str | None
    report_id: str
    source: str | None
    published: str | None

    @classmethod
    def from_json(cls, j: JSON) -> Perpetrator:
        return cls(
            j.get("id"),
            j.get("name"),
            j.get("status"),
            j.get("by"),
            j.get("report_id") or "",
            j.get("source"),
            j.get("published"),
        )

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "by": self.by,
            "report_id": self.report_id,
            "source": self.source,
            "published": self.published,
        }


@dataclass(frozen=True, slots=True)
class Statement:
    """A claim or a denial of responsibility, with the report that tells it."""

    id: str | None
    actor: str | None
    report_id: str
    source: str | None
    published: str | None

    @classmethod
    def from_json(cls, j: JSON) -> Statement:
        return cls(
            j.get("id"),
            j.get("actor"),
            j.get("report_id") or "",
            j.get("source"),
            j.get("published"),
        )

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "actor": self.actor,
            "report_id": self.report_id,
            "source": self.source,
            "published": self.published,
        }


@dataclass(frozen=True, slots=True)
class Figure:
    """One casualty figure of a report, with the primary source it cites (``cites``)."""

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
    published: str | None
    cites: Source | None

    @classmethod
    def from_json(cls, j: JSON) -> Figure:
        cites = j.get("cites")
        return cls(
            j.get("kind") or "",
            j.get("value"),
            j.get("value_max"),
            j.get("qualifier"),
            j.get("group"),
            j.get("reported_by"),
            j.get("source_id"),
            j.get("revision"),
            j.get("report_id") or "",
            j.get("source"),
            j.get("published"),
            Source.from_json(cites) if cites else None,
        )

    def to_json(self) -> JSON:
        return {
            "kind": self.kind,
            "value": self.value,
            "value_max": self.value_max,
            "qualifier": self.qualifier,
            "group": self.group,
            "reported_by": self.reported_by,
            "source_id": self.source_id,
            "revision": self.revision,
            "report_id": self.report_id,
            "source": self.source,
            "published": self.published,
            "cites": self.cites.to_json() if self.cites is not None else None,
        }


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
            perpetrators=tuple(Perpetrator.from_json(a) for a in j.get("perpetrators") or ()),
            claims=tuple(Statement.from_json(a) for a in j.get("claims") or ()),
            denials=tuple(Statement.from_json(a) for a in j.get("denials") or ()),
            killed=Range.from_json(j.get("killed")),
            injured=Range.from_json(j.get("injured")),
            children_killed=Range.from_json(j.get("children_killed")),
            women_killed=Range.from_json(j.get("women_killed")),
            figures=tuple(Figure.from_json(f) for f in j.get("figures") or ()),
            combatants_only=bool(j.get("combatants_only")),
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
            "location": _place_json(self.location),
            "perpetrators": [a.to_json() for a in self.perpetrators],
            "claims": [a.to_json() for a in self.claims],
            "denials": [a.to_json() for a in self.denials],
            "killed": _range_json(self.killed),
            "injured": _range_json(self.injured),
            "children_killed": _range_json(self.children_killed),
            "women_killed": _range_json(self.women_killed),
            "figures": [f.to_json() for f in self.figures],
            "combatants_only": self.combatants_only,
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
class ReportRef:
    """One report of an incident; ``independent_group``: the story it belongs to."""

    report_id: str
    source: str | None
    published: str | None
    url: str | None
    independent_group: int | None = None

    @classmethod
    def from_json(cls, j: JSON) -> ReportRef:
        return cls(
            j.get("report_id") or "",
            j.get("source"),
            j.get("published"),
            j.get("url"),
            j.get("independent_group"),
        )

    def to_json(self) -> JSON:
        out: JSON = {
            "report_id": self.report_id,
            "source": self.source,
            "published": self.published,
            "url": self.url,
        }
        if self.independent_group is not None:
            out["independent_group"] = self.independent_group
        return out


@dataclass(frozen=True, slots=True)
class Words:
    """What an incident's reports say in words (`cues.incident_words`)."""

    means: tuple[str, ...]
    harm: tuple[str, ...]
    around: bool

    @classmethod
    def from_json(cls, j: JSON | None) -> Words | None:
        if j is None:
            return None
        return cls(_strs(j.get("means")), _strs(j.get("harm")), bool(j.get("around")))

    def to_json(self) -> JSON:
        return {"means": list(self.means), "harm": list(self.harm), "around": self.around}


@dataclass(frozen=True, slots=True)
class MatchKeys:
    """What `rules.decide` compares, gathered once per record."""

    types: tuple[str, ...]
    actors: tuple[str, ...]
    outlets: tuple[str, ...]
    words: Words | None = None  # records stored before the words were gathered lack them

    @classmethod
    def from_json(cls, j: JSON) -> MatchKeys:
        return cls(
            _strs(j.get("types")),
            _strs(j.get("actors")),
            _strs(j.get("outlets")),
            Words.from_json(j.get("words")),
        )

    def to_json(self) -> JSON:
        out: JSON = {
            "types": list(self.types),
            "actors": list(self.actors),
            "outlets": list(self.outlets),
        }
        if self.words is not None:
            out["words"] = self.words.to_json()
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
            perpetrators=tuple(Perpetrator.from_json(a) for a in j.get("perpetrators") or ()),
            claims=tuple(Statement.from_json(a) for a in j.get("claims") or ()),
            denials=tuple(Statement.from_json(a) for a in j.get("denials") or ()),
            killed=Range.from_json(j.get("killed")),
            injured=Range.from_json(j.get("injured")),
            children_killed=Range.from_json(j.get("children_killed")),
            women_killed=Range.from_json(j.get("women_killed")),
            figures=tuple(Figure.from_json(f) for f in j.get("figures") or ()),
            combatants_only=bool(j.get("combatants_only")),
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
            "location": _place_json(self.location),
            "event_type": self.event_type,
            "perpetrators": [a.to_json() for a in self.perpetrators],
            "claims": [a.to_json() for a in self.claims],
            "denials": [a.to_json() for a in self.denials],
            "killed": _range_json(self.killed),
            "injured": _range_json(self.injured),
            "children_killed": _range_json(self.children_killed),
            "women_killed": _range_json(self.women_killed),
            "figures": [f.to_json() for f in self.figures],
            "combatants_only": self.combatants_only,
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
