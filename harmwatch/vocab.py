"""Vocabularies shared by the resolver and the store's exports (``harmwatch/data/*.csv``),
loaded once: actor labels and the side of the conflict each actor is on; event types' families
(dropped from the air, fired by artillery), their phrases in summaries and their ACLED types.

A neutral module below every package, so the store's exports need not import the resolver.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("harmwatch").joinpath("data", name).open(encoding="utf-8") as fp:
        return list(csv.DictReader(fp))


@lru_cache(maxsize=1)
def actor_sides() -> dict[str, str]:
    """Actor id -> side of the conflict (actors of one side are often confused by sources)."""
    return {r["actor_id"]: r["side"] for r in _rows("actor_sides.csv")}


@lru_cache(maxsize=1)
def actor_labels() -> dict[str, str]:
    return {r["actor_id"]: r["label"] for r in _rows("actor_sides.csv")}


@lru_cache(maxsize=1)
def event_families() -> dict[str, str]:
    """Event type -> family (an airstrike and a barrel bomb are both dropped from the air)."""
    return {r["event_type"]: r["family"] for r in _rows("event_families.csv")}


@lru_cache(maxsize=1)
def event_phrases() -> dict[str, str]:
    return {r["event_type"]: r["phrase"] for r in _rows("event_families.csv")}


def side(actor_id: str) -> str:
    return actor_sides().get(actor_id, actor_id)


def label(actor_id: str, name: str | None = None) -> str:
    return actor_labels().get(actor_id) or name or actor_id


@lru_cache(maxsize=1)
def acled_types() -> dict[str, tuple[str, str]]:
    """Event type -> (ACLED event_type, sub_event_type), for the ACLED-like CSV export."""
    return {
        r["event_type"]: (r["acled_event_type"], r["acled_sub_event_type"])
        for r in _rows("event_families.csv")
    }


@lru_cache(maxsize=1)
def remote_families() -> frozenset[str]:
    """Families of attacks that come from afar (dropped from the air, fired by artillery): a
    witness on the ground often cannot tell one from the other."""
    return frozenset(r["family"] for r in _rows("event_families.csv") if r.get("remote") == "yes")
