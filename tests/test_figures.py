"""Casualty figures found in sentences written for these tests, and their reconciliation."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

import harmwatch.pipeline.dates  # noqa: F401  (registers hw_dates)
import harmwatch.pipeline.figures  # noqa: F401  (registers hw_figures)
from harmwatch.models import Range
from harmwatch.pipeline.figures import find_figures, reconcile
from harmwatch.pipeline.types import FigureMention
from harmwatch.settings import get_settings


def killed(text: str) -> tuple[int | None, int | None] | None:
    r = reconcile(find_figures(text)).killed
    return None if r is None else (r.min, r.max)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jets killed at least 21 civilians in the town on Monday.", (21, 21)),
        ("Nine people were killed when a shell hit the bakery.", (9, 9)),
        ("The raid killed seven, including three children.", (7, 7)),
        ("Shelling left 35 dead in the village.", (35, 35)),
        ("The bombing killed 12 and wounded 40.", (12, 12)),
        ("Up to 35 people were killed in the attack.", (None, 35)),
        ("Between 10 and 20 civilians were killed in the strike.", (10, 20)),
        ("More than 60 people died in the blast.", (60, 60)),
        ("Two or three people lost their lives.", (2, 3)),
        ("A woman and her two children were killed in the strike.", (3, 3)),
        ("Rami Haddad, his wife and their three children were killed when the roof fell.", (5, 5)),
        ("Three women and four children were killed in the raid.", (7, 7)),
        ("The strike killed five civilians and three fighters.", (8, 8)),
        ("Rescuers pulled the bodies of 4 people from the rubble.", (4, 4)),
        ("A teenager died of wounds sustained in the shelling.", (1, 1)),
        ("Warplanes hit the market; no casualties were reported.", (0, 0)),
        ("There were no fatalities.", (0, 0)),
        ("Dozens of people were killed in the shelling.", (24, None)),
        ("Scores of people were killed.", (40, None)),
        ("Half a dozen soldiers were killed at the checkpoint.", (6, 6)),
        ("A dozen fighters were killed in the clashes.", (12, 12)),
        ("Twenty-one people were killed in the market.", (21, 21)),
        ("The strike killed 1,300 people.", (1300, 1300)),
        ("The strike killed a family of four.", (4, 4)),
        ("Islamic State fighters killed 15 members of the Kurdish militia.", (15, 15)),
        ("Unknown number of fatalities coded as 10.", (10, 10)),
        ("Shelling killed two civilians. In addition, a sniper killed another man.", (3, 3)),
        ("Warplanes bombed the town, causing material damage.", None),
        # a count whose noun no vocabulary knows, before a death in the passive: people
        ("Four Zantari herders were killed near the well.", (4, 4)),
        ("Two smuggling suspects died in the police chase.", (2, 2)),
        ("Guards said 12 Alpha/Omega gunmen were killed at the gate.", (12, 12)),
        ("About 30 goats were killed when the shell landed.", None),
        ("In 2019 marchers were killed outside the ministry.", None),
        # one person first told of by any noun
        ("Before dawn, a fishmonger was shot dead outside his stall.", (1, 1)),
        ("On Friday, a taxi owner was beaten to death by a crowd.", (1, 1)),
        ("At noon a brawl started and a bystander was stabbed and died.", (1, 1)),
        ("A donkey was killed by the blast.", None),
        (
            "Masked men seized a courier and beat him, and a passer-by was tortured to death.",
            (1, 1),
        ),
        ("Raiders burned a hut and hacked a farmhand to death at dawn.", (1, 1)),
        ("On Monday, a night watchman was abducted from his post and stabbed to death.", (1, 1)),
        ("Two gunmen assassinated a tax collector outside the depot.", (1, 1)),
        ("Three porters were fatally wounded when the convoy came under fire.", (3, 3)),
        ("Gunmen fatally shot two teachers at the school gate.", (2, 2)),
        ("Gunmen shot and wounded two teachers at the school gate.", None),
        ("At dusk, a ferryman who had crossed the river twice that day was shot dead.", (1, 1)),
        ("A cyclist was shot in the chest and later died.", (1, 1)),
        # an adjective says whose deaths: two groups, added
        ("The ambush ended with 9 insurgent and 4 military fatalities.", (13, 13)),
        ("The army took control of the village after a week of fighting.", None),
        # a toll phrase: people who "fell victim" to the attack
        ("At least 40 villagers fell victim to the raid on the ferry.", (40, 40)),
        ("Some 300 people have fallen victims of the gas attack, a doctor said.", (300, 300)),
        # who counts, told between the verb and its count
        ("Rockets hit the bazaar, killing according to the latest toll 23 traders.", (23, 23)),
        ("The drone struck a wedding, killing, according to medics, 17 guests.", (17, 17)),
    ],
)
def test_killed(text: str, expected: tuple[int | None, int | None] | None) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "kind", "value", "group"),
    [
        ("Medics said 82 others were wounded.", "injured", 82, "people"),
        ("The blast injured 14 students.", "injured", 14, "people"),
        ("Three rescue workers were killed in a double-tap strike.", "killed", 3, "rescue_workers"),
        ("Two paramedics were killed.", "killed", 2, "medical_workers"),
        ("Four journalists were wounded.", "injured", 4, "journalists"),
        ("Eleven soldiers were killed in the ambush.", "killed", 11, "soldiers"),
        ("Six women were killed.", "killed", 6, "women"),
        ("Seven men were killed.", "killed", 7, "men"),
        ("Nine children were killed.", "killed", 9, "children"),
        ("Five civilians remain missing after the strike.", "missing", 5, "civilians"),
        ("Two boys were killed.", "killed", 2, "children"),
    ],
)
def test_kind_and_group(text: str, kind: str, value: int, group: str) -> None:
    figs = [f for f in find_figures(text) if f.value == value]
    assert [(f.kind, f.group) for f in figs] == [(kind, group)]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Three people were killed in Kherson and two in Mykolaiv.", [3, 2]),
        ("Shelling killed 4 in the old town, 2 in the port, officials said.", [4, 2]),
        ("Two more civilians were killed in the town of Izium and one in Balakliia.", [2, 1]),
        # not a place after the count: no figure of its own
        ("Seven soldiers were killed in the attack and two hours later the road reopened.", [7]),
    ],
)
def test_the_verb_left_out_of_a_second_clause(text: str, values: list[int]) -> None:
    assert [f.value for f in find_figures(text) if f.kind == "killed"] == values


def test_subset_is_marked_and_not_added() -> None:
    text = "The strike killed at least 11 civilians, including four children and two women."
    figs = find_figures(text)
    kids = next(f for f in figs if f.group == "children")
    assert kids.part_of_total and kids.kind == "killed"
    r = reconcile(figs)
    assert r.killed == Range(min=11, max=11)
    assert r.children_killed == Range(min=4, max=4)
    assert r.women_killed == Range(min=2, max=2)


def test_of_them_subset() -> None:
    r = reconcile(find_figures("Ten people were killed, six of them children."))
    assert (r.killed, r.children_killed) == (Range(min=10, max=10), Range(min=6, max=6))


def test_revision() -> None:
    text = (
        "Eight people were killed at first, medics said. The death toll later rose to 15, "
        "medics said."
    )
    figs = find_figures(text)
    assert any(f.revision and f.value == 15 for f in figs)
    assert reconcile(figs).killed == Range(min=15, max=15)  # the same source's update
    text = "Eight people were killed at first. The death toll later rose to 15, medics said."
    # the report's own first count stays the minimum beside the medics' later toll
    assert reconcile(find_figures(text)).killed == Range(min=8, max=15)


def test_named_victims() -> None:
    text = "Samir Nasser, his mother and his two sons were killed in the strike on their home."
    f = max((f for f in find_figures(text) if f.named_victims), key=lambda f: f.value)
    assert f.value == 4
    assert reconcile(find_figures(text)).killed == Range(min=4, max=4)
    assert text[f.start : f.end].startswith("Samir Nasser")


def test_named_victims_yield_to_a_stated_total() -> None:
    text = (
        "The strike killed 12 people, the civil defence said. "
        "Samir Nasser and his mother were among them."
    )
    assert killed(text) == (12, 12)


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Russian jets killed 21 civilians in Ariha, the White Helmets said.", "White Helmets"),
        ("According to SOHR, 9 people were killed.", "Syrian Observatory for Human Rights"),
        (
            "Nine civilians were killed, the Syrian Observatory for Human Rights said.",
            "Syrian Observatory for Human Rights",
        ),
        ("Local activists said four people were killed.", "local sources"),
        ("It said four people were killed.", None),
        ("The ministry said four people were killed.", None),
        ("Four people were killed in the strike.", None),
    ],
)
def test_reported_by(text: str, who: str | None) -> None:
    (f,) = find_figures(text)
    assert f.reported_by == who


@pytest.mark.parametrize(
    "text",
    [
        "More than 1,300 civilians have been killed since September 2018.",
        "The monitor says 370,000 people have been killed since the start of the war.",
        "In four months, 500 civilians were killed in the province.",
        "So far, 92 people have been killed this year.",
        "The monitor counted 207 fighters killed since Wednesday in the offensive.",
        "Some 40 civilians have died in the town since last Friday.",
    ],
)
def test_aggregate_tallies_are_not_incident_figures(text: str) -> None:
    figs = find_figures(text)
    assert figs and all(f.aggregate for f in figs)
    assert reconcile(figs).killed is None


def test_aggregate_next_to_incident_figure() -> None:
    text = (
        "An airstrike killed 9 people in Idlib on Monday. "
        "More than 1,300 civilians have been killed in the province since September 2018."
    )
    assert killed(text) == (9, 9)


def test_offsets() -> None:
    text = "Rockets hit the camp. The attack killed at least 21 civilians, rescuers said."
    (f,) = find_figures(text)
    assert text[f.number_start : f.number_end] == "21"
    assert "killed at least 21 civilians" in text[f.start : f.end]


def _fig(value: int, qualifier: str = "exact", vmax: int | None = -1, **kw) -> FigureMention:
    vmax = value if vmax == -1 else vmax
    base = {"kind": "killed", "group": "people", "start": 0, "end": 1}
    base.update(kw)
    return FigureMention(
        value=value, value_max=vmax, qualifier=qualifier, number_start=0, number_end=1, **base
    )


def test_reconcile_sources_span_the_range() -> None:
    figs = [_fig(18, reported_by="ministry"), _fig(21, start=5, reported_by="civil defence")]
    assert reconcile(figs).killed == Range(min=18, max=21)


def test_reconcile_at_least_and_higher_bounded_figure() -> None:
    figs = [_fig(21, "at_least", None), _fig(25, start=5, reported_by="monitor")]
    assert reconcile(figs).killed == Range(min=21, max=25)


def test_reconcile_up_to_gives_no_min() -> None:
    assert reconcile([_fig(35, "up_to")]).killed == Range(min=None, max=35)


def test_reconcile_zero_yields_to_positive_figure() -> None:
    figs = [_fig(0), _fig(2, start=5)]
    assert reconcile(figs).killed == Range(min=2, max=2)


def test_reconcile_ignores_aggregates_and_sums_groups() -> None:
    figs = [
        _fig(3, group="women"),
        _fig(4, group="children", start=3),
        _fig(1300, aggregate=True, start=9),
    ]
    r = reconcile(figs)
    assert r.killed == Range(min=7, max=7)
    assert r.children_killed == Range(min=4, max=4)


def test_reconcile_vague_gives_way_to_precise() -> None:
    figs = [_fig(24, "vague", None), _fig(31, start=4)]
    assert reconcile(figs).killed == Range(min=31, max=31)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    nlp = spacy.load(get_settings().spacy_model)
    nlp.add_pipe("hw_figures")
    nlp.add_pipe("hw_dates")
    return nlp


def test_model_entities_are_what_the_rules_expect(nlp: spacy.language.Language) -> None:
    """A change of spaCy model that moves these entities should be noticed."""
    doc = nlp("On Tuesday, Russian warplanes killed 21 civilians in Saraqeb, the monitor said.")
    ents = {e.text: e.label_ for e in doc.ents}
    assert ents.get("21") == "CARDINAL"
    assert ents.get("Tuesday") == "DATE"
    doc = nlp("Ahmed Khalil, his wife and their three children were killed.")
    assert any(e.label_ == "PERSON" and e.text == "Ahmed Khalil" for e in doc.ents)


def test_components_set_doc_extensions(nlp: spacy.language.Language) -> None:
    doc = nlp.make_doc("On Tuesday, an airstrike killed 21 civilians, the White Helmets said.")
    doc._.hw_published = dt.date(2020, 1, 16)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    (f,) = doc._.hw_figures
    assert (f.kind, f.value, f.group, f.reported_by) == ("killed", 21, "civilians", "White Helmets")
    (d,) = doc._.hw_dates
    assert d.date == dt.date(2020, 1, 14) and d.relative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the lead toll stands; a later lower count without its own source is a detail
        (
            "At least 12 people were killed in the strike on the house. Rescuers first pulled "
            "four bodies from the rubble.",
            (12, 12),
        ),
        ("Eleven members of the Haddad family were killed in the strike.", (11, 11)),
        ("Nine people from three generations of the Saleh family were killed.", (9, 9)),
        ("Gunmen shot 3 men and one of them was killed.", (1, 1)),
        ("At least 4 HTS and 3 IS fighters were killed in the clashes.", (7, 7)),
        ("Shelling left at least 6 regime fighters and 1 civilian dead.", (7, 7)),
        ("Ten civilians including two children were killed by the shelling.", (10, 10)),
        ("Six civilians, two women, a man and three boys, were killed in the raid.", (6, 6)),
        ("Shelling killed 1 man. The known fatality and others are coded as 10.", (10, 10)),
        (
            "Jets killed 5 civilians. 10 additional bodies were later pulled from the rubble.",
            (15, 15),
        ),
        ("A rebel commander was killed by a roadside bomb.", (1, 1)),
        ("An airstrike killed two people in the village.", (2, 2)),
    ],
)
def test_killed_more_shapes(text: str, expected: tuple[int | None, int | None]) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "children"),
    [
        ("Nine people, including three children and an infant girl, were killed.", 4),
        ("Two 10-year-old girls were killed in the strike.", 2),
        ("The strike killed a 14-year-old boy.", 1),
        (
            "The strike killed 15 civilians spanning three generations, including seven "
            "children and six women.",
            7,
        ),
    ],
)
def test_children_killed(text: str, children: int) -> None:
    r = reconcile(find_figures(text))
    assert r.children_killed is not None and r.children_killed.min == children


def test_the_killer_is_not_a_victim() -> None:
    figs = find_figures("A sniper killed another man near the checkpoint.")
    assert [(f.value, f.group) for f in figs if not f.named_victims] == [(1, "men")]


def test_figures_in_a_glued_sentence() -> None:
    text = "The house was hit on Monday.Six people were killed, the White Helmets said."
    (f,) = find_figures(text)
    assert (f.value, f.reported_by) == (6, "White Helmets")


def test_allocation_to_places_is_a_share_with_its_place() -> None:
    text = "19 fatalities were split between the towns, with 12 coded to Marrat and 7 to Salhiyeh."
    figs = find_figures(text)
    marrat = next(f for f in figs if f.value == 12)
    assert marrat.part_of_total and text[marrat.start : marrat.end] == "12 coded to Marrat"
    assert reconcile(figs).killed == Range(min=19, max=19)


def test_identified_single_victim_counts_when_nothing_else_does() -> None:
    assert killed("Unknown gunmen stopped the car, killing the driver.") == (1, 1)
    text = "The strike killed 17 civilians. The wife of the owner was also killed."
    assert killed(text) == (17, 17)


@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        ("Shelling killed 9 people; 6 were coded to Harasta and 3 to Duma.", "Duma", 3),
        ("Shelling killed 9 people; 6 were coded to Harasta and 3 to Duma.", "Harasta", 6),
        (
            "Clashes killed 12 fighters, with Tal Rifaat allocated 8 and Marea allocated 4.",
            "Marea",
            4,
        ),
        ("Ten fatalities were coded and split evenly between the 2 locations.", "Anywhere", 5),
        (
            "Raids killed 8 people. Fatalities distributed over the activities in Saqba and Duma.",
            "Saqba",
            4,
        ),
        ("Raids killed 8 people, with 2 fatalities coded to this location.", "Kafr Nabl", 2),
        ("Raids killed 8 people in Saqba and Zamalka.", "Saqba", 8),
    ],
)
def test_share_allocated_to_the_incident_place(text: str, place: str, expected: int) -> None:
    r = reconcile(find_figures(text), place)
    assert r.killed == Range(min=expected, max=expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a toll word and its verb with words between them
        (
            "The death toll in the northern province of Idlib has risen to 15 after the raids.",
            (15, 15),
        ),
        ("Toll from the market bombing in Douma rises to 31.", (31, 31)),
        ("The number of fighters who were executed at the checkpoint last week rose to 9.", (9, 9)),
        ("The number of dead was 12, the health ministry said.", (12, 12)),
        # a pronoun object of a killing verb is one victim
        ("Gunmen stopped a judge on the road and shot him, killing him instantly.", (1, 1)),
        ("Masked men assassinated a local cleric outside his home.", (1, 1)),
        ("The shelling killed a police captain at the checkpoint.", (1, 1)),
        # "two of her children": counted through the woman, added to her
        ("The strike killed a woman and two of her children in their home.", (3, 3)),
        # a count after "including" with no noun is still part of the total
        (
            "Nine soldiers were killed, including 4 that were hit by a drone. A medic was also "
            "killed.",
            (10, 10),
        ),
        # a short place phrase between the count and "were killed"
        ("Forty evacuees from the besieged towns were killed when the convoy was hit.", (40, 40)),
        ("A man in the village of Kafr Zita was killed by a sniper.", (1, 1)),
        # the deaths told apart from a count of the injured
        ("The blast caused 12 deaths and injuries to 30 others.", (12, 12)),
        # without "total": as often that many of each ("at least two deaths and injuries")
        ("The review counted at least three civilian deaths and injuries.", (3, 3)),
    ],
)
def test_killed_in_more_sentence_shapes(text: str, expected: tuple[int | None, int | None]) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "At least 48 killed and injured in mortar attacks on the city.",
        "The blasts left 30 dead or wounded, medics said.",
        "The shelling, killing and wounding 20 people, hit the old market.",
        "The number of people who need food aid has risen to 40,000.",
        # deaths and injuries counted together: neither toll
        "The militia said the raid caused a total of 250 deaths and injuries in the town.",
    ],
)
def test_counts_that_are_not_a_death_toll(text: str) -> None:
    assert killed(text) is None


def test_killing_and_injuring_a_number_of_people_still_says_some_died() -> None:
    assert killed("A strike hit the house, injuring and killing a number of civilians.") == (
        2,
        None,
    )


def test_the_highest_figure_said_is_the_max_and_dozens_gives_none() -> None:
    figs = find_figures(
        "More than 60 civilians were killed in the raids, according to local "
        "reports. The observatory reported 23 deaths."
    )
    assert reconcile(figs).killed == Range(min=23, max=60)
    assert killed("Dozens of people were killed in the shelling.") == (24, None)


def test_a_revision_with_words_between_toll_and_verb_supersedes_the_first_count() -> None:
    text = (
        "Eight people died in the first strike. By the evening the death toll in the "
        "village had risen to 14."
    )
    assert killed(text) == (14, 14)


@pytest.mark.parametrize(
    "text",
    [
        "Across the besieged enclave, the day's air strikes wounded about 160 civilians in all.",
        "Throughout the province, shelling killed 45 people on Monday.",
    ],
)
def test_an_area_wide_tally_is_an_aggregate(text: str) -> None:
    figs = find_figures(text)
    assert figs and all(f.aggregate for f in figs)
    assert reconcile(figs).killed is None and reconcile(figs).injured is None


def test_a_share_allocated_to_the_incident_place_is_its_toll() -> None:
    text = (
        "Shelling on three towns killed 8 civilians, with 4 fatalities allocated to Hazano "
        "and 2 each to Kafr Takharim and Harem."
    )
    figs = find_figures(text)
    assert reconcile(figs, "Hazano").killed == Range(min=4, max=4)
    assert reconcile(figs, ("Kafr Takharim", "Kafr Takharīm")).killed == Range(min=2, max=2)


def test_a_killed_child_is_not_counted_with_the_injured_after_it() -> None:
    text = (
        "A 6-year-old boy was killed and five other people including two children were "
        "injured when the shell fell."
    )
    r = reconcile(find_figures(text))
    assert (r.killed, r.injured) == (Range(min=1, max=1), Range(min=5, max=5))


def test_another_source_s_count_after_meanwhile_is_not_added() -> None:
    text = (
        "The monitor said 58 people were killed. Meanwhile the opposition coalition said the "
        "attack killed more than 100 people."
    )
    assert killed(text) == (58, 100)
    assert killed("Jets killed 5 civilians. Meanwhile, shelling killed 3 more people.") == (8, 8)


@pytest.mark.parametrize(
    ("text", "place", "share"),
    [
        # shares "at" named places, in a note that speaks of allocating
        (
            "The toll was averaged over the week and coded as 16 for the day, with 5 at Kafr "
            "Nabl, 3 at Hass and 8 at Maarrat Hurma.",
            "Hass",
            3,
        ),
        (
            "Fatalities spread across the events with two fatalities at Taftanaz and Binnish and "
            "one at Sarmin.",
            "Binnish",
            2,
        ),
        # "N each" for every place named
        (
            "Clashes in the two villages caused deaths on both sides, coded as 8 and split, 4 each, "  # noqa: E501
            "between the locations.",
            "Anywhere",
            4,
        ),
        (
            "9 fatalities split between the 4 locations with Arbin allocated 3 and all other "
            "locations allocated 2 each.",
            "Zamalka",
            2,
        ),
        (
            "9 fatalities split between the 4 locations with Arbin allocated 3 and all other "
            "locations allocated 2 each.",
            "Arbin",
            3,
        ),
        # an even split over the names that follow
        (
            "A conservative estimate is 12 killed. 12 fatalities split between Hatla and Marrat.",
            "Marrat",
            6,
        ),
        # "distributed between activities in A and in B", "divided over both events"
        (
            "Rebels killed several soldiers; the unknown toll was coded as 8 and distributed "
            "between activities in Arbin and in Zamalka.",
            "Zamalka",
            4,
        ),
        (
            "Jets struck the villages of Diwa and Kafr Jana, killing four civilians. Fatalities "
            "divided over both events.",
            "Diwa",
            2,
        ),
        # "coded to the fighting at X"
        (
            "Sources gave no daily figure; 7 fatalities each coded to fighting at Hazano and "
            "Batabo.",
            "Batabo",
            7,
        ),
    ],
)
def test_allocation_notes_give_each_place_its_share(text: str, place: str, share: int) -> None:
    assert reconcile(find_figures(text), place).killed == Range(min=share, max=share)


def test_a_count_at_a_place_is_no_share_when_nothing_is_allocated() -> None:
    text = "Jets struck the town, killing 6 at a checkpoint and 2 at Sarmin."
    assert all(f.allocated_to is None for f in find_figures(text))


@pytest.mark.parametrize(
    ("text", "expected", "children"),
    [
        ("Shelling killed 30 civilians, mostly women and children.", (30, 30), None),
        ("The raid killed up to 22 people mostly children, rescuers said.", (None, 22), None),
    ],
)
def test_mostly_says_who_not_how_many(
    text: str, expected: tuple[int | None, int | None], children: int | None
) -> None:
    r = reconcile(find_figures(text))
    assert (r.killed.min, r.killed.max) == expected  # type: ignore[union-attr]
    assert r.children_killed == children


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militants stoned a woman to death in a village square.", (1, 1)),
        ("Prison guards beat two detainees to death, a monitor said.", (2, 2)),
        ("A court sentenced three men to death on Sunday.", None),
    ],
)
def test_to_death(text: str, expected: tuple[int, int] | None) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In the village a man - accused of spying by the militants - was shot dead.", (1, 1)),
        ("A woman - sentenced by an Islamist court - was stoned to death in the square.", (1, 1)),
        ("Two brothers – both shepherds – were killed by a landmine on the road.", (2, 2)),
        ("Four aid workers (two of them drivers) were killed when the convoy was hit.", (4, 4)),
    ],
)
def test_an_aside_between_dashes_or_brackets_keeps_the_count_and_its_verb(
    text: str, expected: tuple[int, int]
) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rescuers said 22 people were killed in the raid. A local news agency, which gave a "
            "lower toll of 17 people killed, said a school was hit.",
            (17, 22),
        ),
        (
            "The shelling killed 40 people, officials said. Doctors at the hospital gave a "
            "different figure of 31 dead.",
            (31, 40),
        ),
        (
            "Air strikes killed up to 30 people, activists said. The civil defence said 30 were "
            "killed. A monitoring group put the toll lower, saying 24 people had died.",
            (24, 30),
        ),
    ],
)
def test_another_count_of_the_same_toll_is_kept_in_the_range(
    text: str, expected: tuple[int, int]
) -> None:
    figs = find_figures(text)
    assert any(f.alternative for f in figs)
    assert killed(text) == expected


def test_a_later_lower_detail_is_still_not_another_count() -> None:
    text = "The strike killed 9 people. Four of them died in the market."
    assert not any(f.alternative for f in find_figures(text))
    assert killed(text) == (9, 9)


@pytest.mark.parametrize(
    ("text", "place", "share"),
    [
        # every place gets the same share
        (
            "5 more deaths were thought to have happened in Arbin, Duma, Saqba, Zamalka and "
            "Harasta, with each location allocated 1 fatality.",
            "Saqba",
            1,
        ),
        ("Fighting spread over three villages; each village was coded 4 fatalities.", "Hish", 4),
        # "N for X" in a note's list
        (
            "18 deaths distributed over the towns: 9 for Sarmin, 6 for Binnish and 3 for Taftanaz.",
            "Binnish",
            6,
        ),
        # the uncounted deaths split between names
        (
            "Counting 3 known deaths in Duma, 6 additional fatalities were split between Arbin and "
            "Zamalka.",
            "Zamalka",
            3,
        ),
        # what does not divide goes to the first places named
        ("10 fatalities split between Hatla, Marrat and Jadid.", "Hatla", 4),
        ("10 fatalities split between Hatla, Marrat and Jadid.", "Jadid", 3),
        (
            "The toll was coded as 9. Distributed fatalities over the activities in Kafr Nabl, "
            "Hass, Hish and Maarzita.",
            "Kafr Nabl",
            3,
        ),
        (
            "The toll was coded as 9. Distributed fatalities over the activities in Kafr Nabl, "
            "Hass, Hish and Maarzita.",
            "Hish",
            2,
        ),
    ],
)
def test_more_allocation_shapes(text: str, place: str, share: int) -> None:
    assert reconcile(find_figures(text), place).killed == Range(min=share, max=share)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shelling killed 5 civilians in the town. 10 more bodies were later pulled from the "
            "rubble, bringing the death toll to 15.",
            (15, 15),
        ),
        (
            "The raid killed 4 people. Another 3 bodies were recovered on Tuesday, raising the "
            "toll to 7.",
            (7, 7),
        ),
        # without a revised total the increment still adds
        ("The raid killed 4 people. Another 3 bodies were recovered on Tuesday.", (7, 7)),
    ],
)
def test_a_revised_total_after_an_increment_already_counts_it(
    text: str, expected: tuple[int, int]
) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a second group joined to the first count
        ("At least 30 soldiers were killed in addition to 5 civilians.", (35, 35)),
        ("Nine soldiers were killed, along with at least 4 IS fighters.", (13, 13)),
        ("Eight soldiers were killed, as well as three civilians.", (11, 11)),
        # a coder's figure for one side's uncounted dead adds to the deaths counted
        (
            "Four HTS fighters were killed in the clashes, and the unknown number of IS "
            "fatalities was coded as 10.",
            (14, 14),
        ),
        (
            "At least 15 soldiers were killed in the town. The additional unknown number of rebel "
            "fatalities there is coded as 5.",
            (20, 20),
        ),
        # a coder's figure for all the dead is the toll ("several" are in it)
        ("A man was killed by shelling. Unknown number of fatalities coded as 10.", (10, 10)),
        (
            "Rebels killed several soldiers near the town. Unknown number of fatalities coded as "
            "10.",
            (10, 10),
        ),
        (
            "The known fatalities, in addition to the unknown number of regime fatalities, are "
            "coded as 10.",
            (10, 10),
        ),
        # the last revised total stands
        ("The death toll rose to 10 on Monday. By the evening the toll had risen to 12.", (12, 12)),
        # increments only: each adds
        ("Airstrikes also killed 3 civilians, and shelling killed 1 more civilian.", (4, 4)),
    ],
)
def test_counts_that_add_up(text: str, expected: tuple[int, int]) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a death after the toll was told adds to it
        (
            "Shelling killed 2 people in the city. 1 man died the next day as a result of his "
            "injuries.",
            (3, 3),
        ),
        (
            "A sniper killed a civilian in the town. A second civilian later died of wounds "
            "sustained in the attack.",
            (2, 2),
        ),
        (
            "Shelling killed a civilian and led to the later death of a woman from her injuries.",
            (2, 2),
        ),
        (
            "The strike killed 4 people. A boy who was badly wounded in the strike later died in "
            "hospital.",
            (5, 5),
        ),
        # a hedged higher bound
        (
            "At least 5 civilians, and possibly as many as 7, were killed by airstrikes on the "
            "town.",
            (5, 7),
        ),
        ("2, possibly 3, civilians were killed by shelling on the old market.", (2, 3)),
        ("Two, perhaps three, people died in the blast.", (2, 3)),
        # an attempt is no killing
        ("Militants tried to kill two soldiers at the checkpoint but failed.", None),
        (
            "Gunmen shot dead a judge. They also made an attempt to assassinate a lawyer, "
            "wounding him.",
            (1, 1),
        ),
        # the wounded listed after the dead are no victims of the list
        (
            "Missiles hit the city, killing 2 civilians, wounding several others, and causing "
            "damage.",
            (2, 2),
        ),
        # children told after the civilians are among them; one told before is not
        (
            "At least 8 civilians were killed by missiles on the town. At least 5 children were "
            "killed by barrel bombs.",
            (8, 8),
        ),
        (
            "One child was killed by the shelling and three civilians were killed by airstrikes.",
            (4, 4),
        ),
        (
            "Militants fired shells at the camp, killing a child and at least 2 other civilians.",
            (3, 3),
        ),
        # a long title before the noun
        ("An FSA Samarkand Brigade field commander was killed in the clashes.", (1, 1)),
    ],
)
def test_more_toll_shapes(text: str, expected: tuple[int, int] | None) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A man carrying a rifle was shot and killed by police near the checkpoint.", (1, 1)),
        ("A woman walking home from the market was killed by a sniper.", (1, 1)),
        ("Four soldiers and allied militia fighters were killed during the battle.", (4, 4)),
        # two clauses, two causes: both tolls count
        (
            "Four civilians were killed by shelling while 12 civilians were killed by airstrikes "
            "on the town.",
            (16, 16),
        ),
        ("One child was killed by the bombardment while 13 others were injured.", (1, 1)),
    ],
)
def test_noun_phrases_between_count_and_verb(text: str, expected: tuple[int, int]) -> None:
    assert killed(text) == expected


def test_a_chain_of_shares_after_a_list_of_names() -> None:
    text = (
        "Missiles hit four towns, killing 19 civilians. 5 fatalities coded to Otaya, Ashary, "
        "and Nashabiyeh and four to Hazrama."
    )
    assert reconcile(find_figures(text), "Hazrama").killed == Range(min=4, max=4)
    assert reconcile(find_figures(text), "Ashary").killed == Range(min=5, max=5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Border guards shot a young man near the fence, which led to his death.", (1, 1)),
        ("A sniper hit a woman in the street, causing her death.", (1, 1)),
        ("The pilot parachuted and was killed when he landed.", (1, 1)),
        ("The driver fled and was later shot dead by the patrol.", (1, 1)),
        ("The rebel brigade's field commander, Abu Karim, was killed in the fighting.", (1, 1)),
        (
            'The commander, a senior militant leader "Abu Omar," was killed and his wife injured.',
            (1, 1),
        ),
        ("A man's body was found along the highway near the town.", (1, 1)),
        ("A young woman’s body was recovered from the rubble on Monday.", (1, 1)),
        # another article or a casualty verb ends the words before the noun
        ("Shells hit the city, with an artillery strike killing an ambulance driver.", (1, 1)),
        # "forces" after "from the" is part of who they were, not the end of the phrase
        (
            "At least six members from the army forces and its allied militias were killed in "
            "the clashes.",
            (6, 6),
        ),
    ],
)
def test_single_victims_and_long_noun_phrases(text: str, expected: tuple[int, int]) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lower toll that another source "put higher" is a toll, not a detail
        (
            "Regime raids killed around 30 people in the city, a monitor said. The raids killed at "
            "least 14 civilians, the monitor said. Residents put the death toll higher, saying "
            "some 30 people had died.",
            (14, 30),
        ),
        # the rest of a breakdown is not more deaths
        (
            "Shelling killed 14 people in the city. Nine were killed in the old market and two in "
            "the port. Another three were killed in other districts.",
            (14, 14),
        ),
        # without a breakdown before it, another death still adds
        (
            "Shelling killed 14 people in the city. Another three were killed later in the day.",
            (17, 17),
        ),
    ],
)
def test_breakdowns_and_counter_tolls(text: str, expected: tuple[int, int]) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the source after the toll is not one more victim
        ("A missile hit the flat, killing six people, Physicians for Human Rights said.", (6, 6)),
        (
            "The raid killed eight people, three of them children, Save the Children reported.",
            (8, 8),
        ),
        (
            "Shelling killed Hasan Darwish, his wife and their two sons, the civil defence said.",
            (4, 4),
        ),
        (
            "Shelling killed Hasan Darwish, his wife and their two sons, according to medics.",
            (4, 4),
        ),
        # "in" must be a word to end the victims: "International" is not "in"
        ("Gunmen killed Omar Saleh and his brother, Amnesty International said.", (2, 2)),
    ],
)
def test_who_reports_the_victims_is_not_one_of_them(text: str, expected: tuple[int, int]) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jets bombed the house of Yusuf Karim, killing him, his wife Mona and their three sons.",  # noqa: E501
            (5, 5),
        ),
        ("The strike killed Samir Awad, his son Karim and his daughter Lina.", (3, 3)),
        ("Gunmen shot the mayor outside his office, killing him and his driver.", (2, 2)),
        ("Gunmen opened fire on the lawyer, killing him.", (1, 1)),
        (
            "Shelling hit two villages. Local media official Rami Haddad was killed filming it.",
            (1, 1),
        ),
    ],
)
def test_him_and_his_named_kin_are_counted(text: str, expected: tuple[int, int]) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one person told of for the first time is a death to count, in any report
        ("On Friday, a trader was shot to death outside his store by two gunmen.", (1, 1)),
        ("Gunmen on motorbikes killed a youth at the checkpoint.", (1, 1)),
        ("Police shot and killed a protester near the bridge.", (1, 1)),
        ("A farmer was beaten to death by armed herders on Tuesday.", (1, 1)),
        ("The gang beheaded a villager and burned his house.", (1, 1)),
    ],
)
def test_one_victim_told_of_for_the_first_time(text: str, expected: tuple[int, int]) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A crowd tried to kill a robbery suspect before the police took him away.",
        "The militia attempted to kill a local chief, who escaped unhurt.",
        "Officials gave a higher death toll later that day.",
    ],
)
def test_no_death_where_none_happened(text: str) -> None:
    assert killed(text) is None


def test_a_single_victim_does_not_double_an_increment_of_the_toll() -> None:
    text = (
        "Artillery fire killed two farmers in the fields. A woman was also killed as she "
        "fled the shelling."
    )
    assert killed(text) == (3, 3)


def test_another_clause_is_no_item_of_a_list_of_victims() -> None:
    # "injured 4 other guards" is the next clause, not two more dead
    assert killed(
        "A rocket hit the post and killed 3 guards, injured 4 other guards, and wounded a driver."
    ) == (3, 3)


def test_an_age_in_words_is_no_count() -> None:
    assert killed("A seven-year-old girl died when the shell hit her school.") == (1, 1)
    assert killed("Shelling killed two ten-year-old boys near the well.") == (2, 2)


@pytest.mark.parametrize(
    "text",
    [
        # a campaign's toll and a toll before the incident are not the incident's
        "The blast killed 40 people. Before Monday's strike, officials said at least 2,000 "
        "people had been killed in the army's 20-day offensive.",
        "The blast killed 40 people. The three-year war has killed 9,000 people in the region.",
    ],
)
def test_campaign_totals_are_not_the_toll(text: str) -> None:
    assert killed(text) == (40, 40)


def injured_and_killed(text: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    r = reconcile(find_figures(text))
    pair = [None if x is None else (x.min, x.max) for x in (r.injured, r.killed)]
    return pair[0], pair[1]


@pytest.mark.parametrize(
    ("text", "injured", "killed_"),
    [
        # the dead among the wounded are dead, not a subset of the wounded
        ("Six porters were wounded by the mine, two of them later died.", (6, 6), (2, 2)),
        (
            "Three herders were hurt on Sunday; one of them succumbed to his wounds overnight.",
            (3, 3),
            (1, 1),
        ),
    ],
)
def test_the_dead_among_the_wounded_are_killed(
    text: str, injured: tuple[int, int], killed_: tuple[int, int]
) -> None:
    assert injured_and_killed(text) == (injured, killed_)


def test_the_shot_are_not_the_dead_when_one_of_them_died() -> None:
    text = (
        "Masked men shot four drivers at the fuel station on the ring road and one of them "
        "was killed."
    )
    assert killed(text) == (1, 1)


def test_someone_first_told_of_who_succumbed_is_one_dead() -> None:
    text = "A shepherd who had been hurt by a mine near the dam succumbed to his injuries."
    assert killed(text) == (1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # members of a group told with a lower-case word before its noun
        ("Four members of the border forces were killed at the post.", (4, 4)),
        ("Nine members of a village militia were killed in the raid.", (9, 9)),
    ],
)
def test_members_of_a_group_named_in_lower_case_are_counted(
    text: str, expected: tuple[int, int]
) -> None:
    assert killed(text) == expected


def test_the_dead_of_both_sides_told_along_with_each_other_add_up() -> None:
    text = "At least 14 government and allied fighters were killed along with 9 rebel fighters."
    assert killed(text) == (23, 23)


def test_one_killed_and_one_badly_hurt_is_one_dead() -> None:
    assert killed("One man was killed and one man was badly injured by the drone.") == (1, 1)


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        # how badly someone was hurt stands between the count and its verb
        ("Two porters were seriously injured when the mine went off.", (2, 2)),
        ("Seven pupils were critically wounded in the shelling.", (7, 7)),
        ("A shell killed one woman, and three men were badly hurt.", (3, 3)),
    ],
)
def test_how_badly_the_wounded_were_hurt_keeps_them_wounded(
    text: str, injured: tuple[int, int]
) -> None:
    assert injured_and_killed(text)[0] == injured


def test_one_wounded_who_later_died_adds_to_the_toll_however_told() -> None:
    text = "The raid killed 6 people. A girl who was wounded in the raid later died of her wounds."
    assert killed(text) == (7, 7)


def test_patients_are_people_counted_with_the_staff_killed_beside_them() -> None:
    # "patients" is a noun of people: its count and the nurses' after one verb make the toll
    text = "A drone struck the clinic, killing nine patients and two nurses."
    assert 11 in [f.value for f in find_figures(text) if f.kind == "killed"]
