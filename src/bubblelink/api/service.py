"""The glue between endpoints and the service layer: store access, caching, bytes.

An endpoint names its question, passes its parameter model and a function of the open
store (a :mod:`bubblelink.service` call); :class:`AnalysisService` answers from the
cache when the same parameters were already computed on the same store state, else runs
the service function (holding the store) and caches the result. JSON and chart bodies
are cached as bytes too, so a repeated request costs a dictionary lookup. The JSON body
is :meth:`ServiceResult.to_json`, the CLI's ``--format json`` document.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bubblelink.api.cache import ResultCache
from bubblelink.api.store_access import StoreAccess
from bubblelink.service import user_files_token
from bubblelink.service.params import Params

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from bubblelink.service._envelope import ServiceResult
    from bubblelink.service.data import StoreLike

AnalysisFn = Callable[["StoreLike"], "ServiceResult"]
ChartFn = Callable[["ServiceResult"], "go.Figure"]


def _figure_json(fig: go.Figure) -> str:
    from bubblelink.report.charts import figure_json

    return figure_json(fig)


class AnalysisService:
    """Runs analyses for the endpoints with per-(parameters, store state, user files) caching.

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

    def _key(self, name: str, query: Params | None) -> Hashable:
        params = query.key() if query is not None else ()
        return (name, params, self.access.state_token(), user_files_token())

    async def _respond(self, key: Hashable, render: Callable[[], bytes]) -> Response:
        """Serve ``key`` from the cache on the event loop; compute in a worker thread."""
        found, body = self.cache.peek(key)
        if not found:
            body = await run_in_threadpool(self.cache.get_or_compute, key, render)
        return Response(body, media_type="application/json")

    async def json_async(self, name: str, query: Params | None, run: AnalysisFn) -> Response:
        """:meth:`json` for ``async`` endpoints (a cache hit never leaves the event loop)."""
        if not self.access.is_open:
            await run_in_threadpool(self.access.state_token)
        key = self._key(name, query)
        return await self._respond(
            ("json", key), lambda: self.analysis(key, run).to_json().encode()
        )

    async def chart_async(
        self, name: str, query: Params | None, run: AnalysisFn, draw: ChartFn
    ) -> Response:
        """:meth:`chart` for ``async`` endpoints."""
        if not self.access.is_open:
            await run_in_threadpool(self.access.state_token)
        key = self._key(name, query)
        return await self._respond(
            ("chart", key), lambda: _figure_json(draw(self.analysis(key, run))).encode()
        )

    def analysis(self, key: Hashable, run: AnalysisFn) -> ServiceResult:
        """The cached analysis of ``key``, running ``run`` on the store when missing."""

        def compute() -> ServiceResult:
            with self.access.open() as store:
                return run(store)

        return self.cache.get_or_compute(("analysis", key), compute)

    def json(self, name: str, query: Params | None, run: AnalysisFn) -> Response:
        """The result as JSON (:meth:`ServiceResult.to_json`)."""
        key = self._key(name, query)
        body = self.cache.get_or_compute(
            ("json", key), lambda: self.analysis(key, run).to_json().encode()
        )
        return Response(body, media_type="application/json")
