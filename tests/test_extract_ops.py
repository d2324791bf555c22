"""What makes extraction cheaper must not change what it finds (issue 11's speed target).

- the stages read the Doc's text through `doc_text`, built once per Doc;
- the place stage gives its name tests only the entities that overlap a name (`_overlapping`);
"""

from __future__ import annotations

from harmwatch.gazetteer.types import Place, PlaceMatch
from harmwatch.models import Report
from harmwatch.pipeline.extract import get_extractor
from harmwatch.pipeline.places import _overlapping
from harmwatch.pipeline.types import doc_text

ODD_TEXTS = [
    "  Two shells hit the  market\tin Kafr Nabl on Monday,\r\nkilling three.  ",
    "Mortar fire killed a boy 🙁 near the school.\n\n\nThe army denied it.\n",
    "A drone struck a car  \u00a0 on the coast road, killing its driver; a second drone missed.",
]


def test_the_text_the_extractor_keeps_is_the_docs_own() -> None:
    ex = get_extractor()
    for i, text in enumerate(ODD_TEXTS):
        doc = ex._make_doc(Report(id=f"r{i}", text=text))
        assert doc is not None
        assert doc_text(doc) == doc.text == text


def test_doc_text_of_a_doc_made_elsewhere_is_built_once() -> None:
    nlp = get_extractor().nlp
    doc = nlp.make_doc(ODD_TEXTS[0])
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first  # kept, not joined again from the tokens


def test_the_entities_given_to_the_name_tests_are_exactly_those_overlapping_the_name() -> None:
    nlp = get_extractor().nlp
    text = (
        "John Smith of the Red Cross said Aleppo and Idlib were shelled on Monday by Russian "
        "jets, and Mary Jones of Save the Children said Hama was calm."
    )
    doc = nlp(text)
    ents = doc.ents
    assert len(ents) >= 5
    ends = [e.end_char for e in ents]
    place = Place("t:1", "x", None, None)
    # every span of the text: those touching an entity's edge, inside one, across two, none
    bounds = sorted({0, len(text)} | {e.start_char for e in ents} | {e.end_char for e in ents})
    spans = [(a, b) for a in bounds for b in bounds if a < b]
    spans += [(e.start_char + 1, e.end_char - 1) for e in ents if len(e.text) > 2]
    for a, b in spans:
        m = PlaceMatch(a, b, text[a:b], (place,), (True,))
        want = [e for e in ents if e.start_char < b and a < e.end_char]
        assert _overlapping(ents, ends, m) == want, (a, b, text[a:b])
