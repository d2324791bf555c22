"""pyproject's package-data names only files that exist, and every data file the package reads
is named (a wheel built from it holds what the code opens)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "harmwatch"


def _patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["setuptools"]["package-data"]["harmwatch"])


def test_every_pattern_names_files_that_exist() -> None:
    empty = [p for p in _patterns() if not [f for f in PACKAGE.glob(p) if f.is_file()]]
    assert empty == [], f"package-data patterns that match no file: {empty}"


def test_every_data_file_is_named() -> None:
    named = {f for p in _patterns() for f in PACKAGE.glob(p) if f.is_file()}
    data = {
        f
        for f in PACKAGE.rglob("*")
        if f.is_file() and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts
    }
    missing = sorted(str(f.relative_to(PACKAGE)) for f in data - named)
    assert missing == [], f"data files no package-data pattern names: {missing}"
