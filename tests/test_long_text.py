"""Long reports read in chunks (`harmwatch.pipeline.long_text`): the evidence offsets stay
offsets into the whole text, and the chunks find what the whole text finds."""

from __future__ import annotations

import pytest

from harmwatch.models import Figure, Incident, Location, Perpetrator, Report
from harmwatch.pipeline.long_text import chunk_bounds, shifted

# Four separate strikes, each in its own paragraph, written for this test.
PARAGRAPHS = [
    "An airstrike hit a bakery in Saraqib on 3 March 2019, killing seven people and wounding "
    "twelve others, the civil defence said. Neighbours said the queue for bread was long.",
    "Artillery shelling struck homes in Kafr Nabl on 5 March 2019; four children were killed, "
    "a local monitor reported. Families fled north during the night.",
    "A car bomb exploded near a checkpoint in Azaz on 9 March 2019, killing eleven people, "
    "police said. The road was closed for hours afterwards.",
    "A drone strike hit a car outside Binnish on 12 March 2019, killing two men, residents "
    "said. Nobody claimed the strike.",
]
QUIET = (
    "Shopkeepers said the price of lentils had doubled since spring, and the "
    "municipality promised new water pipes before the winter. "
)


def test_chunks_group_pieces_up_to_the_limit() -> None:
    pieces = [(0, 40), (41, 90), (91, 130), (131, 200), (202, 210)]
    assert chunk_bounds(pieces, 100) == [(0, 90), (91, 130), (131, 210)]
    assert chunk_bounds(pieces, 1000) == [(0, 210)]
    assert chunk_bounds([], 100) == []


def test_shifted_moves_every_evidence_span_and_nothing_else() -> None:
    incident = Incident(
        date_evidence=(5, 9),
        evidence=[(0, 20), (30, 40)],
        location=Location(name="Ariha", evidence=(10, 15)),
        perpetrators=[Perpetrator(name="x", id="x", evidence=(1, 2))],
        figures=[Figure(kind="killed", value=3, evidence=(16, 19))],
        targets=["market"],
    )
    moved = shifted(incident, 1000)
    assert moved.date_evidence == (1005, 1009)
    assert moved.evidence == [(1000, 1020), (1030, 1040)]
    assert moved.location is not None and moved.location.evidence == (1010, 1015)
    assert moved.perpetrators[0].evidence == (1001, 1002)
    assert moved.figures[0].evidence == (1016, 1019) and moved.figures[0].value == 3
    assert moved.targets == ["market"] and incident.evidence == [(0, 20), (30, 40)]


def _facts(report: Report, extraction_incidents: list[Incident]) -> set[tuple[object, ...]]:
    """What each incident says, with the text its evidence points at."""
    text = report.text
    out: set[tuple[object, ...]] = set()
    for incident in extraction_incidents:
        location = incident.location
        out.add(
            (
                incident.date,
                location.name if location else None,
                text[slice(*location.evidence)] if location and location.evidence else None,
                tuple(
                    sorted(
                        (f.kind, f.value, text[slice(*f.evidence)] if f.evidence else None)
                        for f in incident.figures
                    )
                ),
            )
        )
    return out


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    from harmwatch.pipeline import get_extractor

    return get_extractor()


def test_a_report_read_in_chunks_points_into_the_whole_text(
    extractor,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """Chunks of about two paragraphs: every strike is found, each with the evidence it has
    when the report is read whole, as offsets into the whole text."""
    from harmwatch.pipeline import extract

    text = "\n\n".join(QUIET * 3 + p for p in PARAGRAPHS)
    report = Report(id="long", text=text)
    whole = extractor.extract(report)
    monkeypatch.setattr(extract, "CHUNK_CHARS", 2 * len(QUIET * 3 + PARAGRAPHS[0]))
    chunked = extractor.extract(report)
    assert len(chunked.incidents) == len(PARAGRAPHS)
    assert _facts(report, chunked.incidents) == _facts(report, whole.incidents)
    for incident in chunked.incidents:
        killed = [f for f in incident.figures if f.kind == "killed"]
        assert killed and killed[0].evidence is not None
        assert "kill" in text[slice(*killed[0].evidence)]
        for start, end in incident.evidence:
            assert 0 <= start < end <= len(text)


def test_a_lone_surrogate_in_a_report_made_by_hand_is_read_as_a_replacement(
    extractor,  # type: ignore[no-untyped-def]
) -> None:
    """The readers refuse lone surrogates; a `Report` built in code may still hold one, and
    spaCy cannot hash it: the extractor reads it as U+FFFD, the offsets unchanged."""
    text = "\ud800 " + PARAGRAPHS[0]
    (incident,) = extractor.extract(Report(id="s", text=text)).incidents
    figure = next(f for f in incident.figures if f.kind == "killed")
    assert figure.evidence is not None and text[slice(*figure.evidence)].startswith("killing")
