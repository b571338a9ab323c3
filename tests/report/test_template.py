"""The charts' template is set without validating it again, and equals the validated one.

``_white`` uses plotly's own switch for its default template (``layout._validate``); a
plotly release that changed what that switch does would make these differ.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from bubblelink.report.charts import _trace, _white, figure_json


def _figures() -> list[go.Figure]:
    simple = go.Figure(_trace(go.Scatter, x=["2024-01-01", "2024-01-02"], y=[1.0, 2.0]))
    grid = make_subplots(rows=1, cols=2, specs=[[{"type": "indicator"}, {"type": "xy"}]])
    grid.add_trace(go.Indicator(mode="gauge+number", value=44.4), row=1, col=1)
    grid.add_trace(go.Bar(x=[1.0, 2.0], y=["a", "b"], orientation="h"), row=1, col=2)
    return [simple, grid]


def test_unvalidated_template_equals_the_validated_one() -> None:
    for fast, slow in zip(_figures(), _figures(), strict=True):
        _white(fast)
        slow.update_layout(template="plotly_white")
        assert json.loads(figure_json(fast)) == json.loads(figure_json(slow))
        assert fast.layout.template.layout.paper_bgcolor == "white"
        assert fast.layout._validate  # validation is on again for everything else
