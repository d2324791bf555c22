"""The sources registry (pipeline/data/sources.jsonl) and who a figure is reported by."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harmwatch.pipeline.figures import find_figures
from harmwatch.pipeline.sources import TYPES, load_registry, reporter


@pytest.mark.parametrize(
    ("words", "country", "expected"),
    [
        ("SOHR", None, "sohr"),
        ("the Observatory", None, "sohr"),
        ("Syrian Observatory for Human Rights", "SY", "sohr"),
        ("Rami Abdel Rahman", None, "sohr"),
        ("Syria Civil Defence", None, "white_helmets"),
        ("Syria Civil Defence (White Helmets)", None, "white_helmets"),
        ("rescuers", "SY", "white_helmets"),
        ("the health ministry", "PS", "gaza_health_ministry"),
        ("the Hamas-run health ministry", None, "gaza_health_ministry"),
        ("the health ministry", "UA", "health_ministry_ua"),
        ("the Sudan Doctors Network", "SD", "sudan_doctors_network"),
        ("the Sudan Doctors' Union", "SD", "sudan_doctors_union"),  # a union, not the network
        ("Yemen Data Project", None, "yemen_data_project"),
        ("Ukraine's prosecutor general", None, "ukraine_prosecutor_general"),
        ("U.N.", None, "un"),
        ("OCHA", None, "ocha"),
        ("WHO", None, "who"),
        ("Amnesty", None, "amnesty"),
        ("Doctors Without Borders", None, "msf"),
        ("Agence France-Presse", None, "afp"),
    ],
)
def test_registry_names(words: str, country: str | None, expected: str) -> None:
    found = reporter(words, country)
    assert found is not None and found.id == expected


@pytest.mark.parametrize(
    "words",
    [
        "It",
        "They",
        "Palestine",
        "the Gaza Strip",
        "ministry",
        "Officials",
        "security sources",
        "Syrian officials",
        "who",
        "the health ministry",
        "rescuers",
    ],  # the last two: no country
)
def test_words_that_name_nobody(words: str) -> None:
    assert reporter(words, None) is None


def test_a_named_organisation_absent_from_the_registry_is_kept_verbatim() -> None:
    found = reporter("the Kordofan Relief Collective", "SD")
    assert found is not None
    assert (found.name, found.id) == ("Kordofan Relief Collective", "kordofan_relief_collective")


def test_every_entry_is_typed_and_outlets_are_not_primary() -> None:
    reg = load_registry()
    for source in reg.sources.values():
        assert source.type in TYPES, source.id
        assert source.primary is (source.type not in ("media", "wire")), source.id
    assert not reg.sources["reuters"].primary and reg.sources["sohr"].primary


def test_a_users_file_adds_sources(tmp_path: Path) -> None:
    extra = tmp_path / "mine.jsonl"
    extra.write_text(
        json.dumps(
            {
                "id": "hill_monitor",
                "name": "Hill Country Monitor",
                "kind": "source",
                "type": "monitor",
                "aliases": ["HCM", "the hill monitor"],
            }
        )
        + "\n"
    )
    reg = load_registry(str(extra))
    found = reporter("the hill monitor", None, reg)
    assert found is not None and found.id == "hill_monitor"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "Shelling killed six people in the town, the Observatory said.",
            "Syrian Observatory for Human Rights",
        ),
        ("It said shelling killed six people in the town.", None),
        ("Shelling killed six people in Gaza, Palestine said.", None),
        ("Shelling killed six people, the ministry said.", None),
        ("Shelling killed six people, Chad's interior ministry said.", "Chad's interior ministry"),
        ("Shelling killed six people, according to UNICEF.", "UNICEF"),
    ],
)
def test_a_figure_is_reported_by_a_name(text: str, who: str | None) -> None:
    (f,) = find_figures(text)
    assert f.reported_by == who


def test_each_figure_takes_the_source_told_nearest_it() -> None:
    text = (
        "The toll from the night raid climbed to 40, residents and Chad's interior ministry "
        "said, up from the 12 dead first recorded by Amnesty International."
    )
    figs = {f.value: f.source_id for f in find_figures(text)}
    assert figs == {40: "chad_s_interior_ministry", 12: "amnesty"}


def test_the_report_country_names_a_generic_reporter() -> None:
    text = "A drone strike killed nine people at a bus station, the health ministry said."
    (f,) = find_figures(text, country="PS")
    assert (f.reported_by, f.source_id) == ("Gaza Ministry of Health", "gaza_health_ministry")
    (g,) = find_figures(text)
    assert g.reported_by is None
