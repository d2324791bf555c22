"""A news report's furniture and its asides: the dateline ("KYIV, Ukraine -") names where the
reporter files from, never who struck or where; an attack the report names by a place abroad
("the Istanbul bombing, which killed six") is told for context, and its toll is not the
incident's; a hyphened village name ("Pont-Sonde") is one name."""

from __future__ import annotations

import datetime as dt

import pytest
from extracting import current_incidents

from harmwatch.models import Incident


def _found(text: str, published: dt.date = dt.date(2024, 5, 3)) -> list[Incident]:
    return current_incidents(text, published)


@pytest.mark.parametrize(
    "dateline",
    ["LVIV, Ukraine - ", "LVIV, Ukraine, May 3 - ", "LVIV, Ukraine (AP) — ", "LVIV, UKRAINE -- "],
)
def test_the_datelines_country_is_not_the_attacker(dateline: str) -> None:
    (incident,) = _found(
        f"{dateline}A drone strike hit a dormitory in Kharkiv overnight, killing four "
        "students, the city's mayor said."
    )
    assert incident.perpetrators == []
    assert incident.killed is not None and incident.killed.min == 4


def test_a_weapon_owner_named_in_the_sentence_still_is() -> None:
    (incident,) = _found(
        "LVIV, Ukraine - A Russian drone strike hit a dormitory in Kharkiv overnight, killing "
        "four students, the city's mayor said."
    )
    assert [p.id for p in incident.perpetrators] == ["russia"]


def test_the_place_after_a_dateline_is_the_incidents() -> None:
    (incident,) = _found(
        "NAIROBI, Kenya - A drone hit a cattle market in Amhara on Friday, killing nine herders, "
        "two traders said."
    )
    assert incident.location is not None and incident.location.admin1 == "Amhara"
    assert incident.location.country == "ET"


def test_a_toll_of_an_attack_named_by_a_place_abroad_is_not_the_incidents() -> None:
    (incident,) = _found(
        "Turkish drone strikes hit two farms near Qamishli on Sunday and killed nine villagers "
        "and a teacher, the Kurdish-led administration said. The PKK and the SDF denied any "
        "role in the Ankara bombing, which killed five people.",
        published=dt.date(2023, 10, 8),
    )
    assert incident.killed is not None and (incident.killed.min, incident.killed.max) == (10, 10)
    assert incident.denials == []


def test_a_hyphened_village_missing_from_the_gazetteers_keeps_its_whole_name() -> None:
    (incident,) = _found(
        "Gang members raided the village of Bois-Neuf in Haiti's Artibonite department before "
        "dawn on Friday, killing six farmers, a rights group said."
    )
    assert incident.location is not None and incident.location.name == "Bois-Neuf"
    assert incident.location.admin1 == "Artibonite"


def test_an_attack_told_as_earlier_this_month_takes_the_day_a_later_sentence_gives() -> None:
    (incident,) = _found(
        "The army admitted on Monday that it had bombed a market in Raqqa earlier this month, "
        "where residents say 40 people were killed.\n\n"
        '"Our review shows that aircraft struck a weapons depot, October 9, in central Raqqa," '
        "a spokesman said.",
        published=dt.date(2023, 10, 23),
    )
    assert incident.date == dt.date(2023, 10, 9)
    assert incident.killed is not None and incident.killed.min == 40


def test_an_attack_of_the_reports_days_keeps_its_day_beside_an_older_one() -> None:
    found = _found(
        "A drone struck a market in Raqqa on Sunday, killing 12 people, residents said. "
        "Aircraft had struck a depot in Raqqa on October 9, killing two guards.",
        published=dt.date(2023, 10, 23),
    )
    assert [i.date for i in found] == [dt.date(2023, 10, 22)]


def test_a_toll_of_an_attack_years_before_told_to_date_this_one_is_not_its() -> None:
    (incident,) = _found(
        "Gunmen attacked the village of Sobane on Thursday and killed 14 herders, the mayor "
        "said. The raid came a year after a massacre in the same village killed 95 people.",
        published=dt.date(2020, 6, 12),
    )
    assert incident.killed is not None and (incident.killed.min, incident.killed.max) == (14, 14)


def test_a_relative_clause_on_the_accused_does_not_date_the_accusation() -> None:
    (incident,) = _found(
        "A drone struck a bus station in the town of Dessie on Tuesday, killing nine people, "
        "two witnesses said. The witnesses blamed the federal army, which has been fighting "
        "militias in the region since March.",
        published=dt.date(2024, 5, 8),
    )
    assert [(p.id, p.status) for p in incident.perpetrators] == [("et_military", "alleged")]


@pytest.mark.parametrize("day", ["Jan. 6", "Sept. 6", "6 Jan"])
def test_a_day_written_with_a_short_month_is_neither_a_toll_nor_a_place(day: str) -> None:
    (incident,) = _found(
        f"A strike on the evening of {day} killed four people in the town of Sarmin, "
        "residents said.",
        published=dt.date(2024, 9, 8) if day.startswith("Sept") else dt.date(2024, 1, 8),
    )
    assert incident.killed is not None and (incident.killed.min, incident.killed.max) == (4, 4)
    assert incident.location is not None and incident.location.name == "Sarmin"
    assert incident.location.country == "SY"


def test_the_day_told_in_the_attacks_possessive_is_its_day() -> None:
    (incident,) = _found(
        "Hundreds attended the burial on Sunday of the nine people killed in Thursday's drone "
        "strike on the bakery in the town of Binnish.",
        published=dt.date(2024, 3, 10),
    )
    assert incident.date == dt.date(2024, 3, 7)


def test_a_title_with_a_vague_toll_is_the_title_of_the_attack_below_it() -> None:
    (incident,) = _found(
        "Shelling kills dozens in Ukraine's Donetsk\n\n"
        "Russian shelling hit a market in the town of Kostiantynivka on Wednesday, killing at "
        "least 31 people, including two children, officials said.",
        published=dt.date(2024, 5, 2),
    )
    assert incident.date == dt.date(2024, 5, 1)
    assert incident.killed is not None and incident.killed.min == 31
    assert incident.location is not None and incident.location.name == "Kostyantynivka"


def test_the_country_of_the_town_in_the_subject_is_not_the_attacker() -> None:
    (incident,) = _found(
        "A blast at a bus station in Gwadar, Pakistan, killed 11 people on Friday, police said.",
        published=dt.date(2024, 3, 2),
    )
    assert incident.perpetrators == []
    assert incident.killed is not None and incident.killed.min == 11


def test_a_direction_hyphened_to_an_unlisted_village_is_not_part_of_its_name() -> None:
    (incident,) = _found(
        "A drone struck Western-Bora Dengel village in the Tigray region on Friday, killing "
        "seven farmers, a local official said."
    )
    assert incident.location is not None and incident.location.name == "Bora Dengel"
