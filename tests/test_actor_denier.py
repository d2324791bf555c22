"""Who denies: the subject the relative clause is about, never a country named as where."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.actors import ActorFinder
from harmwatch.settings import get_settings


def roles(sentence: str, country: str | None) -> set[tuple[str, str]]:
    finder = ActorFinder(model=get_settings().spacy_model)
    found = finder.sentence_mentions(sentence, 0, len(sentence))
    return {(m.actor_id, m.role) for m in finder.resolve(found, country)}


@pytest.mark.parametrize(
    "sentence",
    [
        "The Saudi-led coalition that has been striking Houthi positions in Yemen for months "
        "denied on Tuesday that its jets hit the wedding hall.",
        "The Saudi-led coalition, which has been striking Houthi positions in Yemen for "
        "months, denied on Tuesday that its jets hit the wedding hall.",
    ],
)
def test_the_subject_of_a_relative_clause_denies(sentence: str) -> None:
    found = roles(sentence, "YE")
    assert ("saudi_coalition", "denial") in found
    # neither the coalition's target nor the country it fights in denies or is accused
    assert not {(a, r) for a, r in found if a in ("houthis", "ye_military")} & {
        ("houthis", "denial"),
        ("houthis", "alleged"),
        ("ye_military", "denial"),
        ("ye_military", "alleged"),
    }


def test_a_country_named_as_the_place_does_not_deny() -> None:
    sentence = (
        "The Houthis, the strongest force in western Yemen, denied any part in the explosion."
    )
    found = roles(sentence, "YE")
    assert ("houthis", "denial") in found
    assert ("ye_military", "denial") not in found
