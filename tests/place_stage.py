"""The place stage alone, as the Extractor loads it (tagger, parser and lemmatizer excluded),
for the place tests: `place_nlp()` builds it once per session; `best(nlp, text)` is the place
`best_place` picks for the whole text; `km(m, lat, lon)` how far a mention's place is from a
point."""

from __future__ import annotations

import math
from functools import lru_cache

import spacy
from spacy.language import Language

import harmwatch.pipeline.places  # noqa: F401  (registers "hw_places")
from harmwatch.pipeline.places import best_place
from harmwatch.pipeline.types import PlaceMention
from harmwatch.settings import get_settings

EXCLUDE = ["tagger", "parser", "attribute_ruler", "lemmatizer"]


@lru_cache(maxsize=1)
def place_nlp() -> Language:
    nlp = spacy.load(get_settings().spacy_model, exclude=EXCLUDE)
    nlp.add_pipe("hw_places")
    return nlp


def best(nlp: Language, text: str) -> PlaceMention | None:
    doc = nlp(text)
    return best_place(doc._.hw_places, 0, len(text))


def km(m: PlaceMention, lat: float, lon: float) -> float:
    """Kilometres from the place of ``m`` to (lat, lon), flat-earth (fine at town scale)."""
    assert m.place.lat is not None and m.place.lon is not None
    dlat = (m.place.lat - lat) * 111.2
    dlon = (m.place.lon - lon) * 111.2 * math.cos(math.radians(lat))
    return math.hypot(dlat, dlon)
