"""Chart builders: synthetic labels and escaping of user text."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.report.charts import SYNTHETIC_TAG, chart_title, correlation_chart, label
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
