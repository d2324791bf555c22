"""The named-entity recogniser's greedy walk, done over all sentences of a batch at once.

spaCy's NER (en_core_web_sm's ``ner``) reads a batch of docs in two parts. Matrix products over
all tokens at once: its tok2vec, then its first hidden layer for every token and each of the
three places a token can fill in a state (the next token, the first token of the open entity,
the token before the next). Then a greedy walk in C, one transition a token: sum the state's
three precomputed rows, maxout, the output layer, and the best transition the state allows.
In the spaCy build used here that walk costs about 30 microseconds a token, most of it spent
taking and releasing Python's GIL inside the state's accessors (``perf`` shows take_gil and
drop_gil called from ``StateC::B``): 3.5 s of the NER's 5.5 s over 300 FA-KES reports, a
quarter of extraction's time.

`NerWalk` runs the same model and takes the same transitions: the tok2vec and the first hidden
layer as spaCy runs them, then the walk in numpy. A state with nothing open has the same
features at a token whatever came before (the token, and padding for the entity), so its best
transition is found for all tokens at once; only the tokens inside an entity need a step of
their own, taken for every sentence with an entity open at once. Sentences can be walked side
by side because the NER never lets an entity cross a sentence start (no B or I before one), so
each sentence starts with nothing open. The output layer is multiplied by the BLIS that
spaCy's walk calls, so the scores are the same to the last bit, and the rules of which
transitions a state allows are those of spaCy's ``ner.pyx`` for a doc without preset entities
(`_allowed`). A doc with preset entities, and a model this walk does not know (beam search, no
output layer, other features, unseen classes), go to spaCy's own NER (`walkable`).

Over the 804 FA-KES reports the NER took 6.9 s of CPU instead of 15.0 s (the walk itself 0.6 s;
a loaded machine), with the same entities, labels and IOB tags in every one of the 7,944 docs
of the six dev sets; tests/test_ner_walk.py checks texts of several wars against spaCy's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from blis.py import gemm as blis_gemm
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.api import NumpyOps

BEGIN, IN, LAST, UNIT, OUT = range(1, 6)
_MOVES = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT, "O": OUT}
_FEATURES = 3  # next token, first token of the open entity, the token before the next
# tokens read at once: the model's arrays for a group take some 3 KB a token (the whole batch
# of 100,000 characters at once: 530 MB at peak over the FA-KES reports, 385 MB in groups)
WALK_TOKENS = 4000


def walkable(ner: Any) -> str | None:
    """None when `NerWalk` can walk for this NER component, else why it cannot."""
    model = getattr(ner, "model", None)
    moves = getattr(ner, "moves", None)
    if model is None or moves is None or not hasattr(model, "get_ref"):
        return "not a transition-based NER"
    if ner.cfg.get("beam_width", 1) != 1:
        return "beam search"
    if not model.attrs.get("has_upper") or model.attrs.get("unseen_classes"):
        return "no output layer, or unseen classes"
    if not isinstance(model.ops, NumpyOps):
        return "not on the CPU"
    try:
        lower = model.get_ref("lower")
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        upper_out = model.get_ref("upper").get_dim("nO")
        dims = (lower.get_dim("nF"), lower.get_dim("nP"))
    except (KeyError, ValueError) as err:
        return f"unknown layers ({err})"
    if dims[0] != _FEATURES or dims[1] < 2 or upper_out != len(names):
        return "other features or activation"
    if any(n.partition("-")[0] not in _MOVES for n in names):
        return "other transitions"
    return None


class NerWalk:
    """Sets ``doc.ents`` as the NER component ``ner`` would, its greedy walk done in numpy."""

    def __init__(self, ner: Any) -> None:
        self.ner = ner
        model = ner.model
        self.tok2vec = model.get_ref("tok2vec")
        self.lower = model.get_ref("lower")
        upper = model.get_ref("upper")
        self.W = np.ascontiguousarray(upper.get_param("W"), dtype=np.float32)
        self.b = np.asarray(upper.get_param("b"), dtype=np.float32)
        self.bias = np.asarray(self.lower.get_param("b"), dtype=np.float32).reshape(-1)
        self.nO, self.nP = self.lower.get_dim("nO"), self.lower.get_dim("nP")
        labels: dict[str, int] = {}
        moves, label_ids = [], []
        for i in range(ner.moves.n_moves):
            move, _, label = ner.moves.get_class_name(i).partition("-")
            moves.append(_MOVES[move])
            if label:
                labels.setdefault(label, len(labels) + 1)
            label_ids.append(labels.get(label, 0))
        self.move = np.array(moves)
        self.label = np.array(label_ids)
        self.names = ["", *labels]  # label id -> label
        self.allowed = _allowed(self.move, self.label, len(labels))

    def __call__(self, doc: Doc) -> Doc:
        self.set_ents([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            group: list[Doc] = []
            tokens = 0
            for doc in batch:  # walked in groups of about `WALK_TOKENS` tokens
                if group and tokens + len(doc) > WALK_TOKENS:
                    self.set_ents(group)
                    group, tokens = [], 0
                group.append(doc)
                tokens += len(doc)
            if group:
                self.set_ents(group)
            yield from batch

    def set_ents(self, docs: list[Doc]) -> None:
        preset = [d for d in docs if d.has_annotation("ENT_IOB")]
        if preset:  # entities set before: spaCy's walk keeps them, as it knows how
            for _ in self.ner.pipe(preset):
                pass
        docs = [d for d in docs if len(d) and not d.has_annotation("ENT_IOB")]
        if not docs:
            return
        found = self._walk(docs)
        for k, doc in enumerate(docs):
            doc.set_ents(
                [Span(doc, a, b, label=self.names[lab]) for a, b, lab in sorted(found[k])],
                default="outside",
            )

    def _walk(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
        """(start, end, label id) of each doc's entities, in token offsets of the doc.

        A state with nothing open is the same at a token whatever came before (its features
        are the token and twice the padding), so its best transition is found for every token
        at once (`_scores` over all rows); only the tokens after a B need a step of their own,
        taken for all sentences with an entity open at once."""
        rows = self.lower.predict(self.tok2vec.predict(docs))  # (tokens + 1, F, nO, nP)
        rows = rows.reshape(rows.shape[0], _FEATURES, -1)  # row 0: the padding ("no token")
        sent_start = np.zeros(rows.shape[0] - 1, dtype=bool)
        space = np.zeros(len(sent_start), dtype=bool)
        offsets = np.cumsum([0] + [len(d) for d in docs])
        for doc, offset in zip(docs, offsets, strict=False):
            attrs = doc.to_array([SENT_START, IS_SPACE]).reshape(len(doc), 2)
            sent_start[offset : offset + len(doc)] = attrs[:, 0] == 1
            sent_start[offset] = True
            space[offset : offset + len(doc)] = attrs[:, 1] == 1
        # an entity can go on past a token when the next one is in the same sentence
        go_on = np.append(~sent_start[1:], False)
        go_on[offsets[1:] - 1] = False
        # the end (exclusive) of each token's sentence
        first = np.flatnonzero(sent_start)
        sent_end = np.repeat(
            np.append(first[1:], len(sent_start)), np.diff(np.append(first, len(sent_start)))
        )
        word = (~space).astype(np.int64)
        kind = word + (word & go_on)
        closed = self._scores(rows[1:, 0] + rows[0, 1] + rows[0, 2]) + self.allowed[kind]
        guess = closed.argmax(axis=1)
        move, label = self.move[guess], self.label[guess]
        # the next B at or after each token in its sentence, else the sentence's end
        at = np.where(move == BEGIN, np.arange(len(move)), sent_end)
        next_b = np.minimum.accumulate(at[::-1])[::-1]
        found: list[tuple[int, int, int]] = []
        inside = np.zeros(len(move) + 1, dtype=np.int64)  # +1 at entity starts, -1 past ends
        e = next_b[first]
        keep = e < sent_end[first]
        e, end = e[keep], sent_end[first][keep]
        t, lab = e + 1, label[e]
        while len(e):
            scores = self._scores(rows[t + 1, 0] + rows[e + 1, 1] + rows[t, 2])
            scores += self.allowed[3 + 2 * lab + go_on[t]]
            last = self.move[scores.argmax(axis=1)] == LAST
            for i in np.flatnonzero(last):
                found.append((int(e[i]), int(t[i]) + 1, int(lab[i])))
            inside[e[last]] += 1
            inside[t[last] + 1] -= 1
            # past an L: on to the next B of the sentence, if any; past an I: the next token
            after = t[last] + 1
            nb = np.where(after < end[last], next_b[np.minimum(after, len(move) - 1)], end[last])
            e = np.where(last, 0, e)
            e[last] = nb
            t = np.where(last, e + 1, t + 1)
            lab = np.where(last, label[np.minimum(e, len(move) - 1)], lab)
            alive = e < end
            e, t, lab, end = e[alive], t[alive], lab[alive], end[alive]
        covered = np.cumsum(inside[:-1]) > 0
        found += [
            (int(i), int(i) + 1, int(label[i])) for i in np.flatnonzero((move == UNIT) & ~covered)
        ]
        out: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        for a, b, lab_id in found:
            k = int(np.searchsorted(offsets, a, side="right")) - 1
            out[k].append((a - int(offsets[k]), b - int(offsets[k]), lab_id))
        return out

    def _scores(self, h: np.ndarray) -> np.ndarray:
        """The output layer's scores of states whose three feature rows sum to ``h`` (summed
        in spaCy's order), as spaCy's walk computes them: bias, maxout, the product on BLIS."""
        h += self.bias
        pieces = h.reshape(len(h), self.nO, self.nP)
        hidden = pieces[:, :, 0].copy()  # the maxout, piece by piece (a max over an axis of
        for p in range(1, self.nP):  # two is several times slower in numpy)
            np.maximum(hidden, pieces[:, :, p], out=hidden)
        scores = blis_gemm(hidden, self.W, trans2=True, beta=0.0)
        scores += self.b
        return scores


def _allowed(move: np.ndarray, label: np.ndarray, labels: int) -> np.ndarray:
    """0 where a transition is allowed, -inf where not, one row per kind of state (spaCy's
    ``ner.pyx`` rules for a doc without preset entities):

    - rows 0-2, nothing open: O always; U (a labelled one) unless the token is a space (rows
      1 and 2); B (labelled) only when, besides, the entity can go on past it (row 2);
    - rows 3 + 2 * label + go_on, an entity of ``label`` open: L of that label; I of that
      label too when the entity can go on past the token.
    """
    kinds = 3 + 2 * (labels + 1)
    out = np.full((kinds, len(move)), -np.inf, dtype=np.float32)
    named = label != 0
    out[0:3, move == OUT] = 0
    out[1:3, (move == UNIT) & named] = 0
    out[2, (move == BEGIN) & named] = 0
    for lab in range(1, labels + 1):
        for go_on in (0, 1):
            row = 3 + 2 * lab + go_on
            out[row, (move == LAST) & (label == lab)] = 0
            if go_on:
                out[row, (move == IN) & (label == lab)] = 0
    return out


@Language.factory(
    "hw_ner",
    requires=["token.is_sent_start"],
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={"source": "ner"},
)
def make_ner_walk(nlp: Language, name: str, source: str) -> NerWalk:
    """The NER of the pipeline's (disabled) component ``source``, walked by `NerWalk`."""
    return NerWalk(nlp.get_pipe(source))
