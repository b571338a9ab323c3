"""How errors become HTTP answers: ``{"detail": "<one-line message>"}``, never a trace.

* unknown symbol (:class:`UnknownSymbolError`) → 404;
* other :class:`DataError` and :class:`ConfigError` (the request cannot be answered from
  the data, or its inputs break a rule) → 422;
* invalid query parameters → 422 naming the parameter;
* :class:`StoreError` (no store, cannot open it) → 503; :class:`ProviderError` → 502;
* anything else → 500 with a generic message (the trace goes to the server log only).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from bubblelink.errors import (
    BubblelinkError,
    ConfigError,
    DataError,
    ProviderError,
    StoreError,
    UnknownSymbolError,
)
from bubblelink.service.params import validation_message

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


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers of the module docstring on ``app``."""

    @app.exception_handler(BubblelinkError)
    async def _bubblelink(_: Request, exc: BubblelinkError) -> JSONResponse:
        return JSONResponse({"detail": one_line(str(exc))}, status_code=status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        detail = validation_message(exc.errors())
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s", request.url.path)
        return JSONResponse(
            {"detail": f"internal error ({type(exc).__name__}): see the server log"},
            status_code=500,
        )
