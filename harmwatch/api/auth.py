"""Routes: log in and out, who am I, and the app's configuration."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from sqlalchemy.orm import Session

from harmwatch import __version__
from harmwatch.api.schemas import ConfigPublic, LoginRequest, SessionPublic, UserPublic
from harmwatch.api.security import (
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    Principal,
    client_address,
    current_principal,
    get_db,
)
from harmwatch.auth import authenticate, end_session
from harmwatch.errors import AuthError

router = APIRouter(prefix="/api", tags=["auth"])


def _session_public(request: Request, principal: Principal | None) -> SessionPublic:
    user = UserPublic(name=principal.user.name, role=principal.user.role) if principal else None
    csrf = principal.csrf if principal and principal.via_cookie else None
    return SessionPublic(
        user=user, csrf_token=csrf, anonymous_read=request.app.state.anonymous_read
    )


@router.post("/login", response_model=SessionPublic)
def login(
    body: LoginRequest, request: Request, response: Response, db: Session = Depends(get_db)
) -> SessionPublic:
    """Check a name and password and start a cookie session (rate-limited: 5 attempts per user
    name and per client address in 5 minutes, counted before the password is checked)."""
    limiter = request.app.state.login_limiter
    address = client_address(request, request.app.state.trusted_proxies)
    keys = (f"ip:{address}", f"user:{body.name}")
    wait = limiter.attempt(db, *keys)
    if wait:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many failed logins: try again in {wait} seconds",
            headers={"Retry-After": str(wait)},
        )
    try:
        user = authenticate(db, body.name, body.password)
    except AuthError as err:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(err)) from None
    cookie, csrf = request.app.state.sessions.issue(db, user)
    db.commit()  # the session (and a rehashed password)
    limiter.succeeded(db, *keys)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return _session_public(request, Principal(user, via_cookie=True, csrf=csrf))


@router.post("/logout", response_model=SessionPublic)
def logout(request: Request, response: Response, db: Session = Depends(get_db)) -> SessionPublic:
    """End the cookie session, on the server too: a saved copy of the cookie stops working."""
    cookie = request.cookies.get(SESSION_COOKIE)
    key = request.app.state.sessions.key(cookie) if cookie else None
    if key:
        end_session(db, key)
        db.commit()
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return _session_public(request, None)


@router.get("/me", response_model=SessionPublic)
def me(request: Request, principal: Principal | None = Depends(current_principal)) -> SessionPublic:
    """The logged-in user (or none), the CSRF token for writes, and whether reading is open."""
    return _session_public(request, principal)


@router.get("/config", response_model=ConfigPublic)
def config(request: Request) -> ConfigPublic:
    """What the web app needs to start: the tile URL and whether reading is open."""
    settings = request.app.state.settings
    return ConfigPublic(
        version=__version__,
        tile_url=settings.tile_url,
        anonymous_read=request.app.state.anonymous_read,
    )
