"""The country a batch of reports is about (`places.batch_country`) choosing among a name's
namesakes in a report of the batch that names no place saying where (issue 12). Every sentence
here is made up; the places are real."""

from __future__ import annotations

import pytest
from place_stage import best, place_nlp
from spacy.language import Language

from harmwatch.gazetteer import Gazetteer
from harmwatch.models import Report
from harmwatch.pipeline import get_extractor
from harmwatch.pipeline.places import RUN_COUNTRY, batch_country, best_place
from harmwatch.pipeline.types import PlaceMention


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


def _placed(nlp: Language, text: str, run: str | None) -> PlaceMention | None:
    doc = nlp.make_doc(text)
    if run is not None:
        doc.user_data[RUN_COUNTRY] = run
    doc = nlp(doc)
    return best_place(doc._.hw_places, 0, len(text))


SYRIAN_BATCH = [
    "Two shells landed near a school in Homs city on Monday, hurting a guard.",
    "A car bomb went off at a checkpoint on the road out of Aleppo, killing three.",
    "Jets struck a bakery in Douma, east of Damascus; four people died.",
    "Army units retook the village of Tal Sultan after a night of fighting.",
]


def test_a_batch_of_one_war_has_its_country() -> None:
    assert batch_country(SYRIAN_BATCH, Gazetteer.load()) == "SY"


def test_a_batch_of_several_wars_or_a_lone_report_has_none() -> None:
    gaz = Gazetteer.load()
    mixed = [
        "Gunmen shot two traders at a market in Monterrey, Nuevo Leon.",
        "Police fired tear gas at marchers in Lahore; a student was hurt.",
        "A shell hit a house in Homs city, wounding a woman.",
        "Militants burnt a bus near Maiduguri, Borno state.",
    ]
    assert batch_country(mixed, gaz) is None
    assert batch_country(SYRIAN_BATCH[:1], gaz) is None


def test_the_batch_country_picks_the_namesake_of_an_unplaced_village(nlp: Language) -> None:
    # "Tal Sultan" is a village of Idlib and of the Gaza Strip (and a quarter of Rafah): the
    # note names no other place, its batch is about Syria
    text = "Army units retook the village of Tal Sultan after a night of fighting."
    m = _placed(nlp, text, "SY")
    assert m is not None and m.place.country == "SY"


def test_the_batch_country_does_not_move_a_name_with_no_place_there(nlp: Language) -> None:
    # Hinche is a town of Haiti only: a batch about India does not send it to a spelling alike
    text = "In Hinche, Centre, police wounded two teachers who had blocked a road."
    m = _placed(nlp, text, "IN")
    assert m is not None and m.place.country == "HT"


def test_the_batch_country_does_not_override_the_texts_own_places(nlp: Language) -> None:
    # the text names Gaza's Rafah governorate: a batch about Syria does not move its Tal Sultan
    text = "An air strike hit a tent in Tal Sultan, west of Rafah in the Gaza Strip, killing two."
    m = _placed(nlp, text, "SY")
    assert m is not None and m.place.country == "PS"


def test_the_village_of_x_is_not_the_province_of_that_name(nlp: Language) -> None:
    # Abyan is a governorate of Yemen and a village of Aleppo: "the village of" is not a province
    m = best(nlp, "Artillery fire hit the village of Abyan overnight, wounding two farmers.")
    assert m is not None and m.place.country != "YE"


def test_extraction_of_a_batch_reads_its_country() -> None:
    ex = get_extractor()
    reports = [Report(id=f"r{i}", text=t) for i, t in enumerate(SYRIAN_BATCH)]
    out = {r.report_id: r for r in ex.extract_many(reports)}
    incidents = out["r3"].incidents
    assert incidents and incidents[0].location is not None
    assert incidents[0].location.country == "SY"
