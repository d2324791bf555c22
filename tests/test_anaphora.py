"""A reporting organisation taken up again by its head noun ("the union"): who alleges."""

from __future__ import annotations

import pytest

from harmwatch.pipeline.actors import ActorFinder
from harmwatch.pipeline.anaphora import antecedent_source
from harmwatch.settings import get_settings


def alleged_by(text: str, actor: str, country: str) -> list[str | None]:
    """Who alleges ``actor`` in the last sentence of ``text`` (sentences split at ". ")."""
    start = text.rindex(". ") + 2
    finder = ActorFinder(model=get_settings().spacy_model)  # the parse reads a verb of blame
    found = finder.resolve(finder.sentence_mentions(text, start, len(text)), country)
    return [m.by for m in found if m.actor_id == actor and m.role == "alleged"]


@pytest.mark.parametrize(
    ("text", "actor", "country", "by"),
    [
        (
            "The nurses' union said a shell hit the ward in Kadugli on Friday, killing three "
            "patients. The union blamed the RSF for the shelling.",
            "rsf",
            "SD",
            "nurses' union",
        ),
        (
            "The Sudan Doctors' Union reported two deaths at the clinic. The union accused the "
            "RSF of shelling it.",
            "rsf",
            "SD",
            "Sudan Doctors' Union",
        ),
        (
            "A local human rights group said a drone struck a wedding party near Herat. "
            "The group blamed the Taliban.",
            "taliban",
            "AF",
            "local human rights group",
        ),
    ],
)
def test_the_organisation_named_before_alleges(
    text: str, actor: str, country: str, by: str
) -> None:
    assert alleged_by(text, actor, country) == [by]


def test_a_bare_head_noun_names_nobody() -> None:
    # no name with that head before it: nobody to take up again
    text = "A shell hit the ward on Friday. The union blamed the RSF for the shelling."
    assert antecedent_source(text, text.index("The union"), text.index("RSF")) is None


def test_the_head_noun_must_speak_or_blame() -> None:
    text = "The teachers' union met on Monday. Gunmen from the union attacked a bus."
    assert antecedent_source(text, text.index("Gunmen"), text.index("attacked")) is None


@pytest.mark.parametrize(
    ("text", "actor", "country", "by"),
    [
        (
            "Rights groups blamed the RSF for the massacre in the village.",
            "rsf",
            "SD",
            "Rights groups",
        ),
        (
            "Ukrainian officials accused Russian forces of shelling the market in Kupiansk.",
            "russia",
            "UA",
            "Ukrainian officials",
        ),
    ],
)
def test_the_people_who_blame_are_who_alleges(text: str, actor: str, country: str, by: str) -> None:
    finder = ActorFinder()
    found = finder.resolve(finder.sentence_mentions(text, 0, len(text)), country)
    assert [m.by for m in found if m.actor_id == actor and m.role == "alleged"] == [by]


def test_who_blames_and_where_they_are() -> None:
    text = "Villagers in Benue state blamed Fulani herders for the massacre at Yelwata."
    finder = ActorFinder()
    found = finder.resolve(finder.sentence_mentions(text, 0, len(text)), "NG")
    assert [m.by for m in found if m.role == "alleged"] == ["Villagers"]
