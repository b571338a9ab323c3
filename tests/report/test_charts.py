"""Chart builders: synthetic labels and escaping of user text."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.report.charts import (
    COLORBAR_MARGIN,
    MARGIN,
    RIGHT_AXIS_MARGIN,
    SYNTHETIC_TAG,
    _layout,
    _legend_shown,
    chart_title,
    correlation_chart,
    figure_json,
    label,
    planned_margin,
)
from bubblelink.report.render import safe_json


def test_label_escapes_html() -> None:
    assert label("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert label('a"b') == "a&quot;b"


def test_chart_title_marks_synthetic() -> None:
    assert chart_title("t", True) == f"{SYNTHETIC_TAG} t"
    assert chart_title("t", False) == "t"


def test_correlation_chart_draws_the_result_and_its_band() -> None:
    index = pd.date_range("2024-01-01", periods=120, freq="D", tz="UTC", name="date")
    rng = np.random.default_rng(0)
    a = pd.Series(rng.normal(size=120), index=index, name="<b>A</b>")
    b = pd.Series(a.to_numpy() + rng.normal(size=120), index=index, name="B")
    result = rolling_correlation(a, b, 30)
    fig = correlation_chart([result], synthetic=False)
    value, low = fig.data[2], fig.data[1]
    expected = result.value.dropna()
    assert np.allclose(np.asarray(value.y, dtype=float), expected.to_numpy())
    assert np.allclose(np.asarray(low.y, dtype=float), result.ci_low.dropna().to_numpy())
    assert "&lt;b&gt;A&lt;/b&gt;" in value.name


def test_safe_json_cannot_close_a_script_block() -> None:
    text = safe_json('{"t": "</script><script>alert(1)</script>&"}')
    assert "</script" not in text and "<" not in text and "&" not in text


def _scatter(**props: object) -> go.Scatter:
    return go.Scatter(x=[1, 2], y=[3, 4], **props)


@pytest.mark.parametrize(
    ("traces", "layout", "shown"),
    [
        ([_scatter()], {}, False),
        ([_scatter(), _scatter()], {}, True),
        # a band's hidden lines still count towards plotly.js's "more than one"
        ([_scatter(showlegend=False), _scatter()], {}, True),
        ([_scatter(showlegend=False), _scatter(showlegend=False)], {}, False),
        ([_scatter(showlegend=True)], {}, True),  # set explicitly: counts twice
        ([_scatter(), _scatter(visible=False)], {}, False),
        ([go.Indicator(value=1), _scatter()], {}, False),  # an indicator has no legend
        ([_scatter(), _scatter()], {"showlegend": False}, False),
        ([_scatter()], {"showlegend": True}, True),
    ],
)
def test_legend_shown_follows_plotly_js(
    traces: list[go.Scatter], layout: dict[str, object], shown: bool
) -> None:
    assert _legend_shown(go.Figure(traces, layout)) is shown


def test_planned_margin_makes_room_for_the_legend_and_right_axes() -> None:
    plain = _layout(go.Figure([_scatter()]), "t", False)
    assert plain.layout.margin.to_plotly_json() == MARGIN
    legend = _layout(go.Figure([_scatter(), _scatter()]), "t", False)
    # plotly.js pushes b until the legend's bottom (0.3 of the plot height below it,
    # plus its 12 px pad) fits: b >= 0.3 * (420 - 60 - b) + 12, i.e. 92.3
    assert legend.layout.margin.b == 93
    tall = _layout(go.Figure([_scatter(), _scatter()]), "t", False, height=620)
    assert tall.layout.margin.b == 139  # 0.3 * (620 - 60 - b) + 12 <= b
    assert planned_margin(legend, top=40)["b"] == 97  # the report's captioned figure
    right = _layout(
        go.Figure([_scatter(), _scatter(yaxis="y2")]),
        "t",
        False,
        yaxis2={"overlaying": "y", "side": "right"},
    )
    assert right.layout.margin.r == RIGHT_AXIS_MARGIN
    scale = _layout(go.Figure([_scatter(marker={"color": [1, 2], "showscale": True})]), "t", False)
    assert scale.layout.margin.r == COLORBAR_MARGIN


def test_captioned_figure_json_drops_the_title_and_leaves_the_figure() -> None:
    fig = _layout(go.Figure([_scatter(), _scatter()]), "a title", False)
    captioned = json.loads(figure_json(fig, captioned=True))["layout"]
    assert captioned["title"] == {"text": ""}
    assert captioned["margin"] == {**MARGIN, "t": 40, "b": 97}
    assert fig.layout.title.text == "a title"
    assert fig.layout.margin.t == 60
    assert json.loads(figure_json(fig)) == json.loads(fig.to_json(engine="json"))
