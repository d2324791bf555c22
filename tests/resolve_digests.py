"""Mention digests and incident records built in a line, for the resolver's unit tests (places
of Hama province; the sentences are ours)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from harmwatch.models import Incident
from harmwatch.resolve.record import aggregate, digest

DAY = dt.date(2021, 3, 10)
HAMA = {
    "name": "Hama",
    "lat": 35.1318,
    "lon": 36.7578,
    "admin1": "Hama",
    "country": "SY",
    "precision": "town",
}
# a neighbourhood 3 km from the centre of Hama
HAMA_QUARTER = {
    "name": "Bab Qibli",
    "lat": 35.1500,
    "lon": 36.7800,
    "admin1": "Hama",
    "country": "SY",
    "precision": "neighbourhood",
}
MHARDEH = {
    "name": "Mhardeh",
    "lat": 35.2486,
    "lon": 36.5728,
    "admin1": "Hama",
    "country": "SY",
    "precision": "town",
}  # 21 km from Hama
KAFR_ZITA = {
    "name": "Kafr Zita",
    "lat": 35.3733,
    "lon": 36.6011,
    "admin1": "Hama",
    "country": "SY",
    "precision": "town",
}
TAYBAT = {
    "name": "Taybat al-Imam",
    "lat": 35.2650,
    "lon": 36.7100,
    "admin1": "Hama",
    "country": "SY",
    "precision": "town",
}  # 15 km from Hama
SUQAYLABIYAH = {
    "name": "Suqaylabiyah",
    "lat": 35.3692,
    "lon": 36.3894,
    "admin1": "Hama",
    "country": "SY",
    "precision": "town",
}  # 43 km from Hama
HAMA_PROVINCE = {
    "name": "Hama Governorate",
    "lat": 35.2,
    "lon": 36.9,
    "admin1": "Hama",
    "country": "SY",
    "precision": "province",
}
SYRIA = {
    "name": "Syria",
    "lat": 35.0,
    "lon": 38.5,
    "admin1": None,
    "country": "SY",
    "precision": "country",
}
RASTAN = {
    "name": "Rastan",
    "lat": 34.9263,
    "lon": 36.7323,
    "admin1": "Homs",
    "country": "SY",
    "precision": "town",
}  # 23 km south of Hama, in Homs province


def mention(
    report_id: str,
    place: dict[str, Any] | None = HAMA,
    *,
    day: dt.date | None = DAY,
    precision: str = "day",
    text: str | None = None,
    published: dt.date | None = None,
    n: int = 1,
    outlet: str | None = None,
    event_type: str = "shelling",
    killed: tuple[int, int] | None = None,
    injured: tuple[int, int] | None = None,
    revision: bool = False,
    actors: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    background: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """The digest of one mention, as `record.digest` makes it (``extra``: more fields of the
    extracted incident)."""
    figures = []
    for kind, rng in (("killed", killed), ("injured", injured)):
        if rng:
            figures.append(
                {"kind": kind, "value": rng[0], "value_max": rng[1], "revision": revision}
            )
    incident = Incident(
        event_type=event_type,
        date=day,
        date_precision=precision if day else None,
        location=place,
        figures=figures,
        killed={"min": killed[0], "max": killed[1]} if killed else None,
        injured={"min": injured[0], "max": injured[1]} if injured else None,
        perpetrators=[{"name": a, "id": a} for a in actors],
        targets=list(targets),
        background=background,
        **extra,
    )
    words = text if text is not None else f"Shells fell on {(place or {}).get('name', 'a town')}."
    row = SimpleNamespace(id=n, report_id=report_id, payload=incident.model_dump(mode="json"))
    report = SimpleNamespace(
        source=outlet or f"Outlet {report_id}", published=published or day, url=None, text=words
    )
    return digest(row, report)  # type: ignore[arg-type]


def record(report_id: str, place: dict[str, Any] | None = HAMA, **kw: Any) -> dict[str, Any]:
    """The record of an incident told by one mention (`mention`'s arguments)."""
    return aggregate([mention(report_id, place, **kw)])
