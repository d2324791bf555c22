"""`NerWalk` finds exactly the entities spaCy's own NER finds, in less time (pipeline/ner_walk.py).

The extractor's pipeline runs ``hw_ner`` in place of the model's ``ner``; each test compares the
two on the same sentence-split docs: entity spans, labels and every token's IOB tag.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from harmwatch.pipeline.extract import build_nlp, get_extractor
from harmwatch.pipeline.ner_walk import NerWalk, walkable

# written for these tests: reports of several wars, and the odd shapes texts come in
TEXTS = [
    "Russian missiles hit an apartment block in Dnipro on Saturday, killing at least 40 "
    "people, the regional governor Serhiy Lysak said. Ukraine's air force said it could not "
    "stop the Kh-22 missile.",
    "KHARTOUM (Reuters) - Shelling by the Rapid Support Forces killed 18 civilians in "
    "El Fasher on Tuesday, the Sudan Doctors Network said, blaming the RSF.\n\nThe Sudanese "
    "army did not comment.",
    "An Israeli strike on a school sheltering displaced families in Deir al-Balah killed 30 "
    "people, Gaza's Civil Defence said on Thursday; the IDF said it targeted a Hamas "
    "command room.",
    "Gunmen attacked a church in Owo, Ondo state, during Sunday mass.  Police blamed the "
    "Islamic State West Africa Province (ISWAP) for the killing of 41 worshippers.",
    "Two drones struck the Abqaiq plant\tof Saudi Aramco. The Houthis in Yemen claimed the "
    "attack , while Washington blamed Iran .",
    "Mosul",
    "In",
    "   \n  ",
    "Airstrikes on Maarat al-Numan, Kafr Nubl and Saraqib killed 23 people, the Syrian "
    "Observatory for Human Rights and the White Helmets said, as Abu Mohammed al-Jolani's HTS "
    "lost ground to government forces backed by Russia and Iran's Quds Force in Idlib "
    "province and along the M5 highway between Aleppo and Hama on 28 January 2020",
    "MSF said the hospital in Kunduz was hit repeatedly by a US AC-130 gunship early on "
    "3 October 2015 . 42 people died . General John Campbell said the strike was a mistake. "
    "Gen. Campbell",
]


def _ents(doc: Doc) -> tuple[list[tuple[int, int, str]], list[str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents], [t.ent_iob_ for t in doc]


@pytest.fixture(scope="module")
def nlp() -> Any:
    return get_extractor().nlp


def _both(nlp: Any, texts: list[str]) -> tuple[list[Doc], list[Doc]]:
    """The texts sentence-split as the pipeline does, then read by spaCy's NER and the walk."""
    senter = nlp.get_pipe("senter")
    spacy_docs = list(senter.pipe(nlp.make_doc(t) for t in texts))
    walked = list(senter.pipe(nlp.make_doc(t) for t in texts))
    list(nlp.get_pipe("ner").pipe(spacy_docs))
    list(nlp.get_pipe("hw_ner").pipe(walked))
    return spacy_docs, walked


def test_the_extractor_walks_the_ner_itself(nlp: Any) -> None:
    assert "hw_ner" in nlp.pipe_names
    assert "ner" not in nlp.pipe_names  # kept, disabled: its model is the walk's
    assert nlp.pipe_names.index("senter") < nlp.pipe_names.index("hw_ner")
    assert nlp.pipe_names.index("hw_ner") < nlp.pipe_names.index("hw_places")


def test_the_walk_finds_what_spacys_ner_finds(nlp: Any) -> None:
    spacy_docs, walked = _both(nlp, TEXTS)
    assert sum(len(d.ents) for d in spacy_docs) > 40  # the texts do name things
    for a, b in zip(spacy_docs, walked, strict=True):
        assert _ents(b) == _ents(a), a.text


def test_the_walk_is_the_same_one_doc_at_a_time_and_in_a_batch(nlp: Any) -> None:
    _, batch = _both(nlp, TEXTS)
    for text, doc in zip(TEXTS, batch, strict=True):
        one = nlp.get_pipe("senter")(nlp.make_doc(text))
        nlp.get_pipe("hw_ner")(one)
        assert _ents(one) == _ents(doc)


def test_the_walk_does_not_call_spacys_walk(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    walk = NerWalk(nlp.get_pipe("ner"))

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("spaCy's greedy walk was called")

    monkeypatch.setattr(walk, "ner", SimpleNamespace(pipe=refuse, predict=refuse))
    doc = nlp.get_pipe("senter")(nlp.make_doc(TEXTS[0]))
    walk(doc)
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == ["Dnipro", "Ukraine"]


def test_entities_set_before_are_kept_as_spacy_keeps_them(nlp: Any) -> None:
    text = TEXTS[1]
    docs = []
    for _ in range(2):
        doc = nlp.get_pipe("senter")(nlp.make_doc(text))
        fasher = doc.text.index("El Fasher")
        doc.set_ents([doc.char_span(fasher, fasher + len("El Fasher"), label="FAC")])
        docs.append(doc)
    nlp.get_pipe("ner")(docs[0])
    nlp.get_pipe("hw_ner")(docs[1])
    assert _ents(docs[1]) == _ents(docs[0])
    assert ("El Fasher", "FAC") in [(e.text, e.label_) for e in docs[1].ents]


def test_no_entity_crosses_a_sentence_start(nlp: Any) -> None:
    """A sentence start set inside a name ("United | Nations"): both close the entity before it."""
    words = "Officials of the United Nations and the Red Cross met John Smith in New York".split()
    cuts = [words.index("Nations"), words.index("Cross"), words.index("Smith"), words.index("York")]
    docs = []
    for _ in range(2):
        doc = Doc(nlp.vocab, words=words)
        for i, token in enumerate(doc):
            token.is_sent_start = i == 0 or i in cuts
        docs.append(doc)
    nlp.get_pipe("ner")(docs[0])
    nlp.get_pipe("hw_ner")(docs[1])
    assert _ents(docs[1]) == _ents(docs[0])
    assert all(not (e.start < c < e.end) for e in docs[1].ents for c in cuts)


WORDS = [
    "the", "of", "in", "and", "said", "killed", "on", "by", "forces", "army", "strike",
    "Aleppo", "Kyiv", "Gaza", "John", "Smith", "United", "Nations", "Red", "Cross", "Monday",
    "March", "12", "2019", "Russian", "Sudanese", "al-", "Qaeda", "Abu", "Bakr", ",", ".",
    "(", ")", "'s", "\n", "  ", "-", "UN", "HTS", "Hezbollah", "Kharkiv", "two", "civilians",
]  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60), min_size=1, max_size=6))
def test_any_text_gets_the_same_entities(nlp: Any, texts: list[list[str]]) -> None:
    spacy_docs, walked = _both(nlp, [" ".join(words) for words in texts])
    for a, b in zip(spacy_docs, walked, strict=True):
        assert _ents(b) == _ents(a), a.text


def test_a_model_the_walk_does_not_know_is_left_to_spacy(nlp: Any) -> None:
    ner = nlp.get_pipe("ner")
    assert walkable(ner) is None
    beam = SimpleNamespace(model=ner.model, moves=ner.moves, cfg={"beam_width": 4})
    assert walkable(beam) == "beam search"
    assert walkable(SimpleNamespace(cfg={})) == "not a transition-based NER"
    assert walkable(nlp.get_pipe("senter")) == "not a transition-based NER"


def test_a_pipeline_without_the_walk_still_finds_entities() -> None:
    nlp = build_nlp()
    nlp.remove_pipe("hw_ner")
    nlp.enable_pipe("ner")
    doc = nlp(TEXTS[0])
    assert "Dnipro" in [e.text for e in doc.ents]
    assert isinstance(doc.ents[0], Span)
