"""Place accuracy of the place stage + `best_place`, each report taken as one incident.

    python bench/places_accuracy.py [--corpus ../shared/corpus] [--limit N] [--errors N]

ACLED Syria 2018: share of gold rows with acled_geo_precision == 1 whose place we put within
10 km, with the corpus's places.csv loaded as a user gazetteer and without it. Airwars Gaza 2023:
share of incidents within 5 km of the gold coordinates. Also times the gazetteer load (cold:
index built from scratch; warm: from the pickle cache; hot: in-process) and scan throughput.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(nlp, reports, gold, radius, keep, errors):  # type: ignore[no-untyped-def]
    from harmwatch.pipeline.places import best_place

    by_id = {g["report_id"]: g for g in gold}
    hit = total = none = 0
    bad: list[str] = []
    texts = [r["text"] for r in reports if r["id"] in by_id]
    ids = [r["id"] for r in reports if r["id"] in by_id]
    for rid, doc in zip(ids, nlp.pipe(texts, batch_size=64), strict=True):
        for inc in by_id[rid]["incidents"][:1]:
            loc = inc.get("location") or {}
            if loc.get("lat") is None or not keep(loc):
                continue
            total += 1
            best = best_place(doc._.hw_places, 0, len(doc.text))
            dist = None
            if best is None or best.place.lat is None:
                none += 1
            else:
                dist = km(best.place.lat, best.place.lon, loc["lat"], loc["lon"])
            ok = dist is not None and dist <= radius
            hit += ok
            if not ok and len(bad) < errors:
                got = f"{best.text!r}->{best.place.name},{best.place.admin1}" if best else "-"
                where = f"{dist:.0f} km" if dist is not None else ""
                others = sorted({p.text for p in doc._.hw_places})[:8]
                bad.append(
                    f"  {rid}: gold {loc.get('name')!r} got {got} {where} {others} "
                    f"| {doc.text[:160]!r}"
                )
    return hit, total, none, bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--limit", type=int, default=0, help="only the first N reports per corpus")
    ap.add_argument("--errors", type=int, default=0, help="print N misses per run")
    ap.add_argument("--skip-cold", action="store_true", help="do not time a cold index build")
    args = ap.parse_args()

    import spacy

    import harmwatch.pipeline.places  # noqa: F401  (registers the "hw_places" factory)
    from harmwatch.gazetteer import Gazetteer, load, matcher
    from harmwatch.settings import get_settings

    places_csv = args.corpus / "acled-syria-2018" / "places.csv"
    if not args.skip_cold:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["XDG_CACHE_HOME"] = tmp
            t = time.perf_counter()
            load.base_index()
            load.base_index.cache_clear()
            print(f"gazetteer load, cold (build index):   {time.perf_counter() - t:6.2f} s")
            del os.environ["XDG_CACHE_HOME"]
    load.base_index()  # make sure the real cache exists
    Gazetteer.load([places_csv])
    load.base_index.cache_clear()
    matcher._load_cached.cache_clear()
    t = time.perf_counter()
    gaz = Gazetteer.load([places_csv])
    print(f"Gazetteer.load([places.csv]), warm (pickle caches): {time.perf_counter() - t:6.2f} s")
    t = time.perf_counter()
    Gazetteer.load([places_csv])
    print(f"Gazetteer.load again (in process):     {(time.perf_counter() - t) * 1000:6.2f} ms")

    acled = args.corpus / "acled-syria-2018"
    airwars = args.corpus / "airwars-gaza-2023"
    a_reports, a_gold = read_jsonl(acled / "reports.jsonl"), read_jsonl(acled / "gold.jsonl")
    w_reports, w_gold = read_jsonl(airwars / "reports.jsonl"), read_jsonl(airwars / "gold.jsonl")
    if args.limit:
        a_reports, w_reports = a_reports[: args.limit], w_reports[: args.limit]

    text = "\n".join(r["text"] for r in a_reports + w_reports)
    t = time.perf_counter()
    n = len(gaz.scan(text))
    dt = time.perf_counter() - t
    print(
        f"scan: {len(text) / 1e6:.2f} M chars, {n} matches in {dt:.2f} s "
        f"= {len(text) / 1e6 / dt:.2f} M chars/s"
    )

    model = get_settings().spacy_model
    exclude = ["tagger", "parser", "attribute_ruler", "lemmatizer"]  # as the Extractor does
    for label, files in (("with places.csv", [str(places_csv)]), ("without places.csv", [])):
        nlp = spacy.load(model, exclude=exclude)
        nlp.add_pipe("hw_places", config={"gazetteer_files": files})
        t = time.perf_counter()
        hit, total, none, bad = evaluate(
            nlp,
            a_reports,
            a_gold,
            10.0,
            lambda loc: loc.get("acled_geo_precision") == 1,
            args.errors,
        )
        dt = time.perf_counter() - t
        print(
            f"ACLED Syria, {label:>19}: within 10 km {hit}/{total} = {hit / max(1, total):.3f}"
            f"  (no place: {none}; {len(a_reports) / dt:.0f} reports/s incl. spaCy)"
        )
        print("\n".join(bad))
    nlp = spacy.load(model, exclude=exclude)
    nlp.add_pipe("hw_places")
    hit, total, none, bad = evaluate(nlp, w_reports, w_gold, 5.0, lambda loc: True, args.errors)
    share = hit / max(1, total)
    print(f"Airwars Gaza: within 5 km {hit}/{total} = {share:.3f}  (no place: {none})")
    print("\n".join(bad))


if __name__ == "__main__":
    main()
