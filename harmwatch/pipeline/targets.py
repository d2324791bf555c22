"""Stage "hw_targets": what was hit (hospital, school, market, homes, IDP camp, water ...).

Target words live in ``data/targets.jsonl`` (``{"target", "pattern"}``). Only sentences that
tell of an attack are read, so "the hospital's director said" in a quote about something else
is not a target unless its sentence speaks of an attack.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from harmwatch.pipeline import types  # noqa: F401  (registers the Doc extensions)
from harmwatch.pipeline.types import TargetMention, doc_text
from harmwatch.pipeline.vocab import data_file, mentions_attack, sentence_spans


@lru_cache(maxsize=1)
def target_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (row["target"], re.compile(rf"\b(?:{row['pattern']})\b", re.IGNORECASE))
        for row in data_file("targets.jsonl")
    )


def find_targets(text: str, s_start: int = 0, s_end: int | None = None) -> list[TargetMention]:
    sent = text[s_start:s_end]
    if not mentions_attack(sent):
        return []
    taken: list[tuple[int, int]] = []
    out: list[TargetMention] = []
    for target, pattern in target_patterns():
        for m in pattern.finditer(sent):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            if target == "vehicle" and (
                _RIDDEN_BY_ATTACKERS.search(sent, 0, m.start()) or _A_WEAPON.match(sent, m.end())
            ):
                # "gunmen on motorbikes": what the attackers came in, not what they hit; "a car
                # bomb": the weapon
                continue
            taken.append((m.start(), m.end()))
            out.append(TargetMention(s_start + m.start(), s_start + m.end(), target, m.group(0)))
    return sorted(out, key=lambda t: t.start)


# the attackers' own vehicle, named right after them ("gunmen on motorbikes", "militants
# riding in pickup trucks", "assailants aboard two cars")
_RIDDEN_BY_ATTACKERS = re.compile(
    r"\b(?:gun\s?men|(?:armed|masked|unidentified|unknown)\s+men|assailants|attackers|"
    r"militants|fighters|bandits|jihadists|insurgents|raiders|terrorists|suicide\s+bombers?)"
    r"\s+(?:riding\s+|driving\s+|travell?ing\s+)?(?:on|in|aboard|riding|driving|using)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


# a vehicle made the weapon ("a car bomb", "truck-bomb", "a bus bombing")
_A_WEAPON = re.compile(r"[\s-]+(?:bomb|bombs|bomber|bombers|bombing|bombings)\b", re.IGNORECASE)


class TargetFinder:
    def __call__(self, doc: Doc) -> Doc:
        mentions: list[TargetMention] = []
        text = doc_text(doc)
        for start, end in sentence_spans(doc):
            mentions += find_targets(text, start, end)
        doc._.hw_targets = tuple(mentions)
        return doc


@Language.factory("hw_targets", assigns=["doc._.hw_targets"])
def make_target_finder(nlp: Language, name: str) -> TargetFinder:
    return TargetFinder()
