"""``GET /api/<name>`` and ``GET /api/charts/<name>`` for every registry entry.

(No ``from __future__ import annotations`` here: FastAPI reads the query model from
each generated endpoint's annotations, which must be real objects.)
"""

import hashlib
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from bubblelink.api.errors import ERROR_SCHEMA
from bubblelink.api.routes.registry import ENDPOINTS, Endpoint
from bubblelink.api.service import AnalysisService
from bubblelink.config.files import shipped_config_names, shipped_config_path
from bubblelink.errors import ConfigError
from bubblelink.service.params import Params, SeriesShowParams

#: Parameters that name a configuration file: over the API only shipped names
#: (parameter → (folder, default file) of the shipped files of that kind).
FILE_PARAMETERS: dict[str, tuple[str | None, str | None]] = {
    "weights": (None, "risk_weights.yaml"),
    "scenario": ("scenarios", None),
    "file": ("claims", None),
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


#: Answers every analysis endpoint may give besides 200.
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The result (envelope: as_of, synthetic, provenance, notes, fields)",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    404: _error("Unknown symbol (the message says how to ingest it)"),
    422: _error("Invalid parameter, or the data cannot answer the request"),
    429: _error("Too many requests from this client (with a rate limit set; Retry-After)"),
    503: _error("The store cannot be opened, or the server is busy (Retry-After)"),
    504: _error("The computation takes longer than the request timeout (Retry-After)"),
}


def service(request: Request) -> AnalysisService:
    """The app's :class:`AnalysisService`."""
    return request.app.state.service


def shipped_only(params: Params) -> Params:
    """Over the API a configuration parameter names a shipped file, never a path.

    The name (with or without ``.yaml``) is replaced by the shipped file's absolute path,
    so a file of the same name in the server's working directory is never read.
    """
    update = {}
    for name, (folder, default) in FILE_PARAMETERS.items():
        value = getattr(params, name, None)
        if value is None:
            continue
        names = shipped_config_names(folder=folder, default=default)
        wanted = str(value) if str(value).endswith((".yaml", ".yml")) else f"{value}.yaml"
        if wanted not in names:
            raise ConfigError(
                f"{name}: over the API only a shipped name is accepted "
                f"({', '.join(n.removesuffix('.yaml') for n in names)}), got {value!r}"
            )
        update[name] = str(shipped_config_path(wanted, folder=folder))
    return params.model_copy(update=update) if update else params


def _json_endpoint(spec: Endpoint) -> Callable[..., Any]:
    model = spec.params

    async def endpoint(request: Request, query: Annotated[model, Query()]) -> Response:  # type: ignore[valid-type]
        params = shipped_only(query)
        return await service(request).json_async(
            request, spec.name, params, lambda st: spec.run(st, params), registry=True
        )

    endpoint.__doc__ = spec.summary
    return endpoint


def _chart_endpoint(spec: Endpoint) -> Callable[..., Any]:
    model = spec.params
    draw = spec.chart
    assert draw is not None

    async def endpoint(request: Request, query: Annotated[model, Query()]) -> Response:  # type: ignore[valid-type]
        params = shipped_only(query)
        return await service(request).chart_async(
            request, spec.name, params, lambda st: spec.run(st, params), draw, registry=True
        )

    endpoint.__doc__ = f"Plotly figure (data, layout) of: {spec.summary}"
    return endpoint


def build_router() -> APIRouter:
    """Every question's endpoint, the chart endpoints, the store listing and health."""
    router = APIRouter(responses=RESPONSES)
    for spec in ENDPOINTS:
        router.add_api_route(
            spec.url,
            _json_endpoint(spec),
            methods=["GET"],
            summary=spec.summary,
            operation_id=f"get_{spec.name.replace('-', '_')}",
            tags=["analyses"],
            response_class=Response,
        )
        if spec.chart is not None:
            router.add_api_route(
                f"/api/charts/{spec.name}",
                _chart_endpoint(spec),
                methods=["GET"],
                summary=f"Chart: {spec.summary}",
                operation_id=f"chart_{spec.name.replace('-', '_')}",
                tags=["charts"],
                response_class=Response,
            )

    @router.get("/api/health", tags=["store"], summary="Liveness, the store state, the workers")
    async def health(request: Request) -> dict[str, Any]:
        svc = service(request)
        await svc.ensure_open()
        digest = hashlib.sha256(svc.access.state_token().encode()).hexdigest()[:16]
        return {"status": "ok", "state": digest, "workers": svc.pool.stats()}

    @router.get(
        "/api/series",
        tags=["store"],
        summary="Every stored series (bubblelink series list)",
        response_class=Response,
    )
    async def series_list(request: Request) -> Response:
        from bubblelink.service.store import series_list as run

        return await service(request).json_async(request, "series", None, run)

    @router.get(
        "/api/series/{symbol}",
        tags=["store"],
        response_class=Response,
        summary="Stored values of one series (bubblelink series show)",
    )
    async def series_show(
        request: Request,
        symbol: Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[^\x00-\x1f\x7f/]+$")],
        query: Annotated[SeriesShowParams, Query()],
    ) -> Response:
        from bubblelink.service.store import series_show

        params = query.model_copy(update={"symbol": symbol})
        return await service(request).json_async(
            request, f"series/{symbol}", params, lambda st: series_show(st, params)
        )

    @router.get(
        "/api/events",
        tags=["store"],
        summary="The events files (bubblelink events list)",
        response_class=Response,
    )
    async def events_list(request: Request) -> Response:
        from bubblelink.service.events import events_list

        return await service(request).json_async(request, "events", None, lambda _st: events_list())

    @router.get(
        "/api/fundamentals",
        tags=["store"],
        summary="Sourced AI-boom figures (bubblelink fundamentals show)",
        response_class=Response,
    )
    async def fundamentals(request: Request) -> Response:
        from bubblelink.service.claims import fundamentals as run

        return await service(request).json_async(request, "fundamentals", None, lambda _st: run())

    return router
