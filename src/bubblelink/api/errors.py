"""How errors become HTTP answers: ``{"detail": "<one-line message>"}``, never a trace.

* unknown symbol (:class:`UnknownSymbolError`) → 404;
* other :class:`DataError` and :class:`ConfigError` (the request cannot be answered from
  the data, or its inputs break a rule) → 422;
* invalid query parameters → 422 naming the parameter;
* :class:`StoreError` (no store, cannot open it) → 503; :class:`ProviderError` → 502;
* the worker pool is full, or the computation did not start within the request
  timeout → 503 with ``Retry-After``; it started but did not finish in time → 504 with
  ``Retry-After`` (:mod:`bubblelink.api.workers`); too many requests from one client →
  429 with ``Retry-After`` (:mod:`bubblelink.api.ratelimit`);
* anything else → 500 with a generic message (the trace goes to the server log only).

A remote caller gets :attr:`BubblelinkError.public_message` (no stored-series listing),
with the store's path and the server's package folder taken out and credentials in any
URL masked (:func:`public_detail`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.responses import Response

from bubblelink.api.workers import ClientGone, ComputeTimeout, Overloaded
from bubblelink.errors import (
    BubblelinkError,
    ConfigError,
    DataError,
    ProviderError,
    StoreError,
    UnknownSymbolError,
)
from bubblelink.service.params import validation_message
from bubblelink.service.redaction import redact_urls

#: The folder holding the installed package (``.../site-packages``), never shown remotely.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])

logger = logging.getLogger("bubblelink.api")

#: The error body documented in the OpenAPI schema for every 4xx/5xx answer.
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["detail"],
}


def status_of(exc: BubblelinkError) -> int:
    """The HTTP status of a bubblelink error (see the module docstring)."""
    if isinstance(exc, UnknownSymbolError):
        return 404
    if isinstance(exc, DataError | ConfigError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    if isinstance(exc, ProviderError):
        return 502
    return 400


def one_line(text: str) -> str:
    """The first line of a message (messages are one line; this guarantees it)."""
    return text.strip().splitlines()[0] if text.strip() else "error"


def public_detail(exc: BubblelinkError, store_path: str | Path | None = None) -> str:
    """The one-line message a remote caller sees for ``exc``.

    The error's public message, with the store path replaced by ``the store`` and the
    server's package folder dropped (``bubblelink/data/claims/x.yaml`` stays, to name the file).
    """
    text = redact_urls(one_line(exc.public_message))
    if store_path is not None:
        text = text.replace(str(store_path), "the store")
    return text.replace(_PACKAGE_ROOT + "/", "").replace(_PACKAGE_ROOT, "")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers of the module docstring on ``app``."""

    @app.exception_handler(BubblelinkError)
    async def _bubblelink(request: Request, exc: BubblelinkError) -> JSONResponse:
        service = getattr(request.app.state, "service", None)
        store_path = getattr(getattr(service, "access", None), "path", None)
        detail = public_detail(exc, store_path)
        return JSONResponse({"detail": detail}, status_code=status_of(exc))

    def retry_later(exc: Overloaded | ComputeTimeout, status: int) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

    @app.exception_handler(Overloaded)
    async def _busy(_: Request, exc: Overloaded) -> JSONResponse:
        return retry_later(exc, 503)

    @app.exception_handler(ComputeTimeout)
    async def _slow(_: Request, exc: ComputeTimeout) -> JSONResponse:
        return retry_later(exc, 504)

    @app.exception_handler(ClientGone)
    async def _gone(_: Request, exc: ClientGone) -> Response:
        return Response(status_code=499)  # nobody reads it: the client closed the connection

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": redact_urls(str(e.get("msg", "")))}
            for e in exc.errors()
        ]
        detail = redact_urls(validation_message(exc.errors()))
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s", request.url.path)
        return JSONResponse(
            {"detail": f"internal error ({type(exc).__name__}): see the server log"},
            status_code=500,
        )
