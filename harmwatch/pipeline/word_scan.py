"""A long alternation of names tried only where a name can start: `WordStartScan`.

The actor registry's names (about 2,900, matched case-insensitively between ``(?<![\\w-])`` and
``(?![\\w])``) make one regular expression that every sentence of every report is searched
with. Python's engine tries it at each position, and at each word start every name opening
with the word's letter: hundreds at a "p" ("police of ...") or an "a" ("army of ...", "armed
forces of ..."). A match can only start at a word start (the look-behind), and the name's
first word says which words it can start at (`opening`): "police" for "police of X", a word
opening with "al" for "al-?Qaeda". `WordStartScan` tries each word start with an expression of
only the names its word can open, in their order (the same alternative wins, with the same
backtracking), so it finds the same matches, several times faster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from harmwatch.pipeline.vocab import by_first_letter

_WORD = re.compile(r"\w+")  # a word start: such a run that no hyphen precedes
_QUANTIFIERS = frozenset("?*+{")
_SEPARATOR = r"[\s-]+"  # how the actor stage writes the space between two words of a name


class Finder(Protocol):
    """What the actor stage asks of a names expression (a `re.Pattern` or `WordStartScan`)."""

    def finditer(self, string: str) -> Iterator[re.Match[str]]: ...

    def match(self, string: str, pos: int = ...) -> re.Match[str] | None: ...


@dataclass(frozen=True)
class Opening:
    """What the first word of every text an alternative matches is, when that word is ASCII:
    ``word`` itself (``whole``), or a word that opens with ``word``. ``word`` "" with
    ``whole`` False: anything (the alternative opens with a class, a group ...)."""

    word: str
    whole: bool


ANY = Opening("", False)


def _ascii_twins(char: str) -> bool:
    """Whether any ASCII character matches ``char`` case-insensitively (the Kelvin sign
    matches "k", the long s "s"; "é" matches none)."""
    pattern = re.compile(re.escape(char), re.IGNORECASE)
    return any(pattern.fullmatch(chr(c)) for c in range(128))


def opening(alternative: str, ignorecase: bool = True) -> Opening | None:
    r"""The `Opening` of ``alternative`` (a regular expression made of escaped literals and
    ``[\s-]+`` between words, matched case-insensitively unless ``ignorecase`` is False), or
    None when it can match no text whose first word is ASCII. The word ends where a character
    no word holds must follow (a space, a full stop, the end of the alternative: its first word
    is whole); an optional character, a class or anything else leaves it open."""
    word: list[str] = []
    i = 0
    while i < len(alternative):
        c = alternative[i]
        optional = alternative[i + 1 : i + 2] in _QUANTIFIERS
        if (c.isascii() and c.isalnum()) or c == "_":
            if optional:
                break
            word.append(c.lower() if ignorecase else c)
            i += 1
            continue
        if alternative.startswith(_SEPARATOR, i):
            return Opening("".join(word), bool(word))
        if c == "\\" and i + 1 < len(alternative) and not alternative[i + 1].isalnum():
            # an escaped space or punctuation: no word character
            whole = alternative[i + 2 : i + 3] not in _QUANTIFIERS
            return Opening("".join(word), whole and bool(word))
        if (
            not c.isascii()
            and not optional
            and c.isalnum()
            and not (ignorecase and _ascii_twins(c))
        ):
            return None  # only a word with this letter in it: never an ASCII one
        if not c.isascii() or c in "\\[(.^$|)":
            break
        # an unescaped literal no word holds (":", "&", "'"), unless optional
        return Opening("".join(word), not optional and bool(word))
    else:
        return Opening("".join(word), bool(word))  # the end: (?![\w]) follows
    return Opening("".join(word), False)


_BEFORE, _AFTER = r"(?<![\w-])(?:", r")(?![\w])"
_WORDS_KEPT = 100_000  # words remembered with the expression to try there


class WordStartScan:
    r"""The matches of the alternation of ``alternatives`` between ``(?<![\w-])`` and
    ``(?![\w])`` (`pattern`; case-insensitive unless ``ignorecase`` is False), found as
    ``pattern.finditer`` and ``pattern.match`` find them: at each word start, only the
    alternatives whose `opening` fits its word are tried, in their order, by a small
    expression made of them (compiled once for each opening met, not for each set of openings
    a word fits: a few hundred compiles a corpus, not thousands); a word with a letter
    outside ASCII is tried with `pattern` itself (and every position, as ``pattern.finditer``
    tries them, when an alternative may open with no word character). The alternatives left
    out cannot match there."""

    def __init__(self, alternatives: Iterable[str], ignorecase: bool = True) -> None:
        self._alternatives = list(alternatives)
        self._ignorecase = ignorecase
        self._flags = re.IGNORECASE if ignorecase else 0
        self._buckets: dict[Opening, list[int]] = {}
        for i, alternative in enumerate(self._alternatives):
            if (o := opening(alternative, ignorecase)) is not None:
                self._buckets.setdefault(o, []).append(i)
        self._every = any(not o.word for o in self._buckets)
        self._open = sorted({len(o.word) for o in self._buckets if not o.whole})
        self._bucket: dict[Opening, re.Pattern[str]] = {}  # one expression per opening
        self._tried: dict[tuple[Opening, ...], re.Pattern[str]] = {}  # several, merged
        self._words: dict[str, tuple[Opening, ...] | None] = {}  # by word as written

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The whole alternation (grouped by first letter when case-insensitive,
        `by_first_letter`: the same matches)."""
        alternatives = self._alternatives
        body = by_first_letter(alternatives) if self._ignorecase else "|".join(alternatives)
        return re.compile(_BEFORE + body + _AFTER, self._flags)

    def _for_word(self, word: str) -> tuple[Opening, ...] | None:
        """The openings whose names may start at a word start of ``word`` (ASCII), None when
        nothing can match there; remembered by word (a few thousand words a corpus)."""
        if word in self._words:
            return self._words[word]
        if len(self._words) > _WORDS_KEPT:
            self._words.clear()
        low = word.lower() if self._ignorecase else word
        fits = tuple(
            o
            for o in (Opening(low, True), *(Opening(low[:n], False) for n in self._open))
            if o in self._buckets
        )
        self._words[word] = fits or None
        return fits or None

    def _expression(self, fits: tuple[Opening, ...]) -> re.Pattern[str]:
        """The alternation of the names of ``fits``, in their order, compiled once: one
        expression per opening (a corpus meets a few hundred), and for the rare word start
        where the names of several openings match, one for them together."""
        cache = self._bucket if len(fits) == 1 else self._tried
        key: Any = fits[0] if len(fits) == 1 else fits
        pattern = cache.get(key)
        if pattern is None:
            order = sorted(i for o in fits for i in self._buckets[o])
            body = "|".join(self._alternatives[i] for i in order)
            pattern = cache[key] = re.compile(_BEFORE + body + _AFTER, self._flags)
        return pattern

    def _at_word(self, string: str, word: re.Match[str]) -> re.Match[str] | None:
        text, pos = word.group(), word.start()
        if not text.isascii():
            return self.pattern.match(string, pos)
        fits = self._for_word(text)
        if fits is None:
            return None
        found = None
        for o in fits:  # each opening's names alone: their first match is the alternation's
            m = self._expression((o,)).match(string, pos)  # when no other opening matches
            if m is not None:
                if found is not None:  # two do: the names' order decides, as in `pattern`
                    return self._expression(fits).match(string, pos)
                found = m
        return found

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        """The matches ``pattern.finditer(string)`` yields, in order."""
        if self._every:  # an alternative may open with no word character: every position
            yield from self.pattern.finditer(string)
            return
        end = 0
        for word in _WORD.finditer(string):
            start = word.start()
            if start < end or (start and string[start - 1] == "-"):
                continue  # inside the last match, or after a hyphen (the look-behind)
            m = self._at_word(string, word)
            if m is not None:
                end = m.end()
                yield m

    def match(self, string: str, pos: int = 0) -> re.Match[str] | None:
        """``pattern.match(string, pos)``."""
        if self._every:
            return self.pattern.match(string, pos)
        if pos and (string[pos - 1] == "-" or _WORD.match(string, pos - 1)):
            return None  # the look-behind fails: a word character or a hyphen before
        word = _WORD.match(string, pos)
        return self._at_word(string, word) if word is not None else None
