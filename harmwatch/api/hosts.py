"""Answer only requests addressed to this server by a name it knows (the ``Host`` header).

Anonymous reading is on for a loopback bind, so without this check a web page on any site could
read the database through DNS rebinding: its name first resolves to the attacker's server, then
to 127.0.0.1, and the browser, seeing the same origin, lets the page read the answers. Such a
request still carries the attacker's name in ``Host``; any name not allowed here gets HTTP 400.

Allowed: ``localhost``, ``127.0.0.1``, ``[::1]``, the bind address, and the ``allowed_hosts``
setting (``harmwatch serve --allowed-host``; ``*`` allows any). On a wildcard bind (0.0.0.0 or
::) the machine's own host name and any IP address are allowed too: a rebinding page cannot
make a browser send an IP address as its ``Host``.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from harmwatch.settings import Settings

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
WILDCARD_BINDS = ("0.0.0.0", "::", "[::]", "")


def host_name(value: str) -> str:
    """The name in a Host header, without its port, lower case ("[::1]:8000" -> "[::1]")."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[: end + 1] if end > 0 else value
    name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    if ":" in name:  # a bare IPv6 address (not valid in a Host header, but be exact)
        name = f"[{name}]"
    return name.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class HostPolicy:
    names: frozenset[str]
    any_name: bool = False
    any_ip: bool = False

    def allows(self, name: str) -> bool:
        return self.any_name or name in self.names or (self.any_ip and _is_ip(name))


def host_policy(settings: Settings, extra: Iterable[str] = ()) -> HostPolicy:
    """The names a server bound to ``settings.host`` answers to."""
    configured = [*settings.allowed_hosts, *extra]
    names = {host_name(name) for name in (*LOOPBACK_NAMES, settings.host, *configured)}
    wildcard = settings.host.strip() in WILDCARD_BINDS
    if wildcard:
        names |= {host_name(socket.gethostname()), host_name(socket.getfqdn())}
    names.discard("")
    return HostPolicy(frozenset(names), any_name="*" in configured, any_ip=wildcard)


class AllowedHosts:
    """ASGI middleware: HTTP 400 for a request whose Host is not allowed by ``policy``."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app, self.policy = app, policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            name = host_name(Headers(scope=scope).get("host", ""))
            if not self.policy.allows(name):
                response = JSONResponse(
                    {
                        "detail": f"this server does not answer to host {name or '(none)'!r}: "
                        "use http://localhost or the address it was started on, or allow the "
                        "name with `harmwatch serve --allowed-host NAME` "
                        "(HARMWATCH_ALLOWED_HOSTS)"
                    },
                    status_code=400,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
