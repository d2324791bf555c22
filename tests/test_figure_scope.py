"""The scope of a figure: the incident's own toll, a part of it, a possible extra death, the whole
toll after its parts, a wider area's toll beside one attack's, a coder's share of the place the
report tells of. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from extracting import current_incidents

from harmwatch.models import Incident, Range
from harmwatch.pipeline.figure_scope import wider_tolls
from harmwatch.pipeline.figures import find_figures, reconcile


def killed(text: str) -> tuple[int | None, int | None] | None:
    r = reconcile(find_figures(text)).killed
    return None if r is None else (r.min, r.max)


def extract(text: str) -> list[Incident]:
    return current_incidents(text, dt.date(2021, 6, 2))


# the dead of both sides told with "along with" after where they fell


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 21 soldiers were killed in the hills near Kerema along with 26 fighters of "
            "the rebel brigades.",
            47,
        ),
        # one victim before "along with": the rest are counted with her
        ("A nurse was killed in the raid on the clinic along with her two sons.", 3),
    ],
)
def test_the_dead_told_after_where_they_fell_and_along_with_add_up(
    text: str, expected: int
) -> None:
    got = killed(text)
    assert got is not None and got[0] == expected


# a part of the toll counted by who they were


@pytest.mark.parametrize(
    ("text", "group", "part"),
    [
        (
            "A rocket struck the bus depot in Kerema, killing 14 people. Nine of those killed "
            "were children, the hospital said.",
            "children",
            9,
        ),
        ("Mortars fell on the fair, killing 11. Four of the dead were women.", "women", 4),
    ],
)
def test_who_some_of_the_dead_were_is_a_part_of_the_toll(text: str, group: str, part: int) -> None:
    figs = find_figures(text)
    sub = [f for f in figs if f.group == group]
    assert [(f.value, f.part_of_total) for f in sub] == [(part, True)]
    r = reconcile(figs)
    assert r.killed == Range(
        min=14 if group == "children" else 11, max=14 if group == "children" else 11
    )
    got = r.children_killed if group == "children" else r.women_killed
    assert got == Range(min=part, max=part)


def test_who_some_of_the_wounded_were_is_no_death() -> None:
    figs = find_figures("The blast wounded 30 people. Five of the wounded were boys.")
    assert [(f.kind, f.group, f.part_of_total) for f in figs if f.value == 5] == [
        ("injured", "children", True)
    ]


# a death that may have happened


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jets hit the market, killing 1 civilian. Rockets then caused damage, injuries and "
            "possibly 1 additional death.",
            (1, 2),
        ),
        ("Artillery pounded the camp, killing perhaps 30 people.", (None, 30)),
    ],
)
def test_a_possible_death_is_a_highest_figure_not_a_lowest(
    text: str, expected: tuple[int | None, int | None]
) -> None:
    assert killed(text) == expected


# the whole toll after its parts


def test_a_total_told_after_its_parts_is_the_toll() -> None:
    text = (
        "A drone strike on the ferry killed one boy. Gunfire on the bank killed 10 more, for a "
        "total of 11 dead."
    )
    assert killed(text) == (11, 11)


# a wider area's toll beside one attack's


def test_an_area_toll_beside_one_strike_s_own_is_an_aggregate() -> None:
    text = (
        "A missile hit a bakery in Kerema on Sunday, killing 9 people, rescuers said. Strikes "
        "across Lowland killed 68 people on Sunday, the health ministry said."
    )
    figs = find_figures(text)
    assert [(f.value, f.aggregate) for f in figs] == [(9, False), (68, True)]
    assert killed(text) == (9, 9)


def test_the_sum_of_everything_in_all_is_an_aggregate_beside_one_raid() -> None:
    text = "An air raid on a school in Kerema killed 11 people. In all, 54 people died on Sunday."
    assert killed(text) == (11, 11)


@pytest.mark.parametrize(
    "text",
    [
        # alone, the area's toll is what the report tells: it stays
        "Strikes across Lowland killed 68 people on Sunday, the health ministry said.",
        # a higher figure in another sentence is no narrower toll
        "Shelling across Lowland killed 12 people. Officials later said 20 had died.",
    ],
)
def test_an_area_toll_without_a_narrower_one_stays_the_toll(text: str) -> None:
    figs = find_figures(text)
    assert figs and not any(f.aggregate for f in figs)
    assert wider_tolls(text, [(0, len(text))], figs) == figs


# a coder's note: the place with no share of its own gets the other places' share


def test_the_town_a_note_names_no_share_for_gets_every_other_place_s_share() -> None:
    text = (
        "Regime artillery shelled Binnish town, wounding several people. Shelling on Saraqib, "
        "Sarmin and Binnish killed 7 civilians. 7 fatalities split between the 3 locations with "
        "Saraqib allocated 3 fatalities and all other locations allocated 2 each."
    )
    found = extract(text)
    assert found and found[0].location is not None and "Binnish" in found[0].location.name
    assert sum((i.killed.min or 0) for i in found if i.killed is not None) == 2


# where it happened is no victim; the kin word says who the first one is


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the town and its region before the one victim (spaCy reads these regions as persons)
        (
            "On 2 March, in Santa Rita do Colima, Maranhao, a driver was shot to death by two men.",
            1,
        ),
        ("Late on Friday, in Joao Colima, Maranhao, a man was stabbed to death by robbers.", 1),
        # a noun of no vocabulary, then "and his wife": two people
        ("A retired town clerk and his wife were shot dead by gunmen in Vale Alto.", 2),
        # a name before "and" after the place is a victim
        ("In Vale Alto, Sami Aziz and his wife were killed by a shell on Monday.", 2),
    ],
)
def test_listed_victims_after_where_it_happened(text: str, expected: int) -> None:
    found = extract(text)
    assert sum((i.killed.min or 0) for i in found if i.killed is not None) == expected


def test_a_count_joined_after_a_clause_takes_its_own_verb() -> None:
    text = (
        "Troops traded fire across the border; seven soldiers were killed and another three "
        "soldiers and one officer were injured."
    )
    r = reconcile(find_figures(text))
    assert r.killed == Range(min=7, max=7) and r.injured == Range(min=4, max=4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a noun in scare quotes is still the counted noun
        ('At least 15 foreign "security staff" were killed by the blast at the depot.', 15),
        # corpses are the dead, as bodies are
        ("Five corpses of suspected raiders were found near the ford the next morning.", 5),
        # beheading kills, before the count as after it
        ("Raiders overran the hamlet and beheaded 2 people.", 2),
        # cadres are fighters, an inspector is police: a list of both
        ("Four rebel cadres and a police inspector were killed in a gunfight in the hills.", 5),
    ],
)
def test_more_nouns_and_verbs_of_the_dead(text: str, expected: int) -> None:
    got = killed(text)
    assert got is not None and got[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a death squad, a death sentence: no death
        (
            "The bodies of two men were found near the ford. One had been threatened by a death "
            "squad.",
            (2, 2),
        ),
        ("A guard was shot dead at the gate. He had faced a death sentence.", (1, 1)),
        # "suspected of" between the count and its verb
        ("Two men suspected of cattle theft were fatally assaulted by a crowd.", (2, 2)),
    ],
)
def test_a_death_word_that_names_something_else_and_a_suspect_s_clause(
    text: str, expected: tuple[int, int]
) -> None:
    assert killed(text) == expected


def test_a_period_told_right_after_one_figure_is_not_the_next_one_s() -> None:
    text = (
        "The siege has killed 200 people since October, and a strike on the market on Sunday "
        "killed 12."
    )
    assert [(f.value, f.aggregate) for f in find_figures(text)] == [(200, True), (12, False)]
    assert killed(text) == (12, 12)


def test_a_toll_since_the_fighting_began_is_a_campaign_total() -> None:
    text = "Both sides say 42 fighters have been killed since fighting began on Friday."
    assert [f.aggregate for f in find_figures(text)] == [True]


def test_parties_listed_before_the_counted_noun() -> None:
    text = (
        "At least 21 army troops were killed along with 26 ANF, KLA and Hill Front fighters in "
        "the battle for the pass."
    )
    assert killed(text) == (47, 47)
    # lower-case words listed with commas stay what they were: who the dead were, not a noun
    assert killed("The shell killed 5 people, women and children, at the well.") == (5, 5)


def test_earlier_reports_count_is_another_count_of_the_toll() -> None:
    text = (
        "A missile hit a funeral tent in Kerema, killing at least 120 people, the United Nations "
        "said. Earlier reports suggested at least 30 people died there."
    )
    assert killed(text) == (30, 120)
    # a toll that rose stays a revision
    assert killed("Shelling killed 4 people in Kerema. The toll later rose to 9.") == (9, 9)


@pytest.mark.parametrize(
    "text",
    [
        "A prisoner was pronounced dead two days after his arrest.",
        "Gunmen shot two farmers at the mill; one was wounded and the other later died.",
    ],
)
def test_one_death_told_without_a_count(text: str) -> None:
    assert killed(text) == (1, 1)


def test_a_wide_toll_told_again_in_the_headline_is_not_the_attacks() -> None:
    (incident,) = [
        i
        for i in extract(
            "Strikes on Lebanon kill 38, ministry says\n\nIsraeli strikes on villages across "
            "southern Lebanon killed 38 people on Tuesday, the health ministry said. In one "
            "strike, a house in the village of Joun was hit, killing nine members of a family, "
            "the state news agency reported."
        )
        if i.location is not None and i.location.name == "Joun"
    ]
    assert incident.killed is not None and (incident.killed.min, incident.killed.max) == (9, 9)


def test_a_toll_over_two_regions_of_an_area_is_theirs_not_one_attacks() -> None:
    found = extract(
        "Air strikes killed at least 27 people in central and southern Gaza overnight, health "
        "officials said. A strike on a house in Deir al-Balah killed eight members of one "
        "family, medics said."
    )
    assert [
        (i.location.name if i.location else None, i.killed.min if i.killed else None) for i in found
    ] == [("Dayr al Balah", 8)]
