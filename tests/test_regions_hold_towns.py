"""A region of several provinces ("the Gaza Strip") holds the towns inside it: a sentence
placed there stays with the strike told in one of its towns. Sentences are my own."""

from __future__ import annotations

import datetime as dt

from harmwatch.gazetteer.types import Place
from harmwatch.models import Incident, Range, Report
from harmwatch.pipeline import get_extractor
from harmwatch.pipeline.segment import compatible
from harmwatch.pipeline.types import PlaceMention


def _mention(name: str, lat: float, lon: float, admin1: str, feature: str) -> PlaceMention:
    precision = "province" if feature == "region" else feature
    place = Place(
        id=f"test:{name}", name=name, lat=lat, lon=lon, admin1=admin1, country="PS", feature=feature
    )
    return PlaceMention(start=0, end=len(name), text=name, place=place, precision=precision)


STRIP = _mention("Gaza Strip", 31.42, 34.38, "Gaza Strip", "region")
BANK = _mention("West Bank", 31.95, 35.25, "West Bank", "region")
KHAN_YOUNIS = _mention("Khan Younis", 31.345, 34.303, "Khan Younis", "town")
NORTH_TOWN = _mention("Beit Lahia", 31.55, 34.50, "North Gaza", "town")
HEBRON = _mention("Hebron", 31.53, 35.10, "Hebron", "town")


def test_a_region_holds_the_towns_of_its_provinces() -> None:
    assert compatible(STRIP, KHAN_YOUNIS) and compatible(NORTH_TOWN, STRIP)
    # another region of the same country does not
    assert not compatible(BANK, KHAN_YOUNIS)
    assert not compatible(STRIP, HEBRON)


def test_a_sentence_placed_in_the_region_stays_with_the_strike() -> None:
    text = (
        "On Tuesday an Israeli airstrike hit a family home in Khan Younis, killing 6 civilians, "
        "among them two children. Health officials in the Gaza Strip later said the strike "
        "had killed 4 members of the family, whose bodies were taken to a hospital."
    )
    report = Report(id="t", text=text, published=dt.date(2024, 3, 6))
    found: list[Incident] = [
        i for i in get_extractor().extract(report).incidents if not i.background
    ]
    assert len(found) == 1
    assert found[0].killed == Range(min=6, max=6)
