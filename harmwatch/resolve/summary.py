"""A short paragraph per incident, written from its facts by template (no language model)."""

from __future__ import annotations

from harmwatch.resolve import independence
from harmwatch.resolve.vocab import event_phrases, label
from harmwatch.store.record_types import Record
from harmwatch.store.schema import IncidentRow

TARGET_WORDS = {
    "residential": "homes",
    "idp_camp": "a camp for displaced people",
    "infrastructure": "infrastructure",
    "water": "water infrastructure",
    "power": "power infrastructure",
    "vehicle": "a vehicle",
}


def _date(row: IncidentRow) -> str:
    if row.date is None:
        return "On an unreported date"
    fmt = {"day": "%d %B %Y", "week": "the week of %d %B %Y", "month": "%B %Y", "year": "%Y"}
    text = row.date.strftime(fmt.get(row.date_precision or "day", "%d %B %Y")).lstrip("0")
    if row.date_end and row.date_end != row.date and (row.date_precision or "day") == "day":
        text += f" or {row.date_end.strftime('%d %B').lstrip('0')}"
    return ("In " if row.date_precision in ("month", "year") else "On ") + text


def _range(low: int | None, high: int | None) -> str | None:
    if low is None and high is None:
        return None
    if low is None or low == 0 and high:
        return f"up to {high}"
    if high is None or high == low:
        return str(low)
    return f"between {low} and {high}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _figures(record: Record, kind: str) -> str:
    seen: dict[str, str] = {}
    for f in record.figures:
        if f.kind != kind or f.group in ("children", "women"):
            continue
        cites = f.cites
        outlet = independence.display_name(f.source) if f.source else "a report"
        who = (independence.names([cites]) if cites else None) or outlet
        value = f"{f.value}" if f.value_max in (None, f.value) else (f"{f.value}-{f.value_max}")
        if f.qualifier in ("at_least", "more_than"):
            value = f"at least {value}"
        seen[who] = value  # the latest figure of each source (figures are sorted by date)
    return "; ".join(f"{who}: {value}" for who, value in seen.items())


def summarise(row: IncidentRow, record: Record) -> str:
    """E.g. 'On 15 January 2020, an airstrike hit a market in Idlib (Idlib, SY). 21 people were
    killed and 82 injured (SOHR: at least 21; White Helmets: 21). ...'."""
    phrase = event_phrases().get(row.event_type, "an attack")
    place = row.place_name or "an unreported place"
    where = ", ".join(p for p in (row.admin1, row.country) if p and p != place)
    targets = [TARGET_WORDS.get(t, _indefinite(t.replace("_", " "))) for t in record.targets[:3]]
    hit = f" hit {_join(targets)}" if targets else " took place"
    parts = [f"{_date(row)}, {phrase}{hit} in {place}{f' ({where})' if where else ''}."]
    killed = _range(row.killed_min, row.killed_max)
    injured = _range(row.injured_min, row.injured_max)
    tolls = [
        (f"{killed} {'person was' if killed == '1' else 'people were'} killed" if killed else ""),
        f"{injured} {'were ' if not killed else ''}injured" if injured else "",
    ]
    tolls = [t for t in tolls if t]
    if tolls:
        detail = "; ".join(x for x in (_figures(record, "killed"),) if x)
        toll = " and ".join(tolls)
        parts.append(toll[0].upper() + toll[1:] + (f" ({detail})" if detail else "") + ".")
        children = _range(row.children_killed_min, row.children_killed_max)
        if children:
            whom = "a child" if children == "1" else "children"
            parts[-1] = parts[-1][:-1] + f", {children} of them {whom}."
    blamed: dict[str, list[str]] = {}
    for p in record.perpetrators:
        if p.id and p.id != "unknown":
            by = p.by or p.source
            blamed.setdefault(label(p.id, p.name), []).append(
                independence.display_name(by) if by else ""
            )
    if blamed:
        whom = _join(sorted(blamed))
        bys = sorted({b for v in blamed.values() for b in v if b})
        parts.append(
            f"{whom} {'was' if len(blamed) == 1 else 'were'} held responsible"
            + (f" by {_join(bys)}" if bys else "")
            + "."
        )
    for said, verb in (
        (record.claims, "claimed responsibility"),
        (record.denials, "denied involvement"),
    ):
        actors = sorted({label(a.id, a.actor) for a in said if a.id})
        if actors:
            parts.append(f"{_join(actors)} {verb}.")
    n, k = record.n_reports, record.n_independent
    parts.append(
        f"Reported by {n} report{'s' if n != 1 else ''} from {k} independent "
        f"source{'s' if k != 1 else ''}; graded {row.grade}: {row.grade_reason}."
    )
    return " ".join(parts)


def _indefinite(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
