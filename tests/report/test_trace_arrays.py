"""Per-point lists handed to plotly as object arrays (``charts._trace``) give the same
figure JSON as the lists themselves."""

from __future__ import annotations

import plotly.graph_objects as go

from bubblelink.report.charts import _trace, figure_json


def _figure(make: object) -> str:
    fig = go.Figure()
    x = ["2024-01-02", "2024-01-03", "2024-01-04"]
    fig.add_trace(make(go.Scatter, x=x, y=[1.5, None, 0.1 + 0.2], name="a", mode="lines"))  # type: ignore[operator]
    fig.add_trace(make(go.Bar, x=("NVDA", "AMD", "<b>"), y=[3, -1.25, 1e-12], name="b"))  # type: ignore[operator]
    fig.update_layout(template="plotly_white", title={"text": "t"})
    return figure_json(fig)


def test_object_arrays_give_the_same_json() -> None:
    def plain(kind: type, **props: object) -> object:
        return kind(**props)

    assert _figure(_trace) == _figure(plain)


def test_points_are_arrays_and_other_lists_untouched() -> None:
    trace = _trace(go.Scatter, x=["a", "b"], y=[1.0, 2.0], customdata=[[1, 2], [3, 4]])
    assert trace.x.dtype == object and list(trace.x) == ["a", "b"]
    assert not hasattr(trace.customdata, "dtype")  # left as plotly makes it
