"""AI-contagion risk score: config validation, percentiles, re-normalisation, components
checked against independent references, the descriptive study, real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.basket import basket_index
from bubblelink.analytics.beta import asymmetric_beta
from bubblelink.errors import ConfigError
from bubblelink.risk import (
    RiskInputs,
    expanding_percentile,
    forward_max_drawdown,
    load_risk_config,
    risk_from_inputs,
    rolling_downside_beta,
)
from bubblelink.service.risk import risk


def test_shipped_weights_load_and_sum_to_one() -> None:
    config = load_risk_config()
    assert config.ai_basket == ("NVDA", "ORCL", "AMD")
    assert sum(c.weight for c in config.components) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("components: {nonsense: {weight: 1}}", r"w\.yaml:1:14: components\.nonsense: unknown"),
        ("components: {hy_oas_level: {weight: -1}}", r"hy_oas_level\.weight: must be >= 0"),
        ("components: {hy_oas_level: {weight: 0}}", "components: at least one .* positive weight"),
        ("components: {ai_volatility: {weight: 1, window: 1}}", r"window: must be >= 2"),
        ("components: [1, 2", r"w\.yaml:1:18: invalid YAML"),
        ("just text", "top level: expected a mapping"),
    ],
)
def test_bad_weights_file_is_a_config_error(tmp_path: Path, text: str, match: str) -> None:
    file = tmp_path / "w.yaml"
    file.write_text(text)
    with pytest.raises(ConfigError, match=match):
        load_risk_config(file)


def test_missing_weights_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"does not exist.*shipped: risk_weights\.yaml"):
        load_risk_config(tmp_path / "nope.yaml")


def test_expanding_percentile_uses_only_the_past() -> None:
    values = pd.Series([3.0, 1.0, 2.0, 5.0, 4.0, np.nan, 0.5])
    pct = expanding_percentile(values, min_history=3)
    assert np.isnan(pct.iloc[1])
    assert pct.iloc[2] == pytest.approx(2 / 3)  # 2 in {3, 1, 2}
    assert pct.iloc[4] == pytest.approx(4 / 5)  # 4 in {3, 1, 2, 5, 4}
    assert np.isnan(pct.iloc[5])
    assert pct.iloc[6] == pytest.approx(1 / 6)
    # appending future data does not change past percentiles
    longer = expanding_percentile(pd.concat([values, pd.Series([100.0])], ignore_index=True), 3)
    pd.testing.assert_series_equal(longer.iloc[:7], pct)


def test_rolling_downside_beta_equals_asymmetric_beta_on_the_window() -> None:
    rng = np.random.default_rng(3)
    index = pd.bdate_range("2020-01-01", periods=400, tz="UTC")
    m = pd.Series(rng.normal(0, 0.02, 400), index=index)
    a = pd.Series(np.where(m < 0, 1.5, 0.5) * m + rng.normal(0, 0.01, 400), index=index)
    rolling = rolling_downside_beta(a, m, window=252)
    ref = asymmetric_beta(a.iloc[-252:].rename("a"), m.iloc[-252:].rename("m"))
    assert rolling.iloc[-1] == pytest.approx(ref.downside_beta, rel=1e-9)
    assert rolling.iloc[:251].isna().all()


def test_basket_is_equal_weight_daily_rebalanced() -> None:
    index = pd.bdate_range("2024-01-01", periods=3, tz="UTC")
    closes = pd.DataFrame({"A": [10.0, 11.0, 11.0], "B": [20.0, 20.0, 10.0]}, index=index)
    basket = basket_index(closes, start_value=1.0)
    assert basket.tolist() == pytest.approx([1.0, 1.05, 1.05 * 0.75])


def test_forward_max_drawdown_by_hand() -> None:
    p = pd.Series([100.0, 110.0, 99.0, 120.0, 60.0, 70.0])
    fmdd = forward_max_drawdown(p, horizon=2)
    assert fmdd.iloc[0] == pytest.approx(99 / 110 - 1)
    assert fmdd.iloc[2] == pytest.approx(60 / 120 - 1)
    assert fmdd.iloc[3] == pytest.approx(60 / 120 - 1)
    assert fmdd.iloc[4:].isna().all()


def _inputs(n: int = 700, with_macro: bool = True) -> RiskInputs:
    rng = np.random.default_rng(11)
    index = pd.bdate_range("2020-01-01", periods=n, tz="UTC")
    tech = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    btc = 100 * np.exp(np.cumsum(rng.normal(0, 0.03, n)))
    basket = pd.DataFrame(
        {s: 50 * np.exp(np.cumsum(rng.normal(0, 0.02, n))) for s in ("NVDA", "ORCL", "AMD")},
        index=index,
    )
    days = pd.date_range(index[0], index[-1], freq="D")
    return RiskInputs(
        btc=pd.Series(btc, index=index),
        tech=pd.Series(tech, index=index),
        basket=basket,
        hy_oas=pd.Series(3 + np.cumsum(rng.normal(0, 0.02, n)), index=index)
        if with_macro
        else None,
        net_liquidity=pd.Series(6000 + np.cumsum(rng.normal(0, 5, len(days))), index=days)
        if with_macro
        else None,
        dollar=pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.003, n))), index=index)
        if with_macro
        else None,
        global_m2=pd.Series(
            95_000 * np.exp(np.cumsum(rng.normal(0.0002, 0.001, len(days)))), index=days
        )
        if with_macro
        else None,
    )


def test_score_is_weighted_percentiles_and_renormalises_missing_components() -> None:
    config = load_risk_config()
    full = risk_from_inputs(_inputs(), config)
    table = full.components
    assert (table["status"] == "ok").all()
    assert 0 <= full.score <= 100
    assert table["contribution"].sum() == pytest.approx(full.score)
    expected = 100 * (table["weight"] * table["percentile"]).sum() / table["weight"].sum()
    assert full.score == pytest.approx(expected)
    partial = risk_from_inputs(_inputs(with_macro=False), config)
    missing = partial.components[partial.components["status"] == "missing"].index.tolist()
    assert set(missing) == {
        "hy_oas_level",
        "hy_oas_change",
        "net_liquidity_impulse",
        "dollar_trend",
        "global_liquidity_impulse",
    }
    ok = partial.components[partial.components["status"] == "ok"]
    assert ok["effective_weight"].sum() == pytest.approx(1.0)
    assert ok["effective_weight"].iloc[0] == pytest.approx(0.15 / 0.65)
    assert any("re-normalised" in n for n in partial.notes)
    study = full.forward_drawdown
    assert study is not None and "DESCRIPTIVE" in study.label
    assert study.table["n"].sum() == study.n


def _closes(real_data_dir: Path, name: str) -> pd.Series:
    frame = pd.read_csv(real_data_dir / name, parse_dates=["date"])
    return frame.set_index("date").sort_index()["close"]


@pytest.mark.real_data
def test_real_risk_score(liquidity_real_store: Path, real_data_dir: Path) -> None:
    answer = risk(liquidity_real_store, as_of="2025-12-31")
    result = answer.result
    table = result.components
    assert result.as_of == pd.Timestamp("2025-12-31", tz="UTC")
    assert 0 <= result.score <= 100
    # TGA ends 2025-11-19, so net liquidity is stale on 2025-12-31: reported missing
    assert table.loc["net_liquidity_impulse", "status"] == "missing"
    assert table.loc["hy_oas_level", "value"] == pytest.approx(2.84)  # 2025-12-30 OAS
    assert not result.synthetic and not answer.synthetic
    # the AI-basket components against plain pandas: NYSE sessions (the Nasdaq's), the
    # equal-weight basket rebalanced daily, r_B = ln(1 + mean(simple member returns))
    sessions = _closes(real_data_dir, "nasdaq_composite.csv").loc["2020":"2025-12-31"].index
    closes = pd.DataFrame(
        {
            s: _closes(real_data_dir, f"{s.lower()}.csv").reindex(sessions)
            for s in ("NVDA", "ORCL", "AMD")
        }
    )
    log_basket = np.log1p(closes.pct_change().iloc[1:].mean(axis=1))
    level = np.exp(log_basket.cumsum())
    btc = np.log(_closes(real_data_dir, "btc_usd.csv").reindex(sessions)).diff()
    pair = pd.DataFrame({"btc": btc, "basket": log_basket}).dropna().iloc[-252:]
    down = pair[pair["basket"] < 0]
    assert table.loc["ai_volatility", "value"] == pytest.approx(
        log_basket.iloc[-21:].std() * np.sqrt(252), rel=1e-9
    )
    assert table.loc["ai_drawdown", "value"] == pytest.approx(
        1 - level.iloc[-1] / level.iloc[-252:].max(), rel=1e-9
    )
    assert table.loc["btc_downside_beta", "value"] == pytest.approx(
        down["btc"].cov(down["basket"]) / down["basket"].var(), rel=1e-9
    )


def test_sample_risk_score_is_synthetic(liquidity_sample_store: Path) -> None:
    answer = risk(liquidity_sample_store, as_of="2025-06-30")
    result = answer.result
    assert result.synthetic and answer.synthetic
    assert answer.notes[0].startswith("SYNTHETIC")
    assert (result.components["status"] == "ok").sum() >= 8  # DXY stands in for DTWEXBGS


@pytest.mark.real_data
def test_real_headline_says_what_the_score_rests_on_and_its_skill(
    liquidity_real_store: Path,
) -> None:
    result = risk(liquidity_real_store).result
    # HY OAS (two components), net liquidity and the dollar end before the prices
    assert result.as_of == pd.Timestamp("2026-08-21", tz="UTC")
    assert (result.components_used, result.components_total) == (5, 9)
    missing = set(result.components.index[result.components["status"] == "missing"])
    assert missing == {"hy_oas_level", "hy_oas_change", "net_liquidity_impulse", "dollar_trend"}
    # WTREGEN stops on 2025-11-19: net liquidity is complete until 2025-12-05
    assert result.all_fresh_date == pd.Timestamp("2025-12-05", tz="UTC")
    assert result.headline.startswith(f"{result.score:.1f} (5 of 9 components); all 9 fresh")
    skill = result.skill
    assert skill is not None and skill.threshold == -0.15 and skill.horizon == 21
    table = skill.table
    assert list(table.index) == [
        "weighted_score",
        "logistic_components",
        "btc_volatility",
        "unconditional",
    ]
    assert (table["n"] == skill.n).all() and skill.n > 2000
    # the AUC of the out-of-sample predictions against every (event, non-event) pair
    sample = skill.predictions.dropna()
    pos = sample.loc[sample["event"] == 1, "weighted_score"].to_numpy()
    neg = sample.loc[sample["event"] == 0, "weighted_score"].to_numpy()
    pairs = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    assert table.loc["weighted_score", "auc"] == pytest.approx(pairs, abs=1e-12)
    assert skill.headline == "weighted_score"
    assert skill.verdict.endswith("the transparent weighted score stays the headline")
