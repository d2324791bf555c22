"""A reporting organisation taken up again by the head noun of its name.

"The Sudan Doctors' Union said shelling hit the hospital ... The union blamed the RSF": "the
union" is the Sudan Doctors' Union, who alleges it. `antecedent_source` finds, for a definite
head noun ("the union", "the ministry", "this group"; data/source_heads.txt) right before a verb
of saying or blaming, the last name with that head told before it in the report: a name with a
word of its own before the head (capitalised words, "doctors'", "rights"), never the bare noun.
Part of the actors stage (actors.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from harmwatch.pipeline.vocab import DATA_DIR, speech_words

# the lower-case words a name of an organisation may carry before its head noun
_MODIFIERS = (
    r"local|national|regional|provincial|international|human|rights|health|medical|aid|"
    r"humanitarian|relief|monitoring|civil|civilian|emergency|defence|defense|interior|"
    r"foreign|legal|bar|press|media|medics|war"
)
_SKIP = frozenset(("the", "a", "an", "this", "that", "its", "their", "of", "for", "and", "all"))
_BACK = 3000  # how far back (characters) the name may be told


@lru_cache(maxsize=1)
def heads() -> str:
    """The head nouns of data/source_heads.txt as one alternation."""
    lines = (DATA_DIR / "source_heads.txt").read_text(encoding="utf-8").splitlines()
    words = [w.strip() for w in lines if w.strip() and not w.startswith("#")]
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


@lru_cache(maxsize=1)
def _anaphor() -> re.Pattern[str]:
    # "the union (also) blamed", "the ministry said on Tuesday", "this group accused"
    return re.compile(
        rf"\b(?:the|this|that)\s+(?P<head>{heads()})\s+(?:(?:also|later|then|has|had|have|"
        r"further|again)\s+)?(?:"
        rf"{speech_words('source')}|accus\w*|blam\w*|attribut\w*|held)\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=64)
def _named(head: str) -> re.Pattern[str]:
    word = rf"(?:(?-i:[A-Z][\w'’.&-]*)|[a-z]+s['’]|[a-z]+['’]s|{_MODIFIERS}|of|for|and)"
    return re.compile(rf"\b(?:{word}\s+){{1,6}}(?i:{re.escape(head)})s?\b")


def antecedent_source(text: str, sent_start: int, before: int) -> str | None:
    """The organisation that speaks or blames in the sentence starting at ``sent_start``
    before ``before`` (offsets in ``text``) when the sentence calls it by its head noun
    alone ("The union blamed X"): the last name with that head told earlier; None otherwise."""
    ana = max(_anaphor().finditer(text, sent_start, before), key=lambda m: m.start(), default=None)
    if ana is None:
        return None
    head = ana.group("head").lower()
    best = None
    for m in _named(head).finditer(text, max(0, ana.start() - _BACK), ana.start()):
        words = m.group().split()
        while words and words[0].lower() in _SKIP:
            words = words[1:]  # "The union", "of the union": no name of its own
        if len(words) >= 2:
            best = " ".join(words)
    return best


@lru_cache(maxsize=1)
def _people() -> frozenset[str]:
    lines = (DATA_DIR / "speaker_people.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


# the words right before a verb of blaming, back to the clause's start
_CLAUSE_START = re.compile(r"(?:^|[,;:(\"“”]\s*|\b(?:and|but|while|as)\s+)", re.IGNORECASE)


def speaker_phrase(text: str, sent_start: int, cue_at: int) -> str | None:
    """Who blames at ``cue_at`` when the clause names them by a noun phrase of people or a body
    ("Rights groups blamed X", "Ukrainian officials accused X"): the phrase, its head noun one
    of data/speaker_people.txt or data/source_heads.txt, at most five words; None otherwise."""
    starts = [m.end() for m in _CLAUSE_START.finditer(text, sent_start, cue_at)]
    phrase = text[max(starts, default=sent_start) : cue_at].strip()
    phrase = re.sub(r"\s+(?:have|has|had|also|later|then|again|all)$", "", phrase)
    # "Villagers in Plateau state", "officials from the district": who, and where they are
    phrase = re.sub(r"\s+(?:in|from|of|at)\s+[\w'’.\s-]{1,40}$", "", phrase)
    words = phrase.split()
    if not words or len(words) > 5 or not re.fullmatch(r"[\w'’.\s-]+", phrase):
        return None
    head = words[-1].lower()
    if head not in _people() and not re.fullmatch(heads(), head, re.IGNORECASE):
        return None
    while words and words[0].lower() in _SKIP:
        words = words[1:]
    return " ".join(words) or None
