"""Stage "hw_actors": who attacked, who is accused and by whom, who claims and who denies.

Actor names come from ``data/actors.jsonl`` (plus ``settings.actor_aliases_file``, same
format: ``{"id": ..., "name": ..., "kind": "belligerent"|"source", "aliases": [...]}``). Each
name found in the text becomes an `ActorMention` whose ``role`` is read off its sentence:

- ``perpetrator``: "Russian warplanes bombed", "carried out by the Syrian air force",
  "regime helicopters dropped barrel bombs" (an attack noun after the name, an attack verb
  after it, or "by" before it, in a sentence that tells of an attack);
- ``alleged``: the same in a sentence that accuses ("accused Russia of", "believes were carried
  out by", "blamed", "probably"), with ``by`` the source that alleges it;
- ``claim`` / ``denial``: the actor that claims or denies responsibility;
- ``source``: monitors, rescuers and media (SOHR, White Helmets, SANA ...): reporters only;
- ``victim``: the attacked side ("strikes on HTS positions"); ``mention`` otherwise.

The stage in modules: actor_vocab.py (the registry's names as `Alias` entries and their
patterns), actor_names.py (`find_names`: the names of a sentence), actor_context.py (one name's
role from the words around it), actor_roles.py (the roles of a sentence's names together, and
the parse's word), actor_statements.py (speakers, denials, claims, mutual blame, hedges); this
module holds the spaCy component, `ActorFinder.sentence_mentions` that puts them together, the
generic words named for the report's country, and `normalise_actor`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from harmwatch.gazetteer.load import country_names
from harmwatch.pipeline import (
    agents,
    registry,
    types,  # noqa: F401  (registers the Doc extensions)
)
from harmwatch.pipeline.actor_names import find_names
from harmwatch.pipeline.actor_roles import (
    backers,
    clash_is_setting,
    killed_in_the_fighting,
    parsed_roles,
    pattern_roles,
)
from harmwatch.pipeline.actor_statements import (
    ACCUSES,
    SUBORDINATE,
    claimed_by_its_target,
    cue_speaker,
    either_or,
    hedges_a_noun,
    hedges_what_follows,
    mutual_blame,
    read_denial_or_claim,
    speaks,
)
from harmwatch.pipeline.actor_vocab import ActorVocab, Alias, load_vocab
from harmwatch.pipeline.anaphora import antecedent_source, speaker_phrase
from harmwatch.pipeline.segment import dominant_country
from harmwatch.pipeline.types import ActorMention, doc_text
from harmwatch.pipeline.vocab import cue, sentence_spans

__all__ = [
    "PERPETRATOR_ROLES",
    "ActorFinder",
    "ActorVocab",
    "Alias",
    "load_vocab",
    "make_actor_finder",
    "normalise_actor",
]


PERPETRATOR_ROLES = ("perpetrator", "alleged", "claim")


def normalise_actor(name: str, extra_file: str | None = None, country: str | None = None) -> str:
    """The normalised id of an actor name ("Syrian army" -> "syria_gov"), else the name; a
    generic name ("Regime forces") is named for ``country``, else left as it is."""
    vocab = load_vocab(extra_file)
    key = name.strip().lower().replace("’", "'")
    alias = vocab.aliases.get(key)
    if alias is None:
        alias = next((m[2] for m in find_names(vocab, name)), None)
    if alias is None:
        return name
    if alias.actor_id.startswith("generic:"):
        return registry.resolve_generic(alias.actor_id.split(":", 1)[1], country, None) or name
    return alias.actor_id


@dataclass(frozen=True)
class _Read:
    text: str
    spans: list[tuple[int, int]]
    found: list[list[tuple[int, int, Alias]]]
    first: list[list[str]]
    wanted: list[int]


class ActorFinder:
    def __init__(
        self, aliases_file: str | None = None, model: str | None = None, nlp: Language | None = None
    ) -> None:
        self.vocab = load_vocab(aliases_file)
        self.model = model
        self.nlp = nlp  # the pipeline whose (disabled) tok2vec and parser the parse reuses

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc], batch_size=1)))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """The docs, their sentences that the parse may speak to parsed in one batch per
        ``batch_size`` docs (a third quicker than a batch per doc; the parse of a sentence does
        not depend on the others in its batch)."""
        for batch in minibatch(docs, size=batch_size):
            read = [self._patterns(doc) for doc in batch]
            sentences = [r.text[slice(*r.spans[i])] for r in read for i in r.wanted]
            parsed = iter(
                agents.roles_many(sentences, self.model or "", self.nlp) if sentences else []
            )
            for doc, r in zip(batch, read, strict=True):
                self._finish(doc, r, [next(parsed) for _ in r.wanted])
                yield doc

    def _patterns(self, doc: Doc) -> _Read:
        """A doc's sentences, the names in each, their pattern roles, and which sentences the
        parse may speak to."""
        text = doc_text(doc)
        spans = sentence_spans(doc)
        found = [find_names(self.vocab, text[start:end]) for start, end in spans]
        first = [
            self.pattern_roles(text[s:e], f) if f else []
            for (s, e), f in zip(spans, found, strict=True)
        ]
        wanted = [
            i
            for i, ((s, e), f, r) in enumerate(zip(spans, found, first, strict=True))
            if self.model and self._parse_wanted(text[s:e], f, r)
        ]
        return _Read(text, spans, found, first, wanted)

    def _finish(self, doc: Doc, read: _Read, batch: list[agents.Roles]) -> None:
        mentions: list[ActorMention] = []
        parsed: list[agents.Roles | None] = [None] * len(read.spans)
        for i, roles in zip(read.wanted, batch, strict=True):
            parsed[i] = roles
        for (start, end), f, r, p in zip(read.spans, read.found, read.first, parsed, strict=True):
            mentions += self.sentence_mentions(read.text, start, end, f, r, p)
        country = dominant_country(doc._.hw_places or ())  # the segmenter's own count
        doc._.hw_actors = tuple(_resolve_generics(mentions, country))

    def resolve(self, mentions: list[ActorMention], country: str | None) -> list[ActorMention]:
        """``mentions`` with their generic words named for ``country`` (`_resolve_generics`)."""
        return _resolve_generics(mentions, country)

    @staticmethod
    def _parse_wanted(sent: str, found: list[tuple[int, int, Alias]], roles: list[str]) -> bool:
        """Whether the parse may change the sentence's reading: a party the patterns did not
        take for the attacker, and a verb of harm or blame."""
        return any(
            a.kind == "belligerent" and a.actor_id != "unknown" and r in ("victim", "mention")
            for (_, _, a), r in zip(found, roles, strict=True)
        ) and bool(_HARM_OR_BLAME().search(sent))

    def sentence_mentions(
        self,
        text: str,
        s_start: int,
        s_end: int,
        found: list[tuple[int, int, Alias]] | None = None,
        roles: list[str] | None = None,
        parsed: agents.Roles | None = None,
    ) -> list[ActorMention]:
        """The actor mentions of one sentence; ``found``, ``roles`` and ``parsed`` are its
        names, their pattern roles and its parse when the caller has them already."""
        sent = text[s_start:s_end]
        if found is None:
            found = find_names(self.vocab, sent)
        if not found:
            return []
        if roles is None:
            roles = self.pattern_roles(sent, found)
        else:
            roles = list(roles)
        denial = cue("denial").search(sent)
        claim = cue("claim").search(sent) or claimed_by_its_target(sent, found)
        hedges = list(cue("allegation").finditer(sent))
        # "suspected militants", "an alleged hideout": a hedge on one noun, not on the sentence
        alleging = next((h for h in hedges if not hedges_a_noun(sent, h)), None)
        sources = [(s, e, a) for s, e, a in found if a.kind == "source"]
        if parsed is None and self.model and self._parse_wanted(sent, found, roles):
            parsed = agents.roles_many([sent], self.model, self.nlp)[0]
        if parsed is not None:
            parsed_roles(parsed, found, roles)
            for i, (start, end, alias) in enumerate(found):
                if (
                    roles[i] == "perpetrator"
                    and _TOWN_COMMA_BEFORE.search(sent, max(0, start - 60), start)
                    and _AFTER_A_PLACE.match(sent, end)
                    and registry.names_the_state(alias.actor_id, sent[start:end])
                ):
                    # "an explosion at a market in Turbat, Pakistan, killed 12": the country of
                    # the town, inside the subject the parse gives, not who did it
                    roles[i] = "mention"
            if cue("clash").search(sent):
                # the parse reads the fallen as the attacked: in a fight they are a side
                killed_in_the_fighting(sent, found, roles, side="perpetrator")
        accused_denier = read_denial_or_claim(sent, found, roles, parsed, denial, claim, alleging)
        uncertain = cue("uncertain").search(sent)  # "not known if they were Russian or Syrian"
        either = either_or(sent, found, roles)
        mutual = mutual_blame(sent, found)
        behind = backers(sent, found)
        # "the raids came amid clashes between X and Y": the sides of the setting
        behind |= {i for i, (start, _e, _a) in enumerate(found) if clash_is_setting(sent, start)}
        out = []
        for i, (start, end, alias) in enumerate(found):
            role = roles[i]
            by = by_id = None
            if i in mutual:  # "the army and the RSF blamed each other": each accuses the other
                role = "alleged"
                other = found[mutual[i]]
                by, by_id = sent[other[0] : other[1]], other[2].actor_id
            own_hedge = any(
                hedges_a_noun(sent, h) and 0 <= start - h.end() <= 25 for h in hedges
            )  # "suspected Boko Haram militants killed": this one's name is hedged
            hedged = alleging is not None and not (
                alleging.start() > start
                and (
                    hedges_what_follows(sent, alleging)
                    # "shot a man after he allegedly tried to stab a soldier": the hedge is on
                    # what the clause after the attacker says of someone else
                    or bool(SUBORDINATE.search(sent, end, alleging.start()))
                )
            )
            if i in behind and role in ("perpetrator", "alleged"):
                role = "mention"  # "Rwanda-backed rebels", "an Iranian-made rocket", "amid clashes"
            if role == "perpetrator" and (hedged or own_hedge or uncertain or i in either):
                role = "alleged"
            if role in ("alleged", "perpetrator") and sources:
                # who says so: a source that speaks ("X said", "according to X") before the
                # nearest one named ("five medical staff, the monitor said": the monitor)
                near = min(sources, key=lambda s: (not speaks(sent, s[0], s[1]), abs(s[0] - start)))
                by, by_id = sent[near[0] : near[1]], near[2].actor_id
            if (
                role == "alleged"
                and alleging
                and alleging.start() < start
                and ACCUSES.match(alleging.group())
            ):
                # "the RSF blamed the army": the party that accuses says so
                accuser = cue_speaker(found, roles, alleging.start(), claim=True)
                if accuser is not None and found[accuser][2].actor_id != alias.actor_id:
                    a_start, a_end, a_alias = found[accuser]
                    by, by_id = sent[a_start:a_end], a_alias.actor_id
            if role == "alleged" and by is None:
                # "The union blamed X": the organisation named before by its head noun
                by = antecedent_source(text, s_start, s_start + start)
            if role == "alleged" and by is None and alleging and alleging.start() < start:
                if ACCUSES.match(alleging.group()):  # "Rights groups blamed X"
                    by = speaker_phrase(text, s_start, s_start + alleging.start())
            for one in (role, "alleged") if i == accused_denier else (role,):
                out.append(
                    ActorMention(
                        s_start + start,
                        s_start + end,
                        sent[start:end],
                        alias.actor_id,
                        one,
                        by,
                        by_id,
                        alias.name if alias.actor_id.startswith("actor:") else alias.own_name,
                    )
                )
        return out

    def pattern_roles(self, sent: str, found: list[tuple[int, int, Alias]]) -> list[str]:
        """Each found name's role as the patterns read it (`actor_roles.pattern_roles`)."""
        return pattern_roles(sent, found)


# "in Turbat, " "near the town of Gwoza, ": a town named right before a country's name
_TOWN_COMMA_BEFORE = re.compile(
    r"\b(?:in|near|outside|around|at|from)\s+(?:the\s+(?:town|city|village)\s+of\s+)?"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2},\s*$"
)
_AFTER_A_PLACE = re.compile(r"\s*(?:[,.;:)]|$)")


@lru_cache(maxsize=1)
def _HARM_OR_BLAME() -> re.Pattern[str]:  # noqa: N802
    return re.compile(
        rf"\b(?:{cue('harm_verb').pattern}|blam\w+|accus\w+|attribut\w+)\b", re.IGNORECASE
    )


def _resolve_generics(mentions: list[ActorMention], country: str | None) -> list[ActorMention]:
    """Generic words ("the army", "police", "rebels") named for the state whose forces the report
    last named, else for the report's country; unresolved ones stay mentions of nobody."""
    states = registry.country_of_state_id()
    named: str | None = None
    out = []
    for m in mentions:
        if m.actor_id in states and (
            m.role in (*PERPETRATOR_ROLES, "denial", "victim", "side")
            or registry.names_forces(m.text)
        ):
            named = states[m.actor_id]  # "the Nepal Police personnel": any role names the state
        if not m.actor_id.startswith("generic:"):
            out.append(_named_for(m, country))
            continue
        resolved = registry.resolve_generic(m.actor_id.split(":", 1)[1], country, named)
        if resolved is None and m.name:
            # "Kuki militants" where militants name no one: the group by its own name
            out.append(replace(m, actor_id=registry.slug(m.name)))
        elif resolved is None:
            out.append(replace(m, actor_id="unresolved", role="mention"))
        else:
            named_m = replace(m, actor_id=resolved, name=registry.generic_names().get(resolved))
            out.append(_own_forces(named_m, country))
    return out


# words that name the coalition itself, wherever it fights
_COALITION_WORD = re.compile(
    r"coalition|inherent\s+resolve|cjtf|centcom|anti-(?:is|isis|isil|daesh)\b", re.IGNORECASE
)


def _own_forces(m: ActorMention, country: str | None) -> ActorMention:
    """A coalition's lead state named outside the coalition's wars ("US forces" in Somalia):
    that state's own forces."""
    outside = registry.coalition_theatres().get(m.actor_id)
    if (
        outside is not None
        and country
        and country not in outside[0]
        and not _COALITION_WORD.search(m.text)
    ):
        return replace(m, actor_id=outside[1], name=outside[2])
    return m


def _named_for(m: ActorMention, country: str | None) -> ActorMention:
    """A group named after its origin ("Yagaba Communal Militia ({country})") named for the
    report's country, or without one where it is unknown; a coalition's lead state outside
    its wars named as its own forces (`_own_forces`)."""
    m = _own_forces(m, country)
    if not m.name or "{country}" not in m.name:
        return m
    names = country_names()
    if country and country in names:
        return replace(m, name=m.name.replace("{country}", names[country]))
    return replace(m, name=m.name.replace(" ({country})", "").replace("{country}", ""))


@Language.factory(
    "hw_actors",
    assigns=["doc._.hw_actors"],
    default_config={"aliases_file": None, "model": None},
)
def make_actor_finder(
    nlp: Language, name: str, aliases_file: str | None, model: str | None
) -> ActorFinder:
    return ActorFinder(aliases_file, model, nlp)
