"""Names of a user's gazetteer the words use in other forms, and names the words make places
(issue 12): a qualifier left off ("Msheirfeh" for "Msheirfeh Qabliyeh") or put in English, a
common English word the words call a village ("Has village"), a hyphenated article ("esh-"),
the entry spelt as written among two the name answers to, and a name the model reads as an
organisation that the words call a village. Every sentence here is made up; the
places are real, their coordinates rounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from place_stage import place_nlp
from spacy.language import Language

from harmwatch.gazetteer import Gazetteer
from harmwatch.pipeline.places import best_place, find_places

CODED = """name,lat,lon,admin1,country
Msheirfeh Qabliyeh,35.58,36.93,Idleb,SY
Tal Abu Rweil al-Sharqi,35.92,37.05,Aleppo,SY
Has,35.62,36.60,Idleb,SY
Busra Esh-Sham,32.51,36.48,Dar'a,SY
Rasm Elabed,35.53,36.99,Idleb,SY
Rasm Abed,35.71,37.10,Idleb,SY
Omar - Omar Ushaghi,36.60,36.62,Aleppo,SY
Kafr Naseh Elatareb,36.14,36.79,Aleppo,SY
Kafr Naseh Tal Refaat,36.43,37.11,Aleppo,SY
Abisah - Abisan,35.59,37.46,Aleppo,SY
Damascus - Sarouja,33.52,36.31,Damascus,SY
Aleppo - Al-Ashrafiyya,36.23,37.15,Aleppo,SY
Afrin,36.51,36.87,Aleppo,SY
"""


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


@pytest.fixture
def gaz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Gazetteer:
    from harmwatch.gazetteer import load

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(load, "cache_dir", lambda: tmp_path / "cache")
    coded = tmp_path / "coded.csv"
    coded.write_text(CODED, encoding="utf-8")
    return Gazetteer.load([coded])


def _user_place(nlp: Language, gaz: Gazetteer, text: str) -> str | None:
    found = find_places(nlp(text), gaz)
    best = best_place(found, 0, len(text))
    return best.place.name if best is not None and best.place.id.startswith("user:") else None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Government troops said they had taken Msheirfeh after a day of shelling.",
            "Msheirfeh Qabliyeh",
        ),
        ("Rebels pushed into Tal Abu Rweil town before dawn.", "Tal Abu Rweil al-Sharqi"),
        ("Artillery hit Eastern Tal Abu Rweil, wounding a shepherd.", "Tal Abu Rweil al-Sharqi"),
    ],
)
def test_a_users_place_answers_to_its_name_without_the_qualifier(
    nlp: Language, gaz: Gazetteer, text: str, name: str
) -> None:
    assert _user_place(nlp, gaz, text) == name


def test_a_common_word_the_words_call_a_village_is_its_place(nlp: Language, gaz: Gazetteer) -> None:
    text = "Jets bombed Has village in the south of the province, killing a farmer."
    assert _user_place(nlp, gaz, text) == "Has"
    assert _user_place(nlp, gaz, "Jets bombed the village of Has at dawn.") == "Has"
    # the word itself is no place
    assert not [
        m
        for m in gaz.scan("The army has shelled the road. Has anyone been hurt?")
        if m.text.lower() == "has"
    ]


def test_a_hyphenated_article_joins_the_name(gaz: Gazetteer) -> None:
    found = gaz.scan("Shells fell on the town of Busra esh-Sham overnight.")
    assert [m.text for m in found] == ["Busra esh-Sham"]


def test_of_two_user_entries_the_one_spelt_as_written_wins(nlp: Language, gaz: Gazetteer) -> None:
    # "Rasm Elabed" answers to "Rasm Abed" once its glued article is cut: the text spells the other
    assert _user_place(nlp, gaz, "Fighters retook Rasm Abed town on Monday.") == "Rasm Abed"


def test_the_village_of_a_name_the_model_reads_as_an_organisation_is_a_place(
    nlp: Language, gaz: Gazetteer
) -> None:
    from spacy.tokens import Span

    from harmwatch.pipeline.place_words import is_place_name, vocab

    text = "Kurdish fighters took back the village of Omar from allied militias on Sunday."
    doc = nlp.make_doc(text)
    start = text.index("Omar")
    # the model's reading seen on such notes: one organisation "Omar from"
    ent = doc.char_span(start, start + len("Omar from"), label="ORG")
    assert isinstance(ent, Span)
    doc.ents = [ent]
    (match,) = [m for m in gaz.scan(text) if m.text == "Omar"]
    assert is_place_name(doc, match, vocab(), text, list(doc.ents))
    # a name the words do not call a village stays the organisation's
    other = "Kurdish fighters said Omar from the council had left."
    doc = nlp.make_doc(other)
    start = other.index("Omar")
    ent = doc.char_span(start, start + len("Omar from"), label="ORG")
    assert isinstance(ent, Span)
    doc.ents = [ent]
    (match,) = [m for m in gaz.scan(other) if m.text == "Omar"]
    assert not is_place_name(doc, match, vocab(), other, list(doc.ents))


def test_a_name_suffixed_with_a_nearby_town_answers_to_the_name(gaz: Gazetteer) -> None:
    # the table tells two villages "Kafr Naseh" apart by the town near each (al-Atarib, Tall
    # Rifat): each answers to "Kafr Naseh"
    names = {p.name for p, strict in gaz.candidates("Kafr Naseh") if strict}
    assert {"Kafr Naseh Elatareb", "Kafr Naseh Tal Refaat"} <= names
    # a name whose last word names no town near it keeps only its own name
    assert not [p for p, strict in gaz.candidates("Tal Abu") if p.id.startswith("user:")]


def test_x_south_of_y_takes_the_x_near_y(nlp: Language, gaz: Gazetteer) -> None:
    text = "Turkish guns shelled the village of Kafr Naseh south of Tal Refaat on Friday."
    assert _user_place(nlp, gaz, text) == "Kafr Naseh Tal Refaat"


def test_a_part_of_a_city_spelt_like_a_village_elsewhere_is_in_the_city(
    nlp: Language, gaz: Gazetteer
) -> None:
    # "al-Abbasiyeen" is only spelt like the user's Abisan (Aleppo): the words put it in
    # Sarouja, Damascus
    text = "Mortar rounds hit the al-Abbasiyeen neighbourhood of the Sarouja area of Damascus."
    found = find_places(nlp(text), gaz)
    first = min(found, key=lambda m: m.start)
    assert first.text.startswith("al-Abbasiyeen") and first.place.admin1 == "Damascus"


def test_the_neighbourhood_of_a_town_is_not_a_namesake_in_another_city(
    nlp: Language, gaz: Gazetteer
) -> None:
    # Aleppo has an Ashrafiyya the user coded; the words put this one in Afrin
    text = "Jets struck the Ashrafiyah neighbourhood of Afrin, wounding two children."
    found = find_places(nlp(text), gaz)
    first = min(found, key=lambda m: m.start)
    assert first.text.startswith("Ashrafiyah") and first.place.name == "Afrin"
