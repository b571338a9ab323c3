"""Real BTC vs Nasdaq Composite, 2018-2025: the beta family on market data."""

from __future__ import annotations

from pathlib import Path

import empyrical
import numpy as np
import pandas as pd
import pytest

from bubblelink.analytics.beta import asymmetric_beta, ols_beta, stress_correlation

pytestmark = pytest.mark.real_data


def _session_log_returns(real_data_dir: Path) -> tuple[pd.Series, pd.Series]:
    """Log returns on NYSE sessions; BTC uses its close of the same calendar date (UTC bar)."""
    btc = pd.read_csv(real_data_dir / "btc_usd.csv", parse_dates=["date"], index_col="date")
    ixic = pd.read_csv(
        real_data_dir / "nasdaq_composite.csv", parse_dates=["date"], index_col="date"
    )
    sessions = ixic.loc[
        "2017-12-29":"2025-12-31"
    ].index  # one session before 2018 for the first return
    closes = pd.DataFrame(
        {"BTC-USD": btc["close"].reindex(sessions), "^IXIC": ixic.loc[sessions, "close"]}
    )
    assert closes.notna().all().all()  # BTC trades every calendar day
    returns = np.log(closes).diff().iloc[1:]
    returns.index = returns.index.tz_localize("UTC").rename("date")
    return returns["BTC-USD"], returns["^IXIC"]


def test_beta_matches_numpy_ols_on_real_data(real_data_dir: Path) -> None:
    btc, ixic = _session_log_returns(real_data_dir)
    result = ols_beta(btc, ixic)
    x = np.column_stack([np.ones(len(ixic)), ixic.to_numpy()])
    (alpha, slope), *_ = np.linalg.lstsq(x, btc.to_numpy(), rcond=None)
    assert result.n == len(btc) == 2011
    assert result.beta == pytest.approx(slope, abs=1e-10)
    assert result.alpha == pytest.approx(alpha, abs=1e-10)
    # sanity: BTC co-moves with the Nasdaq with beta well above zero and below three
    assert 0.5 < result.beta < 3.0
    assert result.beta - 1.96 * result.beta_std_error > 0


def test_downside_and_stress_statistics_are_finite_on_real_data(real_data_dir: Path) -> None:
    btc, ixic = _session_log_returns(real_data_dir)
    asym = asymmetric_beta(btc, ixic)
    stress = stress_correlation(btc, ixic)
    # one Nasdaq session closed exactly flat: out of both regimes (empyrical's rule)
    assert asym.n_at_threshold == 1
    assert asym.n_down + asym.n_up == 2010
    assert asym.downside_beta == pytest.approx(empyrical.down_alpha_beta(btc, ixic)[1], rel=1e-10)
    assert asym.upside_beta == pytest.approx(empyrical.up_alpha_beta(btc, ixic)[1], rel=1e-10)
    assert np.isfinite([asym.downside_beta, asym.upside_beta, asym.difference_std_error]).all()
    assert stress.n_stress >= 40
    assert -1 < stress.stress_corr < 1
