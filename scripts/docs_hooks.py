"""MkDocs hook: Sphinx roles in the numpy-style docstrings become links or code.

The docstrings use Sphinx roles (``:func:`bubblelink.x.y```, ``:class:`~bubblelink.X```,
``:math:`\\beta```), which mkdocstrings renders literally as ``:func:<code>…</code>``.
This hook (``hooks:`` in mkdocs.yml) rewrites them in each page's HTML: an object role
becomes an optional cross-reference that mkdocs-autorefs resolves to the object's entry
in the API reference when it is documented there (a ``~`` shows only the last name; an
undocumented object, or a relative name such as ``.plot``, stays code), and ``:math:``
becomes code (the LaTeX source, readable without loading MathJax from a CDN).
"""

from __future__ import annotations

import html
import re
from typing import Any

ROLE = re.compile(
    r":(?P<role>func|class|meth|mod|data|attr|exc|obj|math):<code>(?P<text>.*?)</code>",
    flags=re.DOTALL,
)
NAME = re.compile(r"~?\.?[A-Za-z_][\w.]*")


def _replace(match: re.Match[str]) -> str:
    text = match["text"]
    if match["role"] == "math" or not NAME.fullmatch(text):
        return f"<code>{text}</code>"
    path = text.lstrip("~")
    title = path.rsplit(".", 1)[-1] if text.startswith("~") else path.lstrip(".")
    if path.startswith("."):  # relative to the documented object: no identifier to resolve
        return f"<code>{title}</code>"
    identifier = html.escape(path, quote=True)
    return f'<autoref identifier="{identifier}" optional><code>{title}</code></autoref>'


def on_page_content(html_text: str, **_: Any) -> str:
    """Rewrite the Sphinx roles of one page."""
    return ROLE.sub(_replace, html_text)
