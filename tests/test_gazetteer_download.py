"""`harmwatch gazetteer download`: GeoNames country dumps from a local HTTP server (a thread of
Python's http.server serving zips these tests write), with every bad answer refused whole."""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from harmwatch.errors import GazetteerError
from harmwatch.gazetteer import Gazetteer
from harmwatch.gazetteer.download import download_dump
from harmwatch.settings import get_settings
from harmwatch.store.places import use_stored_places


def _row(gid: int, name: str, alts: str, lat: float, lon: float, fcode: str = "PPL") -> str:
    fclass = "A" if fcode.startswith("ADM") else "P"
    cols = [
        str(gid),
        name,
        name,
        alts,
        str(lat),
        str(lon),
        fclass,
        fcode,
        "SY",
        "",
        "12",
        "",
        "",
        "",
        "0",
        "",
        "300",
        "Asia/Damascus",
        "2024-01-01",
    ]
    return "\t".join(cols)


DUMP = (
    "\n".join(
        [
            _row(9100001, "Qaryat al-Ward", "Qariyat al-Ward,Qaryet el Ward", 35.61, 36.62),
            _row(9100002, "Ain Sarwa", "", 35.62, 36.71),
            _row(9100003, "Mintaqat Test", "", 35.5, 36.5, "ADM2"),
        ]
    )
    + "\n"
)


def _zip(text: str, inner: str = "SY.txt") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(inner, text)
        zf.writestr("readme.txt", "fixture written for harmwatch's tests\n")
    return buf.getvalue()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A local HTTP server over tmp_path/www; yields its base URL."""
    www = tmp_path / "www"
    www.mkdir()
    (www / "SY.zip").write_bytes(_zip(DUMP))
    (www / "YE.zip").write_bytes(b"<html><body>Service unavailable</body></html>")
    whole = _zip(DUMP * 40)
    (www / "IQ.zip").write_bytes(whole[: len(whole) // 2])  # cut short
    # a zip whose dump lost its end: the last row stops halfway
    (www / "LB.zip").write_bytes(_zip(DUMP + "9100009\tKafr Naqis\tKafr Naqis\t\t35.1"))
    handler = partial(_Quiet, directory=str(www))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/dump/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        return super().translate_path(path.replace("/dump/", "/", 1))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _get(code: str, base: str, dest: Path, allow: bool = True) -> tuple[Path, int]:
    with httpx.Client() as client:
        return download_dump(code, client=client, dest=dest, base_url=base, allow_private=allow)


def test_download_keeps_a_checked_dump(server: str, tmp_path: Path) -> None:
    dest = tmp_path / "gaz"
    path, count = _get("sy", server, dest)
    assert path == dest / "SY.zip" and count == 3
    gaz = Gazetteer.load([path])
    place = gaz.lookup("Qaryet el Ward")
    assert place is not None and place.id == "geonames:9100001"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("XK", r"XK.zip: no GeoNames dump there \(HTTP 404\); check the country code"),
        ("YE", r"YE.zip: the answer is not a zip \(.*'<html><body>"),
        ("IQ", r"IQ.zip: .*not a zip"),
        ("LB", r"LB.zip:4: expected 19 tab-separated GeoNames columns, found 5"),
        ("S1", r"not a country code"),
    ],
)
def test_bad_downloads_keep_nothing(server: str, tmp_path: Path, code: str, message: str) -> None:
    dest = tmp_path / "gaz"
    with pytest.raises(GazetteerError, match=message):
        _get(code, server, dest)
    assert not dest.exists() or not any(dest.iterdir())


def test_loopback_is_refused_unless_allowed(server: str, tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="loopback"):
        _get("SY", server, tmp_path / "gaz", allow=False)


def test_cli_download_stores_the_places(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harmwatch.cli.main import app

    monkeypatch.setenv("HARMWATCH_GEONAMES_URL", server)
    monkeypatch.setenv("HARMWATCH_GAZETTEER_DIR", str(tmp_path / "gaz"))
    get_settings.cache_clear()
    try:
        db = tmp_path / "g.db"
        result = CliRunner().invoke(
            app, ["gazetteer", "download", "SY", "YE", "--db", str(db), "--allow-private"]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1  # YE failed, SY is stored
    assert "stored 3 places" in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "YE.zip" in errors[0] and "not a zip" in errors[0]
    use_stored_places()  # the store lends the gazetteer its places table
    gaz = Gazetteer.load(db_url=f"sqlite:///{db}")
    assert any(p.id.startswith("db:") for p, _ in gaz.candidates("Ain Sarwa"))
    assert (tmp_path / "gaz" / "SY.zip").is_file()
    assert not (tmp_path / "gaz" / "YE.zip").exists()
