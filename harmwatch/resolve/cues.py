"""What reports' words say beyond the extracted fields, compared for telling two events apart:
how the attack was carried out (warplanes, artillery, fighting, a planted bomb, gunmen), what
they say of the harm ("no fatalities were reported", "civilians were wounded") and whether they
place the event around a town rather than in it ("near", "on the front").

The pipeline reads the words (`pipeline.cues`: ``means``, ``harm_words`` and ``around`` on each
incident); a digest carries them, and a record gathers them per incident (``match.words``).
Nothing here reads a text of its own: a digest as stored in a record (without its words) or a
record from before ``match.words`` is read by the pipeline's reader (`pipeline.cues.read`).

Only contradictions count: a report naming only warplanes against reports naming only
artillery, or "nobody was killed" against a toll. Silence never conflicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from harmwatch.pipeline import cues
from harmwatch.resolve.vocab import remote_families
from harmwatch.store.record_types import Digest, Record, Words


def _read(d: Digest) -> Digest:
    """The words of a digest: its own (`record.digest` puts them on), or, for a digest as
    stored in a record (which keeps them per incident only), the pipeline's reading of its
    snippet."""
    return d if d.means is not None else _with_words(d)


def means(d: Digest) -> frozenset[str]:
    """How the mention says the attack was carried out: air, fire, ground, blast, shot."""
    return frozenset(_read(d).means or ())


def means_clash(d: Digest, rec: Record) -> bool:
    """Whether the mention names only other means than the incident's reports do (warplanes
    where they all say artillery): two attacks on one town, not one told twice."""
    mine = means(d)
    if not mine:
        return False
    theirs = frozenset(_words(rec).means)
    return bool(theirs) and not mine & theirs


def unsure_means(d: Digest, rec: Record) -> bool:
    """Whether the mention and the incident's reports name only attacks from afar (warplanes,
    artillery, rockets), which a witness on the ground often tells one for the other."""
    remote = remote_families()
    return means(d) <= remote and frozenset(_words(rec).means) <= remote


def harm_said(d: Digest) -> frozenset[str]:
    """What a mention says of the harm: killed / injured (a figure or words) and no_deaths /
    no_injuries (said in words: "no fatalities were reported")."""
    killed, injured = d.killed, d.injured
    return _said(
        frozenset(_read(d).harm_words or ()),
        bool(killed and (killed.max or killed.min)),
        bool(injured and (injured.max or injured.min)),
    )


@lru_cache(maxsize=1024)
def _said(words: frozenset[str], killed: bool, injured: bool) -> frozenset[str]:
    said = set(words)
    if killed:
        said.add("killed")
        said.discard("no_deaths")
    if injured:
        said.add("injured")
        said.discard("no_injuries")
    return frozenset(said)


def harm_clash(d: Digest, rec: Record) -> bool:
    """Whether one side says nobody was killed (or hurt) where the other tells of the dead (or
    the wounded): two events, whatever else they share."""
    mine = harm_said(d)
    if not mine:
        return False
    theirs = frozenset(_words(rec).harm)
    return any(
        none in mine and some in theirs or some in mine and none in theirs
        for none, some in (("no_deaths", "killed"), ("no_injuries", "injured"))
    )


def around_town(d: Digest, rec: Record) -> bool:
    """Whether the mention or any report of the incident places it around the town: a front
    line runs past many villages, and fighting "near" a town is one of several engagements."""
    return bool(_read(d).around) or bool(_words(rec).around)


def _with_words(m: Digest) -> Digest:
    """A digest stored in a record from before ``match.words`` was gathered: its words, read
    by the pipeline's reader in its snippet."""
    words = cues.read(m.snippet or "")
    return replace(
        m,
        means=tuple(sorted(words.means)),
        harm_words=tuple(sorted(words.harm)),
        around=words.around,
    )


def incident_words(mentions: Sequence[Digest], known: Words | None = None) -> Words:
    """What an incident's reports say in words, gathered once per record (``match.words``): the
    means named, the harm said, and whether any places it around the town. ``known``: the words
    of the stored digests among ``mentions`` (which no longer carry theirs)."""
    named: set[str] = set(known.means) if known else set()
    harm: set[str] = set(known.harm) if known else set()
    around = bool(known and known.around)
    for m in mentions:
        if m.means is None:
            if known is not None:
                continue  # a stored digest: in ``known``
            m = _with_words(m)
        named |= means(m)
        harm |= harm_said(m)
        around = around or bool(m.around)
    return Words(tuple(sorted(named)), tuple(sorted(harm)), around)


def _words(rec: Record) -> Words:
    words = rec.match.words  # records stored before it was gathered lack it
    return words if words is not None else incident_words(rec.mentions)
