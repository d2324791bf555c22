"""Raids told as the way people were arrested are searches, not attacks."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.events import find_events


@pytest.mark.parametrize(
    "sentence",
    [
        "Soldiers arrested nine suspected smugglers in overnight raids on two villages.",
        "Police detained 30 people during raids across the capital's eastern districts.",
    ],
)
def test_raids_that_arrest_are_no_attack(sentence: str) -> None:
    assert all(e.negated for e in find_events(sentence))


def test_a_raid_that_kills_is_still_an_attack() -> None:
    events = find_events("Warplanes carried out raids on the town, killing six people.")
    assert any(not e.negated for e in events)
