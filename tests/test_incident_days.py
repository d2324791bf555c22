"""The day of each incident a report tells: a late report's attack keeps its own day, and the
attacks of a roundup take the day its lead gives, never the publication day."""

from __future__ import annotations

import datetime as dt

from extracting import current_incidents

from harmwatch.models import Incident


def current(text: str, published: dt.date) -> list[Incident]:
    return current_incidents(text, published)


def test_a_late_report_keeps_its_attack_when_a_later_line_retells_it_with_no_day() -> None:
    # published three weeks on, across the new year: the lead's day is last December's, and a
    # line of the survivors' account (an attack word, no day, no toll) is more of that attack
    text = (
        "A drone strike on a funeral gathering in Saraqib on 30 December killed eleven mourners, "
        "a rights group found in an inquiry released this week. Witnesses said the aircraft "
        "circled and fired a second missile."
    )
    found = current(text, dt.date(2024, 1, 20))
    assert [(i.date, i.killed and i.killed.min) for i in found] == [(dt.date(2023, 12, 30), 11)]


def test_the_attacks_of_a_roundup_take_the_day_its_lead_gives() -> None:
    # published on Friday: the lead says Thursday, the paragraphs after it name no day
    text = (
        "Air raids struck several towns in the north on Thursday, local officials said.\n"
        "In Saraqib, a strike on a bakery killed seven people, the civil defence said.\n"
        "Later, a drone hit a car on the road outside Ariha, killing two men.\n"
        "Shelling of Kafr Nabl wounded four children, a nurse at the town clinic said.\n"
        "The region has been bombed almost daily since the offensive began on 12 October."
    )
    found = current(text, dt.date(2024, 11, 22))
    assert len(found) == 3
    assert {i.date for i in found} == {dt.date(2024, 11, 21)}


def test_an_attack_set_earlier_this_month_takes_the_day_a_later_line_gives_it() -> None:
    # published on the 24th: the lead has only "earlier this month", the force's statement
    # quoted after it names the day, more than a week back
    text = (
        "The air force on Friday admitted for the first time that it bombed a market earlier "
        "this month in the town of Saraqib, where residents say at least 25 people died.\n"
        '"A review of the mission shows that aircraft struck a weapons depot on 9 May near the '
        'market in Saraqib," the air force said in a statement.'
    )
    found = current(text, dt.date(2019, 5, 24))
    assert [(i.date, i.killed and i.killed.min) for i in found] == [(dt.date(2019, 5, 9), 25)]


def test_a_past_attack_with_a_toll_of_its_own_stays_apart_from_this_months() -> None:
    text = (
        "The air force on Friday admitted for the first time that it bombed a market earlier "
        "this month in the town of Saraqib, where residents say at least 25 people died.\n"
        "On 9 May an air strike on a bakery in Saraqib had killed six people."
    )
    found = current(text, dt.date(2019, 5, 24))
    assert all(i.date != dt.date(2019, 5, 9) for i in found)


def test_a_context_paragraph_between_a_roundups_attacks_lends_them_no_day() -> None:
    text = (
        "Air raids struck several towns in the north on Thursday, local officials said.\n"
        "In Saraqib, a strike on a bakery killed seven people, the civil defence said.\n"
        "The offensive began on 12 October, when a strike on the market of Maarat al-Numan "
        "killed 30 people.\n"
        "Shelling of Kafr Nabl wounded four children, a nurse at the town clinic said."
    )
    found = current(text, dt.date(2024, 11, 22))
    assert sorted((i.date, i.injured is not None) for i in found) == [
        (dt.date(2024, 11, 21), False),
        (dt.date(2024, 11, 21), True),
    ]
