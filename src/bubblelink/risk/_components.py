"""Component histories of the AI-contagion risk score (pure functions on aligned data)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bubblelink.analytics.basket import basket_index
from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.risk._config import RiskConfig

#: Sessions per year used to annualise volatility.
SESSIONS_PER_YEAR = 252
#: Fewest basket down days in a window for a downside beta.
MIN_DOWN_DAYS = 5


@dataclass(frozen=True)
class RiskInputs:
    """Everything the components need, on NYSE sessions (tz-aware UTC index).

    Attributes
    ----------
    btc, tech : Series
        Session closes (BTC: its UTC daily close of the same date).
    basket : DataFrame
        Session closes of the AI-basket members.
    hy_oas : Series or None
        HY OAS (percent) as known on each session (release-dated; stale = NaN).
    net_liquidity : Series or None
        Fed net liquidity (billions USD) on a daily calendar grid, point in time.
    dollar : Series or None
        Dollar index as known on each session.
    global_m2 : Series or None
        Global M2 in USD (billions) as known on each calendar day
        (:meth:`bubblelink.analytics.liquidity.GlobalM2Data.history`).
    off : mapping
        Components switched off by rule (name → reason), e.g. the global-liquidity
        impulse when global M2's coverage is below its threshold: reported as ``off``,
        left out of the score and of the component count.
    """

    btc: pd.Series
    tech: pd.Series
    basket: pd.DataFrame
    hy_oas: pd.Series | None = None
    net_liquidity: pd.Series | None = None
    dollar: pd.Series | None = None
    global_m2: pd.Series | None = None
    off: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = field(default_factory=tuple)


def rolling_downside_beta(asset: pd.Series, market: pd.Series, window: int) -> pd.Series:
    r"""Rolling downside beta: the slope of ``asset`` on ``market`` over the market's down days.

    Over each window of ``window`` joint observations, with :math:`D_t = 1\{m_t < 0\}`,

    .. math::

        \beta^-_t = \frac{\sum D m a - \sum D m \sum D a / \sum D}
                         {\sum D m^2 - (\sum D m)^2 / \sum D},

    the same slope as :func:`bubblelink.analytics.beta.asymmetric_beta` (split at zero)
    on that window, computed with rolling sums. NaN when fewer than 5 down days or no
    variation among them.
    """
    pair = pd.concat([asset, market], axis=1).dropna()
    a, m = pair.iloc[:, 0], pair.iloc[:, 1]
    d = (m < 0).astype(float)
    roll = {
        key: s.rolling(window).sum()
        for key, s in {"n": d, "m": d * m, "a": d * a, "mm": d * m * m, "ma": d * m * a}.items()
    }
    n = roll["n"]
    with np.errstate(invalid="ignore", divide="ignore"):
        num = roll["ma"] - roll["m"] * roll["a"] / n
        den = roll["mm"] - roll["m"] ** 2 / n
        beta = num / den
    beta = beta.where((n >= MIN_DOWN_DAYS) & (den > 0))
    return beta.rename("btc_downside_beta")


def component_histories(inputs: RiskInputs, config: RiskConfig) -> pd.DataFrame:
    """One column per configured component, on the sessions of ``inputs.btc``.

    Definitions (windows from the config; sessions unless said otherwise):

    * ``btc_tech_corr_30/90``: rolling Pearson correlation of BTC and tech log returns
      (:func:`bubblelink.analytics.correlation.rolling_correlation`);
    * ``btc_downside_beta``: :func:`rolling_downside_beta` of BTC on the AI basket;
    * ``ai_drawdown``: :math:`1 - I_t / \\max_{t-w<s\\le t} I_s` of the basket index;
    * ``ai_volatility``: standard deviation of basket log returns × √252;
    * ``hy_oas_level``: HY OAS (percent) as known that session;
    * ``hy_oas_change``: its change over the window, in bp;
    * ``net_liquidity_impulse``: net liquidity minus its value ``window`` calendar days
      earlier (billions USD);
    * ``dollar_trend``: log change of the dollar index over the window;
    * ``global_liquidity_impulse``: :math:`\\log G_t - \\log G_{t-w}` of global M2 in USD
      as known on each day, ``window`` calendar days apart (13 weeks by default).
    """
    sessions = inputs.btc.dropna().index
    log_btc = np.log(inputs.btc).diff()
    basket = basket_index(inputs.basket, start_value=1.0)
    log_basket = np.log(basket).diff()
    out: dict[str, pd.Series] = {}
    for spec in config.components:
        w = spec.window or 1
        if spec.name.startswith("btc_tech_corr"):
            tech = np.log(inputs.tech).diff()
            corr = rolling_correlation(log_btc.rename("btc"), tech.rename("tech"), window=w)
            series = corr.value
        elif spec.name == "btc_downside_beta":
            series = rolling_downside_beta(log_btc, log_basket, w)
        elif spec.name == "ai_drawdown":
            series = 1.0 - basket / basket.rolling(w, min_periods=1).max()
        elif spec.name == "ai_volatility":
            series = log_basket.rolling(w).std() * np.sqrt(SESSIONS_PER_YEAR)
        elif spec.name == "hy_oas_level":
            series = inputs.hy_oas if inputs.hy_oas is not None else pd.Series(dtype=float)
        elif spec.name == "hy_oas_change":
            series = (
                inputs.hy_oas.diff(w) * 100.0
                if inputs.hy_oas is not None
                else pd.Series(dtype=float)
            )
        elif spec.name == "net_liquidity_impulse":
            nl = inputs.net_liquidity
            series = (
                (nl - nl.shift(w, freq="D").reindex(nl.index))
                if nl is not None
                else pd.Series(dtype=float)
            )
        elif spec.name == "dollar_trend":
            series = (
                np.log(inputs.dollar).diff(w)
                if inputs.dollar is not None
                else pd.Series(dtype=float)
            )
        elif spec.name == "global_liquidity_impulse":
            gm = inputs.global_m2
            series = (
                np.log(gm) - np.log(gm.shift(w, freq="D").reindex(gm.index))
                if gm is not None
                else pd.Series(dtype=float)
            )
        else:  # pragma: no cover - the config validates names
            raise AssertionError(spec.name)
        out[spec.name] = (
            series.reindex(sessions) if len(series) else pd.Series(np.nan, index=sessions)
        )
    frame = pd.DataFrame(out, index=sessions)
    frame.index = frame.index.rename("date")
    return frame
