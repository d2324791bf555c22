"""Who did it, read off spaCy's dependency parse of the sentences that tell of an attack.

The parser runs only on sentences with a harm trigger (the actor stage asks for them), so its
cost stays a fraction of the full pipeline's. For each attack verb of the sentence it gives

- *agent* spans: the active subject ("Burkinabe forces reportedly killed"), the subject a
  conjoined verb shares ("fired and killed"), the "by X" of a passive ("were killed by
  militants"), and the owner of a weapon noun ("a Russian guided bomb", "Egyptian warplanes");
- the accused of "blamed the attack on X", "accused X of", "attributed it to X" (the sentence's
  allegation cue makes it an allegation);
- *patient* spans: the object ("attacked the Ichen villages"), the passive subject ("soldiers
  were killed"), the target after on/against/at ("fired on the positions of X").

A subject's span leaves out its own targets: in "a strike on Houthi positions killed five",
the Houthis are not the agent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from harmwatch.pipeline.model_ops import model_ops
from harmwatch.pipeline.vocab import cue

# prepositions that lead to a target or a place, not to the attacker
_TARGET_PREPS = frozenset(
    {
        "on",
        "against",
        "at",
        "in",
        "near",
        "into",
        "toward",
        "towards",
        "inside",
        "targeting",
        "upon",
        "onto",
        "across",
        "along",
        "around",
    }
)
_SUBJECTS = frozenset({"nsubj", "csubj"})
_PATIENTS = frozenset({"dobj", "nsubjpass", "obj"})
# the parse's labels of a noun (no tagger runs: a word is a verb or a noun by where it hangs)
_NOMINAL = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "pobj",
        "compound",
        "amod",
        "appos",
        "attr",
        "npadvmod",
        "poss",
        "nmod",
        "dative",
        "oprd",
    }
)
_MAX_CHARS = 1500  # a longer "sentence" is a list or a table: the parse would say nothing
_DENY = re.compile(r"den(?:y|ies|ied|ying)", re.IGNORECASE)
_BLAME = re.compile(
    r"blam(?:ed|es|ing|e)|accus(?:ed|es|ing|e)|attribut(?:ed|es|ing|e)", re.IGNORECASE
)


# what one may be accused of that is an attack without an attack verb's form
_ACCUSED_OF = frozenset(
    "crime crimes strike strikes striking responsibility responsible behind atrocity atrocities "
    "war perpetrating committing involvement involved".split()
)


def is_blame_verb(word: str) -> bool:
    """Whether a word is a verb of blame the parse reads ("blamed", "accuses", "attributed")."""
    return bool(_word_class(word.lower()) & _BLAMES)


def names_harm(words: Iterable[str]) -> bool:
    """Whether any of the (lower-case) words of an "of" clause is a harm or weapon word or a
    word one is accused of for an attack ("crimes", "responsibility")."""
    return any(_word_class(w) & (_HARM | _WEAPON) or w in _ACCUSED_OF for w in words)


def _accused_of_harm(verb: Token, prep: str = "of") -> bool:
    """Whether "accused X of ..." accuses X of an attack: the "of" clause holds a harm or
    weapon word ("of bombing the market", "of war crimes"), a pronoun for the attack told before
    ("blamed X for it"), or there is no such clause. ``prep`` is the verb's own preposition
    ("of" after accuse, "for" after blame). "Accused the rebels of staging the deaths" or
    "blamed the army for the lack of security" accuses no one of the attack."""
    clauses = [
        c
        for h in (verb, *verb.children)
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == prep
    ]
    if not clauses:
        return True
    words = [t.lower_ for c in clauses for t in c.subtree]
    return names_harm(words) or words[1:] in (["it"], ["this"], ["that"], ["them"])


_OF_CLAUSE = re.compile(r"^\s+of\s+([^,;.:()\"“”]{1,80})", re.IGNORECASE)


def accused_of_harm(after: str) -> bool:
    """The same test on the words after the accused's name ("of staging the deaths"), for the
    sentences no parse reads."""
    m = _OF_CLAUSE.match(after)
    if m is None:
        return True
    return names_harm(re.findall(r"[\w'’-]+", m.group(1).lower())[:8])


@dataclass(frozen=True)
class Roles:
    agents: tuple[tuple[int, int], ...]  # character spans, relative to the sentence
    patients: tuple[tuple[int, int], ...]
    # who denies: the subjects of the sentence's verbs of denial ("an army spokesman said ...
    # and denied": the spokesman, whatever party the reported clause names before the verb)
    deniers: tuple[tuple[int, int], ...] = ()

    def of(self, start: int, end: int) -> str | None:
        agent = any(s <= start and end <= e for s, e in self.agents)
        patient = any(s <= start and end <= e for s, e in self.patients)
        if agent and not patient:
            return "agent"
        if patient and not agent:
            return "patient"
        return None


@lru_cache(maxsize=2)
def _parser(model: str) -> Language:
    # the parser reads the shared tok2vec only: no tagger, no lemmas (the verbs are found by
    # their forms in the data file), a third quicker; the same matrix products as the
    # extractor's own pipeline (`model_ops`)
    with model_ops():
        return spacy.load(
            model, exclude=["ner", "lemmatizer", "senter", "tagger", "attribute_ruler"]
        )


@lru_cache(maxsize=1)
def _attack_verb() -> re.Pattern[str]:
    return re.compile(rf"(?:{cue('harm_verb').pattern})", re.IGNORECASE)


@lru_cache(maxsize=1)
def _clash_word() -> re.Pattern[str]:
    return re.compile(rf"(?:{cue('clash_word').pattern})", re.IGNORECASE)


@lru_cache(maxsize=1)
def _weapon_noun() -> re.Pattern[str]:
    return re.compile(rf"(?:{cue('weapon_noun').pattern})", re.IGNORECASE)


_HARM, _BLAMES, _CLASH, _WEAPON = 1, 2, 4, 8


def _not_attack_object(words: str) -> bool:
    """Whether a verb's object is no attack: "(launched) an investigation", "(opened) a probe"."""
    return bool(cue("not_attack_object").fullmatch(" " + words))


@lru_cache(maxsize=50_000)
def _word_class(word: str) -> int:
    """Which of the word lists a (lower-cased) word is in, as bits: the patterns are matched
    once per distinct word, not once per token."""
    return (
        (_HARM if _attack_verb().fullmatch(word) else 0)
        | (_BLAMES if _BLAME.fullmatch(word) else 0)
        | (_CLASH if _clash_word().fullmatch(word) else 0)
        | (_WEAPON if _weapon_noun().fullmatch(word) else 0)
    )


# an appositive that says whose the agent is: "by three men, members of the X gang"
_MEMBERS = frozenset("members member fighters militants supporters elements cadres".split())


def _span(token: Token) -> tuple[int, int]:
    """The token's subtree as characters, cut before any target it names (a prepositional
    phrase on/against/at... or a relative clause)."""
    keep = [token]
    stack = list(token.children)
    while stack:
        t = stack.pop()
        if t.dep_ == "prep" and t.lower_ in _TARGET_PREPS:
            continue
        if (
            t.dep_ in ("relcl", "acl", "advcl", "appos")
            and t.head.i == token.i
            and not (t.dep_ == "appos" and t.lower_ in _MEMBERS)
        ):
            continue  # an appositive of membership stays: "three men, members of X"
        keep.append(t)
        stack.extend(t.children)
    start = _after_dash(token.doc, min(t.i for t in keep), max(t.i for t in keep))
    end = max(t.idx + len(t.text) for t in keep)
    return start, end


_DASHES = frozenset({"-", "–", "—", "--", ":"})


def _after_dash(doc: Doc, first: int, last: int) -> int:
    """The character where a phrase from token ``first`` to token ``last`` starts, after any
    spaced dash or colon in it: "KYIV, Ukraine - A drone strike hit": the parser hangs the
    dateline on the strike (or the strike on the dateline), which says nothing of who struck."""
    for k in range(last - 1, first - 1, -1):
        if doc[k].text in _DASHES and (k == 0 or doc[k - 1].whitespace_ or doc[k].whitespace_):
            return doc[k + 1].idx
    return doc[first].idx


# "X were reported / said / believed to have attacked": the reported subject did it
_REPORTED = frozenset(
    "reported said alleged believed thought suspected understood known seen claimed".split()
)


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if subjects:
        # the nearest: "KYIV, Ukraine (AP) — A drone strike hit": the parser may take the
        # dateline for a second subject
        return max(subjects, key=lambda c: (c.i < verb.i, c.i if c.i < verb.i else -c.i))
    if verb.dep_ == "xcomp" and verb.head.lower_ in _REPORTED:
        said = [c for c in verb.head.children if c.dep_ == "nsubjpass" and c.i < verb.head.i]
        if said:
            return said[-1]  # the nearest: a date before it may hang there too
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.dep_ not in _NOMINAL:
        return _subject(verb.head) if verb.dep_ != "advcl" else None
    return None


# the roles of the sentences parsed so far, by (model, pipeline) and sentence; forgotten past
# this many
_PARSED: dict[tuple[str, int], dict[str, Roles]] = {}
_PARSED_KEPT = 20_000


def roles(sentence: str, model: str) -> Roles:
    """The agent and patient spans of the sentence's attack verbs and weapon nouns."""
    return roles_many([sentence], model)[0]


def roles_many(sentences: list[str], model: str, nlp: Language | None = None) -> list[Roles]:
    """`roles` of each sentence, parsed in one batch (several times quicker than one by one).

    ``nlp``: a pipeline holding the model's tok2vec and parser (disabled, as `build_nlp` keeps
    them), run here on the sentences alone; else the model is loaded once more for them."""
    out = [Roles((), ())] * len(sentences)
    todo = [i for i, s in enumerate(sentences) if len(s) <= _MAX_CHARS]
    # a sentence said twice, here or in an earlier batch (wire copies, a lead repeated): one
    # parse; a sentence's parse does not depend on the batch it is read in
    known = _PARSED.setdefault((model, id(nlp) if nlp is not None else 0), {})
    if len(known) > _PARSED_KEPT:
        known.clear()
    texts = [t for t in dict.fromkeys(sentences[i] for i in todo) if t not in known]
    if not texts:
        docs: Iterable[Doc] = []
    elif nlp is not None and {"tok2vec", "parser"} <= set(nlp.component_names):
        docs = [nlp.make_doc(t) for t in texts]
        for name in ("tok2vec", "parser"):
            docs = nlp.get_pipe(name).pipe(docs, batch_size=128)  # type: ignore[attr-defined]
    else:
        docs = _parser(model).pipe(texts, batch_size=128)
    known.update(zip(texts, (_roles_of(doc) for doc in docs), strict=True))
    for i in todo:
        out[i] = known[sentences[i]]
    return out


def _with_shared_agent(verb: Token) -> list[Token]:
    """The verb's children, and the "by X" of a passive verb conjoined to it, which both share
    ("were beaten and then arrested by the police": beaten by the police too)."""
    out = list(verb.children)
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        out += [
            a for c in verb.children if c.dep_ == "conj" for a in c.children if a.dep_ == "agent"
        ]
    return out


def _roles_of(doc: Doc) -> Roles:
    agents: list[tuple[int, int]] = []
    patients: list[tuple[int, int]] = []
    deniers: list[tuple[int, int]] = []
    for tok in doc:
        if tok.dep_ not in _NOMINAL and _DENY.fullmatch(tok.text):
            subject = _subject(tok)
            if subject is not None:
                deniers.append(_span(subject))
        word = _word_class(tok.lower_)
        if word & _HARM and any(
            c.dep_ == "dobj" and _not_attack_object(doc[c.left_edge.i : c.i + 1].text)
            for c in tok.children
        ):
            word &= ~_HARM  # "police launched an investigation": no attack
        if tok.dep_ not in _NOMINAL and word & _HARM:
            subject = _subject(tok)
            if subject is not None:
                start, end = _span(subject)
                k = subject.left_edge.i - 1  # a name the parser hung on the verb ("Mayi Mayi")
                while (
                    k >= 0
                    and doc[k].head.i == tok.i
                    and doc[k].dep_ in ("npadvmod", "compound", "nmod", "dep")
                    and doc[k].text[:1].isupper()
                ):
                    start, k = doc[k].idx, k - 1
                agents.append((start, end))
            for child in _with_shared_agent(tok):
                if child.dep_ == "agent":  # "killed by militants"
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            agents.append(_span(obj))
                elif child.dep_ in _PATIENTS:
                    patients.append(_span(child))
                    if _word_class(child.lower_) & _WEAPON:  # "repelled an attack of X"
                        agents += [
                            _span(o)
                            for prep in child.children
                            if prep.dep_ == "prep" and prep.lower_ in ("of", "by", "from")
                            for o in prep.children
                            if o.dep_ == "pobj"
                        ]
                elif (
                    child.dep_ == "prep"
                    and child.lower_ in ("on", "against", "at", "upon")
                    and child.i > tok.i
                ):  # "fired on X"; not "On Monday, X fired"
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            patients.append(
                                (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text))
                            )
        if tok.dep_ not in _NOMINAL and word & _BLAMES:
            heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
            for child in (c for h in heads for c in h.children):
                # "blamed the attack on X" (on the verb or on its object), "attributed it to X"
                if child.dep_ == "prep" and child.lower_ in ("on", "to"):
                    agents += [_span(o) for o in child.children if o.dep_ == "pobj"]
                elif (
                    child.dep_ == "dobj"
                    and tok.lower_.startswith("accus")
                    and _accused_of_harm(tok)
                ):
                    agents.append(_span(child))  # "accused X of" an attack
                elif (
                    child.dep_ == "dobj"
                    and tok.lower_.startswith("blam")
                    and not any(
                        c.dep_ == "prep" and c.lower_ in ("on", "to")
                        for h in heads
                        for c in h.children
                    )
                    and _accused_of_harm(tok, "for")
                ):
                    agents.append(_span(child))  # "officials blamed X (for the bombing)"
        if (
            tok.dep_ == "prep"
            and tok.lower_ in ("with", "between")
            and _word_class(tok.head.lower_) & _CLASH
        ):  # "exchanged fire with the police": the other side
            for obj in tok.children:
                if obj.dep_ == "pobj":
                    agents.append(_span(obj))
        if tok.dep_ in _NOMINAL and word & _WEAPON:
            for child in tok.children:  # "a Russian guided bomb", "regime warplanes"
                if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < tok.i:
                    start = _after_dash(doc, child.left_edge.i, child.i + 1)
                    if start <= child.idx:
                        agents.append((start, child.idx + len(child.text)))
    return Roles(tuple(agents), tuple(patients), tuple(deniers))
