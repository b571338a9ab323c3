"""``GET /api/<analysis>`` and ``GET /api/charts/<analysis>`` for every registry entry.

(No ``from __future__ import annotations`` here: FastAPI reads the query model from
each generated endpoint's annotations, which must be real objects.)
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from bubblelink.analytics.events import load_events
from bubblelink.api import params as p
from bubblelink.api.errors import ERROR_SCHEMA
from bubblelink.api.routes.registry import ENDPOINTS, Endpoint
from bubblelink.api.service import AnalysisService
from bubblelink.report import analyses


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


#: Answers every analysis endpoint may give besides 200.
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The result",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    404: _error("Unknown symbol (the message lists what the store holds)"),
    422: _error("Invalid parameter, or the data cannot answer the request"),
    501: _error("The analysis is not part of this installation yet"),
    503: _error("The store cannot be opened"),
}


def service(request: Request) -> AnalysisService:
    """The app's :class:`AnalysisService`."""
    return request.app.state.service  # type: ignore[no-any-return]


def _json_endpoint(spec: Endpoint) -> Callable[..., Response]:
    model = spec.query

    async def endpoint(request: Request, query: Annotated[model, Query()]) -> Response:  # type: ignore[valid-type]
        return await service(request).json_async(spec.name, query, spec.run(query))

    endpoint.__doc__ = spec.summary
    return endpoint


def _chart_endpoint(spec: Endpoint) -> Callable[..., Response]:
    model = spec.query
    draw = spec.chart
    assert draw is not None

    async def endpoint(request: Request, query: Annotated[model, Query()]) -> Response:  # type: ignore[valid-type]
        return await service(request).chart_async(spec.name, query, spec.run(query), draw)

    endpoint.__doc__ = f"Plotly figure (data, layout) of: {spec.summary}"
    return endpoint


def build_router() -> APIRouter:
    """Every analysis endpoint, the chart endpoints, the store listing and health."""
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

    @router.get("/api/health", tags=["store"], summary="Liveness and the store state")
    def health(request: Request) -> dict[str, Any]:
        svc = service(request)
        return {"status": "ok", "store": str(svc.access.path), "state": svc.access.state_token()}

    @router.get(
        "/api/series",
        tags=["store"],
        summary="Every stored series (series list)",
        response_class=Response,
    )
    def series_list(request: Request) -> Response:
        return service(request).json("series", None, analyses.series_listing)

    @router.get(
        "/api/series/{symbol}",
        tags=["store"],
        response_class=Response,
        summary="Stored values of one series (series show)",
    )
    def series_show(
        request: Request,
        symbol: Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[^\x00-\x1f\x7f/]+$")],
        query: Annotated[p.SeriesQuery, Query()],
    ) -> Response:
        return service(request).json(
            f"series/{symbol}",
            query,
            lambda st: analyses.series_values(
                st, symbol, query.field, query.start, query.end, query.asof
            ),
        )

    @router.get("/api/events", tags=["store"], summary="The shipped events file")
    def events() -> dict[str, Any]:
        return {"events": [e.to_dict() for e in load_events()]}

    return router
