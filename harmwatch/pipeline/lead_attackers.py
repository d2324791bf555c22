"""The attackers a report names once, in its lead, for the attacks it then tells one by one.

"Russian shelling killed three civilians in the region ... Two bodies were found near X ...
Another person died in an evening artillery strike south of Y": the lead names who shelled; the
attacks told after it do not name them again. An attack whose own sentences name no one takes
the attackers of the report's other attacks when (1) those all name the same ones, (2) one of
them is of the same kind (both shelling, or both fired from afar) in the same province (or a
lead told of the whole country: "strikes across Ukraine killed five"), and (3)
the report named those attackers as attackers before this attack's own sentences begin. A
report whose attacks name different attackers, an attack of another kind (a shooting after a
lead on air strikes), in another province, told before anyone is named, or whose own words
name those attackers as its target ("an air attack on an RSF-held area"), takes none.
Part of the assembly of incidents (assemble.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from harmwatch import models
from harmwatch.pipeline.actors import PERPETRATOR_ROLES
from harmwatch.pipeline.types import ActorMention
from harmwatch.vocab import event_families, remote_families


def _same_attack_kind(a: str, b: str) -> bool:
    """The same kind of attack: one type, or two types of attack from afar ("shelling" and
    "airstrike" both are); an attack of no known kind ("other") is like no other."""
    if "other" in (a, b):
        return False
    if a == b:
        return True
    family, remote = event_families(), remote_families()
    return family.get(a) in remote and family.get(b) in remote


def _province(i: models.Incident) -> tuple[str | None, str | None]:
    return (i.location.country, i.location.admin1) if i.location else (None, None)


def _holds(lead: models.Incident, inc: models.Incident) -> bool:
    """Whether the lead's place holds the attack's: the same province, or, for a lead told of
    a whole country ("strikes across Ukraine killed five"), the same country."""
    if lead.location is None or inc.location is None:
        return False
    if lead.location.precision == "country":
        return lead.location.country == inc.location.country
    return _province(lead) == _province(inc) and _province(inc)[1] is not None


def share_lead_attackers(
    incidents: list[models.Incident],
    actors: Sequence[ActorMention],
    summaries: Sequence[models.Incident] = (),
) -> None:
    """Give each attack of ``incidents`` (one report's current incidents, in place) that names no
    attacker the attackers its sibling attacks all name, as they name them; ``actors``: the
    report's actor mentions; ``summaries``: the report's attacks told only as a country's total
    ("Russian strikes killed five across Ukraine over the past day"), leads as well when they
    name the same attackers."""
    named = [i for i in incidents if i.perpetrators]
    sets = {frozenset(p.id for p in i.perpetrators) for i in named}
    wide = [
        i
        for i in summaries
        if i.perpetrators and i.location is not None and i.location.precision == "country"
    ]
    sets |= {frozenset(p.id for p in i.perpetrators) for i in wide} if not named else set()
    if len(sets) != 1:
        return
    ids = set(next(iter(sets)))
    leads = named + [i for i in wide if {p.id for p in i.perpetrators} == ids]
    for inc in incidents:
        if inc.perpetrators or not inc.evidence or inc.location is None:
            continue
        start = min(s for s, _ in inc.evidence)
        lead = next(
            (
                n
                for n in leads
                if _same_attack_kind(inc.event_type, n.event_type) and _holds(n, inc)
            ),
            None,
        )
        if lead is None or not any(
            a.role in PERPETRATOR_ROLES and a.actor_id in ids and a.end <= start for a in actors
        ):
            continue
        if any(
            a.actor_id in ids
            and a.role not in PERPETRATOR_ROLES
            and any(s <= a.start and a.end <= e for s, e in inc.evidence)
            for a in actors
        ):
            continue  # "an air attack on an RSF-controlled area": they were the ones attacked
        inc.perpetrators.extend(p.model_copy() for p in lead.perpetrators)
