"""The extractor: one spaCy pipeline, built once, turning `Report`s into `ReportExtraction`s.

The model runs only what the stages need: the sentence recogniser (``senter``) always, and the
named-entity recogniser only when a stage asks for ``doc.ents`` (the figures stage uses PERSON
entities to count named victims), its greedy walk done by `ner_walk` (the same entities, in
less than half the time). Tagger and parser run only on the sentences that tell of an
attack, for the actor stage (`agents.py`); the lemmatizer never. Our stages
follow in order: places, dates, figures, actors, events, targets (each only when its module
exists), then `assemble` turns each finished Doc into incidents.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from harmwatch.models import Figure, Incident, Report, ReportExtraction
from harmwatch.pipeline import types  # noqa: F401  (registers the Doc extensions)
from harmwatch.pipeline.assemble import assemble, report_totals
from harmwatch.pipeline.cues import with_words
from harmwatch.pipeline.long_text import BATCH_CHARS, CHUNK_CHARS, chunk_bounds, shifted
from harmwatch.pipeline.model_ops import model_ops
from harmwatch.pipeline.ner_walk import walkable
from harmwatch.pipeline.vocab import has_harm_trigger
from harmwatch.settings import get_settings

log = logging.getLogger(__name__)

# (component name, module that registers its factory), in pipeline order
STAGES: tuple[tuple[str, str], ...] = (
    ("hw_places", "harmwatch.pipeline.places"),
    ("hw_dates", "harmwatch.pipeline.dates"),
    ("hw_figures", "harmwatch.pipeline.figures"),
    ("hw_actors", "harmwatch.pipeline.actors"),
    ("hw_events", "harmwatch.pipeline.events"),
    ("hw_targets", "harmwatch.pipeline.targets"),
)
MODEL_PIPES_NEVER = ("tagger", "attribute_ruler", "lemmatizer")


def _available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def build_nlp(
    model: str | None = None,
    gazetteer_files: Sequence[Path] = (),
    aliases_file: Path | None = None,
    entities: bool = True,
    places_db: str | None = None,
) -> Language:
    """The spaCy pipeline: the model's sentence recogniser (and NER when ``entities``) + stages.

    ``places_db``: a database URL whose `places` table (`harmwatch gazetteer add`) joins the
    gazetteer."""
    name = model or get_settings().spacy_model
    exclude = list(MODEL_PIPES_NEVER) + ([] if entities else ["ner", "tok2vec", "parser"])
    with model_ops():
        nlp = spacy.load(name, exclude=exclude)
    tok2vec = nlp.get_pipe("tok2vec") if "tok2vec" in nlp.pipe_names else None
    if tok2vec is not None and not getattr(tok2vec, "listening_components", True):
        # in en_core_web_sm only the tagger and parser listen to the shared tok2vec (the NER has
        # its own): with them excluded it computes vectors nobody reads (16% of extraction time)
        nlp.remove_pipe("tok2vec")
    for pipe in ("tok2vec", "parser"):  # kept for the actor stage's attack sentences only
        if pipe in nlp.pipe_names:  # (pipeline/agents.py), never run on whole reports
            nlp.disable_pipe(pipe)
    if "senter" in nlp.component_names and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    elif "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    if "ner" in nlp.pipe_names and walkable(nlp.get_pipe("ner")) is None:
        # the same entities, the NER's greedy walk done in numpy (pipeline/ner_walk.py)
        nlp.add_pipe("hw_ner", after="ner")
        nlp.disable_pipe("ner")
    for component, module in STAGES:
        if not _available(module):
            continue
        importlib.import_module(module)
        config: dict[str, Any] = {}
        if component == "hw_places" and gazetteer_files:
            config["gazetteer_files"] = [str(p) for p in gazetteer_files]
        if component == "hw_places" and places_db:
            config["db_url"] = places_db
        if component == "hw_actors":
            config["model"] = name  # the parser for the attack sentences (pipeline/agents.py)
            if aliases_file:
                config["aliases_file"] = str(aliases_file)
        nlp.add_pipe(component, config=config)
    return nlp


class Extractor:
    """`Report` -> `ReportExtraction`, with the model and gazetteer loaded once."""

    def __init__(
        self,
        model: str | None = None,
        gazetteer_files: Sequence[Path] = (),
        places_db: str | None = None,
    ) -> None:
        settings = get_settings()
        files = list(settings.gazetteer_files) + [Path(p) for p in gazetteer_files]
        self.aliases_file = settings.actor_aliases_file
        log.info(
            "loading the extractor: model %s, %d gazetteer files%s",
            model or settings.spacy_model,
            len(files),
            ", places stored in the database" if places_db else "",
        )
        self.nlp = build_nlp(model, files, self.aliases_file, places_db=places_db)

    def extract(self, report: Report) -> ReportExtraction:
        return next(self.extract_many([report], batch_size=1))

    def extract_many(
        self, reports: Iterable[Report], batch_size: int = 32
    ) -> Iterator[ReportExtraction]:
        """Extractions in the order of ``reports``, the model run over batches of texts (of
        at most `BATCH_CHARS` characters); a report over `CHUNK_CHARS` is read in chunks."""
        with fewer_collections():
            yield from self._extract_many(reports, batch_size)

    def _extract_many(
        self, reports: Iterable[Report], batch_size: int
    ) -> Iterator[ReportExtraction]:
        batch: list[tuple[Report, Any]] = []
        chars = 0
        for report in reports:
            if len(report.text) > CHUNK_CHARS:
                if batch:
                    yield from self._run(batch, batch_size)
                    batch, chars = [], 0
                yield self._extract_long(report)
                continue
            doc = self._make_doc(report)
            size = len(report.text) if doc is not None else 0
            if batch and chars + size > BATCH_CHARS:
                yield from self._run(batch, batch_size)
                batch, chars = [], 0
            batch.append((report, doc))
            chars += size
            if len(batch) >= batch_size:
                yield from self._run(batch, batch_size)
                batch, chars = [], 0
        if batch:
            yield from self._run(batch, batch_size)

    def _run(self, batch: list[tuple[Report, Any]], batch_size: int) -> Iterator[ReportExtraction]:
        self._mark_run_country([doc for _, doc in batch if doc is not None])
        docs = iter(
            self.nlp.pipe((doc for _, doc in batch if doc is not None), batch_size=batch_size)
        )
        aliases = str(self.aliases_file) if self.aliases_file else None
        for report, made in batch:
            if made is None:  # no harm trigger: no incident, and no model run
                yield ReportExtraction(report_id=report.id, incidents=[])
                continue
            # the words of each incident's evidence, read in the report's own text (the one
            # stored, which resolution's snippets are cut from)
            doc = next(docs)
            yield ReportExtraction(
                report_id=report.id,
                incidents=[with_words(report.text, i) for i in assemble(doc, aliases)],
                totals=report_totals(doc),
            )

    def _mark_run_country(self, docs: list[Any]) -> None:
        """The country most reports of the batch are about (`places.batch_country`), on each
        doc for the place stage to read where a report names no place that says where: a
        batch is the up to 32 reports in input order that `extract_many` runs the model over
        together, the same batches for `harmwatch extract`, `ingest` and `eval`."""
        if "hw_places" not in self.nlp.pipe_names or len(docs) < 2:
            return
        from harmwatch.pipeline.places import RUN_COUNTRY, PlaceStage, batch_country

        stage = self.nlp.get_pipe("hw_places")
        if not isinstance(stage, PlaceStage):
            return
        country = batch_country([doc.user_data["hw_text"] for doc in docs], stage.gazetteer)
        if country is not None:
            for doc in docs:
                doc.user_data[RUN_COUNTRY] = country

    def _make_doc(self, report: Report) -> Any:
        """The Doc the pipeline reads, or None when the text holds no harm trigger (a report
        of a protest, a market, a 5,000-sentence essay: nothing the stages could make an
        incident of, found by one linear regex search instead of the model)."""
        if not has_harm_trigger(report.text):
            return None
        text = focus(_break_long_runs(_unicode(report.text)))
        doc = self.nlp.make_doc(text)
        doc.user_data["hw_text"] = text  # == doc.text, which spaCy rebuilds on each access
        doc._.hw_report_id = report.id
        published, dateline = _published(report)
        if dateline is not None:
            doc.user_data["hw_dateline"] = dateline
        doc._.hw_published = published
        if report.source:
            doc.user_data["hw_outlet"] = report.source  # who published it (`places`)
        if report.url:
            doc.user_data["hw_url"] = report.url
        return doc

    def _extract_long(self, report: Report) -> ReportExtraction:
        """A report over `CHUNK_CHARS` (see `long_text`): the text focused as a whole, cut
        into chunks, the chunks with a harm trigger read one at a time, their incidents'
        evidence moved to offsets into the whole text; current incidents first, then
        background ones, each in text order."""
        text = focus(_break_long_runs(_unicode(report.text)))  # blank: no trigger near
        published, dateline = _published(report)
        chunks = [
            (a, b)
            for a, b in chunk_bounds(pieces(text), CHUNK_CHARS)
            if has_harm_trigger(text[a:b])
        ]

        def docs() -> Iterator[Any]:
            for a, b in chunks:
                doc = self.nlp.make_doc(text[a:b])
                doc.user_data["hw_text"] = text[a:b]  # == doc.text (see `doc_text`)
                doc._.hw_report_id = report.id
                doc._.hw_published = published
                if report.source:
                    doc.user_data["hw_outlet"] = report.source
                if report.url:
                    doc.user_data["hw_url"] = report.url
                if dateline is not None and a <= dateline[0] and dateline[1] <= b:
                    doc.user_data["hw_dateline"] = (dateline[0] - a, dateline[1] - a)
                yield doc

        aliases = str(self.aliases_file) if self.aliases_file else None
        current: list[Incident] = []
        background: list[Incident] = []
        totals: list[Figure] = []
        for (start, _), doc in zip(chunks, self.nlp.pipe(docs(), batch_size=1), strict=True):
            for incident in assemble(doc, aliases):
                moved = with_words(report.text, shifted(incident, start))
                (background if moved.background else current).append(moved)
            totals += [shifted(f, start) for f in report_totals(doc)]
        return ReportExtraction(report_id=report.id, incidents=current + background, totals=totals)


YOUNG_OBJECTS = 100_000  # objects made between two collections of the youngest generation


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector run less often while extracting: the stages make
    millions of small objects (spans, matches, candidates), few of them in cycles, and at the
    default threshold (700) the collector ran 1,000 times over the 804 FA-KES reports, 7 of
    them over every object alive (0.8 s of 40); every 100,000 objects it runs a few times
    (0.15 s), peak memory alike. The thresholds are set back afterwards."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], YOUNG_OBJECTS), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _published(report: Report) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The report's publication date, else its dateline's date; and the dateline's span (a
    wire dateline's date is the filing day, not an incident's, when the date is known too)."""
    if not _available("harmwatch.pipeline.dates"):
        return report.published, None
    from harmwatch.pipeline.dates import find_dateline, wire_dateline

    if report.published is None:
        dateline = find_dateline(report.text)
        if dateline is not None:
            return dateline.date, (dateline.start, dateline.end)
    return report.published, wire_dateline(report.text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode(text: str) -> str:
    """``text`` with lone surrogates (which spaCy cannot hash; the readers refuse them, but a
    `Report` can be made by hand) made U+FFFD: one character for one, so offsets hold."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


RUN_CHUNK = 100
LONG_RUN = re.compile(rf"\S{{{2 * RUN_CHUNK},}}")


def _break_long_runs(text: str) -> str:
    """The text with a space put every 100 characters into runs of 200 or more non-space
    characters. No word is that long, and spaCy's tokenizer takes quadratic time on such runs
    (10,000 quotes: 10 s). Same length, so every character offset stays true."""

    def chunk(m: re.Match[str]) -> str:
        run = list(m.group(0))
        for i in range(RUN_CHUNK, len(run), RUN_CHUNK):
            run[i] = " "
        return "".join(run)

    return LONG_RUN.sub(chunk, text) if len(text) >= 200 else text


FOCUS_CHARS = 50_000  # longer texts are read around their harm triggers only
PIECE_CHARS = 1_000  # a sentence longer than this is cut into pieces of at most this length
PIECES_AROUND = 3  # pieces kept before and after each piece with a harm trigger
_ROUGH_END = re.compile(r"(?<=[.!?])\s+|\n+")


def pieces(text: str) -> list[tuple[int, int]]:
    """Rough sentences of ``text`` (cut at end punctuation and line breaks), each at most
    `PIECE_CHARS` long: a longer one is cut at the last space before that length."""
    out: list[tuple[int, int]] = []
    start = 0
    ends = [(m.start(), m.end()) for m in _ROUGH_END.finditer(text)] + [(len(text), len(text))]
    for end, following in ends:
        while end - start > PIECE_CHARS:  # a piece after a cut opens with the space cut at
            cut = text.rfind(" ", start + 1, start + PIECE_CHARS)
            cut = cut if cut > start else start + PIECE_CHARS
            out.append((start, cut))
            start = cut
        if end > start:
            out.append((start, end))
        start = following
    return out


def focus(text: str) -> str:
    """``text`` itself up to `FOCUS_CHARS`; a longer text with every piece (see `pieces`) more
    than `PIECES_AROUND` pieces away from a harm trigger blanked out with line breaks (the
    opening pieces kept: dateline, lead), and the cuts inside an over-long sentence made line
    breaks, so that no stage reads a sentence longer than `PIECE_CHARS`. Line breaks, not
    spaces: every stage cuts sentences there, so no pattern scans a blank run for a "\\s+" it
    could end with. Same length, so every offset stays true; the model and the stages then
    take time in proportion to what can be an incident, not to the text (a 100,000-word
    sentence with one "killed" in it: 35 s before, 3.4 s after)."""
    if len(text) <= FOCUS_CHARS:
        return text
    spans = pieces(text)
    hot = [i for i, (a, b) in enumerate(spans) if has_harm_trigger(text[a:b])]
    keep = set(range(min(len(spans), PIECES_AROUND)))
    for i in hot:
        keep.update(range(max(0, i - PIECES_AROUND), min(len(spans), i + PIECES_AROUND + 1)))
    chars = list(text)
    for i, (a, b) in enumerate(spans):
        if i not in keep:
            chars[a:b] = "\n" * (b - a)
        elif chars[a] == " ":  # a cut inside an over-long sentence: every stage cuts there too
            chars[a] = "\n"
    return "".join(chars)


@lru_cache(maxsize=4)
def _cached(
    model: str | None,
    gazetteer_files: tuple[Path, ...],
    places_db: str | None,
    places_stamp: tuple[int, int] | None,
) -> Extractor:
    return Extractor(model, gazetteer_files, places_db)


def get_extractor(
    model: str | None = None, gazetteer_files: Sequence[Path] = (), places_db: str | None = None
) -> Extractor:
    """A shared `Extractor` for this model, gazetteer files and the places stored in the
    database ``places_db`` (built on first use, and again when places are added there)."""
    stamp = None
    if places_db:
        from harmwatch.gazetteer.stored import place_table

        stamp = place_table(places_db).stamp(places_db)
        if stamp[0] == 0:
            places_db, stamp = None, None  # no stored places: share the plain extractor
    return _cached(model, tuple(Path(p) for p in gazetteer_files), places_db, stamp)
