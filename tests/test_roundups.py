"""A roundup of a day's attacks across a country: each region's paragraph is an incident of its
own, and the attackers the lead names for the whole country are those of the attacks it then
tells one by one. Reports written for these tests."""

from __future__ import annotations

import datetime as dt

from extracting import current_incidents

from harmwatch.models import Incident

ROUNDUP = (
    "Russian attacks kill six across Ukraine\n\n"
    "Russian strikes killed at least six civilians and wounded 20 across Ukraine over the past "
    "day, regional officials said on Tuesday.\n\n"
    "In the Sumy region, a glide bomb hit the town of Shostka, killing three men and wounding "
    "five people, the governor said.\n\n"
    "In the Kherson region, Russian shelling killed a 70-year-old man in the village of "
    "Bilozerka and wounded two people, the regional administration said.\n\n"
    "Two people were killed and nine wounded in the Zaporizhzhia region, its governor said, "
    "without giving details."
)


def _found(text: str) -> list[Incident]:
    return current_incidents(text, dt.date(2024, 9, 10))


def _by_place() -> dict[str | None, Incident]:
    return {i.location.name if i.location else None: i for i in _found(ROUNDUP)}


def test_a_count_in_another_region_is_an_incident_of_its_own() -> None:
    found = _by_place()
    village = found["Bilozerka"]
    assert village.killed is not None and (village.killed.min, village.killed.max) == (1, 1)
    assert village.injured is not None and (village.injured.min, village.injured.max) == (2, 2)
    region = found["Zaporizhzhia Oblast"]
    assert region.location is not None and region.location.precision == "province"
    assert region.killed is not None and region.killed.min == 2


def test_the_attackers_of_a_countrywide_lead_are_those_of_its_attacks() -> None:
    (town,) = _found(
        "Russian strikes killed at least four civilians across Ukraine over the past day, "
        "officials said on Tuesday.\n\nIn the Kharkiv region, a glide bomb hit the town of "
        "Kupiansk, killing two women and wounding three people, the governor said."
    )
    assert [p.id for p in town.perpetrators] == ["russia"]


def test_a_lead_that_names_no_attacker_gives_none() -> None:
    (town,) = _found(
        "Strikes killed at least four civilians across Ukraine over the past day, officials "
        "said on Tuesday.\n\nIn the Kharkiv region, a glide bomb hit the town of Kupiansk, "
        "killing two women and wounding three people, the governor said."
    )
    assert town.perpetrators == []


def test_a_later_count_in_the_incidents_own_province_stays_with_it() -> None:
    (incident,) = _found(
        "Russian shelling hit the village of Shyroke in the Mykolaiv region on Monday, killing "
        "a farmer. Two more people died of their wounds in the Mykolaiv region later, the "
        "governor said."
    )
    assert incident.killed is not None and incident.killed.max == 3


def test_the_region_a_paragraph_opens_with_holds_the_village_it_names() -> None:
    found = _found(
        "In the Zaporizhzhia region, a drone hit a car near Vilniansk, wounding two men, the "
        "governor said.\n\nIn the Mykolaiv region, Russian shelling killed a 70-year-old man in "
        "the village of Shyroke and wounded two people, the regional administration said."
    )
    (village,) = [i for i in found if i.location is not None and i.location.name == "Shyroke"]
    assert village.location is not None and village.location.admin1 == "Mykolaiv Oblast"


def test_a_paragraph_opening_with_a_city_of_a_provinces_name_keeps_the_city() -> None:
    (incident,) = _found(
        "In Kherson, a Russian drone hit a bus stop, killing two women, the governor said."
    )
    assert incident.location is not None and incident.location.precision == "town"
