"""Casualty figures: killed / injured / missing, with group, qualifier, source and offsets.

The spaCy component ``hw_figures`` sets ``doc._.hw_figures`` (tuple of `FigureMention`); the pure
function `find_figures(text, sentences, persons)` does the work, so it can be used without spaCy.
`reconcile(figures)` turns the figures of one incident into killed / injured / children / women
ranges (the rule is in its docstring, `harmwatch.pipeline.reconcile`). Vocabularies, loaded once
by `figures_vocab.lexicon()`: ``data/groups.jsonl`` (counted nouns -> group),
``data/casualty_verbs.jsonl`` (words that make a count a casualty count, and on which side of it
they stand), ``data/figure_cues.jsonl`` (zero figures, subsets, increments, aggregates, sources).

A count becomes a figure when (in this order) a casualty word stands right before it ("killed
21", "the death toll rose to 15", "the bodies of 3"), or after its noun phrase ("21 people were
killed", "35 dead", "82 others wounded"), or it is joined by a comma / "and" to a figure just
before it ("killed 5 civilians and 3 fighters"), or to one just after it ("a woman and her two
children were killed"). "including seven children" / "four of them children" make a subset of
the figure before it; "another man", "five more", "In addition, ..." mark an increment. A list
of victims around "were killed" / "killing" is counted by `victims.count_victims` ("X, his wife
and their three children were killed" = 5, named_victims). Each figure gets the source named in
its sentence ("..., the White Helmets said", "according to SOHR") and aggregate=True when a
period cue stands next to it ("since September 2018", "in four months", "so far", "this year").

The stage in modules: `figure_counts` finds the counts of a sentence and the kind the words
around each one give it (a `figure_rules.Candidate`); `figure_rules` reads the candidates of the
sentence together through small named rules and turns them into `FigureMention`; this module
splits the sentences, names the reporters and sets the spaCy component.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from harmwatch.pipeline import allocation, sources
from harmwatch.pipeline.figure_counts import candidate, counts
from harmwatch.pipeline.figure_rules import Sentence, mention, read_candidates, read_mentions
from harmwatch.pipeline.figure_scope import wider_tolls
from harmwatch.pipeline.figures_vocab import AREA_WIDE, lexicon
from harmwatch.pipeline.reconcile import Reconciled, reconcile
from harmwatch.pipeline.roster import roster_figures
from harmwatch.pipeline.segment import dominant_country
from harmwatch.pipeline.types import FigureMention, doc_text

__all__ = ["FiguresComponent", "Reconciled", "find_figures", "lexicon", "reconcile"]

Spans = Sequence[tuple[int, int]]
WAR_SCALE = 1000  # a vague count of at least this many ("thousands") tells of a war, not a strike


def _sentence_figures(
    text: str, s0: int, s1: int, persons: Spans, country: str | None = None
) -> list[FigureMention]:
    """The figures of one sentence: its counts read by `figure_rules`, then who reported them."""
    s = Sentence(text, s0, s1, persons)
    found = read_candidates(s.words, [candidate(s.words, c) for c in counts(s.words)])
    figs = read_mentions(s, [mention(s, cand) for cand in found])
    if TOLL_LINE.fullmatch(text, s0, s1):
        # "4 fatalities.": a line that tells nothing but a toll sums the report up; lower than
        # the report's first figure, it is the count of it the report settles on (kept as
        # another count: "they claimed 6 inmates died of fever ... 2 fatalities.")
        figs = [
            replace(f, revision=True, alternative=True) if f.kind == "killed" else f for f in figs
        ]
    return _annotate(text, s0, s1, figs, country)


# a sentence that is a toll and nothing else ("4 fatalities.", "Total: 12 dead."), maybe with a
# bracketed remark after it
TOLL_LINE = re.compile(
    r"\W*(?:(?:in\s+)?total\W+(?:of\s+)?)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|"
    r"ten)\s+(?:fatalit(?:y|ies)|deaths?|dead|killed|people\s+killed)\s*[.!]?"
    r"(?:\s*\[[^\]]{0,60}\])?\s*",
    re.IGNORECASE,
)


def _annotate(
    text: str, s0: int, s1: int, figs: list[FigureMention], country: str | None = None
) -> list[FigureMention]:
    """Who reported each figure (through the sources registry, in the report's ``country``),
    and whether it is a tally over a period."""
    if not figs:  # most sentences tell no figure: no reporter to look for
        return []
    lex = lexicon()
    sent = text[s0:s1]
    said = _reporters(sent, country)
    earlier = bool(lex.cues["before_incident"].search(sent))  # "Prior to Tuesday's strike, ..."
    out: list[FigureMention] = []
    figs = sorted(figs, key=lambda f: f.start)
    for i, f in enumerate(figs):
        # the source told nearest the figure ("60, officials said, up from 23 counted by X")
        near = min(said, key=lambda r: _gap(r.start, r.end, f.start - s0, f.end - s0), default=None)
        who = near.who if near else None
        lo = figs[i - 1].end - s0 if i else 0
        hi = figs[i + 1].start - s0 if i + 1 < len(figs) else len(sent)
        w0 = max(lo, f.start - s0 - 60)
        w1 = min(hi, f.end - s0 + 90)
        agg = (
            earlier
            # "thousands were killed": a war's or a campaign's toll; one attack's dead, however
            # many, are counted
            or (f.qualifier == "vague" and f.value >= WAR_SCALE)
            or any(
                not (i and _follows(sent, lo, m.start()))
                # searched within the window, its cues' look-behinds seeing the words before it
                # ("earlier | this month" cut at the window's edge is no "this month")
                for m in lex.cues["aggregate"].finditer(sent, w0, w1)
            )
            or bool(AREA_WIDE.search(sent[max(lo, f.start - s0 - 120) : min(hi, f.end - s0 + 60)]))
        )
        if (
            not agg
            and i
            and out[i - 1].aggregate
            # another kind of the same total ("218 fatalities since January, 31 coded for the
            # 17th" is the day's toll after the period's)
            and out[i - 1].kind != f.kind
            and (f.start - s0 <= lo or _CHAINED.fullmatch(sent, lo, f.start - s0))
        ):
            # "the war has killed more than 220,000 people, wounded at least one million":
            # the war's other totals, told on from its first
            agg = True
        # "less than a week after a drone killed nine": another attack's toll (read before the
        # figure only: "killed 12, a week after a raid killed 3" keeps the 12)
        other = bool(
            lex.cues["other_event"].search(
                sent, max(lo, f.start - s0 - 120), max(f.start, f.number_start) - s0
            )
        )
        out.append(
            replace(
                f,
                reported_by=who.name if who else None,
                source_id=who.id if who else None,
                aggregate=agg,
                other_event=other,
            )
        )
    return out


# the words between two totals told one after the other ("..., wounded at least", "and left")
_CHAINED = re.compile(r"[^.;:()]{0,40}")


# a name before the words the reporter cue took ("Turkey's foreign | ministry said")
_NAMED_BEFORE = re.compile(r"(?:(?:[A-Z][\w.&-]*)(?:['’]s)?\s+){1,4}(?:[a-z]+\s+){0,2}$")


@dataclass(frozen=True)
class Said:
    """ "X said", "according to X": the span of the cue in the sentence, and whom it names."""

    start: int
    end: int
    who: sources.Reporter


def _reporters(sent: str, country: str | None) -> list[Said]:
    """Each "X said" / "according to X" in the sentence, X named through the sources registry;
    words that name nobody on their own ("ministry said") take in the name before them."""
    out = []
    for m in lexicon().cues["reporter"].finditer(sent):
        group = next((i for i, g in enumerate(m.groups(), 1) if g), None)
        if group is None:
            continue
        start, end = m.span(group)
        words = re.sub(
            r"^(?:the|a|an)\s+", "", m.group(group).strip(" ,.;:\"'“”"), flags=re.IGNORECASE
        )
        who = sources.reporter(words, country)
        if who is None and (named := _NAMED_BEFORE.search(sent, max(0, start - 80), start)):
            who = sources.reporter(sent[named.start() : end], country)
        if who is not None:  # the span of the whole cue: "recorded by X", "X said"
            out.append(Said(m.start(), m.end(), who))
    return out


def _follows(sent: str, end: int, pos: int) -> bool:
    """Whether the period cue at ``pos`` follows right after the figure ending at ``end`` ("218
    fatalities since January, 31 coded for the 17th": the period is the 218's, not the 31's)."""
    return end <= pos and not re.search(r"[^\s,;:()-]", sent[end:pos])


def _gap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, a0 - b1, b0 - a1)


# a word a period shortens, which no sentence ends with ("Jan.", "Sept.", "Gen.", "Lt.")
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Gen|Col|Lt|Maj|Capt|Sgt|"
    r"Brig|Cpl|Dr|Mr|Mrs|Ms|Gov|Sen|Rep|Prof|No|St)$"
)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=[\s\"”’]+[A-Z0-9\"“]|[A-Z][a-z])|\n+", text):
        if m.group() == "." and _ABBREVIATION.search(text, max(0, m.start() - 6), m.start()):
            continue  # "on Jan. 6 ...", "Gen. Ali said": no sentence ends there
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    # without the blank run a sentence ends with (patterns that end in "\s*" would scan a long
    # run again from every count)
    return [(s, s + len(text[s:e].rstrip())) for s, e in out if text[s:e].strip()]


def find_figures(
    text: str, sentences: Spans | None = None, persons: Spans = (), country: str | None = None
) -> list[FigureMention]:
    """Every casualty figure in ``text``. ``sentences``: char spans (default: a regex split);
    ``persons``: char spans of person names (spaCy PERSON entities) for counting named victims;
    ``country``: the report's country, which names a generic reporter ("the health ministry")."""
    if sentences is None:
        spans = _sentences(text)
    else:  # the parser leaves glued sentences ("camp.CNN", "vehicle. 14 fighters") together
        spans = [(s0 + a, s0 + b) for s0, s1 in sentences for a, b in _sentences(text[s0:s1])]
        # and cuts some badly ("Arbin. 2" | "Rahman Corp fighters were killed"): a piece without
        # a word is joined to the next one
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and not re.search(r"[A-Za-z]{2}", text[merged[-1][0] : merged[-1][1]]):
                a = merged.pop()[0]
            merged.append((a, b))
        spans = merged
    out: list[FigureMention] = []
    for s0, s1 in spans:
        out.extend(_sentence_figures(text, s0, s1, persons, country))
    out = wider_tolls(text, spans, out)
    out.extend(allocation.implied_shares(text, out))
    return out


@Language.factory("hw_figures", assigns=["doc._.hw_figures"], requires=["doc.sents"])
def make_figures(nlp: Language, name: str) -> FiguresComponent:
    return FiguresComponent()


class FiguresComponent:
    def __init__(self) -> None:
        lexicon()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sents = (
            [(s.start_char, s.end_char) for s in doc.sents]
            if doc.has_annotation("SENT_START")
            else None  # no parser or senter in the pipeline: split sentences by rule
        )
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        country = dominant_country(doc._.hw_places)
        figures = find_figures(text, sents, persons, country)
        doc._.hw_figures = tuple(figures + roster_figures(text, figures))
        return doc
