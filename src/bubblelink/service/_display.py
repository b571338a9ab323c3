"""A result as HTML for Jupyter (:meth:`ServiceResult._repr_html_`).

The tables of :meth:`ServiceResult.tables` (the CLI's table view), under the title, with
the as-of date and a SYNTHETIC badge when any input is synthetic; then, folded in a
``<details>`` element, one line per series read (source, first and last date, n) and the
notes. Every piece of text is HTML-escaped (a series id is user data: a symbol named
``<script>`` is shown, never run); pandas escapes the cells.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from bubblelink.results import plain

if TYPE_CHECKING:
    from bubblelink.service._envelope import ServiceResult

#: Rows shown per table (pandas elides the middle of longer ones).
MAX_ROWS = 30


def _text(value: Any) -> str:
    value = plain(value)
    return "–" if value is None else html.escape(str(value), quote=True)


def provenance_line(entry: dict[str, Any]) -> str:
    """``BTC-USD (csv) 2023-01-03 → 2025-12-10, n=743 [synthetic]`` (escaped)."""
    flag = " [synthetic]" if entry.get("synthetic") else ""
    return (
        f"{_text(entry.get('series'))} ({_text(entry.get('source'))}) "
        f"{_text(entry.get('first'))} → {_text(entry.get('last'))}, "
        f"n={_text(entry.get('n'))}{flag}"
    )


def result_html(result: ServiceResult) -> str:
    """The HTML of ``result`` (see the module docstring)."""
    badge = (
        ' <span style="color:#b00;font-weight:bold">SYNTHETIC</span>' if result.synthetic else ""
    )
    title = _text(result.title or result.question)
    parts = [
        '<div class="bubblelink-result">',
        f"<p><strong>{title}</strong> <small>({_text(result.question)}, as of "
        f"{_text(result.as_of)})</small>{badge}</p>",
    ]
    tables = result.tables()
    for caption, frame in tables:
        if caption and (len(tables) > 1 or caption != result.title):
            parts.append(f"<p><em>{_text(caption)}</em></p>")
        parts.append(frame.to_html(escape=True, max_rows=MAX_ROWS, border=0, na_rep="–"))
    provenance = [provenance_line(dict(p)) for p in result.provenance]
    notes = [_text(n) for n in result.notes]
    if provenance or notes:
        parts.append(
            f"<details><summary><small>data: {len(provenance)} series, "
            f"{len(notes)} notes</small></summary><small>"
        )
        if provenance:
            parts.append("<ul>" + "".join(f"<li>{line}</li>" for line in provenance) + "</ul>")
        if notes:
            parts.append("<p>notes:</p><ul>" + "".join(f"<li>{n}</li>" for n in notes) + "</ul>")
        parts.append("</small></details>")
    parts.append("</div>")
    return "\n".join(parts)
