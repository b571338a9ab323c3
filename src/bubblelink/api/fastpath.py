"""Answers already computed, sent without routing or parameter parsing (pure ASGI).

Parsing a request's query into its parameter model and routing it costs FastAPI a few
milliseconds of CPU; a cached answer costs a dictionary lookup. :class:`CachedAnswers`
looks a ``GET /api/...`` request up by its exact path and raw query string (and the
store's state and the user files, like every cache key): an identical request answered
200 before gets the same bytes at once. Anything else goes through the application, which
records what it answers (:meth:`AnalysisService.respond`). Authentication and the rate
limit sit outside this layer and still apply to every request.

When the worker pool is full, a request that is not answered here would only be refused
after parsing; it is refused at once instead (503 with ``Retry-After``), so a flood of
uncached requests costs the server next to nothing. ``/api/health`` always answers, and
a request identical to one waiting for its computation goes through (it joins it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from bubblelink.api.service import AnalysisService

HEADERS = [(b"content-type", b"application/json")]


class CachedAnswers:
    """Serve repeated ``GET /api/...`` requests from :attr:`AnalysisService.answers`.

    Parameters
    ----------
    app : ASGI app
        The wrapped application.
    service : AnalysisService
        Holds the answers and the store's state.
    """

    def __init__(self, app: ASGIApp, service: AnalysisService) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope.get("method") == "GET"
            and str(scope.get("path", "")).startswith("/api/")
        ):
            key = self.service.answer_key(scope)
            if key is not None:
                found, body = self.service.answers.peek(key)
                if found:
                    headers = [*HEADERS, (b"content-length", str(len(body)).encode())]
                    await send({"type": "http.response.start", "status": 200, "headers": headers})
                    await send({"type": "http.response.body", "body": body})
                    return
            pool = self.service.pool
            if pool.full and scope.get("path") != "/api/health" and key not in self.service.waiting:
                busy = pool.refuse()
                response = JSONResponse(
                    {"detail": str(busy)},
                    status_code=503,
                    headers={"Retry-After": str(busy.retry_after)},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
