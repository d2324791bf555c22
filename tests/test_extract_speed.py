"""What the extractor does to be quick must not change what it finds.

The actor stage parses the sentences of a whole batch of reports at once, and a sentence said
twice once (`ActorFinder.pipe`, `agents.roles_many`): each report must come out exactly as when
it is read alone.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from harmwatch.models import Report
from harmwatch.pipeline import agents
from harmwatch.pipeline.extract import get_extractor
from harmwatch.settings import get_settings

# the parse decides some of these roles (a subject the patterns take for a mere mention)
TEXTS = [
    "Witnesses said soldiers from the army opened fire and killed four protesters on Monday. "
    "Witnesses said soldiers from the army opened fire and killed four protesters on Monday.",
    "A strike on Houthi positions killed five fighters near the port of Hodeidah on Friday.",
    "Heavy rain flooded the old market on Sunday and traders counted their losses.",
    "In the evening the rebels from the hills killed four villagers with machetes. "
    "Local officials blamed the raid on Boko Haram fighters.",
    "Soldiers who arrived in trucks shot and killed three fishermen at the lake, officials said.",
]


def _actors(doc: Any) -> list[tuple[int, int, str, str, str | None]]:
    return [(m.start, m.end, m.actor_id, m.role, m.by) for m in doc._.hw_actors]


def test_a_batch_of_reports_reads_each_as_when_read_alone(monkeypatch: Any) -> None:
    nlp = get_extractor().nlp
    alone = [_actors(nlp(nlp.make_doc(t))) for t in TEXTS]
    calls: list[int] = []
    parse = agents.roles_many

    def counted(sentences: list[str], *args: Any) -> list[agents.Roles]:
        calls.append(len(sentences))
        return parse(sentences, *args)

    monkeypatch.setattr(agents, "roles_many", counted)
    monkeypatch.setattr(agents, "_PARSED", {})  # parsed afresh, in one batch
    batched = [_actors(d) for d in nlp.pipe([nlp.make_doc(t) for t in TEXTS], batch_size=8)]
    assert batched == alone
    assert len(calls) == 1 and calls[0] >= 3  # one parse for the batch, several sentences


def test_a_sentence_given_twice_is_parsed_once_and_read_the_same(monkeypatch: Any) -> None:
    model = get_settings().spacy_model
    nlp = get_extractor().nlp
    sentences = [
        "Gunmen shot dead three farmers near the well.",
        "The army shelled the hills.",
        "Gunmen shot dead three farmers near the well.",
    ]
    monkeypatch.setattr(agents, "_PARSED", {})
    made: list[str] = []
    make = nlp.make_doc

    def counted(text: str) -> Any:
        made.append(text)
        return make(text)

    monkeypatch.setattr(nlp, "make_doc", counted)
    read = agents.roles_many(sentences, model, nlp)
    assert made == sentences[:2]
    assert read[0].agents  # the gunmen, by the parse
    # in a later batch too (a wire copy of a report read before)
    assert agents.roles_many(sentences[::-1], model, nlp) == read[::-1]
    assert made == sentences[:2]
    # and the same as when parsed afresh
    monkeypatch.setattr(agents, "_PARSED", {})
    assert agents.roles_many(sentences, model, nlp) == read


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_extract_many_is_the_same_for_any_batch_size(batch_size: int) -> None:
    extractor = get_extractor()
    reports = [Report(id=f"r{i}", text=t, published=None) for i, t in enumerate(TEXTS)]
    one_by_one = [extractor.extract(r).model_dump_json() for r in reports]
    together = [e.model_dump_json() for e in extractor.extract_many(reports, batch_size=batch_size)]
    assert together == one_by_one


def test_harmwatch_extract_starts_without_the_store_or_the_resolver() -> None:
    # `harmwatch extract` stores nothing: importing the store and the resolver cost a third of
    # its start-up; `harmwatch.process` still gives `ingest` and `reextract` when asked
    code = (
        "import sys, harmwatch.process.extract_run\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'"
        " or m.startswith(('harmwatch.store', 'harmwatch.resolve'))))\n"
        "from harmwatch.process import IngestSummary, ingest, reextract\n"
        "print(callable(ingest) and callable(reextract) and IngestSummary.__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "IngestSummary"]


def test_the_collector_runs_less_often_while_extracting_and_as_before_after() -> None:
    """`extract.fewer_collections`: a higher youngest-generation threshold inside
    `Extractor.extract_many`, the old one back when it is done."""
    import gc

    from harmwatch.pipeline.extract import YOUNG_OBJECTS

    extractor = get_extractor()
    before = gc.get_threshold()
    seen = []
    for _ in extractor.extract_many([Report(id="gc-1", text="Shelling killed two men.")]):
        seen.append(gc.get_threshold())
    assert seen and all(t[0] >= YOUNG_OBJECTS and t[1:] == before[1:] for t in seen)
    assert gc.get_threshold() == before
