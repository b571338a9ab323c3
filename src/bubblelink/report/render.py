"""Render report sections to ONE self-contained HTML file (plotly.js inlined, no network).

Templates live in ``bubblelink/report/templates`` and are rendered with Jinja2 with
autoescaping on: every piece of text (symbol names, notes, table cells) is HTML-escaped.
Figures travel as JSON inside ``<script type="application/json">`` blocks with ``<``,
``>`` and ``&`` written as ``\\u`` escapes, so no string in a figure can close the block.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import jinja2
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from bubblelink.report.charts import figure_json
from bubblelink.report.sections import Section


def safe_json(text: str) -> str:
    """JSON text that is safe inside an HTML ``<script>`` element."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def embedded_figure(fig: go.Figure) -> str:
    """A figure as script-safe JSON, its title left to the page's caption."""
    return safe_json(figure_json(fig, captioned=True))


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.js bundle shipped inside the installed plotly package."""
    return get_plotlyjs()


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("bubblelink.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class ReportMeta:
    """What the report header shows."""

    title: str
    as_of: str
    generated_at: str
    store: str
    synthetic: bool
    synthetic_series: tuple[str, ...] = ()
    build_seconds: float = 0.0


def render_report(sections: Sequence[Section], meta: ReportMeta) -> str:
    """The report as one HTML document.

    Parameters
    ----------
    sections : sequence of Section
        Built sections (unavailable ones render as a "not available" box).
    meta : ReportMeta
        Title, dates, store path and the synthetic flag (which adds the banner).
    """
    figures: list[tuple[str, str]] = []
    titles: dict[str, str] = {}
    views: list[tuple[Section, list[str]]] = []
    for section in sections:
        ids: list[str] = []
        for fig in section.figures:
            chart_id = f"chart-{len(figures)}"
            figures.append((chart_id, embedded_figure(fig)))
            titles[chart_id] = chart_caption(fig)
            ids.append(chart_id)
        views.append((section, ids))
    template = _environment().get_template("report.html.j2")
    return template.render(
        meta=meta,
        sections=views,
        figures=dict(figures),
        titles=titles,
        titles_by_section={s.id: s.title for s in sections},
        plotly_js=plotly_js(),
    )


def chart_caption(fig: go.Figure) -> str:
    """The chart's title as plain text: the page shows it as an HTML caption above the
    chart (it wraps on a phone, where a plotly title would be cut), and the page's script
    removes it from the plotly layout. Chart titles are built escaped
    (:func:`bubblelink.report.charts.label`); unescaped here, Jinja escapes them again."""
    text = fig.layout.title.text if fig.layout.title is not None else None
    return html.unescape(text or "")
