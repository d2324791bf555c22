"""What makes extraction cheaper must not change what it finds (issue 11's speed target).

- the stages read the Doc's text through `doc_text`, built once per Doc;
- the place stage gives its name tests only the entities that overlap a name (`_overlapping`);
- the model's matrix products go to numpy's BLAS (`model_ops`, the ``model_blas`` setting);
- the memory of a batch's arrays is kept for the next batch (`keep_freed_memory`).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from thinc.api import NumpyOps

from harmwatch.gazetteer.types import Place, PlaceMatch
from harmwatch.models import Report
from harmwatch.pipeline import model_ops
from harmwatch.pipeline.extract import build_nlp, get_extractor
from harmwatch.pipeline.places import _overlapping
from harmwatch.pipeline.types import doc_text
from harmwatch.settings import get_settings

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


@pytest.fixture
def blas(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def set_to(value: str) -> None:
        monkeypatch.setenv("HARMWATCH_MODEL_BLAS", value)
        get_settings.cache_clear()

    yield set_to
    get_settings.cache_clear()


def _gemm_ops(nlp: Any) -> set[tuple[str, bool]]:
    """The operations of the layers whose matrix products take the time: the maxout layers of
    each tok2vec and the parser's and NER's precomputed hidden layer (their last layer is read
    by spaCy's C code, on BLIS in either case)."""
    found = set()
    for name in ("ner", "parser", "tok2vec"):
        if name in nlp.component_names:
            for layer in nlp.get_pipe(name).model.walk():
                if layer.name in ("maxout", "precomputable_affine"):
                    found.add((type(layer.ops).__name__, bool(getattr(layer.ops, "use_blis", 0))))
    return found


def test_the_model_multiplies_with_numpy_by_default_and_with_blis_when_set(blas: Any) -> None:
    texts = [
        "Government warplanes struck the market in Maarat al-Numan on Monday, killing 12 "
        "civilians, the Syrian Observatory for Human Rights said.",
        "Militants shot dead four farmers near the village on Friday; the army blamed the raid "
        "on the group.",
    ]
    blas("numpy")
    with_numpy = build_nlp()
    assert _gemm_ops(with_numpy) == {(NumpyOps.__name__, False)}
    blas("blis")
    with_blis = build_nlp()
    assert _gemm_ops(with_blis) == {(NumpyOps.__name__, True)}
    # the same findings either way (the products differ in their last bits at most)
    for text in texts:
        a, b = with_numpy(text), with_blis(text)
        assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]
        for ext in ("hw_places", "hw_figures", "hw_actors", "hw_events"):
            assert getattr(a._, ext) == getattr(b._, ext)


def test_a_bad_model_blas_setting_is_refused_by_name(blas: Any) -> None:
    blas("mkl")
    with pytest.raises(ValueError, match="model_blas"):
        get_settings()


_BATCHES = """
import resource, sys
import numpy as np
if sys.argv[1] == "keep":
    from harmwatch.pipeline.model_ops import keep_freed_memory
    assert keep_freed_memory()
def batch():  # a batch's arrays, as the model's layers make them: several of a few MB
    arrays = [np.ones((3_000_000,), dtype=np.float32) for _ in range(4)]
    return sum(float(a[-1]) for a in arrays)
batch()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    batch()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_the_arrays_of_a_batch_reuse_the_memory_of_the_last_one() -> None:
    def faults(mode: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", _BATCHES, mode], capture_output=True, text=True, check=True
        )
        return int(done.stdout.strip())

    assert faults("default") > 5_000  # every batch's pages given back and faulted in again
    assert faults("keep") < 500


def test_building_the_pipeline_keeps_freed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def record() -> bool:
        calls.append(True)
        return True

    monkeypatch.setattr(model_ops, "keep_freed_memory", record)
    build_nlp()
    assert calls
