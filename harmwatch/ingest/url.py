"""Fetching URLs safely with an injected `httpx.Client`.

- http(s) only; a size cap enforced while streaming (and from Content-Length);
- one deadline for the whole fetch (connecting, headers, body, redirects), not per read: a
  server that sends a byte at a time would keep every read inside a per-read timeout forever,
  so a timer shuts the connection's socket down when the time is up (`_Deadline`);
- the content type must be one harmwatch reads;
- no private, loopback, link-local, reserved or multicast address unless ``allow_private``:
  the host's resolved addresses are checked before the first request and again before every
  redirect, which is followed by hand (never by httpx).

Name resolution is an injectable function (``resolver(host) -> [ip, ...]``) so tests need no
monkeypatching and no network.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from harmwatch.errors import BlockedAddress, FetchError
from harmwatch.ingest.common import human_size
from harmwatch.settings import get_settings

Resolver = Callable[[str], Sequence[str]]

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
XML_TYPES = ("application/xml", "text/xml")
TEXT_TYPES = ("text/plain", "text/markdown")
JSONL_TYPES = (
    "application/x-ndjson",
    "application/jsonl",
    "application/json-lines",
    "application/json",
    "application/x-jsonlines",
)
CSV_TYPES = ("text/csv", "text/tab-separated-values", "application/csv")
ACCEPTED_TYPES = HTML_TYPES + FEED_TYPES + XML_TYPES + TEXT_TYPES + JSONL_TYPES + CSV_TYPES
REDIRECTS = (301, 302, 303, 307, 308)


def system_resolver(host: str) -> list[str]:
    """Every address the system resolver gives for `host`."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked for
    final_url: str  # after redirects
    content_type: str  # media type only, lower case ("text/html")
    charset: str | None
    body: bytes


def _blocked_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, label in (
        ("is_loopback", "loopback"),
        ("is_unspecified", "unspecified"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, attr):
            return label
    if not ip.is_global:
        return "non-public"
    return None


def check_url(url: str, *, resolver: Resolver, allow_private: bool) -> str | None:
    """Raise `FetchError`/`BlockedAddress` unless `url` may be fetched; return the checked
    address to connect to (None when private addresses are allowed: nothing was checked)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, f"unsupported scheme {parts.scheme!r}", "use an http(s) URL")
    host = parts.hostname
    if not host:
        raise FetchError(url, "URL has no host", "check the URL")
    if allow_private:
        return None
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolver(host)]
        except (OSError, UnicodeError) as err:
            raise FetchError(
                url, f"cannot resolve host {host!r} ({err})", "check the URL"
            ) from None
        except ValueError as err:
            raise FetchError(url, f"resolver gave a bad address ({err})") from None
    if not addresses:
        raise FetchError(url, f"host {host!r} has no address", "check the URL")
    for ip in addresses:
        reason = _blocked_reason(ip)
        if reason:
            raise BlockedAddress(
                url,
                f"refused to fetch a {reason} address ({ip})",
                "pass --allow-private (HARMWATCH_ALLOW_PRIVATE_URLS=1) if you trust it",
            )
    return str(addresses[0])


class _Expired(Exception):
    """The fetch's deadline passed."""


class _Deadline:
    """Ends a fetch that outlasts ``seconds`` in all. Each request's timeouts are capped by the
    time left, and a timer shuts down the socket of every connection the fetch opened (seen
    through httpcore's ``trace`` extension), so a read blocked on a trickling server returns at
    once. Requests ask for ``Connection: close``, so no pooled connection (whose socket this
    would not see) is reused."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()

    def left(self) -> float:
        """Seconds left; raises `_Expired` when none are."""
        left = self.ends - time.monotonic()
        if left <= 0 or self.expired:
            self.expire()
            raise _Expired
        return left

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                if self.expired:
                    _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed
        pass


def _pinned_request(
    client: httpx.Client, url: str, address: str | None, deadline: _Deadline
) -> httpx.Request:
    """A GET to the checked address itself (Host header and TLS name kept), so that a second
    DNS answer (DNS rebinding) cannot send the request somewhere else."""
    timeout = httpx.Timeout(deadline.left())
    extensions: dict[str, Any] = {"trace": deadline.trace}
    headers = {"Connection": "close"}
    if address is None:
        return client.build_request(
            "GET", url, headers=headers, timeout=timeout, extensions=extensions
        )
    target = httpx.URL(url)
    host = target.host
    shown = f"[{host}]" if ":" in host else host
    headers["Host"] = shown if target.port is None else f"{shown}:{target.port}"
    return client.build_request(
        "GET",
        target.copy_with(host=address),
        headers=headers,
        timeout=timeout,
        extensions={**extensions, "sni_hostname": host},
    )


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip('"') or None
    return media.strip().lower(), charset


def fetch(
    url: str,
    *,
    client: httpx.Client,
    allow_private: bool | None = None,
    resolver: Resolver = system_resolver,
    max_bytes: int | None = None,
    timeout: float | None = None,
    max_redirects: int = 5,
    accept: Sequence[str] = ACCEPTED_TYPES,
) -> Fetched:
    """GET `url` within the limits above, in at most ``timeout`` seconds in all (default:
    the fetch_timeout setting). Raises `FetchError` (or `BlockedAddress`)."""
    settings = get_settings()
    allow = settings.allow_private_urls if allow_private is None else allow_private
    wait = settings.fetch_timeout if timeout is None else timeout
    with _Deadline(wait) as deadline:
        try:
            return _fetch(url, client, allow, resolver, max_bytes, deadline, max_redirects, accept)
        except _Expired:
            pass
        except httpx.HTTPError as err:
            if not deadline.expired:
                raise FetchError(
                    url,
                    f"could not fetch ({type(err).__name__}: {err})",
                    "check the URL and network",
                ) from None
    raise FetchError(
        url,
        f"timed out after {wait:g} s (headers and body in all)",
        "retry later or raise HARMWATCH_FETCH_TIMEOUT",
    )


def _fetch(
    url: str,
    client: httpx.Client,
    allow: bool,
    resolver: Resolver,
    max_bytes: int | None,
    deadline: _Deadline,
    max_redirects: int,
    accept: Sequence[str],
) -> Fetched:
    limit = get_settings().max_report_bytes if max_bytes is None else max_bytes
    current = url
    for _ in range(max_redirects + 1):
        address = check_url(current, resolver=resolver, allow_private=allow)
        try:
            request = _pinned_request(client, current, address, deadline)
            with closing(client.send(request, stream=True, follow_redirects=False)) as resp:
                if resp.status_code in REDIRECTS and "location" in resp.headers:
                    current = urljoin(current, resp.headers["location"])
                    continue
                if resp.status_code >= 400:
                    raise FetchError(
                        url, f"server answered HTTP {resp.status_code}", "check the URL"
                    )
                media, charset = _media_type(resp.headers.get("content-type"))
                if media not in accept:
                    raise FetchError(
                        url,
                        f"unsupported content type {media or 'none'!r}",
                        "harmwatch reads HTML, text, RSS/Atom, JSONL and CSV",
                    )
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(
                        url,
                        f"page is {human_size(int(declared))}, over the {human_size(limit)} limit",
                        "raise HARMWATCH_MAX_REPORT_BYTES",
                    )
                body = bytearray()
                for chunk in resp.iter_bytes():
                    deadline.left()  # raises when the time is up
                    body += chunk
                    if len(body) > limit:
                        raise FetchError(
                            url,
                            f"page is over the {human_size(limit)} limit",
                            "raise HARMWATCH_MAX_REPORT_BYTES",
                        )
                return Fetched(url, current, media, charset, bytes(body))
        except httpx.TimeoutException:
            raise _Expired from None
        except httpx.InvalidURL as err:
            raise FetchError(
                url, f"could not fetch ({type(err).__name__}: {err})", "check the URL and network"
            ) from None
    raise FetchError(url, f"more than {max_redirects} redirects", "use the final URL")
