"""A toll and its scope by place: shares a note gives each place, counts that cover two nouns,
and toll phrases read as such. Sentences written for these tests (wars in Sudan, Ukraine,
Yemen, Myanmar)."""

from __future__ import annotations

import datetime as dt

import pytest
from extracting import current_incidents

from harmwatch.models import Incident, Range
from harmwatch.pipeline.figures import find_figures, reconcile


def killed(text: str) -> tuple[int | None, int | None] | None:
    r = reconcile(find_figures(text)).killed
    return None if r is None else (r.min, r.max)


def share(text: str, place: str) -> Range | None:
    return reconcile(find_figures(text), place).killed


@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        # "to each location": the share every place gets
        (
            "Drones hit Kupiansk, Izium and Balakliia, killing 3 more people, with 1 additional "
            "death allocated to each location.",
            "Izium",
            1,
        ),
        # the count the split divides is the one it names, not the highest before it
        (
            "Artillery killed 9 civilians in the square. Rockets on Kadugli, Dilling and Talodi "
            "killed 3 more people, with the 3 deaths split evenly between the 3 locations.",
            "Dilling",
            1,
        ),
        # a word for the kind of place between the name and "allocated"
        (
            "Coalition jets hit two camps; 9 fatalities split between locations, with Al Anad "
            "airbase allocated 6 and Lahij city allocated 3.",
            "Al Anad",
            6,
        ),
        # the noun between the number and "each to"
        (
            "Mortar fire killed 2 people, coded as 1 shelling fatality each to activities in "
            "Horlivka and Yasynuvata.",
            "Horlivka",
            1,
        ),
    ],
)
def test_a_note_gives_each_place_its_share(text: str, place: str, expected: int) -> None:
    assert share(text, place) == Range(min=expected, max=expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a toll split over days or over events "coded across" them: one day's, one event's share
        (
            "Two herders were killed across two days of clashes near Kadugli. Fatalities coded "
            "across 2 events.",
            (1, 1),
        ),
        (
            "The feud claimed a herder, and the fighting that followed led to another death. Two "
            "fatalities distributed across two days.",
            (1, 1),
        ),
        # the uncounted deaths coded on top of the known ones
        (
            "Two policemen were killed at the checkpoint. Unknown fatalities coded at 3, in "
            "addition to 2 known fatalities.",
            (5, 5),
        ),
        # a line that tells nothing but the toll sums the report up
        (
            "Gunmen fired on a minibus near Gao. One man and one woman died at once while the "
            "other two victims died in hospital. 4 fatalities.",
            (4, 4),
        ),
        (
            "Soldiers shot a trader at his stall. The raid followed a week of fighting in which 8 "
            "gang members died. 1 fatality. [size=no report]",
            (1, 1),
        ),
        # lower than the report's first figure, it is the count the report settles on
        (
            "Inmates said 6 prisoners had died of fever in the jail. 2 prisoners were killed with "
            "knives in a brawl. 2 fatalities.",
            (2, 6),
        ),
    ],
)
def test_a_coders_total_and_its_split(text: str, expected: tuple[int, int]) -> None:
    assert reconcile(find_figures(text), "Anywhere").killed == Range(
        min=expected[0], max=expected[1]
    )


def test_each_share_between_named_places_is_theirs_only() -> None:
    text = (
        "Strikes on Kherson, Beryslav and Kakhovka killed 2 more civilians, with the deaths "
        "split, 1 each, between Beryslav and Kakhovka."
    )
    shares = [f for f in find_figures(text) if f.allocated_to]
    assert [f.allocated_to for f in shares] == ["Beryslav and Kakhovka"]
    # a place the note names none for has no share of it (not "1 for every place")
    assert share(text, "Kherson") != Range(min=1, max=1)
    # and a list that is no names ("between the first 6 villages") gives every place the share
    text = "Clashes caused deaths, coded as 6 and split, 1 each, between the first 6 villages."
    assert [f.allocated_to for f in find_figures(text) if f.allocated_to] == ["*"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one count for two nouns joined by "and" after a name
        (
            "Eleven members of the Rapid Support Forces and allied militiamen were killed near "
            "the market.",
            (11, 11),
        ),
        ("3 hostages of the militia and villagers held with them were killed.", (3, 3)),
        # a subset of fighters ends where civilians are counted
        (
            "Seven militia fighters, including a local commander, and four civilians (three men "
            "and a girl) were killed in the raid.",
            (11, 11),
        ),
        # toll phrases
        ("At least 14 people have fallen victim to the shelling of the market.", (14, 14)),
        ("Nine civilians fell victims to the drone attack on the village.", (9, 9)),
        ("The mortar fire on the camp claimed 4 lives.", (4, 4)),
        ("Twelve lives were lost when the ferry was shelled.", (12, 12)),
        ("Field medics saved 30 lives after the shelling.", None),
        # a man killed by a verb of his own after the civilians' toll is one more; a participle
        # that tells what the killing did is a breakdown of it
        (
            "Militiamen shot and killed 4 civilians in one village and beheaded a man in the next.",
            (5, 5),
        ),
        ("The raid killed 12 civilians, killing 4 women and 5 children.", (12, 12)),
        # a toll told as a spread of counts
        ("Reports on fatalities range from 2 to 4 after the raid on the market.", (2, 4)),
        ("Estimates of the dead ranged from 30 to 50.", (30, 50)),
        ("The siege put 200,000 lives at risk.", None),
        # a victim told of before, killed as "he": one death when nothing else is counted
        (
            "The pilot bailed out over the hills, where he was captured and killed by militiamen.",
            (1, 1),
        ),
    ],
)
def test_tolls_read(text: str, expected: tuple[int, int] | None) -> None:
    assert killed(text) == expected


def extract(text: str) -> list[Incident]:
    return current_incidents(text, dt.date(2023, 6, 20))


def _toll(found: list[Incident]) -> int:
    return sum((i.killed.min or 0) for i in found if i.killed is not None)


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        # the note splits the deaths among other places: this event keeps its own toll, and
        # the other places' incidents here are other events
        (
            "Army shelling hit Kadugli town, killing a woman. Shelling on Kadugli, Dilling and "
            "Talodi killed 2 more civilians, with the deaths split, 1 each, between Dilling and "
            "Talodi.",
            1,
        ),
        # deaths told after the split as more than it add to the share
        (
            "Fighting broke out in Kadugli. Clashes in Kadugli and Dilling caused losses on "
            "both sides, coded as 10 and split, 5 each, between the 2 locations. 30 soldiers "
            "were also reportedly killed.",
            35,
        ),
    ],
)
def test_a_note_and_the_deaths_outside_it(text: str, toll: int) -> None:
    assert _toll(extract(text)) == toll
