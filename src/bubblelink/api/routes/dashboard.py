"""The dashboard page at ``/`` and its static files.

plotly.js is the *finance* partial bundle of plotly.js (``static/plotly-finance.min.js``,
MIT licence beside it): 1.3 MB instead of the full bundle's 4.8 MB, which took 2.3 s to
load and parse in headless chromium before the first chart could be drawn. It has every
trace type the charts use (scatter, bar, indicator; ``tests/api/test_plotly_bundle.py``
checks each chart endpoint's figure against the bundle).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from starlette.responses import HTMLResponse, Response

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "dashboard.html"
#: The vendored plotly.js partial bundle (a file of ``STATIC_DIR``).
PLOTLY_BUNDLE = "plotly-finance.min.js"


@lru_cache(maxsize=1)
def _plotly_bytes() -> bytes:
    return (STATIC_DIR / PLOTLY_BUNDLE).read_bytes()


@lru_cache(maxsize=1)
def _page() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def build_router() -> APIRouter:
    """``/`` (the page) and the plotly.js bundle (cached by the browser for a day)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def page() -> HTMLResponse:
        return HTMLResponse(_page())

    @router.get(f"/static/{PLOTLY_BUNDLE}")
    def plotly() -> Response:
        return Response(
            _plotly_bytes(),
            media_type="application/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return router
