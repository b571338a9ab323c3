"""Known answers for every risk-score component and for the score itself.

Each value is recomputed here, independently of ``bubblelink.risk``, from a small
hand-made market (20 sessions) with plain Python loops: windows are short so every
number can be checked on paper.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bubblelink.risk import RiskConfig, RiskInputs, build_result, component_histories
from bubblelink.risk._config import COMPONENTS, ComponentSpec
from bubblelink.risk._score import score_history

SESSIONS = pd.bdate_range("2025-03-03", periods=20, tz="UTC", name="date")
# fmt: off
BTC = [100.0, 104.0, 101.0, 99.0, 105.0, 108.0, 103.0, 107.0, 110.0, 106.0,
       111.0, 109.0, 104.0, 108.0, 102.0, 98.0, 103.0, 97.0, 101.0, 99.0]
TECH = [50.0, 50.5, 50.2, 49.8, 50.9, 51.3, 50.6, 51.0, 51.8, 51.2,
        52.0, 51.7, 51.1, 51.6, 50.9, 50.2, 50.8, 50.0, 50.6, 50.3]
MEMBERS = {
    "NVDA": [10.0, 10.4, 10.1, 9.7, 10.2, 10.9, 10.5, 10.8, 11.3, 10.6,
             11.0, 10.7, 10.4, 10.9, 10.5, 10.2, 10.6, 10.1, 10.5, 10.3],
    "ORCL": [20.0, 20.2, 19.6, 19.9, 20.8, 21.0, 20.1, 20.5, 21.2, 20.9,
             21.5, 21.1, 20.7, 21.0, 20.6, 20.2, 20.9, 20.3, 20.8, 20.5],
    "AMD": [5.0, 5.1, 4.9, 4.8, 5.2, 5.25, 5.0, 5.15, 5.4, 5.2,
            5.35, 5.3, 5.1, 5.3, 5.05, 4.95, 5.1, 4.9, 5.05, 5.0],
}
# HY OAS as known each session: stale (missing) on the last two
HY = [3.0, 3.1, 3.05, 3.2, 3.4, 3.3, 3.5, 3.6, 3.45, 3.7,
      3.65, 3.9, 4.1, 3.95, 4.3, 4.6, 4.4, 4.8, np.nan, np.nan]
DOLLAR = [100.0, 100.5, 101.0, 100.7, 101.3, 101.1, 101.9, 102.4, 102.0, 102.6,
          103.1, 102.8, 102.2, 102.9, 103.4, 103.0, 103.8, 104.1, 103.6, 104.0]
# fmt: on
WINDOWS = {
    "btc_tech_corr_30": 5,
    "btc_tech_corr_90": 6,
    "btc_downside_beta": 8,
    "ai_drawdown": 5,
    "ai_volatility": 4,
    "hy_oas_level": None,
    "hy_oas_change": 3,
    "net_liquidity_impulse": 7,
    "dollar_trend": 3,
}
WEIGHTS = {
    "btc_tech_corr_30": 0.15,
    "btc_tech_corr_90": 0.10,
    "btc_downside_beta": 0.15,
    "ai_drawdown": 0.15,
    "ai_volatility": 0.10,
    "hy_oas_level": 0.10,
    "hy_oas_change": 0.10,
    "net_liquidity_impulse": 0.10,
    "dollar_trend": 0.05,
}


def _config(min_history: int = 3) -> RiskConfig:
    specs = tuple(
        ComponentSpec(
            name,
            WEIGHTS[name],
            WINDOWS[name],
            COMPONENTS[name][1],
            COMPONENTS[name][2],
            COMPONENTS[name][3],
        )
        for name in WINDOWS
    )
    return RiskConfig("BTC-USD", "^IXIC", tuple(MEMBERS), min_history, specs)


def _net_liquidity() -> pd.Series:
    days = pd.date_range("2025-02-20", "2025-03-28", freq="D", tz="UTC")
    level = [6000.0 + 5.0 * k + (40.0 if k % 7 == 3 else 0.0) for k in range(len(days))]
    return pd.Series(level, index=days)


def _inputs() -> RiskInputs:
    return RiskInputs(
        btc=pd.Series(BTC, index=SESSIONS),
        tech=pd.Series(TECH, index=SESSIONS),
        basket=pd.DataFrame(MEMBERS, index=SESSIONS),
        hy_oas=pd.Series(HY, index=SESSIONS),
        net_liquidity=_net_liquidity(),
        dollar=pd.Series(DOLLAR, index=SESSIONS),
    )


# -- independent references (plain numpy, no bubblelink) -------------------------------


def _log_returns(prices: list[float]) -> list[float]:
    """r_i = ln(p_i / p_{i-1}) for sessions 1..n-1 (index i-1)."""
    return [math.log(prices[i] / prices[i - 1]) for i in range(1, len(prices))]


def _basket_returns() -> list[float]:
    """ln(1 + mean of the members' simple returns): the daily-rebalanced portfolio."""
    out = []
    for i in range(1, len(SESSIONS)):
        simple = [MEMBERS[m][i] / MEMBERS[m][i - 1] - 1.0 for m in MEMBERS]
        out.append(math.log(1.0 + sum(simple) / len(simple)))
    return out


def _basket_level() -> list[float]:
    level = [1.0]
    for r in _basket_returns():
        level.append(level[-1] * math.exp(r))
    return level


def _corr(x: list[float], y: list[float]) -> float:
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def _expected_column(name: str) -> list[float]:
    n = len(SESSIONS)
    w = WINDOWS[name]
    out = [math.nan] * n
    btc, tech, basket = _log_returns(BTC), _log_returns(TECH), _basket_returns()
    level = _basket_level()
    for i in range(n):
        if name.startswith("btc_tech_corr") and i >= w:
            out[i] = _corr(btc[i - w : i], tech[i - w : i])
        elif name == "btc_downside_beta" and i >= w:
            a, m = btc[i - w : i], basket[i - w : i]
            down = [(x, y) for x, y in zip(a, m, strict=True) if y < 0]
            if len(down) >= 5:
                da, dm = [d[0] for d in down], [d[1] for d in down]
                ma, mm = sum(da) / len(da), sum(dm) / len(dm)
                cov = sum((x - ma) * (y - mm) for x, y in down)
                out[i] = cov / sum((y - mm) ** 2 for y in dm)
        elif name == "ai_drawdown":
            out[i] = 1.0 - level[i] / max(level[max(0, i - w + 1) : i + 1])
        elif name == "ai_volatility" and i >= w:
            window = basket[i - w : i]
            mean = sum(window) / w
            out[i] = math.sqrt(sum((r - mean) ** 2 for r in window) / (w - 1) * 252)
        elif name == "hy_oas_level":
            out[i] = HY[i]
        elif name == "hy_oas_change" and i >= w:
            out[i] = (HY[i] - HY[i - w]) * 100.0
        elif name == "net_liquidity_impulse":
            nl = _net_liquidity()
            day = SESSIONS[i]
            out[i] = nl[day] - nl[day - pd.Timedelta(days=w)]
        elif name == "dollar_trend" and i >= w:
            out[i] = math.log(DOLLAR[i]) - math.log(DOLLAR[i - w])
    return out


@pytest.mark.parametrize("name", list(WINDOWS))
def test_each_component_equals_an_independent_computation(name: str) -> None:
    got = component_histories(_inputs(), _config())[name]
    expected = _expected_column(name)
    assert list(got.index) == list(SESSIONS)
    np.testing.assert_allclose(got.to_numpy(), expected, rtol=1e-10, atol=1e-13)
    assert np.isfinite(got.iloc[-3])  # every component has values to check


def test_downside_beta_needs_five_down_days() -> None:
    basket = _basket_returns()
    w = WINDOWS["btc_downside_beta"]
    downs = [sum(r < 0 for r in basket[i - w : i]) for i in range(w, len(SESSIONS))]
    got = component_histories(_inputs(), _config())["btc_downside_beta"]
    for i, count in zip(range(w, len(SESSIONS)), downs, strict=True):
        assert np.isfinite(got.iloc[i]) == (count >= 5)


def _percentile(values: list[float], i: int, min_history: int) -> float:
    """Rank of values[i] among the non-missing values up to i, ties counted half, / n."""
    past = [v for v in values[: i + 1] if not math.isnan(v)]
    if math.isnan(values[i]) or len(past) < min_history:
        return math.nan
    x = values[i]
    below = sum(v < x for v in past)
    ties = sum(v == x for v in past)  # x itself included
    return (below + (ties + 1) / 2.0) / len(past)


def test_score_is_the_weighted_mean_of_available_percentiles() -> None:
    config = _config(min_history=3)
    histories = component_histories(_inputs(), config)
    score, pct = score_history(histories, config)
    n = len(SESSIONS)
    expected_score = []
    for i in range(n):
        total = weight = 0.0
        for spec in config.components:
            values = [spec.direction * v for v in _expected_column(spec.name)]
            q = _percentile(values, i, 3)
            assert (math.isnan(q) and np.isnan(pct[spec.name].iloc[i])) or q == pytest.approx(
                pct[spec.name].iloc[i], abs=1e-12
            )
            if not math.isnan(q):
                total += spec.weight * q
                weight += spec.weight
        expected_score.append(100.0 * total / weight if weight > 0 else math.nan)
    np.testing.assert_allclose(score.to_numpy(), expected_score, rtol=1e-12)
    # HY OAS is stale on the last two sessions: its two components are left out and
    # the other weights re-normalised (0.8 of the 1.0 total)
    last = {s.name: _percentile([s.direction * v for v in _expected_column(s.name)], n - 1, 3)
            for s in config.components}  # fmt: skip
    kept = {k: q for k, q in last.items() if not math.isnan(q)}
    assert set(last) - set(kept) == {"hy_oas_level", "hy_oas_change"}
    assert score.iloc[-1] == pytest.approx(
        100 * sum(WEIGHTS[k] * q for k, q in kept.items()) / sum(WEIGHTS[k] for k in kept)
    )


def test_headline_counts_components_and_dates_the_last_complete_session() -> None:
    config = _config(min_history=3)
    histories = component_histories(_inputs(), config)
    result = build_result(histories, config, None, synthetic=False, notes=[])
    score, _ = score_history(histories, config)
    assert (result.components_used, result.components_total) == (7, 9)
    # the downside beta has its 5 down days from session 15, so a percentile (3 values)
    # from session 17; HY OAS stops after session 17: the only complete session
    assert result.all_fresh_date == SESSIONS[17]
    assert result.all_fresh_score == pytest.approx(score.iloc[17])
    assert result.headline == (
        f"{score.iloc[-1]:.1f} (7 of 9 components); all 9 fresh last on 2025-03-26: "
        f"{score.iloc[17]:.1f}"
    )
    frame = result.to_frame()
    assert frame.loc["score_all_fresh", "value"] == pytest.approx(score.iloc[17])
    assert result.components["effective_weight"].sum() == pytest.approx(1.0)
    missing = result.components.index[result.components["status"] == "missing"]
    assert set(missing) == {"hy_oas_level", "hy_oas_change"}
    assert any("rests on 7 of 9 components" in n for n in result.notes)
    assert result.to_dict()["headline"] == result.headline
