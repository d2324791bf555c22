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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from harmwatch.pipeline import allocation, sources, victims
from harmwatch.pipeline.figure_shapes import merge_same_group, zero_figures
from harmwatch.pipeline.figures_vocab import (
    ACTIVE_OBJECT,
    AREA_WIDE,
    BOTH_BEFORE,
    BOTH_KINDS,
    CASUALTY_WORD,
    DEMOGRAPHIC,
    HEDGED,
    KILLED_PRONOUN,
    PARTITIVE,
    POSTMOD,
    REPORTED,
    TO_DEATH,
    TOLL_GAP,
    TRIED,
    lexicon,
)
from harmwatch.pipeline.numbers import Quantity, find_quantities
from harmwatch.pipeline.reconcile import Reconciled, reconcile
from harmwatch.pipeline.roster import roster_figures
from harmwatch.pipeline.segment import dominant_country
from harmwatch.pipeline.types import FigureMention, doc_text

__all__ = ["FiguresComponent", "Reconciled", "find_figures", "lexicon", "reconcile"]

Spans = Sequence[tuple[int, int]]
FAMILY_OF = re.compile(r"\b(?:an?|the|one|another)\s+(?:\w+\s+)?family\s+of\s+$", re.IGNORECASE)
_NAME = r"(?:[A-Z][\w'’-]*|al-[\w'’-]+)(?:\s+(?:[A-Z][\w'’-]*|al-[\w'’-]+))*"
_NAMES = rf"{_NAME}(?:,?\s+(?:and\s+)?{_NAME})*"
# "coded to Rihan", "coded to the fighting at Daret Azza": the names after an allocation
PLACE_AFTER = re.compile(
    rf"\s*(?:(?:the\s+)?(?:fighting|clashes|activities|activity|events?|"
    rf"shelling|strikes|bombardment)\s+(?:at|in)\s+)?(?P<names>{_NAMES})"
)
# adjectives before a noun that carries the kind ("military fatalities", "army deaths"): whose
MODIFIER_GROUPS = {
    "military": "soldiers",
    "army": "soldiers",
    "security": "soldiers",
    "militant": "fighters",
    "insurgent": "fighters",
    "jihadist": "fighters",
}
PLACE_BEFORE = re.compile(rf"(?P<name>{_NAMES})\s+(?:(?:was|were|is|are|each)\s+)*$")


@dataclass(frozen=True)
class _Count:
    q: Quantity
    group: str | None
    kind: str | None  # set by the counted noun itself ("35 dead")
    np_end: int
    definite: bool = False  # "the driver", "his wife": an identified victim, not a new count


def _counts(sent: str) -> list[_Count]:
    lex = lexicon()
    out: list[_Count] = []
    for q in find_quantities(sent):
        m = lex.group_re.match(sent, q.end)
        if m is None and HEDGED.search(sent[max(0, q.start - 30) : q.start] + " "):
            comma = re.match(r",\s*", sent[q.end :])  # "2, possibly 3, civilians"
            m = lex.group_re.match(sent, q.end + comma.end()) if comma else None
        fam = FAMILY_OF.search(sent, max(0, q.start - 60), q.start)
        if fam:  # "a family of three"
            out.append(_Count(replace(q, start=fam.start()), "people", None, q.end))
        elif m and m.group("g").lower() in lex.groups:
            g, k = lex.groups[_longest_noun(sent, q.end, m.end()) or m.group("g").lower()]
            if k:  # "1 civilian dead", "two civilian deaths": the group comes before the noun
                inner = list(lex.plain_re.finditer(sent, q.end, m.start("g")))
                if inner:
                    g = lex.groups[re.sub(r"\s+", " ", inner[-1].group(0).lower())][0]
                else:  # "6 military fatalities": an adjective that says whose deaths
                    said = sent[q.end : m.start("g")].lower().split()
                    g = next(
                        (MODIFIER_GROUPS[w] for w in reversed(said) if w in MODIFIER_GROUPS), g
                    )
            end = m.end()
            post = POSTMOD.match(sent, end)
            if post:  # "members of the Al-Dous family", "fighters of the Syrian Democratic Forces"
                tail = re.search(r"(?:\s+(?:of|for|and|the|its|their))+$", post.group(0))
                end = post.end() - (len(tail.group(0)) if tail else 0)
                if post.group("fam"):
                    g = "people"
            # "two of her children", "18 of his relatives": people identified through someone
            kin = bool(re.match(r"\s*of\s+(?:his|her|their)\b", sent[q.end : m.start("g")]))
            out.append(_Count(q, g, k, end, definite=kin))
        elif part := PARTITIVE.match(sent, q.end):  # "one of them was killed"
            out.append(_Count(q, "people", None, part.end()))
        elif unknown := _unknown_noun_end(sent, q):  # "3 Balanda were killed"
            out.append(_Count(q, "people", None, unknown))
        else:
            out.append(_Count(q, None, None, q.end))
    taken = [(c.q.start, c.np_end) for c in out]
    for m in lex.single_re.finditer(sent):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        g, k = lex.groups[m.group("g").lower()]
        if k and m.group("art").lower() in ("the", "his", "her", "their"):
            continue  # "the death of", "his death": not a count of one
        if k and re.match(r"\s+(?:toll|count|figures?|rate|numbers?)\b", sent[m.end() :]):
            continue  # "a higher death toll of 70": the toll word, not a death
        s, e = m.span("art")
        if m.group("art").lower() == "another":
            s, e = m.span("g")  # keep "another" before the count: it marks an increment
        q = Quantity(1, 1, "exact", s, e, s, e, m.group("art"))
        post = POSTMOD.match(sent, m.end())
        definite = m.group("art").lower() in ("the", "his", "her", "their")
        out.append(_Count(q, g, k, post.end() if post else m.end(), definite))
    return sorted(out, key=lambda c: c.q.start)


def _unknown_noun_end(sent: str, q: Quantity) -> int | None:
    """The end of a count's noun phrase when its noun is not a counted noun of groups.jsonl but
    a death or injury in the passive, or "died", follows it ("3 Balanda were killed", "two drug
    suspects died"): whatever the noun, what is killed there is people."""
    lex = lexicon()
    if q.qualifier == "vague" or re.fullmatch(r"(?:1[89]|20)\d\d", q.text.strip()):
        return None
    m = lex.unknown_re.match(sent, q.end)
    v = lex.after_re.match(sent, m.end()) if m else None
    if m is None or v is None:
        return None
    said = v.group("v").lower()
    passive = re.search(r"\b(?:were|was|been)\b", sent[m.end() : v.start("v")], re.IGNORECASE)
    return m.end() if passive or said.startswith(("died", "perished", "lost")) else None


def _longest_noun(sent: str, start: int, end: int) -> str | None:
    """The longest counted noun ending at ``end`` ("rescue workers", not "workers")."""
    head = re.sub(r"\s+", " ", sent[start:end].lower())
    fits = [n for n in lexicon().groups if " " in n and head.endswith(" " + n)]
    return max(fits, key=len) if fits else None


def _kind_of(sent: str, c: _Count) -> tuple[str | None, bool, bool, int, int]:
    """(kind, revision, subset, phrase_start, phrase_end) from the words around one count."""
    lex = lexicon()
    left = sent[max(0, c.q.start - 80) : c.q.start]
    m = lex.before_re.search(left)
    both = c.q.qualifier != "vague"  # "killing and wounding a number of people": some killed
    if m and both and BOTH_BEFORE.search(left, 0, m.start("v")):
        return None, False, False, c.q.start, c.np_end  # "killing and wounding 20"
    if m and TRIED.search(left, 0, m.start("v")):
        return None, False, False, c.q.start, c.np_end  # "an attempt to assassinate a lawyer"
    if m:
        kind, rev = lex.before[re.sub(r"\s+", " ", m.group("v").lower())]
        return kind, rev, False, c.q.start - len(left) + m.start("v"), c.np_end
    toll = TOLL_GAP.search(sent, max(0, c.q.start - 220), c.q.start)
    words = f"{toll.group('who') or ''} {toll.group('gap') or ''}".lower() if toll else ""
    if toll and (toll.group("toll") or CASUALTY_WORD.search(words)):
        injured = re.search(r"injur|wound", words) and not re.search(r"kill|dead|death", words)
        kind = "injured" if injured else "killed"
        return kind, bool(toll.group("rev")), False, toll.start(), c.np_end
    m = (lex.after_appos_re if c.group else lex.after_re).match(sent, c.np_end)
    passive = m and re.search(
        r"\b(?:were|was|are|is|been|being|got)\b", sent[c.np_end : m.start("v")]
    )
    if m and not passive:
        if ACTIVE_OBJECT.match(sent, m.end()):
            m = None  # "a sniper killed another man": the count is the killer, not the killed
    if m and both and BOTH_KINDS.match(sent, m.end()):
        return None, False, False, c.q.start, c.np_end  # "48 killed and injured": casualties
    if m:
        kind, sub = lex.after[re.sub(r"\s+", " ", m.group("v").lower())]
        return kind, False, sub, c.q.start, m.end()
    death = TO_DEATH.match(sent, c.np_end)  # "stoned a woman to death"
    if death and not re.search(
        r"\b(?:sentenc|condemn)\w*\s+(?:\w+\s+){0,3}$", sent[max(0, c.q.start - 40) : c.q.start]
    ):
        return "killed", False, False, c.q.start, death.end()
    if c.kind and not (both and BOTH_KINDS.match(sent, c.np_end)):
        return c.kind, False, False, c.q.start, c.np_end
    return None, False, False, c.q.start, c.np_end


def _sentence_figures(
    text: str, s0: int, s1: int, persons: Spans, country: str | None = None
) -> list[FigureMention]:
    lex = lexicon()
    sent = text[s0:s1]
    counts = _counts(sent)
    found: list[tuple[_Count, str | None, bool, bool, int, int]] = []
    for c in counts:
        kind, rev, subset, ps, pe = _kind_of(sent, c)
        found.append((c, kind, rev, subset, ps, pe))
    # subsets and coordination: inherit the kind of the neighbouring figure
    for i, (c, kind, rev, subset, ps, pe) in enumerate(found):
        before = sent[max(0, c.q.start - 40) : c.q.start]
        is_sub = bool(lex.cues["subset_before"].search(before)) or bool(
            re.match(r"\s*of\s+(?:them|whom)\b", sent[c.q.end :])
        )
        if i and (is_sub or kind is None):
            p = found[i - 1]
            if (
                is_sub
            ):  # "killing 15 civilians spanning three generations, including seven children"
                p = next((f for f in reversed(found[:i]) if f[1] and f[0].group), p)
            gap = sent[p[5] if p[1] else p[0].np_end : c.q.start]
            joined = re.fullmatch(lex.cues["join"].pattern, gap, re.IGNORECASE)
            if p[1] and (is_sub or joined) and (c.group or is_sub):  # "including 3 that were"
                found[i] = (c, p[1], False, is_sub or subset or bool(joined and p[3]), ps, pe)
        elif i and kind and found[i - 1][3] and c.group:
            p = found[i - 1]
            if re.fullmatch(lex.cues["join"].pattern, sent[p[0].np_end : c.q.start], re.I):
                found[i] = (c, kind, rev, True, ps, pe)
    for i in range(len(found) - 2, -1, -1):
        c, kind, rev, subset, ps, pe = found[i]
        n = found[i + 1]
        hedge = HEDGED.fullmatch(sent, c.np_end, n[0].q.start) if kind is None else None
        if kind is None and c.group and n[1]:
            gap = sent[c.np_end : n[0].q.start]
            # "at least 5 civilians, and possibly as many as 7, were killed": two bounds
            if hedge or re.fullmatch(lex.cues["join"].pattern, gap, re.IGNORECASE):
                found[i] = (c, n[1], False, False, ps, n[5])
        elif hedge and c.group is None and n[1] and n[0].group:
            # "2, possibly 3, civilians were killed": one count between two numbers
            q = replace(
                n[0].q,
                value=c.q.value,
                value_max=n[0].q.value_max or n[0].q.value,
                qualifier="range",
                start=c.q.start,
                number_start=c.q.number_start,
            )
            found[i + 1] = (replace(n[0], q=q), n[1], n[2], n[3], ps, n[5])
            del found[i]
        elif kind is None and c.group is None and n[1] and n[0].group:
            # "at least 7 HTS and 5 IS fighters were killed": the noun comes with the second
            gap = sent[c.q.end : n[0].q.start]
            if re.fullmatch(r"\s+(?:[\w'’-]+\s+){0,3}?(?:and|,)\s+", gap, re.IGNORECASE):
                open_ = "at_least" in (c.q.qualifier, n[0].q.qualifier)
                q = replace(
                    n[0].q,
                    value=c.q.value + n[0].q.value,
                    value_max=None
                    if open_ or n[0].q.value_max is None or c.q.value_max is None
                    else c.q.value_max + n[0].q.value_max,
                    qualifier="at_least" if open_ else n[0].q.qualifier,
                    start=c.q.start,
                    number_start=c.q.number_start,
                )
                found[i + 1] = (replace(n[0], q=q), n[1], n[2], n[3], ps, n[5])
                del found[i]
    found = merge_same_group(sent, found)
    out: list[FigureMention] = []
    for c, kind, rev, subset, ps, pe in found:
        # "4 fatalities coded to Rihan", "Rihan allocated 4": a share of a total given to a
        # place; the evidence takes the place name in, for the assembly to split by place
        allocated_to = None
        if alloc := lex.cues["allocation_after"].match(sent, c.q.end):
            subset = True
            place = PLACE_AFTER.match(sent, alloc.end())
            pe = max(pe, place.end() if place else alloc.end())
            allocated_to = place.group("names").strip() if place else None
        elif lex.cues["allocation_before"].search(_before(sent, c.q.start)):
            subset = True
            head = _before(sent, ps)
            place = PLACE_BEFORE.search(head)
            ps = min(ps, ps - len(head) + place.start() if place else ps)
            allocated_to = place.group("name") if place else None
        head = _before(sent, c.q.start)
        # "a woman later died of her wounds", "a boy who was wounded ... later died", "the later
        # death of a man": a death after the toll was told, that adds to it
        later = bool(lex.cues["later_death"].match(sent, c.np_end)) or bool(
            lex.cues["later_death_before"].search(head)
        )
        if later and kind is None and c.group:
            kind = "killed"
        inc_cue = lex.cues["increment"].search(head)
        if inc_cue and REPORTED.search(head, inc_cue.start()):
            inc_cue = None  # "Meanwhile the coalition said the attack killed 100": another count
        inc = bool(
            inc_cue
            or re.match(r"\s+(?:more|additional|further)\b", sent[c.q.end :])
            or re.search(r"\balso\b", sent[ps:pe], re.IGNORECASE)
            # "the unknown number of IS fatalities coded as 10": on top of the deaths counted
            or (lex.cues["uncounted"].search(head) and not lex.cues["counted_too"].search(sent))
            or later
        )
        if kind is None or (
            c.group is None
            and c.q.qualifier == "vague"
            and kind != "killed"
            and not c.q.text.lower().startswith(("dozens", "scores"))
        ):
            continue
        if c.group is None and re.match(
            r"\s*(?:of\s+)?(?:%|per\s*cent|times|strikes|raids)", sent[c.q.end :]
        ):
            continue
        out.append(
            FigureMention(
                kind=kind,
                value=c.q.value,
                value_max=c.q.value_max,
                qualifier=c.q.qualifier,
                group=c.group or "people",
                start=s0 + min(ps, c.q.start),
                end=s0 + max(pe, c.np_end),
                number_start=s0 + c.q.number_start,
                number_end=s0 + c.q.number_end,
                revision=rev or bool(lex.cues["revision"].search(_before(sent, c.q.start))),
                part_of_total=subset,
                increment=inc and not subset and not c.definite,
                named_victims=c.definite,
                allocated_to=allocated_to,
                alternative=bool(lex.cues["alternative"].search(head)),
            )
        )
    for i, f in enumerate(out):
        if (
            f.group in DEMOGRAPHIC
            and not f.part_of_total
            and not f.increment
            and any(
                t.kind == f.kind and t.group in ("people", "civilians") and t.number_end <= f.start
                for t in out[:i]
            )
        ):
            out[i] = replace(f, part_of_total=True)  # "six civilians, three women and a man"
    for m in KILLED_PRONOUN.finditer(sent):  # "opened fire on him, killing him": one victim
        if not any(f.start - s0 <= m.start() < f.end - s0 for f in out):
            who = "p" if m.group("p") else "p2"  # the pronoun's group
            out.append(
                FigureMention(
                    "killed",
                    1,
                    1,
                    "exact",
                    "people",
                    s0 + m.start(),
                    s0 + m.end(),
                    s0 + m.start(who),
                    s0 + m.end(who),
                    named_victims=True,
                )
            )
    lists = victims.count_victims(text, s0, s1, persons, out)
    # a figure inside a counted list of victims is a part of the list's total
    out = [
        replace(f, part_of_total=True)
        if any(v.start <= f.number_start and f.number_end <= v.end for v in lists)
        else f
        for f in out
    ]
    out.extend(lists)
    out.extend(zero_figures(sent, s0))
    return _annotate(text, s0, s1, out, country)


def _before(sent: str, pos: int, n: int = 300) -> str:
    """The text before ``pos``, at most ``n`` characters, so that cues are searched in bounded
    time; a cut start is marked so that "^" does not match there."""
    return sent[:pos] if pos <= n else "\x00" + sent[pos - n : pos]


def _annotate(
    text: str, s0: int, s1: int, figs: list[FigureMention], country: str | None = None
) -> list[FigureMention]:
    """Who reported each figure (through the sources registry, in the report's ``country``),
    and whether it is a tally over a period."""
    lex = lexicon()
    sent = text[s0:s1]
    said = _reporters(sent, country)
    out = []
    figs = sorted(figs, key=lambda f: f.start)
    for i, f in enumerate(figs):
        # the source told nearest the figure ("60, officials said, up from 23 counted by X")
        near = min(said, key=lambda r: _gap(r[0], r[1], f.start - s0, f.end - s0), default=None)
        who = near[2] if near else None
        lo = figs[i - 1].end - s0 if i else 0
        hi = figs[i + 1].start - s0 if i + 1 < len(figs) else len(sent)
        window = sent[max(lo, f.start - s0 - 60) : min(hi, f.end - s0 + 90)]
        agg = bool(lex.cues["aggregate"].search(window)) or bool(
            AREA_WIDE.search(sent[max(lo, f.start - s0 - 120) : min(hi, f.end - s0 + 60)])
        )
        out.append(
            replace(
                f,
                reported_by=who.name if who else None,
                source_id=who.id if who else None,
                aggregate=agg,
            )
        )
    return out


def _reporter(sent: str) -> str | None:
    m = lexicon().cues["reporter"].search(sent)
    if not m:
        return None
    who = next(g for g in m.groups() if g)
    who = re.sub(r"^(?:the|a|an)\s+", "", who.strip(" ,.;:\"'“”"), flags=re.IGNORECASE)
    return who or None


# a name before the words the reporter cue took ("Turkey's foreign | ministry said")
_NAMED_BEFORE = re.compile(r"(?:(?:[A-Z][\w.&-]*)(?:['’]s)?\s+){1,4}(?:[a-z]+\s+){0,2}$")


def _reporters(sent: str, country: str | None) -> list[tuple[int, int, sources.Reporter]]:
    """(start, end, reporter) of each "X said" / "according to X" in the sentence, X named
    through the sources registry;
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
            out.append((m.start(), m.end(), who))
    return out


def _gap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, a0 - b1, b0 - a1)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=[\s\"”’]+[A-Z0-9\"“]|[A-Z][a-z])|\n+", text):
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
