"""Readings of casualty wording that make a toll (issue 11, item 3): counts listed together,
a count and the names that say who its members were, a count said of one group beside a vague
word for everybody, "N other" dead after a count, and an increment told before the toll that
already holds it. Sentences are my own."""

from __future__ import annotations

from harmwatch.models import Range
from harmwatch.pipeline.figures import find_figures, reconcile
from harmwatch.pipeline.types import FigureMention
from harmwatch.pipeline.victims import count_victims


def killed(text: str) -> tuple[int | None, int | None] | None:
    r = reconcile(find_figures(text)).killed
    return None if r is None else (r.min, r.max)


def test_counts_listed_together_are_a_toll() -> None:
    text = "Two men and four young girls died when the shelter was hit on Friday night."
    assert killed(text) == (6, 6)
    listed = [f for f in count_victims(text, 0, len(text), [], []) if f.value == 6]
    assert listed and not listed[0].named_victims  # counted people, not identified ones


def test_a_list_of_identified_people_stays_a_roster() -> None:
    text = "Nabil Darwish, his sister and their two cousins were killed in the raid."
    assert all(f.named_victims for f in count_victims(text, 0, len(text), [], []))


def test_names_after_a_count_say_who_they_were() -> None:
    text = "The drone strike killed two farmers, Yasin Qadi and his nephew Wael Qadi"
    assert [f.value for f in count_victims(text, 0, len(text), [], [])] == [2]
    assert killed(text + ".") == (2, 2)


def test_a_count_of_one_group_beats_a_vague_word_for_all() -> None:
    text = (
        "Three sisters were killed when the missile struck their flat. "
        "Neighbours said a number of people had died in the street."
    )
    assert killed(text) == (3, 3)


def test_a_vague_word_still_adds_to_the_wounded() -> None:
    # "one paramedic and a number of civilians were wounded": both groups are hurt
    figs = [
        FigureMention("injured", 1, 1, "exact", "medical_workers", 0, 12, 0, 3),
        FigureMention("injured", 2, None, "vague", "civilians", 17, 40, 17, 25),
    ]
    assert reconcile(figs).injured == Range(min=3, max=None)


def test_other_dead_after_a_count_add_to_it() -> None:
    text = (
        "At least four members of the Sabbagh family along with at least 9 other civilians "
        "were killed in the bombing."
    )
    assert killed(text) == (13, 13)


def test_other_wounded_are_not_more_dead() -> None:
    text = "Four people were killed and 9 other residents were injured in the shelling."
    r = reconcile(find_figures(text))
    assert r.killed == Range(min=4, max=4)
    assert r.injured == Range(min=9, max=9)


def test_a_toll_told_after_an_increment_holds_it() -> None:
    text = (
        "The wife of the camp's imam and three other civilians were reportedly killed and others "
        "were injured in the strike on Monday. Medics later said that four people were killed, "
        "including the wife."
    )
    assert killed(text) == (4, 4)


def test_one_person_told_of_by_where_he_came_from_is_counted() -> None:
    assert killed("A young man from the next valley died in custody on Monday.") == (1, 1)


def test_a_range_and_a_figure_inside_it_are_one_toll() -> None:
    import datetime as dt

    from harmwatch.models import Incident
    from harmwatch.pipeline.assemble import _merge_repeated

    day = dt.date(2023, 11, 4)
    told = [
        Incident(event_type="airstrike", date=day, killed=Range(min=12, max=15)),
        # a second source calls it a missile strike: from the ground one cannot tell
        Incident(event_type="missile", date=day, killed=Range(min=15, max=15)),
        # another strike the same day whose toll lies outside the range stays apart
        Incident(event_type="airstrike", date=day, killed=Range(min=40, max=40)),
    ]
    kept = _merge_repeated(told, {})
    assert [(i.killed.min, i.killed.max) for i in kept if i.killed] == [(12, 15), (40, 40)]


def test_a_retelling_brings_the_children_it_counts() -> None:
    import datetime as dt

    from harmwatch.models import Incident
    from harmwatch.pipeline.assemble import _merge_repeated

    day = dt.date(2023, 11, 4)
    told = [
        Incident(event_type="airstrike", date=day, killed=Range(min=26, max=26)),
        Incident(
            event_type="airstrike",
            date=day,
            killed=Range(min=26, max=26),
            children_killed=Range(min=9, max=9),
        ),
    ]
    kept = _merge_repeated(told, {})
    assert len(kept) == 1 and kept[0].children_killed == Range(min=9, max=9)


def test_a_range_that_reaches_the_revised_toll_keeps_its_low_end() -> None:
    text = (
        "Between five and 13 civilians were killed in the strike. Hours later the toll rose to 13."
    )
    assert killed(text) == (5, 13)
    # a lower count told alone is replaced by its update
    assert killed("Five civilians were killed. Hours later the toll rose to 13.") == (13, 13)


def test_a_count_with_a_modal_or_a_fear_is_a_figure() -> None:
    # "may have been killed", "are feared to have been killed": a hedged count, still a count
    # a count that may be so is a maximum, not a floor
    assert killed("Up to 20 people may have been killed in the fire, medics said.") == (None, 20)
    assert killed("Eleven miners are feared to have been killed in the blast.") == (None, 11)


def test_a_toll_someone_puts_or_raises_is_a_figure() -> None:
    assert killed("Hospital staff put the death toll at 31 on Sunday.") == (31, 31)
    assert killed("Medics later raised the toll to 17.") == (17, 17)


def test_an_open_count_and_an_exact_one_of_two_groups_add_up() -> None:
    # "at least" is a count's qualifier, not "at <place>": the list is still counted, and the
    # sum stays open
    text = "The car bomb at the checkpoint killed at least 40 Iraqis and 9 Italian soldiers."
    assert killed(text) == (49, 49)
    listed = [f for f in count_victims(text, 0, len(text), [], []) if f.value == 49]
    assert listed and listed[0].qualifier == "at_least" and listed[0].value_max is None
