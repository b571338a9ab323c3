"""The dashboard page at ``/`` and its static files (plotly.js from the plotly package)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from starlette.responses import HTMLResponse, Response

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "dashboard.html"


@lru_cache(maxsize=1)
def _page() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _plotly_bytes() -> bytes:
    from plotly.offline import get_plotlyjs  # the bundle of the installed plotly

    return get_plotlyjs().encode()


def build_router() -> APIRouter:
    """``/`` (the page) and ``/static/plotly.min.js`` (served from the installed plotly)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def page() -> HTMLResponse:
        return HTMLResponse(_page())

    @router.get("/static/plotly.min.js")
    def plotly() -> Response:
        return Response(
            _plotly_bytes(),
            media_type="application/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return router
