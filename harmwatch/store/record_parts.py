"""The small parts of an incident record (`record_types`): sources, places, ranges, who is held
responsible, statements, figures, report references and match keys, each a frozen dataclass read
from and written to the JSON that ``IncidentRow.record`` stores, key for key and in order.

`said_from_json` / `said_to_json` read and write the block that a mention's digest and an
incident's record both carry: who is held responsible, claims and denials, the casualty ranges
and their figures.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Self, cast

JSON = dict[str, Any]


def _strs(items: Any) -> tuple[str, ...]:
    return tuple(items or ())


def _flat_from_json(cls: Any, j: JSON, **given: Any) -> Any:
    """A part read key for key from its fields' names; a missing text field reads as ''."""
    values = [
        given[f.name]
        if f.name in given
        else (j.get(f.name) or "" if f.type == "str" else j.get(f.name))
        for f in fields(cls)
    ]
    return cls(*values)


def _flat_to_json(part: Any) -> JSON:
    return {f.name: getattr(part, f.name) for f in fields(part)}


class _Flat:
    """A part whose JSON is its fields, key for key and in order."""

    __slots__ = ()

    @classmethod
    def from_json(cls, j: JSON) -> Self:
        return cast("Self", _flat_from_json(cls, j))

    def to_json(self) -> JSON:
        return _flat_to_json(self)


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


def _range_json(r: Range | None) -> JSON | None:
    return r.to_json() if r is not None else None


@dataclass(frozen=True, slots=True)
class Perpetrator(_Flat):
    """Who a report holds responsible (``by``: who alleges it), with the report that says so."""

    id: str | None
    name: str | None
    status: str | None
    by: str | None
    report_id: str
    source: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class Statement(_Flat):
    """A claim or a denial of responsibility, with the report that tells it."""

    id: str | None
    actor: str | None
    report_id: str
    source: str | None
    published: str | None


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
        return _flat_from_json(cls, j, cites=Source.from_json(cites) if cites else None)

    def to_json(self) -> JSON:
        out = _flat_to_json(self)
        out["cites"] = self.cites.to_json() if self.cites is not None else None
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


RANGES = ("killed", "injured", "children_killed", "women_killed")


def said_from_json(j: JSON) -> JSON:
    """The keyword arguments of the block a digest and a record share, read from their JSON: who
    is held responsible, claims, denials, the four ranges, the figures and whether only
    combatants are said to have died. A key the JSON lacks reads as empty."""
    return {
        "perpetrators": tuple(Perpetrator.from_json(a) for a in j.get("perpetrators") or ()),
        "claims": tuple(Statement.from_json(a) for a in j.get("claims") or ()),
        "denials": tuple(Statement.from_json(a) for a in j.get("denials") or ()),
        **{name: Range.from_json(j.get(name)) for name in RANGES},
        "figures": tuple(Figure.from_json(f) for f in j.get("figures") or ()),
        "combatants_only": bool(j.get("combatants_only")),
    }


def said_to_json(
    perpetrators: tuple[Perpetrator, ...],
    claims: tuple[Statement, ...],
    denials: tuple[Statement, ...],
    ranges: tuple[Range | None, ...],
    figures: tuple[Figure, ...],
    combatants_only: bool,
) -> JSON:
    """The JSON of that block, in the stored key order; ``ranges`` in the order of `RANGES`."""
    return {
        "perpetrators": [a.to_json() for a in perpetrators],
        "claims": [a.to_json() for a in claims],
        "denials": [a.to_json() for a in denials],
        **{name: _range_json(r) for name, r in zip(RANGES, ranges, strict=True)},
        "figures": [f.to_json() for f in figures],
        "combatants_only": combatants_only,
    }
