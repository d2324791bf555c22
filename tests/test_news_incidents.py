"""How one strike told in news copy stays one incident with its own toll: places told at
coarser levels, other attacks' tolls told to date it, conflicting counts, and the day it
happened. Places, names and sentences are invented for these tests."""

from __future__ import annotations

from harmwatch.gazetteer.types import Place
from harmwatch.pipeline.figures import find_figures
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
