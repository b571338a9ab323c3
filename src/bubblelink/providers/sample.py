"""The sample market: a seeded, deterministic SYNTHETIC market for offline use and tests.

Every series it writes is flagged ``synthetic`` and every output that uses one says so.
The true parameters are stored with the data (each series' ``metadata["model"]``) and the
realised regime path is stored as the series ``SAMPLE_REGIME``, so estimators can be
checked against ground truth.

Model
-----
Regimes ``s_t`` ∈ {0 calm, 1 AI sell-off, 2 easing} follow a Markov chain over NYSE
sessions with transition matrix :data:`TRANSITION` (rows: from, columns: to; a sell-off
always hands over to easing: the "AI-credit shock, then central-bank easing" story).

On each NYSE session *t*:

* tech factor ``f_t ~ N(mu_f[s], sigma_f[s])`` (daily log return of the tech market);
* liquidity factor ``l_t ~ N(mu_l[s], sigma_l)``;
* equity *i*: ``r_it = beta_i · f_t + e_it``, ``e_it ~ N(0, idio_i)``;
* BTC on a session day: ``r_t = drift + beta_btc[s] · f_t + gamma_btc · l_t + e_t``,
  ``e_t ~ N(0, idio_btc[s])``; on weekends and holidays BTC moves on
  ``drift + e_t`` only (the regime of the last session);
* dollar index: ``r_t = -gamma_dxy · l_t + N(0, idio_dxy)``;
* HY OAS (percent): ``o_t = o_{t-1} + kappa (theta[s] - o_{t-1}) + N(0, sigma_oas[s])``;
* reverse repo (billions): AR(1) towards ``rrp_level[s]``, floored at 0;
* Fed balance sheet WALCL (millions, Wednesdays): log change = sum of ``l`` over the week
  plus N(0, 0.002); Treasury General Account WTREGEN (millions, Wednesdays): AR(1)
  around 700,000;
* M2SL (billions, monthly, dated the 1st): log change = ``m2_drift + m2_liquidity ·``
  (sum of ``l`` over the month) + N(0, 0.001).

Prices start at :data:`START_LEVELS`; open/high/low/volume are drawn around the close
(open = previous close × small gap; high/low stretch the open–close range).
Macro vintages follow the FRED publication lags (no look-ahead in "as of" reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.providers.base import FetchResult, SeriesBatch, SeriesMeta, wide_to_long
from bubblelink.providers.fred_catalog import publication_lag
from bubblelink.sessions import nyse_sessions

REGIMES = ("calm", "ai_selloff", "easing")
TRANSITION = [
    [0.996, 0.004, 0.000],
    [0.000, 0.970, 0.030],
    [0.010, 0.002, 0.988],
]
TECH_MEAN = (0.0006, -0.0040, 0.0010)
TECH_SIGMA = (0.011, 0.025, 0.015)
LIQUIDITY_MEAN = (0.00005, -0.0004, 0.0004)
LIQUIDITY_SIGMA = 0.002
EQUITY_BETA = {"NVDA": 1.7, "AMD": 1.6, "ORCL": 1.1, "^IXIC": 1.0}
EQUITY_IDIO = {"NVDA": 0.022, "AMD": 0.024, "ORCL": 0.016, "^IXIC": 0.002}
BTC_BETA = (0.5, 1.6, 0.7)
BTC_GAMMA = 3.0
BTC_DRIFT = 0.0008
BTC_IDIO = (0.025, 0.035, 0.030)
DXY_GAMMA = 0.3
DXY_IDIO = 0.004
OAS_KAPPA = 0.02
OAS_THETA = (3.5, 6.5, 4.5)
OAS_SIGMA = (0.03, 0.12, 0.05)
RRP_LEVEL = (500.0, 300.0, 100.0)
M2_DRIFT = 0.0035
M2_LIQUIDITY = 0.5
START_LEVELS = {
    "BTC-USD": 1000.0,
    "NVDA": 25.0,
    "AMD": 11.0,
    "ORCL": 38.0,
    "^IXIC": 5400.0,
    "DX-Y.NYB": 102.0,
}
DEFAULT_START = "2017-01-03"
DEFAULT_END = "2026-08-31"
DEFAULT_SEED = 4


@dataclass(frozen=True)
class SampleMarket:
    """The generated market before it becomes batches (handy in tests).

    Attributes
    ----------
    sessions : DatetimeIndex
        NYSE sessions (tz-aware UTC).
    regimes : Series
        Regime code per session (0 calm, 1 AI sell-off, 2 easing).
    tech_factor, liquidity_factor : Series
        The true factors per session.
    closes : DataFrame
        Closing prices: BTC-USD on every calendar day, the others on sessions.
    macro : dict of Series
        The macro series on their own observation dates.
    parameters : dict
        Every true parameter (also stored in each series' metadata).
    """

    sessions: pd.DatetimeIndex
    regimes: pd.Series
    tech_factor: pd.Series
    liquidity_factor: pd.Series
    closes: pd.DataFrame
    ohlcv: dict[str, pd.DataFrame]
    macro: dict[str, pd.Series]
    parameters: dict[str, Any]


def model_parameters(seed: int, start: str, end: str) -> dict[str, Any]:
    """All true parameters of the sample market, as stored with the data."""
    return {
        "seed": seed,
        "start": start,
        "end": end,
        "regimes": list(REGIMES),
        "transition": TRANSITION,
        "tech_mean": TECH_MEAN,
        "tech_sigma": TECH_SIGMA,
        "liquidity_mean": LIQUIDITY_MEAN,
        "liquidity_sigma": LIQUIDITY_SIGMA,
        "equity_beta": EQUITY_BETA,
        "equity_idio": EQUITY_IDIO,
        "btc_beta": BTC_BETA,
        "btc_gamma": BTC_GAMMA,
        "btc_drift": BTC_DRIFT,
        "btc_idio": BTC_IDIO,
        "dxy_gamma": DXY_GAMMA,
        "dxy_idio": DXY_IDIO,
        "oas_kappa": OAS_KAPPA,
        "oas_theta": OAS_THETA,
        "oas_sigma": OAS_SIGMA,
        "rrp_level": RRP_LEVEL,
        "m2_drift": M2_DRIFT,
        "m2_liquidity": M2_LIQUIDITY,
        "start_levels": START_LEVELS,
    }


def simulate(
    seed: int = DEFAULT_SEED, start: str = DEFAULT_START, end: str = DEFAULT_END
) -> SampleMarket:
    """Draw the sample market (same seed and dates → identical data)."""
    rng = np.random.default_rng(seed)
    sessions = nyse_sessions(pd.Timestamp(start), pd.Timestamp(end))
    n = len(sessions)
    regimes = _regime_path(rng, n)
    tech = rng.normal(np.take(TECH_MEAN, regimes), np.take(TECH_SIGMA, regimes))
    liquidity = rng.normal(np.take(LIQUIDITY_MEAN, regimes), LIQUIDITY_SIGMA)

    session_returns = {
        sym: EQUITY_BETA[sym] * tech + rng.normal(0.0, EQUITY_IDIO[sym], n) for sym in EQUITY_BETA
    }
    session_returns["DX-Y.NYB"] = -DXY_GAMMA * liquidity + rng.normal(0.0, DXY_IDIO, n)
    session_returns["^IXIC"][0] = 0.0

    days = pd.date_range(sessions[0], sessions[-1], freq="D", tz="UTC", name="date")
    day_regime = pd.Series(regimes, index=sessions).reindex(days).ffill().astype(int).to_numpy()
    is_session = days.isin(sessions)
    btc = BTC_DRIFT + rng.normal(0.0, np.take(BTC_IDIO, day_regime))
    session_pos = np.flatnonzero(is_session)
    btc[session_pos] += np.take(BTC_BETA, regimes) * tech + BTC_GAMMA * liquidity

    closes = {
        sym: START_LEVELS[sym] * np.exp(np.cumsum(np.r_[0.0, r[1:]]))
        for sym, r in session_returns.items()
    }
    ohlcv = {sym: _bars(rng, sessions, closes[sym], sym) for sym in closes}
    btc_close = START_LEVELS["BTC-USD"] * np.exp(np.cumsum(np.r_[0.0, btc[1:]]))
    ohlcv["BTC-USD"] = _bars(rng, days, btc_close, "BTC-USD")
    close_frame = pd.DataFrame({sym: bars["close"] for sym, bars in ohlcv.items()})

    macro = _macro(rng, sessions, regimes, liquidity)
    macro["SAMPLE_REGIME"] = pd.Series(regimes.astype(float), index=sessions)
    return SampleMarket(
        sessions=sessions,
        regimes=pd.Series(regimes, index=sessions, name="regime"),
        tech_factor=pd.Series(tech, index=sessions, name="tech"),
        liquidity_factor=pd.Series(liquidity, index=sessions, name="liquidity"),
        closes=close_frame,
        ohlcv=ohlcv,
        macro=macro,
        parameters=model_parameters(seed, start, end),
    )


def _regime_path(rng: np.random.Generator, n: int) -> np.ndarray:
    cumulative = np.cumsum(np.asarray(TRANSITION), axis=1)
    draws = rng.random(n)
    path = np.zeros(n, dtype=int)
    for t in range(1, n):
        path[t] = int(np.searchsorted(cumulative[path[t - 1]], draws[t], side="right"))
    return path


def _bars(
    rng: np.random.Generator, index: pd.DatetimeIndex, close: np.ndarray, sym: str
) -> pd.DataFrame:
    n = len(close)
    prev = np.r_[close[0], close[:-1]]
    open_ = prev * np.exp(rng.normal(0.0, 0.002, n))
    body_high = np.maximum(open_, close)
    body_low = np.minimum(open_, close)
    spread = np.abs(np.log(close / prev)) + 0.004
    high = body_high * np.exp(np.abs(rng.normal(0.0, 0.5, n)) * spread)
    low = body_low * np.exp(-np.abs(rng.normal(0.0, 0.5, n)) * spread)
    volume = np.round(rng.lognormal(16.0 if sym != "BTC-USD" else 23.0, 0.3, n))
    frame = pd.DataFrame(
        {"open": open_, "high": high, "low": low, "close": close, "volume": volume}, index=index
    )
    if sym.startswith("^") or sym == "DX-Y.NYB":
        frame = frame.drop(columns="volume")
    return frame


def _macro(
    rng: np.random.Generator, sessions: pd.DatetimeIndex, regimes: np.ndarray, liquidity: np.ndarray
) -> dict[str, pd.Series]:
    n = len(sessions)
    oas = np.empty(n)
    rrp = np.empty(n)
    oas[0], rrp[0] = OAS_THETA[0], RRP_LEVEL[0]
    oas_noise = rng.normal(0.0, 1.0, n)
    rrp_noise = rng.normal(0.0, 15.0, n)
    for t in range(1, n):
        s = regimes[t]
        oas[t] = oas[t - 1] + OAS_KAPPA * (OAS_THETA[s] - oas[t - 1]) + OAS_SIGMA[s] * oas_noise[t]
        rrp[t] = max(0.0, rrp[t - 1] + 0.03 * (RRP_LEVEL[s] - rrp[t - 1]) + rrp_noise[t])
    liq = pd.Series(liquidity, index=sessions)

    weekly_liq = liq.resample("W-WED").sum()
    walcl = 4.4e6 * np.exp(
        np.cumsum(weekly_liq.to_numpy() + rng.normal(0.0, 0.002, len(weekly_liq)))
    )
    tga = np.empty(len(weekly_liq))
    tga[0] = 700_000.0
    for t in range(1, len(tga)):
        tga[t] = 700_000.0 + 0.8 * (tga[t - 1] - 700_000.0) + rng.normal(0.0, 60_000.0)
    wednesdays = weekly_liq.index

    monthly_liq = liq.resample("MS").sum()
    m2 = 13_000.0 * np.exp(
        np.cumsum(
            M2_DRIFT
            + M2_LIQUIDITY * monthly_liq.to_numpy()
            + rng.normal(0.0, 0.001, len(monthly_liq))
        )
    )
    return {
        "BAMLH0A0HYM2": pd.Series(np.round(oas, 2), index=sessions),
        "RRPONTSYD": pd.Series(np.round(rrp, 3), index=sessions),
        "WALCL": pd.Series(np.round(walcl), index=wednesdays),
        "WTREGEN": pd.Series(np.round(np.maximum(tga, 50_000.0)), index=wednesdays),
        "M2SL": pd.Series(np.round(m2, 1), index=monthly_liq.index),
    }


MACRO_META = {
    "BAMLH0A0HYM2": ("percent", "business"),
    "RRPONTSYD": ("billions USD", "business"),
    "WALCL": ("millions USD", "weekly"),
    "WTREGEN": ("millions USD", "weekly"),
    "M2SL": ("billions USD", "monthly"),
    "SAMPLE_REGIME": ("state (0 calm, 1 AI sell-off, 2 easing)", "business"),
}


class SampleProvider:
    """Provider of the sample market (no network; deterministic for a seed)."""

    name = "sample"

    def __init__(
        self, seed: int = DEFAULT_SEED, start: str = DEFAULT_START, end: str = DEFAULT_END
    ) -> None:
        self.seed = seed
        self.start = start
        self.end = end

    def fetch(self) -> FetchResult:
        """Every sample series as batches, each flagged synthetic."""
        market = simulate(self.seed, self.start, self.end)
        params = market.parameters
        result = FetchResult()
        for sym, bars in market.ohlcv.items():
            frame = bars.reset_index(names="date")
            frame["date"] = frame["date"].dt.tz_localize(None)
            loading = (
                {"beta_by_regime": BTC_BETA, "gamma": BTC_GAMMA, "idio_by_regime": BTC_IDIO}
                if sym == "BTC-USD"
                else {"beta": EQUITY_BETA.get(sym), "idio": EQUITY_IDIO.get(sym)}
                if sym in EQUITY_BETA
                else {"liquidity_loading": -DXY_GAMMA, "idio": DXY_IDIO}
            )
            meta = SeriesMeta(
                id=sym,
                kind="price",
                unit="index points" if sym.startswith("^") or sym == "DX-Y.NYB" else "USD",
                frequency="daily" if sym == "BTC-USD" else "business",
                source="sample",
                calendar="24/7" if sym == "BTC-USD" else "XNYS",
                synthetic=True,
                metadata={"model": params, "true_loadings": loading},
            )
            result.batches.append(SeriesBatch(meta=meta, data=wide_to_long(frame)))
        for sid, values in market.macro.items():
            unit, frequency = MACRO_META[sid]
            dates = values.index.tz_localize(None) if values.index.tz is not None else values.index
            data = pd.DataFrame({"date": dates, "field": "value", "value": values.to_numpy()})
            if sid != "SAMPLE_REGIME":
                lag = publication_lag(sid, frequency)
                data["vintage"] = (dates + pd.Timedelta(days=lag)).tz_localize("UTC")
            meta = SeriesMeta(
                id=sid,
                kind="macro",
                unit=unit,
                frequency=frequency,  # type: ignore[arg-type]
                source="sample",
                calendar="none",
                synthetic=True,
                metadata={"model": params},
            )
            result.batches.append(SeriesBatch(meta=meta, data=data))
        return result
