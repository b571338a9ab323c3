"""The HTML report and the chart builders it shares with the dashboard.

``build_report(store, asof)`` builds every section from the analytics and renders one
self-contained HTML file (plotly.js inlined, works offline); ``write_report`` writes it.
:mod:`bubblelink.report.charts` holds the plotly figure builders, and
:mod:`bubblelink.report.analyses` the analyses behind both the report and the API.
"""

from bubblelink.report.build import ReportDocument, build_report, write_report
from bubblelink.report.optional import NotAvailable

__all__ = ["NotAvailable", "ReportDocument", "build_report", "write_report"]
