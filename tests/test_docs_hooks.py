"""The docs site's hook turns the docstrings' Sphinx roles into links or code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[1] / "scripts" / "docs_hooks.py"


def _hook() -> object:
    spec = importlib.util.spec_from_file_location("docs_hooks", HOOKS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_roles_become_optional_cross_references_or_code() -> None:
    page = (
        "<p>See :class:<code>~bubblelink.service.ServiceResult</code>, "
        ":func:<code>bubblelink.analytics.dcc.fit</code>, :meth:<code>.plot</code>, "
        ":math:<code>\\beta_t</code> and :data:<code>a b</code>.</p>"
    )
    out = _hook().on_page_content(page)  # type: ignore[attr-defined]
    assert ":class:" not in out and ":func:" not in out and ":math:" not in out
    assert (
        '<autoref identifier="bubblelink.service.ServiceResult" optional>'
        "<code>ServiceResult</code></autoref>" in out
    )
    assert (
        '<autoref identifier="bubblelink.analytics.dcc.fit" optional>'
        "<code>bubblelink.analytics.dcc.fit</code></autoref>" in out
    )
    assert "<code>plot</code>" in out and "<code>\\beta_t</code>" in out
    assert "<code>a b</code>" in out  # not a name: left as code
