"""Accuracy of the figures and dates stages on the corpora in ../shared/corpus (prints, no asserts).

    .venv/bin/python bench/figures_accuracy.py [--corpus ../shared/corpus] [--errors 10]

Each report is treated as one incident (the assembly that splits reports into incidents is
measured by `harmwatch eval`); killed = reconcile(figures).killed.min, None counting as 0.
- ACLED Syria 2018: killed exact vs killed_conservative on nonzero rows, once for the report as a
  whole and once with the incident's place taken from the text (gazetteer + places.csv: the first
  place named that the note allocates fatalities to, else the first place named), so that a
  toll the note splits over places gives that place's share; zero
  rows; share of non-violent rows without a casualty figure.
- Airwars Gaza 2023: killed min within 20% of the gold min; children killed exact.
- FA-KES: share of gold articles whose dateline find_dateline() reads correctly.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy
from rich.progress import track

import harmwatch.pipeline.types  # noqa: F401  (Doc extensions)
from harmwatch.gazetteer import Gazetteer
from harmwatch.pipeline.dates import find_dateline
from harmwatch.pipeline.figures import Reconciled, find_figures, reconcile
from harmwatch.pipeline.reconcile import allocated_share
from harmwatch.pipeline.types import FigureMention
from harmwatch.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]


def _jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def figures_of(texts: list[str], label: str) -> list[list[FigureMention]]:
    nlp = spacy.load(get_settings().spacy_model, disable=["lemmatizer"])
    out = []
    docs = nlp.pipe(texts, batch_size=64)
    for text, doc in track(zip(texts, docs, strict=True), total=len(texts), description=label):
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        out.append(find_figures(text, sents, persons))
    return out


def _min(r: Reconciled) -> int:
    return r.killed.min if r.killed is not None and r.killed.min is not None else 0


def _incident_place(gaz: Gazetteer, text: str, figs: list[FigureMention]) -> str | None:
    """The first place the report names that it allocates fatalities to, else the first place
    it names (what an assembly splitting the report by place would give the incident)."""
    names = [m.text for m in gaz.scan(text)]
    allocated = [n for n in names if allocated_share(figs, n) is not None]
    return (allocated or names or [None])[0]


def acled(root: Path, errors: int) -> None:
    reports = {r["id"]: r for r in _jsonl(root / "acled-syria-2018" / "reports.jsonl")}
    gold = list(_jsonl(root / "acled-syria-2018" / "gold.jsonl"))
    texts = [reports[g["report_id"]]["text"] for g in gold]
    figs = figures_of(texts, "ACLED")
    gaz = Gazetteer.load([root / "acled-syria-2018" / "places.csv"])
    ok_place = 0
    nz = ok_nz = zero = ok_zero = nv = nv_none = nv_nonpos = 0
    bad = []
    for g, text, fs in zip(gold, texts, figs, strict=True):
        want = g["incidents"][0]["killed_conservative"]
        got = _min(reconcile(fs))
        if not g.get("violent", True):
            nv += 1
            nv_none += not fs
            nv_nonpos += not any(f.value > 0 for f in fs)
        elif want > 0:
            nz += 1
            ok_nz += got == want
            ok_place += _min(reconcile(fs, _incident_place(gaz, text, fs))) == want
            if got != want:
                bad.append((want, got, text))
        else:
            zero += 1
            ok_zero += got == 0
    print(f"ACLED killed exact on nonzero rows: {ok_nz}/{nz} = {ok_nz / nz:.3f}")
    print(
        "ACLED killed exact on nonzero rows, the place's allocated share where the note splits "
        f"the toll over places: {ok_place}/{nz} = {ok_place / nz:.3f}"
    )
    print(f"ACLED killed exact on zero rows (violent): {ok_zero}/{zero} = {ok_zero / zero:.3f}")
    print(f"ACLED non-violent rows with no figure at all: {nv_none}/{nv} = {nv_none / nv:.3f}")
    print(
        f"ACLED non-violent rows with no positive figure: {nv_nonpos}/{nv} = {nv_nonpos / nv:.3f}"
    )
    for want, got, text in bad[:errors]:
        print(f"  gold {want} got {got}: {text[:300]}")


def airwars(root: Path, errors: int) -> None:
    reports = {r["id"]: r for r in _jsonl(root / "airwars-gaza-2023" / "reports.jsonl")}
    gold = list(_jsonl(root / "airwars-gaza-2023" / "gold.jsonl"))
    texts = [reports[g["report_id"]]["text"] for g in gold]
    figs = figures_of(texts, "Airwars")
    n = ok = nc = okc = 0
    bad = []
    for g, text, fs in zip(gold, texts, figs, strict=True):
        inc = g["incidents"][0]
        r = reconcile(fs)
        want = (inc.get("killed") or {}).get("min")
        if want is not None:
            n += 1
            got = _min(r)
            good = abs(got - want) <= 0.2 * want
            ok += good
            if not good:
                bad.append((want, got, text))
        if inc.get("children_killed") is not None:
            nc += 1
            got_c = r.children_killed.min if r.children_killed else None
            okc += got_c == inc["children_killed"]
    print(f"Airwars killed min within 20%: {ok}/{n} = {ok / n:.3f}")
    print(f"Airwars children killed exact: {okc}/{nc} = {okc / nc:.3f}")
    for want, got, text in bad[:errors]:
        print(f"  gold {want} got {got}: {text[:300]}")


def fakes(root: Path) -> None:
    reports = {r["id"]: r for r in _jsonl(root / "fakes" / "reports.jsonl")}
    gold = list(_jsonl(root / "fakes" / "gold.jsonl"))
    ok = 0
    for g in gold:
        d = find_dateline(reports[g["report_id"]]["text"])
        ok += d is not None and d.date is not None and d.date.isoformat() == g["published"]
    print(f"FA-KES dateline found correctly: {ok}/{len(gold)} = {ok / len(gold):.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--errors", type=int, default=0, help="print this many misses per corpus")
    ap.add_argument("--only", choices=["acled", "airwars", "fakes"], default=None)
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no corpus there (pass --corpus PATH)", file=sys.stderr)
        return 2
    if args.only in (None, "fakes"):
        fakes(args.corpus)
    if args.only in (None, "airwars"):
        airwars(args.corpus, args.errors)
    if args.only in (None, "acled"):
        acled(args.corpus, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
