"""Scores per corpus kind, each a list of `Measure`s with the issue's target beside it.

- generic (seeds, FA-KES): incidents matched by place + date; precision/recall/F1 over required
  gold incidents (optional ones neither required nor penalised); accuracy of each field the gold
  states, over matched pairs. FA-KES adds "no invented attacker".
- acled: one event per row: fatalities exact on nonzero rows, violent rows with an incident,
  place within 10 km on precision-1 rows, perpetrator, no casualty figure on non-violent rows.
- airwars: one incident per assessment: killed min within 20 %, belligerent, place within
  5 km, children killed exact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from harmwatch import models
from harmwatch.eval.gold import GoldIncident, GoldReport
from harmwatch.eval.match import (
    actor_ids,
    actors_ok,
    date_ok,
    match_incidents,
    place_distance,
    range_ok,
    same_place,
)

# Our event types -> the nearest label of a gold file that does not use ours.
EVENT_FALLBACK = {
    "ied": "explosion",
    "missile": "shelling",
    "drone_strike": "airstrike",
    "barrel_bomb": "airstrike",
    "uxo": "explosion",
    "chemical": "other",
}
TARGETS: dict[str, dict[str, float]] = {
    "generic": {"incident F1": 0.9},
    "fakes": {"incident F1": 0.75, "killed min": 0.75, "date": 0.75, "no invented attacker": 0.8},
    "acled": {
        "fatalities exact (nonzero rows)": 0.90,
        "violent events with an incident": 0.95,
        "place within 10 km (precision-1 rows)": 0.80,
        "perpetrator": 0.85,
        "no casualty figure (non-violent rows)": 0.95,
    },
    "airwars": {
        "killed min within 20%": 0.75,
        "belligerent": 0.90,
        "place within 5 km": 0.60,
        "children killed exact": 0.50,
    },
}
FIELD_TARGET = 0.8  # seeds: every scored field


@dataclass
class Measure:
    name: str
    correct: float = 0
    total: float = 0
    target: float | None = None

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class Diagnosis:
    report_id: str
    cost: float
    problems: list[str]
    gold: list[dict[str, Any]]
    pred: list[dict[str, Any]]


@dataclass
class Scores:
    kind: str
    reports: int
    measures: list[Measure] = field(default_factory=list)
    diagnoses: list[Diagnosis] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reports": self.reports,
            "measures": {
                m.name: {
                    "value": None if m.value is None else round(m.value, 4),
                    "correct": m.correct,
                    "total": m.total,
                    "target": m.target,
                }
                for m in self.measures
            },
        }


def _current(ex: models.ReportExtraction) -> list[models.Incident]:
    return [i for i in ex.incidents if not i.background]


def _pred_view(i: models.Incident) -> dict[str, Any]:
    d = i.model_dump(mode="json", exclude={"figures", "evidence", "date_evidence", "confidence"})
    if i.location:
        d["location"] = {k: d["location"][k] for k in ("name", "lat", "lon", "admin1", "precision")}
    d["perpetrators"] = [f"{p.id}:{p.status}" for p in i.perpetrators]
    d["denials"] = [s.id for s in i.denials]
    d["claims"] = [s.id for s in i.claims]
    return {k: v for k, v in d.items() if v not in (None, [], False)}


def _gold_view(g: GoldIncident) -> dict[str, Any]:
    d = g.model_dump(mode="json", exclude_none=True)
    d.pop("note", None)
    return d


def _place_name(i: models.Incident) -> str | None:
    return i.location.name if i.location is not None else None


def _event_label(pred: str, vocabulary: set[str]) -> str:
    if pred in vocabulary or not vocabulary:
        return pred
    return EVENT_FALLBACK.get(pred, pred)


def _main_incident(ex: models.ReportExtraction) -> models.Incident | None:
    """The incident a one-event record (ACLED row, Airwars assessment) is about: the first,
    unless a later one has more killed."""
    cur = _current(ex)
    if not cur:
        return None

    def killed(k: int) -> int:
        i = cur[k]
        return (i.killed.min or i.killed.max or 0) if i.killed else 0

    return cur[max(range(len(cur)), key=lambda k: (killed(k), -k))]


def score_generic(
    kind: str, gold: dict[str, GoldReport], preds: dict[str, models.ReportExtraction]
) -> Scores:
    vocabulary = {g.event_type for r in gold.values() for g in r.incidents if g.event_type}
    targets = TARGETS.get(kind, TARGETS["generic"])
    tp = fp = fn = 0
    fields: dict[str, Measure] = {}
    background = Measure("background not dated to the report's days", target=1.0)
    invented = Measure("no invented attacker", target=targets.get("no invented attacker"))
    diagnoses = []
    for rid, g in gold.items():
        ex = preds.get(rid, models.ReportExtraction(report_id=rid))
        pred = _current(ex)
        required = [k for k, gi in enumerate(g.incidents) if not gi.optional and not gi.background]
        m = match_incidents(pred, g.incidents)
        problems: list[str] = []
        r_tp = sum(1 for _, j in m.pairs if j in required)
        r_fn = [j for j in m.unmatched_gold if j in required]
        tp, fp, fn = tp + r_tp, fp + len(m.unmatched_pred), fn + len(r_fn)
        problems += [f"missed {g.incidents[j].key}" for j in r_fn]
        problems += [
            f"extra incident at {_place_name(pred[i])} {pred[i].date}" for i in m.unmatched_pred
        ]
        for gi in g.incidents:
            if gi.background:
                background.total += 1
                days = {gi.date} if gi.date else set()
                bad = any(
                    same_place(p.location, gi.location)
                    and p.date is not None
                    and (g.published is None or abs((p.date - g.published).days) <= 7)
                    and p.date not in days
                    for p in pred
                )
                background.correct += 0 if bad else 1
        for i, j in m.pairs:
            if j not in required:
                continue
            for name, ok in _field_checks(pred[i], g.incidents[j], vocabulary):
                meas = fields.setdefault(name, Measure(name, target=_field_target(kind, name)))
                meas.total += 1
                meas.correct += ok
                if not ok:
                    problems.append(f"{g.incidents[j].key}: {name}")
            gp = g.incidents[j].get("perpetrators")
            if g.incidents[j].has("perpetrators") and not [
                a for a in actor_ids(gp or []) if a != {"unknown"}
            ]:
                invented.total += 1
                invented.correct += all(p.id == "unknown" for p in pred[i].perpetrators)
        cost = len(r_fn) * 2 + len(m.unmatched_pred) + len(problems)
        diagnoses.append(
            Diagnosis(
                rid,
                cost,
                problems,
                [_gold_view(x) for x in g.incidents],
                [_pred_view(x) for x in pred],
            )
        )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    measures = [
        Measure("incident precision", tp, tp + fp),
        Measure("incident recall", tp, tp + fn),
        Measure("incident F1", f1, 1.0, targets.get("incident F1")),
    ]
    measures += sorted(fields.values(), key=lambda x: x.name)
    if background.total:
        measures.append(background)
    if kind == "fakes":
        measures.append(invented)
    return Scores(kind, len(gold), measures, diagnoses)


def _field_target(kind: str, name: str) -> float | None:
    if kind == "fakes":
        return TARGETS["fakes"].get(name)
    return FIELD_TARGET if kind == "generic" else None


def _field_checks(
    p: models.Incident, g: GoldIncident, vocabulary: set[str]
) -> Iterable[tuple[str, bool]]:
    if g.event_type:
        yield "event type", _event_label(p.event_type, vocabulary) == g.event_type
    if g.date:
        yield "date", date_ok(p.date, g)
    if g.location and (g.location.lat is not None or g.location.name):
        yield "place", same_place(p.location, g.location, radius_km=10.0)
    if g.has("perpetrators"):
        yield "perpetrators", actors_ok([x.id for x in p.perpetrators], g.get("perpetrators"))
    if g.has("denied_by"):
        yield "denied by", actors_ok([x.id for x in p.denials], g.get("denied_by"))
    if g.has("claimed_by"):
        yield "claimed by", actors_ok([x.id for x in p.claims], g.get("claimed_by"))
    for name, attr in (
        ("killed", "killed"),
        ("injured", "injured"),
        ("children killed", "children_killed"),
    ):
        if g.has(attr):
            yield name, range_ok(getattr(p, attr), g.get(attr))
    if g.has("killed") and isinstance(g.get("killed"), dict) and "min" in g.get("killed"):
        yield "killed min", range_ok(p.killed, {"min": g.get("killed")["min"]})
    if g.has("targets"):
        yield "targets", set(g.get("targets") or []) <= set(p.targets)


def score_acled(gold: dict[str, GoldReport], preds: dict[str, models.ReportExtraction]) -> Scores:
    t = TARGETS["acled"]
    ms = {name: Measure(name, target=target) for name, target in t.items()}
    ms["place within 10 km (all rows with coordinates)"] = Measure(
        "place within 10 km (all rows with coordinates)"
    )
    ms["perpetrator (violent rows)"] = Measure("perpetrator (violent rows)")
    diagnoses = []
    for rid, g in gold.items():
        gi = g.incidents[0]
        ex = preds.get(rid, models.ReportExtraction(report_id=rid))
        main = _main_incident(ex)
        problems = []
        conservative = int(gi.get("killed_conservative") or 0)
        killed = _total_killed(ex)
        if conservative > 0:
            m = ms["fatalities exact (nonzero rows)"]
            m.total += 1
            m.correct += killed == conservative
            if killed != conservative:
                problems.append(f"fatalities {killed} != {conservative}")
        if g.violent:
            m = ms["violent events with an incident"]
            m.total += 1
            m.correct += main is not None
            if main is None:
                problems.append("no incident")
        else:
            m = ms["no casualty figure (non-violent rows)"]
            m.total += 1
            m.correct += killed == 0
            if killed:
                problems.append(f"casualty figure {killed} on a non-violent row")
        if gi.location and gi.location.lat is not None:
            d = place_distance(main.location, gi.location) if main else None
            ok = d is not None and d <= 10.0
            for name in (
                "place within 10 km (all rows with coordinates)",
                "place within 10 km (precision-1 rows)",
            ):
                if name.endswith("(precision-1 rows)") and gi.location.acled_geo_precision != 1:
                    continue
                ms[name].total += 1
                ms[name].correct += ok
            if not ok:
                problems.append(
                    f"place {main.location.name if main and main.location else None}"
                    f" ({'?' if d is None else round(d)} km)"
                )
        gp = gi.get("perpetrators") or []
        if gp:
            ok = _first_actor_ok(main, gp[0])
            ms["perpetrator"].total += 1
            ms["perpetrator"].correct += ok
            if g.violent:
                ms["perpetrator (violent rows)"].total += 1
                ms["perpetrator (violent rows)"].correct += ok
            if not ok:
                problems.append(
                    f"perpetrator {[p.id for p in main.perpetrators] if main else []} != {gp[0]}"
                )
        diagnoses.append(
            Diagnosis(
                rid,
                len(problems),
                problems,
                [_gold_view(gi)],
                [_pred_view(x) for x in _current(ex)],
            )
        )
    return Scores("acled", len(gold), list(ms.values()), diagnoses)


def _total_killed(ex: models.ReportExtraction) -> int:
    total = 0
    for i in _current(ex):
        if i.killed is not None:
            total += i.killed.min if i.killed.min is not None else (i.killed.max or 0)
    return total


def _first_actor_ok(main: models.Incident | None, gold_name: str) -> bool:
    wanted = actor_ids([gold_name])[0]
    named = [p.id for p in main.perpetrators if p.id != "unknown"] if main else []
    if wanted == {"unknown"}:
        return not named
    return bool(named) and named[0] in wanted


def score_airwars(gold: dict[str, GoldReport], preds: dict[str, models.ReportExtraction]) -> Scores:
    ms = {name: Measure(name, target=target) for name, target in TARGETS["airwars"].items()}
    diagnoses = []
    for rid, g in gold.items():
        gi = g.incidents[0]
        ex = preds.get(rid, models.ReportExtraction(report_id=rid))
        main = _main_incident(ex)
        problems = []
        gk = gi.get("killed") or {}
        if isinstance(gk, dict) and gk.get("min") is not None:
            want = int(gk["min"])
            got = None
            if main is not None and main.killed is not None:
                got = main.killed.min if main.killed.min is not None else main.killed.max
            ok = got is not None and abs(got - want) <= 0.2 * want
            ms["killed min within 20%"].total += 1
            ms["killed min within 20%"].correct += ok
            if not ok:
                problems.append(f"killed {got} vs {want}")
        gp = gi.get("perpetrators") or []
        if gp:
            ok = _first_actor_ok(main, gp[0])
            ms["belligerent"].total += 1
            ms["belligerent"].correct += ok
            if not ok:
                problems.append("belligerent")
        if gi.location and gi.location.lat is not None:
            d = place_distance(main.location, gi.location) if main else None
            ok = d is not None and d <= 5.0
            ms["place within 5 km"].total += 1
            ms["place within 5 km"].correct += ok
            if not ok:
                problems.append(
                    f"place {main.location.name if main and main.location else None}"
                    f" ({'?' if d is None else round(d)} km)"
                )
        gc = gi.get("children_killed")
        if gc is not None:
            want_c = (
                gc if isinstance(gc, int) else (gc.get("min") if isinstance(gc, dict) else None)
            )
            if want_c is not None:
                got_c = main.children_killed.min if main and main.children_killed else None
                ok = (got_c or 0) == want_c
                ms["children killed exact"].total += 1
                ms["children killed exact"].correct += ok
                if not ok:
                    problems.append(f"children {got_c} vs {want_c}")
        diagnoses.append(
            Diagnosis(
                rid,
                len(problems),
                problems,
                [_gold_view(gi)],
                [_pred_view(x) for x in _current(ex)],
            )
        )
    return Scores("airwars", len(gold), list(ms.values()), diagnoses)


def score(
    kind: str, gold: dict[str, GoldReport], preds: dict[str, models.ReportExtraction]
) -> Scores:
    if kind == "acled":
        return score_acled(gold, preds)
    if kind == "airwars":
        return score_airwars(gold, preds)
    return score_generic(kind, gold, preds)


def per_field_counts(scores: Scores) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for d in scores.diagnoses:
        for p in d.problems:
            counts[p.split(":")[-1].strip()] += 1
    return dict(counts)
