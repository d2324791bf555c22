"""A name that says whose a group is ("Hema militias", "Dogon hunters") is not the place of
the attack, even where a town abroad shares it."""

from __future__ import annotations

import datetime as dt

import pytest
from extracting import current_incidents
from place_stage import best, place_nlp


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (
            "Fighting between Hema and Lendu militias near Djugu left eleven villagers dead.",
            "CD",
        ),
        ("Hema militias raided a camp for displaced people outside Bunia, killing six.", "CD"),
    ],
)
def test_a_peoples_name_before_its_group_noun_is_no_place(text: str, country: str) -> None:
    doc = place_nlp()(text)
    assert all(m.place.country == country for m in doc._.hw_places)
    place = best(place_nlp(), text)
    assert place is not None and place.place.country == country


def test_a_community_or_minority_named_for_a_people_is_no_place() -> None:
    found = current_incidents(
        "A suicide bomber killed 14 students at a school in western Kabul on Friday, police "
        "said. Militants have attacked the Hazara community there before.",
        dt.date(2022, 9, 30),
    )
    assert [i.location.name for i in found if i.location] == ["Kabul"]
