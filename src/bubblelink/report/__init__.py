"""The HTML report and the chart builders it shares with the dashboard.

``build_report(store, as_of)`` builds every section from the service layer
(:mod:`bubblelink.service`, the same functions the CLI and the API call) and renders one
self-contained HTML file (plotly.js inlined, works offline); ``write_report`` writes it.
:mod:`bubblelink.report.charts` holds the plotly figure builders. Names are resolved
lazily, so importing the chart builders does not load every service module.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ReportDocument", "build_report", "write_report"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("bubblelink.report.build"), name)
    globals()[name] = value
    return value
