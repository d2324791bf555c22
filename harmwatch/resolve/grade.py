"""Confidence grade of an incident, in the monitors' (Airwars) scheme, with its reason.

    Discounted  those killed were combatants, or another party most likely responsible
    Contested   competing claims of responsibility (actors of different sides)
    Confirmed   a belligerent accepted responsibility
    Fair        two or more independent sources and an identified belligerent
    Weak        a single source, or no identified belligerent

Independent sources are primary sources (`harmwatch.resolve.independence`); the reason names
them. Checked in that order; an analyst's grade (``overrides``) replaces the computed one.
"""

from __future__ import annotations

from harmwatch.resolve import independence
from harmwatch.resolve.vocab import label, side
from harmwatch.store.record_types import Record


def _names(ids: set[str]) -> str:
    return " and ".join(sorted(label(i) for i in ids))


def grade(record: Record) -> tuple[str, str]:
    """``(grade, reason)`` of an incident record."""
    n = record.n_independent
    named = independence.names(record.independent_sources)
    sources = f"{n} independent source{'s' if n != 1 else ''}" + (f" ({named})" if named else "")
    if record.combatants_only:
        return "Discounted", "those reported killed were combatants, not civilians"
    claimed = {a.id for a in record.claims if a.id}
    claimed |= {a.id for a in record.perpetrators if a.status == "claimed" and a.id}
    claimed.discard("unknown")
    blamed = {a.id for a in record.perpetrators if a.id} - {"unknown"}
    if len({side(a) for a in blamed | claimed}) > 1:
        return "Contested", f"competing claims of responsibility: {_names(blamed | claimed)}"
    if claimed:
        return "Confirmed", f"{_names(claimed)} accepted responsibility; {sources}"
    if n >= 2 and blamed:
        return "Fair", f"{sources} and an identified belligerent ({_names(blamed)})"
    if n >= 2:
        return "Weak", f"{sources} but no identified belligerent"
    single = f"a single source ({named})" if named else "a single source"
    return "Weak", single + (f", {_names(blamed)} alleged" if blamed else "")
