"""What a report's words say beyond the extracted fields, for telling two events apart: how the
attack was carried out (warplanes, artillery, fighting, a planted bomb, gunmen), what it says
of the harm ("no fatalities were reported", "neither injuries nor fatalities", "civilians were
wounded") and whether it places the event around a town rather than in it ("near", "on the
front", "in the vicinity of"). The words are in ``resolve/data/means.csv``, ``harm_cues.csv``
and ``place_cues.csv``.

Only contradictions count: a report naming only warplanes against reports naming only
artillery, or "nobody was killed" against a toll. Silence never conflicts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from harmwatch.resolve.vocab import harm_cues, means_patterns, place_cues, remote_families


@lru_cache(maxsize=65536)
def means(snippet: str) -> frozenset[str]:
    """How the text says the attack was carried out: air, fire, ground, blast, shot."""
    return frozenset(name for name, pattern in means_patterns() if pattern.search(snippet))


def means_clash(d: dict[str, Any], rec: dict[str, Any]) -> bool:
    """Whether the mention names only other means than the incident's reports do (warplanes
    where they all say artillery): two attacks on one town, not one told twice."""
    mine = means(d["snippet"]) if d["snippet"] else frozenset()
    if not mine:
        return False
    theirs = frozenset(_words(rec)["means"])
    return bool(theirs) and not mine & theirs


def unsure_means(d: dict[str, Any], rec: dict[str, Any]) -> bool:
    """Whether the mention and the incident's reports name only attacks from afar (warplanes,
    artillery, rockets), which a witness on the ground often tells one for the other."""
    remote = remote_families()
    mine = means(d["snippet"]) if d["snippet"] else frozenset()
    return mine <= remote and frozenset(_words(rec)["means"]) <= remote


@lru_cache(maxsize=65536)
def _harm_words(snippet: str) -> frozenset[str]:
    cues = harm_cues()
    found = {cue for cue in ("no_deaths", "no_injuries") if cues[cue].search(snippet)}
    rest = cues["no_injuries"].sub(" ", cues["no_deaths"].sub(" ", snippet))
    if cues["injured"].search(rest):
        found.add("injured")
    return frozenset(found)


def harm_said(d: dict[str, Any]) -> frozenset[str]:
    """What a mention says of the harm: killed / injured (a figure or words) and no_deaths /
    no_injuries (said in words: "no fatalities were reported")."""
    killed, injured = d["killed"] or {}, d["injured"] or {}
    return _said(d["snippet"] or "", bool(killed.get("max") or killed.get("min")),
                 bool(injured.get("max") or injured.get("min")))


@lru_cache(maxsize=65536)
def _said(snippet: str, killed: bool, injured: bool) -> frozenset[str]:
    said = set(_harm_words(snippet)) if snippet else set()
    if killed:
        said.add("killed")
        said.discard("no_deaths")
    if injured:
        said.add("injured")
        said.discard("no_injuries")
    return frozenset(said)


def harm_clash(d: dict[str, Any], rec: dict[str, Any]) -> bool:
    """Whether one side says nobody was killed (or hurt) where the other tells of the dead (or
    the wounded): two events, whatever else they share."""
    mine = harm_said(d)
    if not mine:
        return False
    theirs = frozenset(_words(rec)["harm"])
    return any(none in mine and some in theirs or some in mine and none in theirs
               for none, some in (("no_deaths", "killed"), ("no_injuries", "injured")))


@lru_cache(maxsize=65536)
def placed_around(snippet: str) -> bool:
    """Whether the text places the event around its town rather than in it: "clashes near
    Kafr Nabl", "on the Harasta front", "villages in the vicinity of Saraqib"."""
    return bool(snippet) and bool(place_cues()["around"].search(snippet))


def around_town(d: dict[str, Any], rec: dict[str, Any]) -> bool:
    """Whether the mention or any report of the incident places it around the town: a front
    line runs past many villages, and fighting "near" a town is one of several engagements."""
    return placed_around(d["snippet"] or "") or bool(_words(rec)["around"])


def incident_words(mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """What an incident's reports say in words, gathered once per record (``match.words``):
    the means named, the harm said, and whether any places it around the town."""
    return {
        "means": sorted(frozenset().union(*(means(m["snippet"]) for m in mentions
                                            if m["snippet"]))),
        "harm": sorted(frozenset().union(*(harm_said(m) for m in mentions))),
        "around": any(placed_around(m["snippet"] or "") for m in mentions),
    }


def _words(rec: dict[str, Any]) -> dict[str, Any]:
    words = rec["match"].get("words")  # records stored before it was gathered lack it
    return words if words is not None else incident_words(rec["mentions"])
