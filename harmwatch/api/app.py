"""The FastAPI application: the REST API under /api, the web app at / (static files, no build).

from harmwatch.api.app import create_app
app = create_app("sqlite:///harmwatch.db")     # then: uvicorn, or `harmwatch serve`
"""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.types import ASGIApp, Receive, Scope, Send

from harmwatch import __version__
from harmwatch.api import auth, basemap, export, incidents, places, reports, review, stats, views
from harmwatch.api.hosts import AllowedHosts, host_policy
from harmwatch.api.security import LoginLimiter, Sessions, anonymous_read_allowed, networks
from harmwatch.errors import (
    AuthError,
    EditConflict,
    HarmwatchError,
    NotFound,
    ResolveError,
    StoreError,
)
from harmwatch.settings import Settings, get_settings
from harmwatch.store.db import get_engine, normalise_url, sessionmaker_for

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


def tile_origin(tile_url: str) -> str:
    """The CSP source for a tile URL template ("https://{s}.tile.x.org/..." -> "https://*.tile.x.org")."""
    if not tile_url:
        return ""
    parts = urlsplit(tile_url.replace("{s}", "a"))
    host = parts.netloc
    if "{s}" in tile_url:
        host = "*." + host.split(".", 1)[1] if "." in host else host
    return f"{parts.scheme}://{host}" if parts.scheme in ("http", "https") and host else ""


def content_security_policy(settings: Settings) -> str:
    img = " ".join(filter(None, ["'self'", "data:", tile_origin(settings.tile_url)]))
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeaders(BaseHTTPMiddleware):
    def __init__(self, app: object, csp: str) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.headers = {
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
            "Cross-Origin-Opener-Policy": "same-origin",
            "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
        }

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class InFlightLimit:
    """At most ``limit`` API requests at a time; the others wait for their turn here, in the
    event loop.

    Each API request holds a pooled database connection until its session is closed, which a
    worker thread does after the response. With more requests in flight than connections, the
    worker threads all end up waiting for a connection that only a worker thread could give
    back, and the server stalls until the pool's timeout (seen at 50 requests/s). So: no more
    requests at once than the pool has connections.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self._turns: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        if self._turns is None or self._turns[0] is not loop:  # one per event loop
            self._turns = (loop, asyncio.Semaphore(self.limit))
        async with self._turns[1]:
            await self.app(scope, receive, send)


def pool_capacity(engine: Engine, default: int = 32) -> int:
    """How many connections the engine's pool hands out at most (QueuePool: size + overflow)."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        return max(1, pool.size() + max(0, getattr(pool, "_max_overflow", 0)))
    return default


def _error(status: int):  # type: ignore[no-untyped-def]
    async def handler(_request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status)

    return handler


async def _conflict(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, EditConflict)
    body = {"detail": str(exc), "changes": exc.changes, "version": exc.version}
    return JSONResponse(body, status_code=409)


def create_app(db_url: str | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app for one database. The database is migrated to the latest schema first."""
    from harmwatch.api import docs, validation
    from harmwatch.store.migrate import upgrade

    settings = settings or get_settings()
    url = normalise_url(db_url or settings.database_url)
    upgrade(url)

    app = FastAPI(
        title="harmwatch",
        version=__version__,
        description=(
            "Incidents of harm to civilians, each value with the report sentence it rests on. "
            "Read with a session cookie (POST /api/login) or `Authorization: Bearer <token>` "
            "(`harmwatch user add`); writes need an analyst."
        ),
        docs_url=None,  # harmwatch.api.docs serves /docs from the package, not from a CDN
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.settings = settings
    app.state.db_url = url
    app.state.sessionmaker = sessionmaker_for(url)
    app.state.sessions = Sessions(settings.secret_key or secrets.token_urlsafe(32))
    app.state.login_limiter = LoginLimiter()
    app.state.trusted_proxies = networks(settings.trusted_proxies)
    app.state.anonymous_read = anonymous_read_allowed(settings)

    app.add_middleware(SecurityHeaders, csp=content_security_policy(settings))
    app.add_middleware(InFlightLimit, limit=pool_capacity(get_engine(url)))
    app.add_middleware(AllowedHosts, policy=host_policy(settings))  # outermost: checked first
    app.add_exception_handler(NotFound, _error(404))
    app.add_exception_handler(EditConflict, _conflict)
    app.add_exception_handler(AuthError, _error(401))
    app.add_exception_handler(ResolveError, _error(409))
    app.add_exception_handler(StoreError, _error(422))
    app.add_exception_handler(HarmwatchError, _error(400))
    validation.install(app)  # FastAPI's 422, writable whatever the refused input

    for module in (incidents, reports, stats, export, auth, basemap, docs, places, review, views):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False, response_class=FileResponse)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def app_from_environment() -> FastAPI:
    """The app of one worker process of `serve(workers=N)`, from the HARMWATCH_* variables
    that `serve` sets for its workers (database, address, the shared session key)."""
    return create_app(None, Settings())


def serve(
    db_url: str | None = None,
    host: str | None = None,
    port: int | None = None,
    workers: int = 1,
    allowed_hosts: list[str] | None = None,
) -> None:
    """Run the app with uvicorn until interrupted (what `harmwatch serve` does). ``workers``
    > 1: that many processes share the port (each with its own caches; sessions and login
    limits are in the database). ``allowed_hosts``: Host names to answer besides the loopback
    names and the bind address (added to the setting)."""
    import json
    import os

    import uvicorn

    settings = get_settings()
    # uvicorn's default believes X-Forwarded-For (and -Proto) from 127.0.0.1, so anyone on this
    # machine could pose as any client address to the login limit: believe them only from the
    # trusted_proxies setting (the app checks it again: harmwatch.api.security.client_address)
    proxies: dict[str, Any] = (
        {"proxy_headers": True, "forwarded_allow_ips": list(settings.trusted_proxies)}
        if settings.trusted_proxies
        else {"proxy_headers": False}
    )
    # settings.host decides whether anonymous reading is on, so it must be the real bind address.
    settings = settings.model_copy(
        update={
            "host": host or settings.host,
            "port": port or settings.port,
            "allowed_hosts": [*settings.allowed_hosts, *(allowed_hosts or [])],
        }
    )
    if workers <= 1:
        app = create_app(db_url, settings=settings)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", **proxies)
        return
    from harmwatch.store.migrate import upgrade

    url = normalise_url(db_url or settings.database_url)
    upgrade(url)  # once, before the workers start
    os.environ.update(
        HARMWATCH_DATABASE_URL=url,
        HARMWATCH_HOST=settings.host,
        HARMWATCH_PORT=str(settings.port),
        # one key for all workers, or a cookie signed by one is refused by the others
        HARMWATCH_SECRET_KEY=settings.secret_key or secrets.token_urlsafe(32),
        HARMWATCH_ALLOWED_HOSTS=json.dumps(settings.allowed_hosts),
    )
    import socket

    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "harmwatch.api.app:app_from_environment",
        factory=True,
        workers=workers,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        **proxies,
    )
    # as uvicorn.run does for workers, but with TCP_NODELAY on the shared socket (the accepted
    # connections inherit it): asyncio sets it only on sockets made for TCP by name, and
    # without it each small response waits some 40 ms for the client's delayed ACK
    sock = config.bind_socket()
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass
