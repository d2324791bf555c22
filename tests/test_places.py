"""The place stage: which places a report names, which one each is, and the incident's place."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import spacy
from place_stage import EXCLUDE, place_nlp
from place_stage import best as _best
from spacy.language import Language

import harmwatch.pipeline.places  # noqa: F401  (registers "hw_places")
from harmwatch.gazetteer import Place
from harmwatch.pipeline.places import best_place
from harmwatch.pipeline.types import PlaceMention
from harmwatch.settings import get_settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


@pytest.mark.parametrize(
    ("text", "name", "precision"),
    [
        (
            "Russian jets struck Saraqeb in western Idlib, killing four civilians.",
            "Saraqib",
            "town",
        ),
        (
            "Warplanes hit Kafr Nubl in the southern Idleb countryside on Sunday.",
            "Kafranbel",
            "town",
        ),
        (
            "Homes were flattened by barrel bombs in Maaret al-Numan overnight.",
            "Ma'arrat an Nu'man",
            "town",
        ),
        ("Artillery pounded the Idlib countryside throughout the night.", "Idlib", "province"),
        ("Regime shelling wounded three people in northern Hama.", "Hama", "province"),
        (
            "Airstrikes were reported across Rural Damascus on Tuesday.",
            "Rural Damascus",
            "province",
        ),
        ("Families who fled from Aleppo were killed when jets struck Sarmada.", "Sarmada", "town"),
        (
            "An airstrike on a house in the Shujaiya neighbourhood of Gaza City killed nine.",
            "Shujaiya",
            "neighbourhood",
        ),
        (
            "A barrel bomb fell on the al-Qasour district of Idlib city, injuring two.",
            "Idlib",
            "neighbourhood",
        ),
        ("Five people died when a strike hit Khan Shaykhun.", "Khan Shaykhun", "town"),
        # lower-case particles inside a name join it: not "San Jose" in another country
        (
            "Gunmen shot two traders in San Jose del Monte before dawn.",
            "San Jose del Monte",
            "town",
        ),
        ("A patrol came under fire near Ciudad del Carmen on Friday.", "Ciudad del Carmen", "town"),
        # a capitalised "Capital" before the name (the model reads one organisation name)
        (
            "A rocket fell on a busy street in the Syrian Capital Damascus on Sunday.",
            "Damascus",
            "town",
        ),
    ],
)
def test_incident_place(nlp: Language, text: str, name: str, precision: str) -> None:
    best = _best(nlp, text)
    assert best is not None
    assert (best.place.name, best.precision) == (name, precision)
    assert text[best.start : best.end] == best.text


def test_admin_context_is_linked(nlp: Language) -> None:
    doc = nlp("Shelling killed two in Saraqeb in western Idlib.")
    by_text = {m.text: (i, m) for i, m in enumerate(doc._.hw_places)}
    town_index, town = by_text["Saraqeb"]
    _, province = by_text["Idlib"]
    assert town.place.country == "SY"
    assert province.precision == "province"
    assert province.context_of == town_index


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        ("The Idlib Health Directorate said 12 people were treated.", "Idlib"),
        ("Hayat Tahrir al-Sham fighters withdrew from the area.", "al-Sham"),
        ("The Aleppo Media Center published footage of the rubble.", "Aleppo"),
        ("Activists at the Idlib media center counted the strikes.", "Idlib"),
        ("A spokesman for the Gaza health ministry gave the toll.", "Gaza"),
        ("The Syrian Observatory for Human Rights counted the dead.", "Syrian"),
        ("Omar Fares Hamdan, a teacher, was buried on Friday.", "Omar"),
        ("Military sources said Homes and Mark were names of operations.", "Homes"),
        ("The Abu Salim family lost six members.", "Abu Salim"),
        # a surname told alone after the full name (and a town's name in Liberia)
        (
            "A shell hit a crowded street in Damascus on Monday, local official Yusuf Sino told"
            " reporters. Sino said four people died and the toll could rise.",
            "Sino",
        ),
        (
            "Four people died when a shell hit the market, said Adnan Sino, a local official."
            " Sino added that rescuers were still searching.",
            "Sino",
        ),
    ],
)
def test_names_that_are_not_places(nlp: Language, text: str, not_a_place: str) -> None:
    doc = nlp(text)
    assert not_a_place not in {m.text for m in doc._.hw_places}


def test_country_context_picks_the_right_rafah(nlp: Language) -> None:
    doc = nlp("In the Gaza Strip, a strike in Rafah killed a family of five.")
    rafah = [m for m in doc._.hw_places if m.text == "Rafah"]
    assert rafah and rafah[0].place.country == "PS"


def test_variant_spelling_only_counts_near_the_text_s_places(nlp: Language) -> None:
    # "Saraqeb" is also a loose variant of a Brazilian city; a Syrian text keeps it in Syria
    doc = nlp("Jets hit Saraqeb and Ariha in Idlib province.")
    assert {m.place.country for m in doc._.hw_places} == {"SY"}


def test_unknown_place_in_a_known_town_falls_back_to_the_town(nlp: Language) -> None:
    text = "Shells fell on a home in Qaryat Zubdiya in Khan Yunis, killing four."
    best = _best(nlp, text)
    assert best is not None and best.place.country == "PS"
    assert best.place.name.startswith("Kh")


def _mention(
    start: int, name: str, precision: str, score: float = 0.9, cue: str = ""
) -> PlaceMention:
    place = Place(id=f"t:{name}", name=name, lat=35.0, lon=36.0, country="SY")
    return PlaceMention(start, start + len(name), name, place, precision, score, cue=cue)


def test_best_place_prefers_specific_supported_places() -> None:
    province = _mention(0, "Idlib", "province")
    town = _mention(20, "Saraqib", "town")
    away = _mention(40, "Sarmada", "town", cue="away")
    assert best_place([province, town, away], 0, 80) is town
    assert best_place([province, town], 30, 80) is None  # nothing in range
    assert best_place([province, away], 0, 80) is province
    weak = _mention(20, "Somewhere", "town", score=0.05)
    assert best_place([province, weak], 0, 80) is province


def test_factory_reads_gazetteer_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from harmwatch.gazetteer import load

    monkeypatch.setattr(load, "cache_dir", lambda: tmp_path / "cache")
    csv = tmp_path / "mine.csv"
    csv.write_text("name,lat,lon,admin1,country\nQaryat Zubdiya,31.36,34.31,Khan Younis,PS\n")
    nlp = spacy.blank("en")
    nlp.add_pipe("hw_places", config={"gazetteer_files": [str(csv)]})
    doc = nlp("Shells fell on a home in Qaryat Zubdiya in Khan Yunis.")
    best = best_place(doc._.hw_places, 0, len(doc.text))
    assert best is not None and best.place.id.startswith("user:mine.csv")


def _km(a: Place, lat: float, lon: float) -> float:
    assert a.lat is not None and a.lon is not None
    dlat = (a.lat - lat) * 111.2
    dlon = (a.lon - lon) * 111.2 * math.cos(math.radians(lat))
    return math.hypot(dlat, dlon)


@pytest.mark.corpus
@pytest.mark.slow
def test_acled_places_within_10_km(nlp: Language, corpus_dir: Path) -> None:
    """With the corpus's places.csv, most exactly-coded ACLED events land within 10 km."""
    base = corpus_dir / "acled-syria-2018"
    with_csv = spacy.load(get_settings().spacy_model, exclude=EXCLUDE)
    with_csv.add_pipe("hw_places", config={"gazetteer_files": [str(base / "places.csv")]})
    gold = {}
    with (base / "gold.jsonl").open() as fh:
        for line in fh:
            row = json.loads(line)
            loc = row["incidents"][0]["location"]
            if loc.get("acled_geo_precision") == 1:
                gold[row["report_id"]] = loc
    texts, ids = [], []
    with (base / "reports.jsonl").open() as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in gold and len(ids) < 200:
                texts.append(row["text"])
                ids.append(row["id"])
    hits = 0
    for rid, doc in zip(ids, with_csv.pipe(texts), strict=True):
        best = best_place(doc._.hw_places, 0, len(doc.text))
        hits += best is not None and _km(best.place, gold[rid]["lat"], gold[rid]["lon"]) <= 10
    assert hits / len(ids) >= 0.8


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a name shared by towns in several countries: the demonym the report says decides
        ("Syrian government jets bombed a bakery in Ariha on Monday, killing four people.", "SY"),
        ("Palestinian medics said a strike in Ariha wounded two men.", "PS"),
    ],
)
def test_a_demonym_picks_the_country_of_a_shared_name(
    nlp: Language, text: str, country: str
) -> None:
    best = _best(nlp, text)
    assert best is not None and best.place.country == country


@pytest.mark.parametrize("spelling", ["Raqa", "Raqqa", "Raqqah"])
def test_a_town_is_found_with_or_without_its_doubled_consonant(
    nlp: Language, spelling: str
) -> None:
    best = _best(nlp, f"Coalition strikes on {spelling} killed twelve civilians on Sunday.")
    assert best is not None and best.place.country == "SY" and "Raqq" in best.place.name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Jets bombed a house in Gaza City's al-Nasr neighbourhood on Monday, killing four people.",  # noqa: E501
            "Nasr",
        ),
        ("Shells hit Gaza City's Rimal district on Monday, wounding four people.", "Rimal"),
    ],
)
def test_a_neighbourhood_after_its_city_in_the_possessive(text: str, name: str) -> None:
    from harmwatch.models import Report
    from harmwatch.pipeline import get_extractor

    found = get_extractor().extract(Report(id="t", text=text)).incidents
    assert found and found[0].location is not None and found[0].location.name == name


# --- the shipped villages: chosen when the words name them, never from other words -----------


@pytest.mark.parametrize(
    ("text", "name", "latlon"),
    [
        (
            "Jets struck Kafr Battikh, east of Idlib, killing a farmer and his son.",
            "Kafr Battikh",
            (35.78, 36.72),
        ),
        (
            "Two shells landed in Kafr Batikh village (Idlib, Syria) after midnight.",
            "Kafr Battikh",
            (35.78, 36.72),
        ),
        (
            "A drone strike on Taqad in the western Aleppo countryside wounded three.",
            "Taqad",
            (36.2, 36.87),
        ),
    ],
)
def test_a_village_the_words_name_is_the_place(
    nlp: Language, text: str, name: str, latlon: tuple[float, float]
) -> None:
    best = _best(nlp, text)
    assert best is not None
    assert (best.place.name, best.precision) == (name, "village")
    assert (round(best.place.lat, 2), round(best.place.lon, 2)) == latlon


@pytest.mark.parametrize(
    "text",
    [
        "A Tochka-U missile was fired overnight, the ministry said.",  # a weapon
        "Attacks rose sharply during Ramadan, the monitor said.",  # a month
        "Hamas said that the building had been empty.",  # an actor of the registry
        "Two people were hurt, according to Wafa.",  # an outlet of the registry
        "The body of the victim was identified by Ochah relatives.",  # a loose spelling only
    ],
)
def test_words_that_only_name_a_village_somewhere_are_not_places(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert [m.place.feature for m in doc._.hw_places if m.place.feature == "village"] == []


def test_a_town_with_people_beats_a_namesake_village(nlp: Language) -> None:
    best = _best(nlp, "Shelling hit Saraqib on Tuesday, killing two.")
    assert best is not None and best.place.population > 10_000


@pytest.mark.parametrize(
    ("text", "lon_side"),
    [
        # two villages of one name in Idlib province: the direction the words give decides
        ("Rockets fell on Jadraya in western Idlib, wounding a shepherd.", "west"),
        ("Rockets fell on Jadraya in eastern Idlib, wounding a shepherd.", "east"),
        ("Jets hit Jadraya in the north-eastern countryside of Idlib at dawn.", "east"),
    ],
)
def test_the_direction_said_picks_among_namesakes_of_a_province(
    nlp: Language, text: str, lon_side: str
) -> None:
    best = _best(nlp, text)
    assert best is not None and best.place.name == "Jadraya"
    assert (best.place.lon > 36.6) == (lon_side == "east")


@pytest.mark.parametrize(
    ("text", "dateline", "place"),
    [
        (
            "ALEPPO, May 4 (Reuters) - Shelling killed three farmers in Saraqeb on Sunday.",
            "Aleppo",
            "Saraqib",
        ),
        (
            "Idlib, Syria -- Two children died when a barrel bomb hit Kafr Nubl at noon.",
            "Idlib",
            "Kafranbel",
        ),
    ],
)
def test_the_dateline_is_not_the_incident_place(
    nlp: Language, text: str, dateline: str, place: str
) -> None:
    doc = nlp(text)
    first = doc._.hw_places[0]
    assert first.start == 0 and first.cue == "dateline"
    best = best_place(doc._.hw_places, 0, len(text))
    assert best is not None and best.place.name == place


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit Jadraya village (Ariha, Idlib) on Friday, killing two brothers.",
        "A shell fell on Jadraya (Ariha) at noon, wounding a girl.",
    ],
)
def test_a_parenthesis_gives_the_admin_context(nlp: Language, text: str) -> None:
    best = _best(nlp, text)
    assert best is not None and best.place.name == "Jadraya"
    assert round(best.place.lat, 2) == 35.73  # the Jadraya of Ariha, not the one north of Idlib


def test_a_group_named_after_a_place_is_not_the_place(nlp: Language) -> None:
    doc = nlp("Jets bombed Houthi rebels near the port, the coalition said.")
    assert [m.text for m in doc._.hw_places] == []


@pytest.mark.parametrize(
    "text",
    [
        "Four people died in an air strike on the al-Durra residence at dawn.",  # a family
        "A strike hit a flat in the al-Hawa neighbourhood of the Gaza Strip, killing six.",
    ],
)
def test_names_that_are_not_the_places_they_spell(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert all(m.place.country == "PS" for m in doc._.hw_places)
    assert not any(m.text == "al-Durra" for m in doc._.hw_places)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a short name spelt otherwise than the gazetteer: taken where the words say town
        ("Regime forces shelled the town of Yadudeh, wounding a boy.", "Al Yadudah"),
        # a given name of about that length is not a village spelt alike
        ("His brother Qais was also injured in the strike.", None),
    ],
)
def test_short_variant_spellings_need_the_words_to_say_village(
    nlp: Language, text: str, found: str | None
) -> None:
    doc = nlp(text)
    assert [m.place.name for m in doc._.hw_places][:1] == ([found] if found else [])


def test_the_users_own_place_beats_a_built_in_village_of_the_name(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harmwatch.gazetteer import Gazetteer
    from harmwatch.pipeline.places import find_places

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    coded = tmp_path / "coded.csv"
    coded.write_text("name,lat,lon,country\nTaqad,36.01,36.91,SY\n", encoding="utf-8")
    gaz = Gazetteer.load([coded])
    text = "Regime forces shelled the village of Taqad at noon."
    found = find_places(nlp(text), gaz)
    assert [m.place.id for m in found] == ["user:coded.csv:2"]
