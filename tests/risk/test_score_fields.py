"""The risk-score result on four hand-made sessions: percentiles, re-normalised weights,
contributions, the freshness rule, the component notes and the table rows, each worked out
on paper below (expanding percentiles with average ranks for ties)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bubblelink.risk import RiskConfig, RiskInputs, build_result, component_histories
from bubblelink.risk._components import rolling_downside_beta
from bubblelink.risk._config import ComponentSpec
from bubblelink.risk._score import score_history

DAYS = pd.bdate_range("2025-03-03", periods=4, tz="UTC", name="date")
NAN = math.nan
HISTORIES = pd.DataFrame(
    {
        "a": [1.0, 3.0, 2.0, 4.0],  # risk percentiles: -, 1, 2/3, 1
        "b": [5.0, 4.0, 4.0, 6.0],  # lower = riskier: -5, -4, -4, -6 → -, 1, 2.5/3, 1/4
        "e": [6.0, 7.0, 8.0, NAN],  # stale on the last session
        "z": [1.0, 2.0, NAN, NAN],  # weight 0: never needed for "all fresh"
    },
    index=DAYS,
)


def _spec(name: str, weight: float, direction: int = 1) -> ComponentSpec:
    return ComponentSpec(name, weight, None, direction, "x", f"component {name}")


def _config(*specs: ComponentSpec) -> RiskConfig:
    return RiskConfig("BTC-USD", "^IXIC", ("NVDA",), 2, specs)


CONFIG = _config(_spec("a", 0.5), _spec("b", 0.25, -1), _spec("e", 0.25), _spec("z", 0.0))


def test_score_history_by_hand() -> None:
    score, pct = score_history(HISTORIES, CONFIG)
    assert score.name == "risk_score"
    # 100 · Σ w q / Σ w over the available components
    expected = [NAN, 100.0, 100 * (0.5 * 2 / 3 + 0.25 * 2.5 / 3 + 0.25) / 1.0]
    expected.append(100 * (0.5 * 1.0 + 0.25 * 0.25) / 0.75)
    np.testing.assert_allclose(score.to_numpy(), expected)
    np.testing.assert_allclose(pct["b"].to_numpy(), [NAN, 1.0, 2.5 / 3, 0.25])


def test_the_result_table_notes_and_freshness() -> None:
    result = build_result(HISTORIES, CONFIG, None, synthetic=False, notes=["given"])
    assert result.as_of == DAYS[-1]
    assert result.score == pytest.approx(75.0)
    assert (result.components_used, result.components_total) == (2, 3)
    assert result.all_fresh_date == DAYS[2]
    fresh_score = 100 * (0.5 * 2 / 3 + 0.25 * 2.5 / 3 + 0.25)
    assert result.all_fresh_score == pytest.approx(fresh_score)
    table = result.components
    assert table.loc["a", "value"] == 4.0 and table.loc["b", "value"] == 6.0
    assert (
        table["direction"].tolist()
        == ["higher = riskier", "lower = riskier"] + ["higher = riskier"] * 2
    )
    np.testing.assert_allclose(table["percentile"].to_numpy(), [1.0, 0.25, NAN, NAN])
    np.testing.assert_allclose(table["effective_weight"].to_numpy(), [2 / 3, 1 / 3, 0.0, 0.0])
    np.testing.assert_allclose(table["contribution"].to_numpy(), [200 / 3, 25 / 3, NAN, NAN])
    assert table["status"].tolist() == ["ok", "ok", "missing", "missing"]
    assert table["note"].tolist() == [
        "component a",
        "component b",
        "no data on this date (missing or stale input)",
        "weight 0",
    ]
    assert result.notes == (
        "given",
        "missing component(s): e, z; weights re-normalised over the other 2",
        "the score rests on 2 of 3 components on 2025-03-06; the last session with all 3 "
        f"was 2025-03-05 (score {fresh_score:.1f})",
    )
    assert (
        result.headline
        == f"75.0 (2 of 3 components); all 3 fresh last on 2025-03-05: {fresh_score:.1f}"
    )
    assert result.history.index.equals(DAYS)
    assert result.config_source == "built-in"


def test_the_table_with_its_two_score_rows() -> None:
    result = build_result(HISTORIES, CONFIG, None, synthetic=False, notes=[])
    frame = result.to_frame()
    assert frame.index.name == "component"
    assert list(frame.index[-2:]) == ["score", "score_all_fresh"]
    score_row, fresh_row = frame.loc["score"], frame.loc["score_all_fresh"]
    assert score_row["effective_weight"] == pytest.approx(1.0)
    assert fresh_row["effective_weight"] == 1.0 and fresh_row["weight"] == 1.0
    assert (score_row["status"], fresh_row["status"]) == ("ok", "ok")
    assert (score_row["unit"], fresh_row["unit"]) == ("0-100", "0-100")
    assert fresh_row["note"] == "last session with all 3 components: 2025-03-05"
    assert score_row["note"] == "as of 2025-03-06 (last session with prices), 2 of 3 components"


def test_never_fresh_and_too_little_history() -> None:
    histories = pd.DataFrame({"a": [1.0, 3.0, 2.0, 4.0], "c": [NAN, NAN, NAN, 5.0]}, index=DAYS)
    result = build_result(histories, _config(_spec("a", 0.5), _spec("c", 0.5)), None, False, [])
    assert result.all_fresh_date is None and math.isnan(result.all_fresh_score)
    assert result.components.loc["c", "note"] == "fewer than 2 values of history"
    assert result.headline == "100.0 (1 of 2 components); never all 2 fresh"
    frame = result.to_frame()
    assert frame.loc["score_all_fresh", "status"] == "missing"
    assert frame.loc["score_all_fresh", "note"] == "last session with all 2 components: never"


def test_no_freshness_note_when_the_last_session_is_complete() -> None:
    both = build_result(
        HISTORIES[["a", "b"]], _config(_spec("a", 0.5), _spec("b", 0.5, -1)), None, False, []
    )
    assert both.all_fresh_date == DAYS[-1] and both.notes == ()
    assert both.headline == f"{both.score:.1f} (2 of 2 components)"


def test_a_flat_market_day_is_not_a_down_day() -> None:
    idx = pd.bdate_range("2025-03-03", periods=7, tz="UTC")
    market = pd.Series([-0.02, -0.01, 0.0, -0.03, -0.04, -0.05, 0.01], idx)
    asset = pd.Series([-0.03, -0.01, 0.02, -0.05, -0.07, -0.06, 0.0], idx)
    beta = rolling_downside_beta(asset, market, 7)
    down = market < 0
    assert beta.name == "btc_downside_beta"
    assert beta.iloc[-1] == pytest.approx(np.polyfit(market[down], asset[down], 1)[0])
    assert beta.iloc[:-1].isna().all()


def test_a_component_without_a_window_changes_over_one_session() -> None:
    sessions = pd.bdate_range("2025-03-03", periods=5, tz="UTC")
    hy = pd.Series([3.0, 3.25, 3.0, 3.5, 4.0], sessions)
    inputs = RiskInputs(
        btc=pd.Series([100.0, 101, 102, 103, 104], sessions),
        tech=pd.Series([50.0, 51, 50, 52, 53], sessions),
        basket=pd.DataFrame({"NVDA": [10.0, 11, 10, 12, 13]}, index=sessions),
        hy_oas=hy,
    )
    config = _config(
        ComponentSpec("hy_oas_change", 1.0, None, 1, "bp", "change"),
        ComponentSpec("dollar_trend", 0.0, 3, 1, "log", "no dollar"),
    )
    histories = component_histories(inputs, config)
    assert histories.index.name == "date"
    np.testing.assert_allclose(histories["hy_oas_change"], [NAN, 25.0, -25.0, 50.0, 50.0])
    assert histories["dollar_trend"].isna().all()


def test_a_weight_0_component_never_counts_and_an_empty_session_has_no_score() -> None:
    histories = pd.DataFrame({"a": [1.0, 3.0, 2.0, 4.0], "z": [4.0, 3.0, 2.0, 1.0]}, index=DAYS)
    result = build_result(histories, _config(_spec("a", 1.0), _spec("z", 0.0)), None, False, [])
    assert (result.components_used, result.components_total) == (1, 1)
    z = result.components.loc["z"]
    assert z["status"] == "missing" and z["effective_weight"] == 0.0
    assert math.isnan(z["percentile"]) and math.isnan(z["contribution"])
    stale = histories.copy()
    stale.iloc[-1] = NAN
    empty = build_result(stale, _config(_spec("a", 1.0), _spec("z", 0.0)), None, False, [])
    assert math.isnan(empty.score)
    assert empty.to_frame().loc["score", "status"] == "missing"


def test_a_weight_0_component_is_noted_as_weight_0_whatever_its_value() -> None:
    """A weight-0 component is left out because of its weight, not its history: with a
    finite value and no percentile yet (one value, min_history 2), with a finite value
    and a percentile, and with no value, its note is "weight 0"."""
    histories = pd.DataFrame(
        {
            "a": [1.0, 3.0, 2.0, 4.0],
            "young": [NAN, NAN, NAN, 7.0],  # finite today, one value of history
            "old": [4.0, 3.0, 2.0, 1.0],  # finite today, percentile 1/4 in risk terms
            "gone": [4.0, 3.0, 2.0, NAN],  # stale today
            "short": [NAN, NAN, NAN, 5.0],  # weight > 0, one value: too little history
        },
        index=DAYS,
    )
    config = _config(
        _spec("a", 1.0),
        _spec("young", 0.0),
        _spec("old", 0.0),
        _spec("gone", 0.0),
        _spec("short", 0.5),
    )
    _, pct = score_history(histories, config)
    assert math.isnan(pct["young"].iloc[-1]) and pct["old"].iloc[-1] == 0.25
    table = build_result(histories, config, None, False, []).components
    assert table["note"].tolist() == [
        "component a",
        "weight 0",
        "weight 0",
        "weight 0",
        "fewer than 2 values of history",
    ]
    assert table["value"].tolist()[:3] == [4.0, 7.0, 1.0]
    assert table["status"].tolist() == ["ok", "missing", "missing", "missing", "missing"]
