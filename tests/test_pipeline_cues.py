"""The pipeline reads the means of attack, the harm said in words and the placing around a town
(`pipeline.cues`); resolution compares what it read and reads no text of its own."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from resolve_digests import DAY, HAMA, mention, record
from sqlalchemy import select

from harmwatch.models import Incident, Report, ReportExtraction
from harmwatch.pipeline import get_extractor
from harmwatch.pipeline.cues import read, snippet, with_words
from harmwatch.resolve import add_extraction, rules
from harmwatch.resolve.attach import mention_values
from harmwatch.resolve.record import WORD_FIELDS, aggregate, digest
from harmwatch.resolve.rules import Comparison, decide
from harmwatch.store.db import session_scope
from harmwatch.store.reports import add_report
from harmwatch.store.schema import IncidentRow, MentionRow


@pytest.mark.parametrize(
    ("words", "means", "harm", "around"),
    [
        ("Jets bombed the outskirts of the town at dawn.", {"air"}, set(), True),
        (
            "Artillery pounded the market; no one was hurt.",
            {"fire"},
            {"no_deaths", "no_injuries"},
            False,
        ),
        ("A car bomb went off, and two passers-by were wounded.", {"blast"}, {"injured"}, False),
        ("Gunmen opened fire on a checkpoint.", {"shot"}, set(), False),
        ("The council met to discuss the water supply.", set(), set(), False),
    ],
)
def test_read(words, means, harm, around):
    found = read(words)
    assert (set(found.means), set(found.harm), found.around) == (means, harm, around)


def test_the_snippet_is_the_evidence_in_one_line():
    text = "Headline.\nShells hit  the square.\nLater, rain fell."
    assert snippet(text, [(10, 34)]) == "Shells hit the square."
    assert snippet(text, []) == "Headline. Shells hit the square. Later, rain fell."


def test_with_words_reads_the_incidents_evidence():
    text = "Warplanes struck Hama. Elsewhere, fighting went on near Rastan."
    incident = Incident(event_type="airstrike", evidence=[(0, 22)])
    marked = with_words(text, incident)
    assert (marked.means, marked.harm_words, marked.around) == (["air"], [], False)


def test_the_extractor_emits_the_words_on_each_incident():
    report = Report(
        id="w1",
        published=dt.date(2021, 3, 10),
        text="Government artillery shelled the town of Kafr Nabl on Tuesday, killing "
        "three civilians, residents said.",
    )
    [incident] = get_extractor().extract(report).incidents
    assert incident.means == ["fire"]
    assert incident.harm_words == [] and incident.around is False
    line = ReportExtraction(report_id="w1", incidents=[incident]).model_dump(mode="json")
    assert line["incidents"][0]["means"] == ["fire"]  # an added field of the output


def test_resolution_takes_the_words_from_the_mention_not_its_text():
    """A mention the pipeline read as an air raid is one, whatever its snippet would say."""
    incident = Incident(
        event_type="shelling",
        location=HAMA,
        date=DAY,
        date_precision="day",
        evidence=[(0, 25)],
        means=["air"],
        harm_words=["no_deaths"],
        around=False,
    )
    row = SimpleNamespace(id=1, report_id="r", payload=incident.model_dump(mode="json"))
    report = SimpleNamespace(
        source="Outlet", published=None, url=None, text="Artillery hit Hama today."
    )
    d = digest(row, report)  # type: ignore[arg-type]
    assert (d.means, d.harm_words) == (("air",), ("no_deaths",))
    # an incident told of artillery: the other means named
    c = Comparison(d, record("a", text="Artillery hit Hama."))
    assert rules.means_named(c) is None and c.conflicts == ["means"]


def test_a_mention_without_the_words_is_read_from_its_snippet():
    """Mentions stored before the pipeline read the words (or given by another tool)."""
    d = mention("m", text="Warplanes struck Hama; nobody was killed.")
    assert (d.means, d.harm_words, d.around) == (("air",), ("no_deaths",), False)


def test_stored_payloads_and_records_keep_their_shape(db_url):
    """A payload without the words stores none; a record stores its digests without them
    (``match.words`` has them), as before they were read."""
    bare = Incident(event_type="shelling", location=HAMA, date=dt.date(2021, 3, 10))
    assert not set(WORD_FIELDS) & set(mention_values("r", 0, bare)["payload"])
    read_ = with_words("Jets struck Hama.", bare)
    assert set(WORD_FIELDS) <= set(mention_values("r", 0, read_)["payload"])
    with session_scope(db_url) as s:
        add_report(s, Report(id="r", text="Jets struck Hama.", published=dt.date(2021, 3, 10)))
        add_extraction(s, ReportExtraction(report_id="r", incidents=[read_]))
    with session_scope(db_url) as s:
        [row] = s.scalars(select(IncidentRow)).all()
        assert not set(WORD_FIELDS) & set(row.record["mentions"][0])
        assert row.record["match"]["words"]["means"] == ["air"]
        [m] = s.scalars(select(MentionRow)).all()
        assert m.payload["means"] == ["air"]


def test_a_digest_as_stored_in_a_record_is_compared_as_the_digest_was():
    """The duplicate queue scores a record's stored digests (kept without their words)."""
    from harmwatch.store.record_types import Record

    d = mention("m", text="Warplanes struck Hama; nobody was killed.")
    as_json = aggregate([d]).to_json()["mentions"][0]
    assert "means" not in as_json
    as_stored = Record.from_json(aggregate([d]).to_json()).mentions[0]
    assert as_stored.means is None
    rec = record("a", text="Artillery pounded Hama.", killed=(3, 3))
    assert decide(as_stored, rec) == decide(d, rec)
