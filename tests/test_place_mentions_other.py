"""Names in a report that are no place of its incident: countries listed as nationalities, an
armed group's name that a town abroad also bears. Texts written for these tests."""

from __future__ import annotations

import datetime as dt

from extracting import current_incidents

from harmwatch.models import Incident


def _incidents(text: str, published: dt.date) -> list[Incident]:
    return current_incidents(text, published)


def _place(inc: Incident) -> tuple[str | None, str | None]:
    assert inc.location is not None
    return inc.location.name, inc.location.country


def test_countries_told_as_nationalities_do_not_move_the_strike() -> None:
    text = (
        "Five volunteers of a food charity died when a strike hit their van in Deir al-Balah "
        "on Monday night. The army said it was looking into what happened. Among the dead were "
        "nationals of Britain, Poland and Canada."
    )
    (inc,) = _incidents(text, dt.date(2024, 4, 2))
    assert _place(inc) == ("Dayr al Balah", "PS")


def test_a_country_in_a_list_of_countries_is_that_country() -> None:
    text = (
        "Gunmen killed four engineers at a quarry near Tahoua on Sunday. The engineers came "
        "from Britain, Poland and Canada, their employer said."
    )
    (inc,) = _incidents(text, dt.date(2023, 5, 8))
    assert inc.location is not None and inc.location.country == "NE"


def test_an_armed_groups_name_is_no_town_abroad() -> None:
    # "Taliban" is also a name GeoNames gives a town in Turkey
    text = (
        "Gunmen attacked a university in the capital on Monday, killing 19 students, officials "
        "said. The Taliban denied any part in the attack."
    )
    (inc,) = _incidents(text, dt.date(2020, 11, 3))
    assert inc.location is None or inc.location.country != "TR"


def test_a_nationality_before_the_city_is_no_place_of_its_own() -> None:
    # "Azerbaijani" is no loose spelling of Azerbaijan that the city would be a part of: the
    # city is told at its own precision
    text = (
        "Rockets fired across the front line hit the Azerbaijani city of Ganja on Sunday, "
        "killing two people, prosecutors said."
    )
    (inc,) = _incidents(text, dt.date(2020, 10, 5))
    assert _place(inc) == ("Ganja", "AZ")
    assert inc.location is not None and inc.location.precision == "town"


def test_every_states_nationality_adjective_is_a_common_word() -> None:
    # the gazetteer's common words hold the nationality adjectives of the state forces table,
    # but not those that are also a region's or a country's own name
    import csv
    from importlib import resources

    from harmwatch.gazetteer.matcher import common_words

    table = resources.files("harmwatch.pipeline").joinpath("data/state_forces.csv")
    rows = list(csv.DictReader(table.read_text("utf-8").splitlines()))
    adjectives = {a.lower() for r in rows for a in r["adjectives"].split("|") if a}
    assert {"azerbaijani", "sudanese", "armenian", "nigerien"} <= common_words()
    assert "somali" in adjectives and "somali" not in common_words()  # Somali Region, Ethiopia
