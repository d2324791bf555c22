"""URLs and feeds over an injected network: httpx.MockTransport and a fake name resolver."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from harmwatch.errors import BlockedAddress, FetchError, InputError
from harmwatch.ingest import read_inputs
from harmwatch.ingest.url import fetch
from harmwatch.models import Report

ARTICLE = """<html><head><title>Drone strike near Jisr al-Shughur</title>
<meta property="og:site_name" content="Orontes Observer">
<meta name="date" content="2019-05-12">
</head><body><article><p>A drone strike hit a pickup truck on the road south of
Jisr al-Shughur on Sunday evening, killing its driver and a passenger, witnesses said.
A third man was taken to a field clinic with burns.</p>
<p>The road is used by farmers taking produce to the town market.</p></article></body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Orontes Observer</title><link>https://observer.example/</link>
<item><title>Drone strike near Jisr al-Shughur</title>
<link>https://observer.example/drone</link><guid>obs-1001</guid>
<pubDate>Sun, 12 May 2019 21:00:00 GMT</pubDate>
<description>&lt;p&gt;A drone strike &lt;b&gt;killed two men&lt;/b&gt;
in a truck.&lt;/p&gt;</description>
</item>
<item><title>Shelling on Kafr Nabl</title><link>https://observer.example/kafr-nabl</link>
<pubDate>Mon, 13 May 2019 07:00:00 GMT</pubDate>
<description>Shells landed on Kafr Nabl at dawn; no casualties were reported.</description>
</item></channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Field Notes</title>
<entry><id>urn:fn:7</id><title>Clinic damaged</title><updated>2020-02-02T10:00:00Z</updated>
<link href="https://notes.example/7"/>
<content type="html">&lt;p&gt;A clinic in Atarib was damaged by an airstrike.&lt;/p&gt;</content>
</entry></feed>"""

PUBLIC = {
    "news.example": ["93.184.216.34"],
    "observer.example": ["93.184.216.35"],
    "notes.example": ["93.184.216.36"],
    "cdn.example": ["151.101.1.1"],
    "intranet.example": ["10.0.0.5"],
    "metadata.example": ["169.254.169.254"],
    "mixed.example": ["93.184.216.34", "127.0.0.1"],
    "v6local.example": ["::1"],
}


def resolver(host: str) -> list[str]:
    if host not in PUBLIC:
        raise OSError(f"Name or service not known: {host}")
    return PUBLIC[host]


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def _html(body: str = ARTICLE, **headers: str) -> httpx.Response:
    return httpx.Response(
        200, text=body, headers={"content-type": "text/html; charset=utf-8", **headers}
    )


def _read(
    urls: list[str], handler: Callable[[httpx.Request], httpx.Response], **kw: object
) -> list[Report | InputError]:
    with _client(handler) as client:
        return list(read_inputs(urls, client=client, resolver=resolver, **kw))  # type: ignore[arg-type]


def test_html_url_becomes_a_report_with_its_url_and_metadata() -> None:
    (report,) = _read(["https://news.example/drone"], lambda r: _html())
    assert isinstance(report, Report)
    assert "pickup truck" in report.text
    assert report.url == report.origin == "https://news.example/drone"
    assert report.title == "Drone strike near Jisr al-Shughur"
    assert report.source == "Orontes Observer"
    assert report.published == dt.date(2019, 5, 12)


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://127.0.0.1/admin", "loopback"),
        ("http://[::1]:8080/", "loopback"),
        ("http://intranet.example/page", "private"),
        ("http://metadata.example/latest", "link-local"),
        ("http://mixed.example/", "loopback"),  # any bad address blocks
        ("http://v6local.example/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://240.0.0.1/", "reserved"),
        ("http://[::ffff:192.168.1.1]/", "private"),
    ],
)
def test_private_addresses_are_refused_before_any_request(url: str, words: str) -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return _html()

    (err,) = _read([url], handler)
    assert isinstance(err, BlockedAddress)
    assert words in str(err) and "--allow-private" in str(err) and url in str(err)
    assert asked == []


def test_allow_private_lets_a_local_address_through() -> None:
    (report,) = _read(["http://intranet.example/page"], lambda r: _html(), allow_private=True)
    assert isinstance(report, Report)


def test_a_redirect_to_a_private_address_is_refused() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.headers["host"] + request.url.path)
        if request.headers["host"] == "news.example":
            return httpx.Response(302, headers={"location": "http://intranet.example/secret"})
        return _html()

    (err,) = _read(["https://news.example/go"], handler)
    assert isinstance(err, BlockedAddress) and "10.0.0.5" in str(err)
    assert asked == ["news.example/go"]


def test_the_request_goes_to_the_checked_address_not_a_second_dns_answer() -> None:
    """DNS rebinding: the name is resolved once, checked, and that address is connected to,
    with the name kept for the Host header and TLS."""
    seen: list[tuple[str, str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(
            (str(request.url), request.headers["host"], request.extensions.get("sni_hostname"))
        )
        return _html()

    _read(["https://news.example:8443/a?b=1"], handler)
    assert seen == [("https://93.184.216.34:8443/a?b=1", "news.example:8443", "news.example")]


def test_public_redirects_are_followed_and_counted() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "https://cdn.example/new"})
        if request.url.path == "/loop":
            return httpx.Response(302, headers={"location": "/loop"})
        return _html()

    with _client(handler) as client:
        got = fetch("https://news.example/old", client=client, resolver=resolver)
        assert got.final_url == "https://cdn.example/new" and b"pickup" in got.body
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetch("https://news.example/loop", client=client, resolver=resolver)


def test_a_body_over_the_cap_is_cut_off_while_streaming() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        chunks = (b"<p>" + b"x" * 1000 + b"</p>" for _ in range(10_000))  # ~10 MB, no length
        return httpx.Response(200, headers={"content-type": "text/html"}, content=chunks)

    with _client(handler) as client, pytest.raises(FetchError, match="over the 5.0 MB limit"):
        fetch(
            "https://news.example/big", client=client, resolver=resolver, max_bytes=5 * 1024 * 1024
        )


def test_a_declared_length_over_the_cap_is_refused_without_reading() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"content-type": "text/html", "content-length": str(60 * 1024 * 1024)},
            content=b"tiny",
        )

    with _client(handler) as client, pytest.raises(FetchError, match="60.0 MB"):
        fetch("https://news.example/big", client=client, resolver=resolver)


@pytest.mark.parametrize(
    "response, words",
    [
        (
            httpx.Response(200, headers={"content-type": "image/png"}, content=b"\x89PNG"),
            "unsupported content type 'image/png'",
        ),
        (httpx.Response(404, text="gone"), "HTTP 404"),
        (httpx.Response(503, text="busy"), "HTTP 503"),
    ],
)
def test_bad_responses_are_one_line_errors(response: httpx.Response, words: str) -> None:
    (err,) = _read(["https://news.example/x"], lambda r: response)
    assert isinstance(err, FetchError) and words in str(err) and "\n" not in str(err)


@pytest.mark.parametrize(
    "exc, words",
    [
        (httpx.ConnectError("connection refused"), "could not fetch"),
        (httpx.ReadTimeout("slow"), "timed out"),
    ],
)
def test_unreachable_urls_are_errors_and_the_next_input_is_read(exc: Exception, words: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/down":
            raise exc
        return _html()

    items = _read(["https://news.example/down", "https://news.example/up"], handler)
    assert isinstance(items[0], FetchError) and words in str(items[0])
    assert isinstance(items[1], Report)


def test_unknown_host_and_bad_scheme_are_errors() -> None:
    items = _read(["https://no-such-host.example/", "http://"], lambda r: _html())
    assert "cannot resolve host" in str(items[0])
    assert "no host" in str(items[1])
    with _client(lambda r: _html()) as client, pytest.raises(FetchError, match="scheme"):
        fetch("ftp://news.example/file", client=client, resolver=resolver)


def test_jsonl_and_csv_urls_are_read_as_records() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".csv"):
            return httpx.Response(
                200, headers={"content-type": "text/csv"}, text="id,text\nc1,Shelling hit Ariha.\n"
            )
        body = json.dumps({"id": "j1", "text": "A strike hit Binnish."}) + "\n"
        return httpx.Response(200, headers={"content-type": "application/x-ndjson"}, text=body)

    items = _read(["https://news.example/a.jsonl", "https://news.example/b.csv"], handler)
    assert [(i.id, i.origin) for i in items] == [  # type: ignore[union-attr]
        ("j1", "https://news.example/a.jsonl:1"),
        ("c1", "https://news.example/b.csv:2"),
    ]


def test_rss_entries_become_reports_with_dates_ids_and_outlet(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Report", "Report"]
    first, second = items
    assert isinstance(first, Report) and isinstance(second, Report)
    assert (first.id, first.published, first.source) == (
        "obs-1001",
        dt.date(2019, 5, 12),
        "Orontes Observer",
    )
    assert first.text == "A drone strike killed two men in a truck."
    assert second.id == "https://observer.example/kafr-nabl"  # no guid: its link
    assert second.published == dt.date(2019, 5, 13)


def test_atom_feed_url_with_linked_pages_fetched() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["host"] == "observer.example" and request.url.path == "/feed":
            return httpx.Response(200, headers={"content-type": "application/atom+xml"}, text=ATOM)
        return _html()

    (report,) = _read(["https://observer.example/feed"], handler, fetch_pages=True)
    assert isinstance(report, Report)
    assert report.id == "urn:fn:7" and report.url == "https://notes.example/7"
    assert "pickup truck" in report.text  # the linked page's text, not the entry summary
    (plain,) = _read(["https://observer.example/feed"], handler)
    assert plain.text == "A clinic in Atarib was damaged by an airstrike."  # type: ignore[union-attr]
    assert plain.published == dt.date(2020, 2, 2)  # type: ignore[union-attr]


def test_a_feed_entry_whose_page_is_blocked_falls_back_to_its_summary(tmp_path: Path) -> None:
    feed = RSS.replace("https://observer.example/drone", "http://intranet.example/drone")
    path = tmp_path / "feed.xml"
    path.write_text(feed, encoding="utf-8")
    with _client(lambda r: _html()) as client:
        items = list(read_inputs([str(path)], fetch_pages=True, client=client, resolver=resolver))
    assert isinstance(items[0], BlockedAddress)
    assert isinstance(items[1], Report) and "killed two men" in items[1].text
    assert isinstance(items[2], Report) and "pickup truck" in items[2].text


def test_a_broken_feed_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>x</title>", encoding="utf-8")
    (err,) = list(read_inputs([str(path)]))
    assert isinstance(err, InputError) and str(err).startswith(str(path))


class _Trickle:
    """A real HTTP server on loopback that sends its answer one byte every ``pause`` seconds
    (headers only when ``head_slow``, else quick headers and a trickling body)."""

    def __init__(self, head_slow: bool, pause: float = 0.25, body_bytes: int = 60) -> None:
        import socket
        import threading

        self.head_slow, self.pause, self.body_bytes = head_slow, pause, body_bytes
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        import time

        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(4096)
                body = b"x" * self.body_bytes
                head = (
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: "
                    + b"p" * 40
                    + b"\r\nContent-Length: %d\r\n\r\n" % len(body)
                )
                try:
                    if not self.head_slow:
                        conn.sendall(head)
                    for byte in head + body if self.head_slow else body:
                        if self.stop.is_set():
                            return
                        conn.sendall(bytes([byte]))
                        time.sleep(self.pause)
                except OSError:  # the client hung up
                    continue

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.mark.parametrize("head_slow", [True, False], ids=["headers", "body"])
def test_a_trickling_server_is_cut_off_at_the_total_deadline(head_slow: bool) -> None:
    import time

    server = _Trickle(head_slow)  # would take 0.25 s x 60+ bytes = 15 s or more to finish
    try:
        started = time.monotonic()
        with httpx.Client() as client, pytest.raises(FetchError, match="timed out after 1.5 s"):
            fetch(
                f"http://127.0.0.1:{server.port}/slow",
                client=client,
                allow_private=True,
                timeout=1.5,
            )
        elapsed = time.monotonic() - started
    finally:
        server.close()
    # each read came within 0.25 s, far inside the 1.5 s: only a total deadline stops it here
    assert elapsed < 6, f"the fetch ran {elapsed:.1f} s past its 1.5 s deadline"
