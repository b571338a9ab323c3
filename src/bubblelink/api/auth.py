"""Token authentication for every request (pure ASGI middleware): a header or a cookie.

A request is authenticated by ``Authorization: Bearer <token>`` (scripts) or by the
session cookie the login page sets (the dashboard in a browser: a page cannot add the
header to its own navigation). The cookie holds ``HMAC-SHA256(token, "bubblelink
session")``, never the token itself; it is ``HttpOnly`` (scripts cannot read it),
``SameSite=Strict`` (no other site's page can send it) and ``Secure`` over https.
Changing the server's token invalidates every cookie; ``/logout`` deletes it.

Unauthenticated: ``GET /`` redirects to ``/login``; anything else answers 401 with
``{"detail": ...}``. ``/login`` and ``/logout`` are open.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie

from starlette.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

#: The session cookie's name.
COOKIE = "bubblelink_session"
#: Paths answered without authentication (the login form and logout).
OPEN_PATHS = frozenset({"/login", "/logout"})


def session_value(token: str) -> str:
    """The session cookie's value for ``token`` (an HMAC of it, not the token)."""
    return hmac.new(token.encode(), b"bubblelink session", hashlib.sha256).hexdigest()


def _header(scope: Scope, name: bytes) -> bytes:
    return next((v for k, v in scope.get("headers", []) if k == name), b"")


def cookie_of(scope: Scope, name: str = COOKIE) -> str | None:
    """The value of cookie ``name`` in the request, or None."""
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw.decode("latin-1"))
    except Exception:  # a malformed Cookie header authenticates nothing
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


class BearerAuth:
    """Reject any HTTP request without the token (module docstring).

    The bearer scheme is case-insensitive (RFC 7235: ``bearer``, ``BEARER`` are
    accepted); the token and the cookie are compared in constant time.

    Parameters
    ----------
    app : ASGI app
        The wrapped application.
    token : str or None
        The expected token; None disables the check.
    """

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self._expected = token.encode() if token else None
        self._session = session_value(token).encode() if token else None

    def authenticated(self, scope: Scope) -> bool:
        """True when the request carries the bearer token or the session cookie."""
        if self._expected is None or self._session is None:
            return True
        given = _header(scope, b"authorization")
        scheme, _, credentials = given.strip().partition(b" ")
        if scheme.lower() == b"bearer" and secrets.compare_digest(
            credentials.strip(), self._expected
        ):
            return True
        cookie = cookie_of(scope)
        return cookie is not None and secrets.compare_digest(
            cookie.encode("latin-1", "replace"), self._session
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self._expected is None
            or scope["type"] != "http"
            or scope.get("path") in OPEN_PATHS
            or self.authenticated(scope)
        ):
            await self.app(scope, receive, send)
            return
        if scope.get("path") == "/" and scope.get("method") in ("GET", "HEAD"):
            await RedirectResponse("/login", status_code=303)(scope, receive, send)
            return
        given = _header(scope, b"authorization")
        detail = (
            "missing bearer token: send 'Authorization: Bearer <token>' (or log in at /login)"
            if not given
            else "invalid bearer token"
        )
        response = JSONResponse(
            {"detail": detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
        await response(scope, receive, send)
