"""The HTML report and the chart builders it shares with the dashboard.

``build_report(store, as_of)`` builds every section from the service layer
(:mod:`bubblelink.service`, the same functions the CLI and the API call) and renders one
self-contained HTML file (plotly.js inlined, works offline); ``write_report`` writes it.
:mod:`bubblelink.report.charts` holds the plotly figure builders.
"""

from bubblelink.report.build import ReportDocument, build_report, write_report

__all__ = ["ReportDocument", "build_report", "write_report"]
