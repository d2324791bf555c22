"""`harmwatch gazetteer download CC`: a GeoNames country dump (``CC.zip`` from
`Settings.geonames_url`), checked in full, kept in the gazetteer folder and stored in the
database's places like `harmwatch gazetteer add`.

The fetch goes through `harmwatch.ingest.url.fetch` (an injected `httpx.Client`, no private or
loopback address unless allowed, a size cap); a missing dump (HTTP 404), a body that is not a
zip, or a truncated or malformed dump raises `GazetteerError` before anything is kept or
stored.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import httpx

from harmwatch.errors import FetchError, GazetteerError
from harmwatch.gazetteer.userfiles import read_places
from harmwatch.ingest.url import ACCEPTED_TYPES, Resolver, fetch, system_resolver
from harmwatch.settings import get_settings

# zips come labelled variously; the text types are accepted so that an error page is reported
# as "not a zip" rather than as an unreadable type
ZIP_TYPES = (
    "application/zip",
    "application/x-zip-compressed",
    "application/octet-stream",
    "application/x-zip",
    "",
)
_CODE = re.compile(r"^[A-Za-z]{2}$")


def gazetteer_dir() -> Path:
    """Where downloaded dumps are kept: `Settings.gazetteer_dir`, else
    ``$XDG_DATA_HOME/harmwatch/gazetteers`` (``~/.local/share/harmwatch/gazetteers``)."""
    chosen = get_settings().gazetteer_dir
    if chosen is not None:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "harmwatch" / "gazetteers"


def dump_url(code: str, base: str | None = None) -> str:
    if not _CODE.match(code):
        raise GazetteerError(
            f"{code!r}: not a country code; give the two-letter ISO code (SY, UA, YE ...)"
        )
    base = base if base is not None else get_settings().geonames_url
    return base.rstrip("/") + f"/{code.upper()}.zip"


def download_dump(
    code: str,
    *,
    client: httpx.Client,
    dest: Path | None = None,
    base_url: str | None = None,
    allow_private: bool | None = None,
    resolver: Resolver = system_resolver,
) -> tuple[Path, int]:
    """Fetch the dump of country `code`, check every row, keep it as ``dest/CC.zip``;
    (its path, its places). Nothing is kept when any of it is bad."""
    url = dump_url(code, base_url)
    try:
        got = fetch(
            url,
            client=client,
            allow_private=allow_private,
            resolver=resolver,
            max_bytes=get_settings().max_download_bytes,
            accept=ZIP_TYPES + ACCEPTED_TYPES,
            timeout=get_settings().download_timeout,
        )
    except FetchError as err:
        if "HTTP 404" in err.problem:
            raise GazetteerError(
                f"{url}: no GeoNames dump there (HTTP 404); check the country code, or the "
                "HARMWATCH_GEONAMES_URL setting"
            ) from None
        raise GazetteerError(str(err)) from None
    if not zipfile.is_zipfile(io.BytesIO(got.body)):
        kind = got.content_type or "no content type"
        head = got.body[:24].decode("utf-8", "replace")
        raise GazetteerError(
            f"{url}: the answer is not a zip ({kind}, {len(got.body)} bytes, starting "
            f"{head!r}); a download cut short? try again, or check HARMWATCH_GEONAMES_URL"
        )
    folder = dest if dest is not None else gazetteer_dir()
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{code.upper()}.zip"
    with tempfile.TemporaryDirectory(dir=folder, prefix=".download-") as tmp:
        part = Path(tmp) / final.name
        part.write_bytes(got.body)
        try:
            count = sum(1 for _ in read_places(part))  # every row checked before it is kept
        except GazetteerError as err:
            raise GazetteerError(str(err).replace(str(part), url)) from None
        if not count:
            raise GazetteerError(f"{url}: the dump holds no populated places or admin areas")
        part.replace(final)
    return final, count
