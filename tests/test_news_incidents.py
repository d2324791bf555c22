"""How one strike told in news copy stays one incident with its own toll: places told at
coarser levels, other attacks' tolls told to date it, conflicting counts, and the day it
happened. Places, names and sentences are invented for these tests."""

from __future__ import annotations

import datetime as dt

from extracting import current_incidents

from harmwatch.gazetteer.types import Place
from harmwatch.models import Incident
from harmwatch.pipeline.dates import find_dates
from harmwatch.pipeline.figures import find_figures, reconcile
from harmwatch.pipeline.segment import compatible
from harmwatch.pipeline.types import PlaceMention


def _mention(
    text: str, name: str, admin1: str | None, feature: str, country: str = "UA"
) -> PlaceMention:
    place = Place(
        id=f"test:{name}",
        name=name,
        lat=48.0,
        lon=36.0,
        admin1=admin1,
        country=country,
        feature=feature,
    )
    precision = feature if feature in ("country", "province", "village", "town") else "town"
    return PlaceMention(start=0, end=len(text), text=text, place=place, precision=precision)


COUNTRY = _mention("Ukraine", "Ukraine", None, "country")
OBLAST = _mention("Poltava", "Poltava Oblast", "Poltava Oblast", "province")
THU = dt.date(2020, 1, 16)
OTHER_COUNTRY = _mention("Moldova", "Moldova", None, "country", country="MD")


def test_a_country_holds_its_provinces_whichever_is_told_first() -> None:
    assert compatible(OBLAST, COUNTRY) and compatible(COUNTRY, OBLAST)
    assert not compatible(OBLAST, OTHER_COUNTRY)


def test_a_province_written_as_the_village_row_spells_it_holds_the_village() -> None:
    # the province row is named "Al Qasrayn", the village row says its province is "Qasrayn",
    # the report writes "Qasrayn"
    province = _mention("Qasrayn", "Al Qasrayn", "Al Qasrayn", "province", country="SD")
    village = _mention("Umm Tala", "Umm Tala", "Qasrayn", "village", country="SD")
    elsewhere = _mention("Wad Kabir", "Wad Kabir", "Sennar", "village", country="SD")
    assert compatible(village, province) and compatible(province, village)
    assert not compatible(elsewhere, province)


def test_another_attacks_toll_told_to_date_this_one_is_not_its_figure() -> None:
    text = (
        "At least 25 people died in the raid on the wedding, which came two days after a drone "
        "killed at least six farmers in a neighbouring district."
    )
    figs = {f.value: f for f in find_figures(text)}
    assert not figs[25].other_event
    assert figs[6].other_event
    # told after the figure, the earlier attack does not touch it
    later = find_figures("The shelling killed 14, a week after a raid killed 3 in the valley.")
    assert [f.value for f in later if not f.other_event] == [14]


def test_a_killing_named_as_the_motive_is_another_event() -> None:
    text = (
        "The army said the rockets were fired in retaliation for the killing of a local commander."
    )
    assert all(f.other_event for f in find_figures(text))


def _killed(text: str) -> tuple[int | None, int | None] | None:
    r = reconcile(find_figures(text)).killed
    return None if r is None else (r.min, r.max)


def test_a_lower_count_named_as_such_then_said_stays_the_minimum() -> None:
    text = (
        "The raid on the hall killed more than 80 mourners, a UN envoy said. The local health "
        "office gave a lower figure, saying that 64 bodies had been identified."
    )
    assert _killed(text) == (64, 80)


def test_a_count_told_by_some_outlets_stays_in_the_range() -> None:
    text = (
        "Eleven people died when the jet bombed the market, a village elder said. Regional "
        "radio stations also covered the raid, with some outlets saying eight people had died."
    )
    assert _killed(text) == (8, 11)


def test_two_speakers_giving_two_counts_in_one_sentence_give_the_range() -> None:
    text = (
        "Around 200 people died in the explosion at the depot. A fire brigade commander said "
        "140 people were killed and a ministry spokesman said 200 were killed."
    )
    figs = find_figures(text)
    assert sorted(f.value for f in figs if f.kind == "killed") == [140, 200, 200]
    assert _killed(text) == (140, 200)


def test_a_noun_phrase_that_speaks_is_not_a_victim() -> None:
    text = "Four people were killed and a doctor said nine more died later."
    figs = find_figures(text)
    assert [(f.kind, f.value) for f in figs] == [("killed", 4), ("killed", 9)]
    # a count of the dead that an outlet's words follow stays
    kept = find_figures("Jets hit the depot killing six guards local activists said on Monday.")
    assert [f.value for f in kept] == [6]


def test_a_sentence_set_before_the_incident_tells_only_earlier_tolls() -> None:
    text = (
        "Before Monday's bombing, officials said 2,400 people had died in the offensive, which "
        "began after a raid on the border killing more than 700 people."
    )
    assert all(f.aggregate for f in find_figures(text))


def test_a_clause_says_whose_count_it_is() -> None:
    text = (
        "A rights group released the names of 23 people it said were killed and nine more it "
        "said were wounded in the strike."
    )
    figs = find_figures(text)
    assert [(f.kind, f.value) for f in figs] == [("killed", 23), ("injured", 9)]


def test_so_far_alone_is_the_toll_as_counted_until_now() -> None:
    (now,) = find_figures("Rescuers have recovered 14 bodies so far from the flattened house.")
    assert not now.aggregate
    (tally,) = find_figures("The army says 400 fighters have been killed so far this year.")
    assert tally.aggregate


def test_a_span_of_the_last_days_dates_from_its_first_day() -> None:
    (m,) = find_dates("The killings took place over the past 48 hours, the ministry said.", THU)
    assert m.date == dt.date(2020, 1, 14) and m.date_end == THU
    # a longer span is a period, no day of an incident
    assert find_dates("Raids went on over the past ten days.", THU) == []


def _incidents(text: str, published: dt.date) -> list[Incident]:
    return current_incidents(text, published)


def test_the_incident_named_with_its_day_dates_it_not_the_statement() -> None:
    text = (
        "The government on Friday rejected claims that an army drone killed herders at a "
        "market.\n\nThe incident on Monday near the town of Mopti has angered herders' groups. "
        "A herders' association published a list on Friday of 12 people it said were killed."
    )
    (inc,) = _incidents(text, dt.date(2021, 3, 12))  # a Friday
    assert inc.date == dt.date(2021, 3, 8)
    assert inc.killed is not None and inc.killed.min == 12


def test_ground_changing_hands_starts_no_incident() -> None:
    text = (
        "Soldiers shot dead nine farm workers in the village of Afgooye on Friday, elders said. "
        "Government troops recaptured the village, 30 kilometres from the capital, Mogadishu, "
        "from the militants a week before."
    )
    found = _incidents(text, dt.date(2017, 8, 26))
    assert len(found) == 1 and found[0].killed is not None and found[0].killed.min == 9


def test_where_the_speaker_works_is_not_where_the_strike_hit() -> None:
    text = (
        "A drone strike on a camp for displaced families near the village of Afgooye killed "
        "30 people on Saturday, a local official said. A senior doctor at the main hospital in "
        "Mogadishu told reporters that 28 bodies had been brought in."
    )
    found = _incidents(text, dt.date(2022, 1, 9))
    assert len(found) == 1
    assert found[0].location is not None and found[0].location.name != "Mogadishu"


def test_a_habit_of_shelling_is_no_incident() -> None:
    text = (
        "Artillery fire killed two women in the village of Afgooye on Saturday, officials said. "
        "Government troops hold the town, but militants continue to shell the villages of "
        "Balcad and Jowhar from the forest."
    )
    found = _incidents(text, dt.date(2024, 7, 7))
    assert len(found) == 1 and found[0].killed is not None and found[0].killed.min == 2


def test_deaths_a_natural_hazard_caused_are_no_attacks_toll() -> None:
    (quake,) = find_figures(
        "The powerful earthquake on Friday levelled houses across the north, killing nearly "
        "1,800 people."
    )
    assert quake.other_event
    (raid,) = find_figures("After the earthquake, an air strike killed 7 people in the village.")
    assert not raid.other_event
    (hit,) = find_figures("Jets bombed quake-hit towns, killing 12 people.")
    assert not hit.other_event


def test_a_truce_or_a_war_told_as_the_setting_starts_no_incident() -> None:
    text = (
        "Families carried their belongings home to the east of the town during the first hours "
        "of a three-day truce in the battles between the army and the rebels. The government "
        "said it would observe a ceasefire until May, after armed groups fighting the "
        "country's long civil war made similar pledges."
    )
    assert _incidents(text, dt.date(2025, 4, 3)) == []


def test_thousands_dead_is_a_wars_toll() -> None:
    (war,) = find_figures("The fighting killed thousands of people and drove half a million out.")
    assert war.aggregate
    (raid,) = find_figures("Hundreds were killed in the assault on the village.")
    assert not raid.aggregate


def test_a_past_killing_told_of_the_war_as_a_whole_is_background() -> None:
    text = (
        "Displaced families headed home on Wednesday as the truce took hold. The movement has "
        "emerged from the war weakened, including the killing of its commander in an air raid."
    )
    assert _incidents(text, dt.date(2024, 11, 28)) == []


def test_a_quotation_retelling_the_attack_starts_no_incident() -> None:
    text = (
        "Shells fired by the militia killed 11 civilians at a crowded market in Omdurman on "
        "Monday, medics said. \u201cThe militia shelled the market in Hillat Karari, which was "
        "full of shoppers,\u201d said a spokesman for the health ministry."
    )
    found = _incidents(text, dt.date(2024, 9, 23))
    assert len(found) == 1 and found[0].killed is not None and found[0].killed.min == 11
