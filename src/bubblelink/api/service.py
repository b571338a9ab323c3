"""The glue between endpoints and the service layer: store access, caching, the pool, bytes.

An endpoint names its question, passes its parameter model and a function of the open
store (a :mod:`bubblelink.service` call); :class:`AnalysisService` answers from the
cache when the same parameters were already computed on the same store state, else hands
the work to the bounded :class:`~bubblelink.api.workers.ComputePool` (never the event
loop) and caches the result. JSON and chart bodies are cached as bytes too, so a
repeated request costs a dictionary lookup on the event loop. The JSON body is
:meth:`ServiceResult.to_json`, the CLI's ``--format json`` document. With
:class:`~bubblelink.api.answers.PersistedAnswers` (``bubblelink serve``), the bodies are
also kept on disk per store version, and a body found there is not computed again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from bubblelink.api.answers import PersistedAnswers
from bubblelink.api.cache import ResultCache
from bubblelink.api.processes import ProcessRenderer
from bubblelink.api.store_access import StoreAccess
from bubblelink.api.workers import ComputePool
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


def analysis_key(name: str, query: Params | None, access: StoreAccess) -> Hashable:
    """What an analysis depends on: the question, its parameters, the store's state and
    the user files (the key of every cache of results and bodies)."""
    params = query.key() if query is not None else ()
    return (name, params, access.state_token(), user_files_token())


def cached_analysis(
    cache: ResultCache, access: StoreAccess, key: Hashable, run: AnalysisFn
) -> ServiceResult:
    """The analysis of ``key`` from ``cache``, running ``run`` on the store when missing."""

    def compute() -> ServiceResult:
        with access.open() as store:
            return run(store)

    result: ServiceResult = cache.get_or_compute(("analysis", key), compute)
    return result


def body_of(kind: str, result: ServiceResult, draw: ChartFn | None = None) -> bytes:
    """The answer's bytes: ``json`` (:meth:`ServiceResult.to_json`, the CLI's ``--format
    json``) or ``chart`` (``draw(result)``'s plotly figure as JSON)."""
    if kind == "chart":
        assert draw is not None
        return _figure_json(draw(result)).encode()
    return result.to_json().encode()


class AnalysisService:
    """Runs analyses for the endpoints with per-(parameters, store state, user files) caching.

    Parameters
    ----------
    access : StoreAccess
        The store.
    cache : ResultCache
        Where results and rendered bodies are kept.
    pool : ComputePool
        Where uncached results are computed.
    persisted : PersistedAnswers, optional
        Bodies kept on disk per store version (read before computing, written after).
    processes : ProcessRenderer, optional
        Worker processes that compute and render the registry questions (else the
        pool's threads compute them in this process).
    """

    def __init__(
        self,
        access: StoreAccess,
        cache: ResultCache,
        pool: ComputePool,
        persisted: PersistedAnswers | None = None,
        processes: ProcessRenderer | None = None,
    ) -> None:
        self.access = access
        self.cache = cache
        self.pool = pool
        self.persisted = persisted
        self.processes = processes
        #: bodies by (path, raw query string, store state, user files): the fast path
        self.answers = ResultCache(cache.maxsize)
        #: requests waiting for a computation, by the same key (they may be joined even
        #: when the pool is full)
        self.waiting: dict[Hashable, int] = {}

    def answer_key(self, scope: Scope) -> Hashable | None:
        """The fast-path key of a request (None until the store is open)."""
        if not self.access.is_open:
            return None
        return (
            scope.get("path"),
            scope.get("query_string", b""),
            self.access.state_token(),
            user_files_token(),
        )

    async def ensure_open(self) -> None:
        """Open the store (once, in the pool) so the state token is in memory."""
        if not self.access.is_open:
            await self.pool.run(("open",), self.access.state_token)

    async def respond(
        self, request: Request, key: Hashable, render: Callable[[], bytes]
    ) -> Response:
        """``key``'s body from the cache on the event loop, else computed in the pool.

        Identical requests in flight share one computation; a request whose client left
        stops waiting (and the work never starts if nobody else waits for it).
        """
        answer = self.answer_key(request.scope)
        found, body = self.cache.peek(key)
        if not found:
            self.waiting[answer] = self.waiting.get(answer, 0) + 1
            try:
                body = await self.pool.run(
                    key,
                    lambda: self.cache.get_or_compute(key, lambda: self._kept_or(key, render)),
                    request.is_disconnected,
                )
            finally:
                self.waiting[answer] -= 1
                if not self.waiting[answer]:
                    del self.waiting[answer]
        if answer is not None:
            self.answers.put(answer, body)
        return Response(body, media_type="application/json")

    def _kept_or(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """The body kept on disk for ``key``, else ``render()`` (then kept)."""
        if self.persisted is None:
            return render()
        path, state = self.access.path, self.access.state_token()
        body = self.persisted.get(path, state, key)
        if body is None:
            body = render()
            self.persisted.put(path, state, key, body)
        return body

    async def json_async(
        self,
        request: Request,
        name: str,
        query: Params | None,
        run: AnalysisFn,
        registry: bool = False,
    ) -> Response:
        """The result as JSON (:meth:`ServiceResult.to_json`). ``registry``: ``name`` is
        a registry question, ``run`` its service call (a worker process may compute it)."""
        return await self._body_async(request, "json", name, query, run, None, registry)

    async def chart_async(
        self,
        request: Request,
        name: str,
        query: Params | None,
        run: AnalysisFn,
        draw: ChartFn,
        registry: bool = False,
    ) -> Response:
        """The result's plotly figure as JSON (``registry``: as for :meth:`json_async`)."""
        return await self._body_async(request, "chart", name, query, run, draw, registry)

    async def _body_async(
        self,
        request: Request,
        kind: str,
        name: str,
        query: Params | None,
        run: AnalysisFn,
        draw: ChartFn | None,
        registry: bool,
    ) -> Response:
        await self.ensure_open()
        key = analysis_key(name, query, self.access)
        processes = self.processes
        if registry and query is not None and processes is not None:
            params = query
            return await self.respond(
                request, (kind, key), lambda: processes.render(kind, name, params, key)
            )
        return await self.respond(
            request, (kind, key), lambda: body_of(kind, self.analysis(key, run), draw)
        )

    def analysis(self, key: Hashable, run: AnalysisFn) -> ServiceResult:
        """The cached analysis of ``key``, running ``run`` on the store when missing."""
        return cached_analysis(self.cache, self.access, key, run)
