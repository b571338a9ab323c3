"""A per-client rate limit on ``/api/`` and ``/login`` (pure ASGI middleware, token bucket).

Each client address has a bucket of ``burst`` requests refilled at ``rate`` per second;
a request finding it empty gets ``429 Too Many Requests`` with ``Retry-After`` (whole
seconds until one request is allowed again) and is not processed. The client is the
connection's address (``X-Forwarded-For`` is not trusted: any client could set it). Off
unless ``bubblelink serve --rate-limit`` is given: on loopback every client, the
dashboard included, has the address 127.0.0.1.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

#: Client addresses remembered (least recently seen dropped beyond it).
MAX_CLIENTS = 10_000
LIMITED_PREFIXES = ("/api/", "/login")


class RateLimit:
    """Token-bucket limit per client address (module docstring).

    Parameters
    ----------
    app : ASGI app
        The wrapped application.
    rate : float or None
        Requests per second refilled; None disables the limit.
    burst : int
        Bucket size: requests a client may send at once.
    clock : callable
        Seconds (monotonic); a parameter for the tests.
    """

    def __init__(
        self,
        app: ASGIApp,
        rate: float | None,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.rate = rate
        self.burst = float(burst)
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, client: str) -> float:
        """Take one request from ``client``'s bucket: 0 when allowed, else seconds to wait."""
        assert self.rate is not None
        now = self._clock()
        tokens, seen = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - seen) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
        return wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.rate is None
            or scope["type"] != "http"
            or not str(scope.get("path", "")).startswith(LIMITED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.allow(client[0] if client else "unknown")
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        response = JSONResponse(
            {
                "detail": f"too many requests: at most {self.rate:g} per second per client "
                f"(bursts of {self.burst:g}); retry in {seconds} s"
            },
            status_code=429,
            headers={"Retry-After": str(seconds)},
        )
        await response(scope, receive, send)
