"""``/login`` (a form: the token in, the session cookie out) and ``/logout``.

The dashboard's page and its requests are same-origin, so once the browser holds the
session cookie (:mod:`bubblelink.api.auth`) every request it sends is authenticated
without any change to the page's scripts.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bubblelink.api.auth import COOKIE, session_value

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "login.html"
#: The form's body is a token: anything longer is not one.
MAX_BODY = 4096
WRONG = "Wrong token: enter the token the server was started with."
#: The page needs nothing but itself (inline style, a form posting to itself).
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


@lru_cache(maxsize=1)
def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def login_page(error: str | None = None, status_code: int = 200) -> HTMLResponse:
    """The form, with ``error`` (a constant text, never user input) above it."""
    html = _template()
    if error:
        html = html.replace("<!--error-->", f'<p class="error" role="alert">{error}</p>')
    return HTMLResponse(html, status_code=status_code, headers=HEADERS)


def build_router(token: str | None) -> APIRouter:
    """``GET/POST /login`` and ``GET/POST /logout`` for a server expecting ``token``."""
    router = APIRouter(include_in_schema=False)
    expected = token.encode() if token else None

    @router.get("/login")
    def form() -> Response:
        if expected is None:  # no token: nothing to log in to
            return RedirectResponse("/", status_code=303)
        return login_page()

    @router.post("/login")
    async def submit(request: Request) -> Response:
        if expected is None or token is None:
            return RedirectResponse("/", status_code=303)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return login_page(WRONG, status_code=401)
        fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=4)
        given = (fields.get("token") or [""])[0].strip().encode()
        if not secrets.compare_digest(given, expected):
            return login_page(WRONG, status_code=401)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            COOKIE,
            session_value(token),
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response

    @router.api_route("/logout", methods=["GET", "POST"])
    def logout(request: Request) -> Response:
        response = RedirectResponse("/login" if expected else "/", status_code=303)
        response.delete_cookie(
            COOKIE, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https"
        )
        return response

    return router
