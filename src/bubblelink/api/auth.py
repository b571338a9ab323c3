"""Bearer-token authentication for every request (pure ASGI middleware)."""

from __future__ import annotations

import secrets

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send


class BearerAuth:
    """Reject any HTTP request without ``Authorization: Bearer <token>`` (401).

    The scheme is case-insensitive (RFC 7235: ``bearer``, ``BEARER`` are accepted); the
    token is compared in constant time.

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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._expected is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope.get("headers", []) if k == b"authorization"), b"")
        scheme, _, credentials = given.strip().partition(b" ")
        if scheme.lower() == b"bearer" and secrets.compare_digest(
            credentials.strip(), self._expected
        ):
            await self.app(scope, receive, send)
            return
        detail = (
            "missing bearer token: send 'Authorization: Bearer <token>'"
            if not given
            else "invalid bearer token"
        )
        response = JSONResponse(
            {"detail": detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
        await response(scope, receive, send)
