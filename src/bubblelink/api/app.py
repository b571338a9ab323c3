"""The FastAPI application: JSON analyses, charts, the dashboard, errors, auth, caching, limits."""

from __future__ import annotations

import asyncio
import gc
import importlib
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from bubblelink import __version__
from bubblelink.api.answers import PersistedAnswers
from bubblelink.api.auth import BearerAuth
from bubblelink.api.cache import ResultCache
from bubblelink.api.errors import install_error_handlers
from bubblelink.api.fastpath import CachedAnswers
from bubblelink.api.processes import ProcessRenderer
from bubblelink.api.ratelimit import RateLimit
from bubblelink.api.routes import analyses as analyses_routes
from bubblelink.api.routes import dashboard, login
from bubblelink.api.service import AnalysisService
from bubblelink.api.settings import ApiSettings
from bubblelink.api.store_access import StoreAccess
from bubblelink.api.workers import SWITCH_INTERVAL, ComputePool
from bubblelink.service import QUESTION_MODULES, one_blas_thread_for_the_process

DESCRIPTION = """How tightly is Bitcoin bound to the AI/tech trade and to liquidity?

Every analysis of the `bubblelink` CLI as JSON (`/api/<name>`), its chart as a plotly
figure (`/api/charts/<name>`), and a dashboard at `/`. Errors answer
`{"detail": "<message>"}`: 404 unknown symbol, 422 invalid parameter or data that cannot
answer, 503 no store or the server busy (with `Retry-After`), 504 a computation longer
than the request timeout, 429 too many requests from one client (when a rate limit is
set). Every answer is the CLI's `--format json` document: `as_of`,
`synthetic`, `provenance`, `notes`, then the result's fields. Results are cached per
(parameters, store state), and `bubblelink serve` keeps them on disk for its next
start. Outputs built from the sample market are `"synthetic": true`.
"""


def _warm_up(compute: bool = True) -> None:
    """Import the service modules and the chart builders (what the first request needs)
    and build the NYSE calendar (the events list checks its dates against it: ~0.3 s that
    the dashboard's first ``/api/events`` paid while the first panels computed); with
    ``compute`` (the process computes the questions) also load the compiled kernels, parse
    the shipped claims files, and draw one small chart (plotly loads its validators and
    the template on first use: about 0.3 s that the first chart request paid).

    Last, the objects all this created (200,000-300,000: modules, validators, the
    calendar) are moved out of the garbage collector's reach (:func:`gc.freeze` after a
    collection): they live as long as the process, and the collector's first full pass
    after a big import otherwise lands in the first request, traversing all of them
    (0.14 s of the first chart measured in one process: the performance chart drawn in
    0.16-0.19 s instead of 0.02 s); later full passes traverse only what requests created.
    """
    for module in (*QUESTION_MODULES, "bubblelink.report.charts"):
        importlib.import_module(module)
    importlib.import_module("bubblelink.sessions").nyse_calendar()
    if compute:
        importlib.import_module("bubblelink.service.linkage").warm_up()
        importlib.import_module("bubblelink.service.claims").warm_up()
        importlib.import_module("bubblelink.report.charts").warm_up()
    gc.collect()
    gc.freeze()


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """Build the API for ``settings`` (store path, token, cache size, load limits)."""
    settings = settings or ApiSettings()
    one_blas_thread_for_the_process()  # results equal the CLI's to the last digit
    access = StoreAccess(settings.store)
    renderer = ProcessRenderer(access.path, settings.processes) if settings.processes else None
    # with worker processes, a thread waits for each process's answer, and ``workers``
    # threads more compute the server's own answers (the store listing, the events):
    # those must not wait behind the processes' queue
    workers = settings.processes + settings.workers if settings.processes else settings.workers
    pool = ComputePool(workers, settings.queue_limit, settings.timeout)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # load the data stack before accepting requests: the first answers are then as
        # fast as later uncached ones (building the app itself imports none of it); the
        # worker processes start and warm up meanwhile
        starting = [run_in_threadpool(_warm_up, renderer is None), run_in_threadpool(access.warm)]
        if renderer is not None:
            starting.append(run_in_threadpool(renderer.start))
        await asyncio.gather(*starting)
        switch = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)  # see bubblelink.api.workers
        yield
        sys.setswitchinterval(switch)
        pool.shutdown()
        if renderer is not None:
            renderer.shutdown()
        access.close()

    app = FastAPI(
        title="bubblelink API", version=__version__, description=DESCRIPTION, lifespan=lifespan
    )
    persisted = PersistedAnswers(settings.answers) if settings.answers is not None else None
    app.state.service = AnalysisService(
        access, ResultCache(settings.cache_size), pool, persisted, renderer
    )
    install_error_handlers(app)
    app.include_router(dashboard.build_router())
    app.include_router(login.build_router(settings.token))
    app.include_router(analyses_routes.build_router())
    app.mount("/static", StaticFiles(directory=dashboard.STATIC_DIR), name="static")
    app.add_middleware(CachedAnswers, service=app.state.service)
    app.add_middleware(BearerAuth, token=settings.token)
    app.add_middleware(RateLimit, rate=settings.rate_limit, burst=settings.burst)
    return app
