"""Resolve 100k mentions generated from the corpora's gold; print the time and B-cubed scores.

    .venv/bin/python bench/resolve_bench.py [--mentions 100000] [--db URL] [--write]
                                            [--generator current|2026-11-22|first]

Every coded incident of ../shared/corpus (ACLED Syria 2018, Airwars Gaza 2023, FA-KES, seeds) is
a true event; copies shifted by 140-day steps give about 33,000 events with the corpora's own
density of look-alikes (same town, same day). Each event is told by 1-8 reports of different
outlets: date off by a day for some, place jittered or named with another transliteration or
only its province, tolls revised or rounded, perpetrators and targets sometimes missing, a few
wire copies (same text, another outlet) and toll updates by the same outlet. The sentences are
written from the facts by templates here. Reports are stored in bulk first; the time is that of
`harmwatch.resolve.batch.resolve_many` on chunks of 5,000 reports (one transaction each), or
with ``--mode single`` of `add_extraction` per report, on SQLite.

What a monitor would have to link the reports of one event, the generator gives (checked
2026-11-22, see docs/resolution.md): the same town (spelled another way in some) and day, the
event type (unnamed, "an attack", in some), the same perpetrators (missing in some), figures
that agree, and sentences written from the same facts. Two things it did not give and now
does, from the coding and the ACLED note of each event (facts only, no text is copied):
- what happened, in words: the sentences of an ACLED event all said "an attack" (its coding has
  no harmwatch event type), now they say "heavy fighting", "gunfire", "artillery fire";
- how the attack was carried out: ACLED codes every air raid, shelling and bombing as "Remote
  violence", which made the reports of an airstrike and of a shelling of one town on one day
  word for word the same; the note's wording (warplanes / artillery / explosive device) now
  gives the event type, as it gives it to a reader of the note;
- what the note says of the wounded ("several civilians were injured", "neither injuries nor
  fatalities"), told by most outlets.
And one thing real outlets do that it did not: 15% of the later reports of an event with
someone killed give no toll ("the toll was not yet known"). Some reports stay unlinkable on
purpose, as real ones are: the 5% placed only by province and the 8% dated a day off carry
nothing (no toll to match) that tells them from a look-alike. ``--old-generator`` gives the
generator as it was before (for comparing figures).

Checked again on 2026-12-03 against how outlets retell an incident (docs/resolution.md): later
outlets now publish on the day or one or two days after; 30% of those published after the day
give a higher, revised toll ("has risen to 12"); 3% date it only by the week ("earlier this
week"); 8% of the later reports of an air raid or a shelling name the other, as a witness
unsure whether it came from the air or from artillery. ``--generator 2026-11-22`` gives the
generator without those.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.progress import Progress
from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from results import write_section  # noqa: E402

from harmwatch.models import ReportExtraction  # noqa: E402
from harmwatch.resolve import add_extraction  # noqa: E402
from harmwatch.resolve.batch import resolve_many  # noqa: E402
from harmwatch.resolve.gold import _event_type as gold_event_type  # noqa: E402
from harmwatch.resolve.gold import gold_incident  # noqa: E402
from harmwatch.store.db import session_scope  # noqa: E402
from harmwatch.store.migrate import upgrade  # noqa: E402
from harmwatch.store.schema import IncidentRow, MentionRow, MergeLogRow, ReportRow  # noqa: E402

OUTLETS = [
    "Levant Daily",
    "Gulf Wire",
    "Evening Courier",
    "Northern Post",
    "Border Radio",
    "Frontline Monitor",
    "Capital Times",
    "Coast Herald",
    "Valley News",
    "Relief Bulletin",
    "River Press",
    "Mountain Voice",
]
TEMPLATES = [
    "{killed_words} when {event} hit {place} on {day}, {outlet} was told by {who}.",
    "{who} said {event} struck {place} on {day}; {killed_words}.",
    "On {day}, {place} came under {event}. {killed_words}, according to {who}.",
    "Residents of {place} described {event} on {day}. {killed_words}, {who} reported.",
]
EVENT_WORDS = {
    "shelling": "artillery fire",
    "airstrike": "an air raid",
    "ground_clash": "heavy fighting",
    "shooting": "gunfire",
    "other": "an attack",
}
STEP_DAYS, COPIES = 140, 8
GENERATORS = ("current", "2026-11-22", "first")
MISSING_TOLL = 0.15  # later reports of an event with victims that give no toll
# how later outlets retell an event (generator of 2026-12-03)
UNSURE_MEANS = 0.08  # a witness unsure whether it came from the air or was fired from afar
OTHER_MEANS = {
    "airstrike": "shelling",
    "drone_strike": "shelling",
    "barrel_bomb": "shelling",
    "shelling": "airstrike",
    "missile": "airstrike",
}
LAG_DAYS = (0, 0, 0, 1, 1, 2)  # later reports are published on the day or a day or two after
RISEN_TOLL = 0.3  # of later reports published after the day with a toll: a higher, revised one
THIS_WEEK = 0.03  # of later reports published after the day: dated "earlier this week"
TELL_HURT = 0.7  # reports that repeat what the note says of the wounded
# facts read from an ACLED note (the generator's own patterns, not the resolver's vocabulary)
AIR = re.compile(
    r"\b(war ?planes?|jets?|air ?strikes?|airstrikes?|air raids?|helicopters?|"
    r"barrel bombs?|aircraft|aerial|drones?)\b",
    re.IGNORECASE,
)
FIRE = re.compile(r"\b(shell(s|ed|ing)?|artillery|rockets?|mortars?|missiles?)\b", re.IGNORECASE)
BLAST = re.compile(
    r"\b(IEDs?|VBIEDs?|car bombs?|landmines?|explosive devices?|mines?)\b", re.IGNORECASE
)
NONE_HURT = re.compile(
    r"\b(neither injuries|no (injuries|casualties)|no human losses)\b", re.IGNORECASE
)
WOUNDED = re.compile(r"\b(injur\w*|wound\w*)\b", re.IGNORECASE)


def note_facts(inc: dict[str, Any], note: str) -> None:
    """Set the event type and the wounded that an ACLED note tells (``inc`` is its coding)."""
    inc["event_type"] = gold_event_type(inc)  # the sentences then name it ("heavy fighting")
    if inc.get("acled_event_type") == "Remote violence":
        air, fire, blast = AIR.search(note), FIRE.search(note), BLAST.search(note)
        if air and not fire:
            inc["event_type"] = "airstrike"
        elif fire and not air:
            inc["event_type"] = "shelling"
        elif blast and not (air or fire):
            inc["event_type"] = "ied"
    inc["hurt"] = (
        "none"
        if NONE_HURT.search(note)
        else "wounded"
        if WOUNDED.search(NONE_HURT.sub(" ", note))
        else None
    )


def gold_events(corpus: Path, old: bool = False) -> list[dict[str, Any]]:
    events = []
    for name in ("acled-syria-2018", "airwars-gaza-2023", "fakes", "seeds"):
        path = corpus / name / "gold.jsonl"
        if not path.exists():
            continue
        notes: dict[str, str] = {}
        if name == "acled-syria-2018" and not old:
            with (corpus / name / "reports.jsonl").open(encoding="utf-8") as fp:
                notes = {r["id"]: r["text"] for r in map(json.loads, fp)}
        for line in path.open(encoding="utf-8"):
            g = json.loads(line)
            if g.get("violent") is False:
                continue
            for inc in g["incidents"]:
                if inc.get("date") and inc.get("location") and not inc.get("background"):
                    if g["report_id"] in notes:
                        note_facts(inc, notes[g["report_id"]])
                    events.append(inc)
    return events


def variant(name: str, rng: random.Random) -> str:
    for a, b in (("al-", "Al "), ("ou", "u"), ("ee", "i"), ("-", " "), ("q", "k"), ("y", "i")):
        if a in name and rng.random() < 0.7:
            return name.replace(a, b, 1)
    return name + "e" if len(name) > 5 else name


def _words(killed: dict[str, Any] | None, hurt: str | None = None, missing: bool = False) -> str:
    if missing:
        return "the toll was not yet known"
    if not killed or not killed.get("min"):
        return {
            "none": "nobody was hurt",
            "wounded": "several people were wounded but no deaths were reported",
        }.get(hurt or "", "no deaths were reported")
    return f"{killed['min']} people were killed" + (
        ", and others were wounded" if hurt == "wounded" else ""
    )


def mentions_of_event(
    ev: dict[str, Any], n: int, rng: random.Random, version: str = "current"
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(outlet, gold-like incident, text) for each report of one event; ``g["published"]`` is
    the report's date, ``g["date_precision"]`` a week for "earlier this week"."""
    old, retell = version == "first", version == "current"
    outlets = rng.sample(OUTLETS, min(n, len(OUTLETS)))
    texts: list[str] = []
    for i, outlet in enumerate(outlets):
        g = json.loads(json.dumps(ev))
        day = dt.date.fromisoformat(g["date"])
        if rng.random() < 0.08:
            day += dt.timedelta(days=rng.choice((-1, 1)))
        g["date"] = day.isoformat()
        lag = rng.choice(LAG_DAYS) if retell and i > 0 else 0
        g["published"] = (day + dt.timedelta(days=lag)).isoformat()
        loc = g["location"]
        r = rng.random()
        if r < 0.10 and loc.get("name"):
            loc["name"] = variant(loc["name"], rng)
        if loc.get("lat") is not None:
            loc["lat"] += rng.uniform(-0.004, 0.004)
            loc["lon"] += rng.uniform(-0.004, 0.004)
        if 0.10 <= r < 0.15 and loc.get("admin1"):
            g["location"] = {
                "name": loc["admin1"],
                "admin1": loc["admin1"],
                "country": loc.get("country"),
                "acled_geo_precision": 3,
            }
        k = g.get("killed_conservative") or (g.get("killed") or {}).get("min")
        if isinstance(k, int) and k > 0:
            k = k if rng.random() < 0.6 else max(1, round(k * rng.uniform(0.8, 1.25)))
            g["killed"], g["killed_conservative"] = {"min": k, "max": k}, k
        missing = risen = False
        if not old and i > 0 and isinstance(k, int) and k > 0 and rng.random() < MISSING_TOLL:
            g["killed"], g["killed_conservative"], missing = None, None, True
        elif retell and lag and isinstance(k, int) and k > 0 and rng.random() < RISEN_TOLL:
            k += rng.randint(1, max(2, k // 2))  # bodies found, the wounded died: "rose to"
            g["killed"], g["killed_conservative"], g["revision"] = {"min": k, "max": k}, k, True
            risen = True
        if (
            retell
            and i > 0
            and g.get("event_type") in OTHER_MEANS
            and (rng.random() < UNSURE_MEANS)
        ):
            g["event_type"] = OTHER_MEANS[g["event_type"]]
        hurt = g.get("hurt") if not old and rng.random() < TELL_HURT else None
        if rng.random() < 0.3:
            g["perpetrators"] = []
        if rng.random() < 0.15:
            g["event_type"] = "other"
        when = day.strftime("%A %d %B")
        if retell and lag and rng.random() < THIS_WEEK:
            published = dt.date.fromisoformat(g["published"])
            monday = published - dt.timedelta(days=published.weekday())
            when = "earlier this week"
            if day < monday:
                monday, when = monday - dt.timedelta(days=7), "last week"
            g["date"], g["date_precision"] = monday.isoformat(), "week"
        if texts and rng.random() < 0.08:  # a wire copy of an earlier report, another outlet
            text = rng.choice(texts)
        elif risen:
            on = "" if g.get("date_precision") == "week" else "on "
            text = (
                f"The death toll from {EVENT_WORDS.get(g.get('event_type'), 'an attack')} in "
                f"{g['location'].get('name') or 'the area'} {on}{when} has risen to {k}, "
                f"{rng.choice(('medics', 'a monitor', 'officials'))} said."
            )
        else:
            text = rng.choice(TEMPLATES).format(
                killed_words=_words(g.get("killed"), hurt, missing).capitalize(),
                event=EVENT_WORDS.get(g.get("event_type") or "other", "an attack"),
                place=g["location"].get("name") or "the area",
                day=when,
                outlet=outlet,
                who=rng.choice(("medics", "a monitor", "residents", "officials")),
            )
            if g.get("date_precision") == "week":
                text = re.sub(
                    r"\b[Oo]n ((?:earlier this|last) week)",
                    lambda m: m.group(1).capitalize() if m.group(0)[0] == "O" else m.group(1),
                    text,
                )
        texts.append(text)
        yield outlet, g, text
        if i == 0 and isinstance(k, int) and k > 0 and rng.random() < 0.1:  # a toll update
            g2 = json.loads(json.dumps(g))
            g2["killed"] = {"min": k + rng.randint(1, 5), "max": None}
            g2["revision"] = True
            if retell:  # the outlet's update comes out the next day
                g2["published"] = (day + dt.timedelta(days=1)).isoformat()
            yield (
                outlet,
                g2,
                (
                    f"The toll in {g['location'].get('name') or 'the area'} rose to "
                    f"{g2['killed']['min']}."
                ),
            )


def generate(
    corpus: Path, total: int, seed: int = 7, version: str = "current"
) -> list[tuple[dict, Any, int]]:
    """[(report row values, incident, true event id)] in a shuffled arrival order."""
    rng = random.Random(seed)
    base = gold_events(corpus, version == "first")
    out: list[tuple[dict, Any, int]] = []
    event = 0
    for copy in range(COPIES):
        for ev in base:
            ev = json.loads(json.dumps(ev))
            ev["date"] = (
                dt.date.fromisoformat(ev["date"]) + dt.timedelta(days=STEP_DAYS * copy)
            ).isoformat()
            n = min(8, 1 + int(rng.expovariate(1 / 2.4)))
            for outlet, g, text in mentions_of_event(ev, n, rng, version):
                inc = gold_incident(g, outlet)
                if g.get("revision"):
                    inc.figures[0].revision = True
                if g.get("date_precision"):
                    inc.date_precision = g["date_precision"]
                rid = f"gen-{len(out)}"
                report = {
                    "id": rid,
                    "text_hash": f"{len(out):064d}",
                    "text": text,
                    "published": dt.date.fromisoformat(g["published"]),
                    "source": outlet,
                    "lang": "en",
                    "extracted": True,
                }
                out.append((report, inc, event))
            event += 1
            if len(out) >= total:
                break
        if len(out) >= total:
            break
    rng.shuffle(out)
    out.sort(key=lambda item: item[0]["published"])  # reports arrive roughly in date order
    return out[:total]


def bcubed(truth: dict[int, int], found: dict[int, int]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of clustering ``found`` against ``truth`` (item->id)."""
    by_truth, by_found = defaultdict(set), defaultdict(set)
    for item, t in truth.items():
        by_truth[t].add(item)
        by_found[found[item]].add(item)
    p = r = 0.0
    for item in truth:
        same = len(by_truth[truth[item]] & by_found[found[item]])
        p += same / len(by_found[found[item]])
        r += same / len(by_truth[truth[item]])
    p, r = p / len(truth), r / len(truth)
    return p, r, 2 * p * r / (p + r)


def database_hash(url: str) -> str:
    """sha256 of what resolution wrote: every incident's columns and record (not its
    timestamps), every mention's incident and every merge-log entry, in id order. Two runs of
    the same code on the same mentions give the same hash; a change of behaviour changes it."""
    skip = {"created_at", "updated_at", "at"}
    digest = hashlib.sha256()
    with session_scope(url) as s:
        for table in (IncidentRow, MergeLogRow):
            columns = [c for c in table.__table__.columns if c.name not in skip]
            for row in s.execute(select(*columns).order_by(table.id)):
                digest.update(json.dumps(list(row), sort_keys=True, default=str).encode())
        mentions = select(
            MentionRow.id, MentionRow.report_id, MentionRow.ordinal, MentionRow.incident_id
        ).order_by(MentionRow.id)
        for row in s.execute(mentions):
            digest.update(json.dumps(list(row), default=str).encode())
    return digest.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    ap.add_argument(
        "--mode",
        choices=("batch", "single"),
        default="batch",
        help="resolve_many per chunk (default) or add_extraction per report",
    )
    ap.add_argument("--chunk", type=int, default=5000, help="reports per transaction")
    ap.add_argument("--write", action="store_true", help="update bench/results.md")
    ap.add_argument(
        "--generator",
        choices=GENERATORS,
        default="current",
        help="which generator: 'current' (2026-12-03: later outlets publish a day or "
        "two after, some with a risen toll or dating it 'earlier this week', some "
        "unsure whether it came from the air or artillery), '2026-11-22' (without "
        "those), 'first' (before 2026-11-22's fairness fixes); for comparing",
    )
    ap.add_argument(
        "--old-generator",
        action="store_const",
        const="first",
        dest="generator",
        help="the same as --generator first",
    )
    args = ap.parse_args()
    items = generate(args.corpus, args.mentions, version=args.generator)
    if not items:
        print(f"no gold found under {args.corpus}", file=sys.stderr)
        return 2
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    upgrade(url)
    with session_scope(url) as s:
        for i in range(0, len(items), 5000):
            s.execute(insert(ReportRow), [report for report, _, _ in items[i : i + 5000]])
    truth = {report["id"]: event for report, _, event in items}
    start, cpu = time.perf_counter(), time.process_time()
    with Progress() as progress:
        task = progress.add_task(f"resolving ({args.mode})", total=len(items))
        for i in range(0, len(items), args.chunk):
            chunk = [
                ReportExtraction(report_id=report["id"], incidents=[inc])
                for report, inc, _ in items[i : i + args.chunk]
            ]
            with session_scope(url) as s:
                if args.mode == "batch":
                    resolve_many(s, chunk, lambda n, i=i: progress.update(task, completed=i + n))
                else:
                    for n, extraction in enumerate(chunk):
                        add_extraction(s, extraction)
                        progress.update(task, completed=i + n + 1)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    with session_scope(url) as s:
        rows = s.execute(select(MentionRow.id, MentionRow.report_id, MentionRow.incident_id))
        found, true = {}, {}
        for mid, rid, incident in rows:
            found[mid] = incident if incident is not None else -mid
            true[mid] = truth[rid]
    p, r, f = bcubed(true, found)
    harmful = {event for _, inc, event in items if inc.killed and inc.killed.min}
    sub = {m: t for m, t in true.items() if t in harmful}
    hp, hr, hf = bcubed(sub, {m: found[m] for m in sub})
    lines = [
        f"- {len(items)} mentions of {len(set(true.values()))} true events -> "
        f"{len(set(found.values()))} incidents",
        f"- resolution time {seconds:.1f} s ({len(items) / seconds:.0f} mentions/s; target < 120 s;"
        f" mode {args.mode}, {args.chunk} reports per transaction, {backend}); CPU time of this "
        f"process {cpu:.1f} s (the machine is shared: wall time includes waiting for a core)",
        f"- B-cubed precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}",
        f"- on the {len(sub)} mentions of the {len(harmful)} events with someone killed: "
        f"precision {hp:.3f}, recall {hr:.3f}, F1 {hf:.3f}",
    ]
    print(f"- database hash sha256:{database_hash(url)}")
    print("\n".join(lines))
    if args.write:
        write_section("resolve_bench", "Resolution of 100k generated mentions", lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
