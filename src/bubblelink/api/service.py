"""The glue between endpoints and analyses: store access, caching, serialisation.

An endpoint names its analysis, passes its query model and a function of the open
store; :class:`AnalysisService` answers from the cache when the same parameters were
already computed on the same store state, else runs the analysis (holding the store)
and caches the result object. JSON and chart bodies are cached as bytes too, so a
repeated request costs a dictionary lookup and the state-token query.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any

import plotly.graph_objects as go
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bubblelink.analytics._result import plain
from bubblelink.api.cache import ResultCache
from bubblelink.api.params import QueryModel
from bubblelink.api.store_access import StoreAccess
from bubblelink.report.analyses import Analysis
from bubblelink.report.charts import figure_json
from bubblelink.store import Store

AnalysisFn = Callable[[Store], Analysis]
ChartFn = Callable[[Analysis], go.Figure]


def json_bytes(value: Any) -> bytes:
    """Strict JSON (NaN and infinities become null) as UTF-8 bytes."""
    return json.dumps(plain(value), allow_nan=False, default=str, separators=(",", ":")).encode()


class AnalysisService:
    """Runs analyses for the endpoints with per-(parameters, store state) caching.

    Parameters
    ----------
    access : StoreAccess
        The shared store.
    cache : ResultCache
        Where results and rendered bodies are kept.
    """

    def __init__(self, access: StoreAccess, cache: ResultCache) -> None:
        self.access = access
        self.cache = cache

    def _key(self, name: str, query: QueryModel | None) -> Hashable:
        params = query.key() if query is not None else ()
        return (name, params, self.access.state_token())

    async def _respond(self, key: Hashable, render: Callable[[], bytes]) -> Response:
        """Serve ``key`` from the cache on the event loop; compute in a worker thread."""
        found, body = self.cache.peek(key)
        if not found:
            body = await run_in_threadpool(self.cache.get_or_compute, key, render)
        return Response(body, media_type="application/json")

    async def json_async(self, name: str, query: QueryModel | None, run: AnalysisFn) -> Response:
        """:meth:`json` for ``async`` endpoints (a cache hit never leaves the event loop)."""
        if not self.access.is_open:
            await run_in_threadpool(self.access.state_token)
        key = self._key(name, query)
        return await self._respond(
            ("json", key), lambda: json_bytes(self.analysis(key, run).to_dict())
        )

    async def chart_async(
        self, name: str, query: QueryModel | None, run: AnalysisFn, draw: ChartFn
    ) -> Response:
        """:meth:`chart` for ``async`` endpoints."""
        if not self.access.is_open:
            await run_in_threadpool(self.access.state_token)
        key = self._key(name, query)
        return await self._respond(
            ("chart", key), lambda: figure_json(draw(self.analysis(key, run))).encode()
        )

    def analysis(self, key: Hashable, run: AnalysisFn) -> Analysis:
        """The cached analysis of ``key``, running ``run`` on the store when missing."""

        def compute() -> Analysis:
            with self.access.open() as store:
                return run(store)

        return self.cache.get_or_compute(("analysis", key), compute)

    def json(self, name: str, query: QueryModel | None, run: AnalysisFn) -> Response:
        """The analysis as JSON (``Analysis.to_dict()``)."""
        key = self._key(name, query)
        body = self.cache.get_or_compute(
            ("json", key), lambda: json_bytes(self.analysis(key, run).to_dict())
        )
        return Response(body, media_type="application/json")
