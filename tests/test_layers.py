"""The layers run one way: a package imports only the packages below it.

The order, lowest first (what each layer may import besides itself):

    core        errors, models, settings, normalise, vocab, dataset, ranges; __version__  (nothing)
    ingest      the readers: text, HTML, JSONL, CSV, feeds, URLs -> Report          (core)
    gazetteer   places and names                      (core; ingest's safe fetch for downloads)
    pipeline    spaCy stages: Report -> ReportExtraction     (core, gazetteer; not the readers)
    store       schema, repositories, exports; lends the gazetteer its places table
                                                                            (core, gazetteer)
    resolve     mentions -> incidents, merge log          (core, gazetteer, pipeline, store)
    process     the orchestrator: read -> store -> extract -> resolve; bulk.py on Dask
                                                                          (everything above)
    app         the Python API (harmwatch/__init__.py, database.py), cli, api, web, demo, eval,
                plot, auth                                                          (anything)

A lower layer that needs a higher one's work takes it as an argument (the summary writer of
`store.review.update_incident`, the place table of `gazetteer.stored`). Every import counts,
also one inside a function or under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "harmwatch"

CORE = {"errors", "models", "settings", "normalise", "vocab", "dataset", "ranges"}
LAYER_OF = {
    **{name: "core" for name in CORE},
    "ingest": "ingest",
    "gazetteer": "gazetteer",
    "pipeline": "pipeline",
    "store": "store",
    "resolve": "resolve",
    "process": "process",
    "bulk": "process",
    **{
        name: "app"
        for name in (
            "",
            "database",
            "cli",
            "api",
            "web",
            "demo",
            "eval",
            "plot",
            "auth",
        )
    },
}
MAY_IMPORT = {
    "core": set(),
    "ingest": {"core"},
    "gazetteer": {"core", "ingest"},
    "pipeline": {"core", "gazetteer"},
    "store": {"core", "gazetteer"},
    "resolve": {"core", "gazetteer", "pipeline", "store"},
    "process": {"core", "ingest", "gazetteer", "pipeline", "store", "resolve"},
    "app": {"core", "ingest", "gazetteer", "pipeline", "store", "resolve", "process"},
}


def _top(dotted: str) -> str:
    """``harmwatch.store.db`` -> ``store``; ``harmwatch`` -> ``""``; ``harmwatch.bulk`` ->
    ``bulk``."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    name = rel.parts[0].removesuffix(".py") if rel.parts[0] != "__init__.py" else ""
    assert name in LAYER_OF, f"{rel}: put it in a layer in tests/test_layers.py"
    return LAYER_OF[name]


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, harmwatch module) of every import of the file, wherever it stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("harmwatch")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "harmwatch":  # from harmwatch import store / __version__
                found += [
                    (node.lineno, f"harmwatch.{a.name}")
                    for a in node.names
                    if a.name != "__version__"
                ]
            elif node.module.startswith("harmwatch."):
                found.append((node.lineno, node.module))
    return found


def violations(files: list[Path]) -> list[str]:
    out = []
    for path in files:
        layer = _layer(path)
        for line, module in imports_of(path):
            top = _top(module)
            target = LAYER_OF.get(top)
            if target is None:
                out.append(f"{path.relative_to(PACKAGE)}:{line}: {module} is in no layer")
            elif target != layer and target not in MAY_IMPORT[layer]:
                out.append(
                    f"{path.relative_to(PACKAGE)}:{line}: {layer} imports {module} ({target})"
                )
    return out


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_the_layers_are_a_strict_order() -> None:
    order = list(MAY_IMPORT)
    for i, layer in enumerate(order):
        assert MAY_IMPORT[layer] <= set(order[:i]), f"{layer} may import a layer above it"


def test_every_module_imports_only_layers_below_it() -> None:
    assert len(SOURCES) > 100
    assert violations(SOURCES) == []


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        (
            "store/x.py",
            "from harmwatch.resolve.summary import summarise",
            "store/x.py:1: store imports harmwatch.resolve.summary (resolve)",
        ),
        (
            "pipeline/x.py",
            "def f():\n    from harmwatch.ingest import read_inputs",
            "pipeline/x.py:2: pipeline imports harmwatch.ingest (ingest)",
        ),
        (
            "gazetteer/x.py",
            "import harmwatch.store.db",
            "gazetteer/x.py:1: gazetteer imports harmwatch.store.db (store)",
        ),
        (
            "models.py",
            "from harmwatch import pipeline",
            "models.py:1: core imports harmwatch.pipeline (pipeline)",
        ),
    ],
)
def test_an_upward_import_is_caught(
    where: str, source: str, expected: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "harmwatch"
    path = fake / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source + "\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    assert violations([path]) == [expected]


def test_every_package_imports() -> None:
    """Importing each package alone works (no cycle hidden by import order)."""
    import importlib
    import subprocess
    import sys

    names = sorted(
        {
            _top("harmwatch." + p.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", "."))
            for p in SOURCES
        }
        - {""}
    )
    for name in names:
        if name == "web":
            continue  # static files only
        result = subprocess.run(
            [sys.executable, "-c", f"import harmwatch.{name}"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, f"import harmwatch.{name}: {result.stderr[-500:]}"
    assert importlib.import_module("harmwatch").__version__
