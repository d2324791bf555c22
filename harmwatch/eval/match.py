"""Matching predicted incidents to gold ones (by place and date) and comparing their fields."""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from harmwatch import models
from harmwatch.eval.gold import GoldIncident, GoldLocation
from harmwatch.pipeline.actors import normalise_actor

MATCH_KM = 15.0  # a predicted and a gold incident this close can be the same one


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _simple_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(?:al|el|ad|ar|as|an|at|az|a)[\s-]", "", text)
    text = re.sub(r"\b(?:province|governorate|governate|city|countryside|rural|town)\b", "", text)
    text = re.sub(r"[^a-z]", "", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return re.sub(r"[aeiouy]", "", text)


def _key_function() -> Callable[[str], str]:
    if importlib.util.find_spec("harmwatch.gazetteer.normalize") is not None:
        from harmwatch.gazetteer.normalize import loose_key

        def key(name: str) -> str:
            base = re.sub(
                r"\(.*?\)|\b(?:province|governorate|governate|city|countryside)\b",
                "",
                name,
                flags=re.I,
            )
            return loose_key(base) or _simple_key(name)

        return key
    return _simple_key


_KEY = _key_function()
ADMIN1_ALIASES = {  # ACLED and gazetteer spellings of Syrian governorates
    "rural damascus": "rif dimashq",
    "rif dimashq": "rif dimashq",
    "damascus countryside": "rif dimashq",
    "idleb": "idlib",
    "deir ez-zor": "deir ez-zor",
    "deir ezzor": "deir ez-zor",
    "dayr az zawr": "deir ez-zor",
    "deir al-zor": "deir ez-zor",
    "hasakah": "hasakah",
    "al hasakah": "hasakah",
    "hasakeh": "hasakah",
    "al-hasakah": "hasakah",
    "raqqa": "raqqa",
    "ar raqqah": "raqqa",
    "dar'a": "daraa",
    "daraa": "daraa",
    "dara": "daraa",
    "quneitra": "quneitra",
    "al qunaytirah": "quneitra",
    "as suwayda": "suwayda",
    "sweida": "suwayda",
    "suwayda": "suwayda",
    "tartus": "tartus",
    "tartous": "tartus",
    "lattakia": "latakia",
    "latakia": "latakia",
    "homs": "homs",
    "hims": "homs",
    "hama": "hama",
    "aleppo": "aleppo",
    "halab": "aleppo",
    "idlib": "idlib",
    "damascus": "damascus",
    "dimashq": "damascus",
}


def admin_key(name: str | None) -> str:
    if not name:
        return ""
    low = name.strip().lower()
    return ADMIN1_ALIASES.get(low, _KEY(low))


def place_distance(pred: models.Location | None, gold: GoldLocation | None) -> float | None:
    """Kilometres between the predicted and gold place, None when either has no coordinates."""
    if pred is None or gold is None or None in (pred.lat, pred.lon, gold.lat, gold.lon):
        return None
    return km(pred.lat, pred.lon, gold.lat, gold.lon)  # type: ignore[arg-type]


def same_place(
    pred: models.Location | None,
    gold: GoldLocation | None,
    radius_km: float = MATCH_KM,
    loose: bool = False,
) -> bool:
    """Within ``radius_km``, or the same name, or (gold without coordinates: a region) the same
    first-level division. ``loose`` (for matching incidents, not for scoring the place): a gold
    place without coordinates is known only to its first-level division, so that is compared."""
    if gold is None:
        return True
    if pred is None:
        return False
    d = place_distance(pred, gold)
    if d is not None:
        return d <= radius_km
    if gold.name and _KEY(gold.name) and _KEY(gold.name) == _KEY(pred.name):
        return True
    if gold.lat is None and gold.admin1 and (loose or _is_region(gold)):
        return admin_key(gold.admin1) == admin_key(pred.admin1) != ""
    return False


_REGION = re.compile(
    r"\b(?:province|governorate|governate|region|countryside|rural|suburbs|"
    r"ghouta|border|outskirts|area)\b",
    re.IGNORECASE,
)


def _is_region(gold: GoldLocation) -> bool:
    """A gold place without coordinates that names a region, not a town whose coordinates the
    annotator did not find."""
    name = gold.name or ""
    return not name or bool(_REGION.search(name)) or admin_key(name) == admin_key(gold.admin1)


def date_ok(pred: dt.date | None, gold: GoldIncident, slack: int = 0) -> bool:
    if gold.date is None:
        return True
    if pred is None:
        return False
    return abs((pred - gold.date).days) <= gold.date_tolerance_days + slack


@dataclass(frozen=True)
class Match:
    pairs: tuple[tuple[int, int], ...]  # (predicted index, gold index)
    unmatched_pred: tuple[int, ...]
    unmatched_gold: tuple[int, ...]


def match_incidents(pred: Sequence[models.Incident], gold: Sequence[GoldIncident]) -> Match:
    """Greedy one-to-one matching, closest place first, then closest date."""
    cands: list[tuple[bool, float, int, int, int]] = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if not (same_place(p.location, g.location, loose=True) and date_ok(p.date, g, slack=1)):
                continue
            d = place_distance(p.location, g.location)
            days = abs((p.date - g.date).days) if p.date and g.date else 0
            # required incidents first, then places matched by coordinates, then by name/region
            cands.append((g.optional or g.background, MATCH_KM if d is None else d, days, i, j))
    cands.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for *_rank, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return Match(
        tuple(sorted(pairs)),
        tuple(i for i in range(len(pred)) if i not in used_p),
        tuple(j for j in range(len(gold)) if j not in used_g),
    )


def _as_range(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, int):
        return {"min": value, "max": value}
    if isinstance(value, dict):
        return value
    return None


def _bound_ok(pred: int | None, gold: Any) -> bool:
    if isinstance(gold, list):
        return pred in gold
    return pred == gold


def range_ok(pred: models.Range | None, gold: Any) -> bool:
    """Each bound the gold states equals the predicted one (a list: any of its values)."""
    g = _as_range(gold)
    if g is None:
        return pred is None or (pred.min in (None, 0) and pred.max in (None, 0))
    p = pred or models.Range()
    return all(_bound_ok(getattr(p, b), g[b]) for b in ("min", "max") if b in g)


def actor_ids(names: Sequence[str]) -> list[set[str]]:
    """Gold actor names as sets of acceptable ids ("syria_gov|russia": either is right)."""
    return [{normalise_actor(alt.strip()) for alt in n.split("|")} for n in names]


def actors_ok(pred_ids: Sequence[str], gold_names: Sequence[str]) -> bool:
    """Same set of actors ("unknown" in the gold: no named actor)."""
    wanted = [s for s in actor_ids(gold_names) if s != {"unknown"}]
    got = {i for i in pred_ids if i != "unknown"}
    if not wanted:
        return not got
    covered = set()
    for alts in wanted:
        hit = alts & got
        if not hit:
            return False
        covered |= hit
    return got <= covered | {a for alts in wanted for a in alts}
