"""A name that says whose a group is ("Hema militias", "Dogon hunters") is not the place of
the attack, even where a town abroad shares it."""

from __future__ import annotations

import pytest
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
