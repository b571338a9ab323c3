"""BTC against liquidity: elasticity, growth correlations, lead-lag, cointegration."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.liquidity._cointegration import CointegrationResult, cointegration_tests
from bubblelink.analytics.liquidity._elasticity import ElasticityResult, liquidity_elasticity
from bubblelink.analytics.liquidity._global_m2 import GLOBAL_M2_COMPONENTS, global_m2
from bubblelink.analytics.liquidity._growth import GrowthCorrelationResult, growth_correlation
from bubblelink.analytics.liquidity._inputs import LoadedSeries
from bubblelink.analytics.liquidity._lead_lag import LiquidityLeadLagResult, liquidity_lead_lag
from bubblelink.errors import DataError
from bubblelink.frames.resample import resample
from bubblelink.results import ResultBase


@dataclass(frozen=True, eq=False)
class BtcLiquidityResult(ResultBase):
    """How BTC tracks liquidity (weekly data, liquidity as known each Friday).

    Attributes
    ----------
    liquidity_label : str
        ``global M2`` or e.g. ``US M2 (M2SL) only``: what the regressor is.
    weekly : DataFrame
        The weekly sample: columns ``btc``, ``liquidity`` (billions USD).
    elasticity, growth, lead_lag, cointegration
        The four analyses.
    """

    liquidity_label: str
    weekly: pd.DataFrame
    elasticity: ElasticityResult
    growth: GrowthCorrelationResult
    lead_lag: LiquidityLeadLagResult
    cointegration: CointegrationResult
    synthetic: bool
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """Key figures: index ``metric``; columns ``value``, ``ci_low``, ``ci_high``, ``note``."""
        e, g, ll, c = self.elasticity, self.growth.table, self.lead_lag, self.cointegration
        rows = [
            ("elasticity", e.elasticity, e.ci_low, e.ci_high, f"NW se {e.std_error:.3f}, n={e.n}"),
            (
                "elasticity_latest_window",
                float(e.rolling["elasticity"].iloc[-1]),
                float(e.rolling["ci_low"].iloc[-1]),
                float(e.rolling["ci_high"].iloc[-1]),
                f"last {e.window} weeks",
            ),
        ]
        for horizon, row in g.iterrows():
            rows.append(
                (
                    f"growth_corr_{horizon}",
                    row["corr"],
                    row["ci_low"],
                    row["ci_high"],
                    f"n={row['n']}",
                )
            )
        rows.append(
            (
                "best_lead_weeks",
                float(ll.best_lag),
                ll.lag_ci_low,
                ll.lag_ci_high,
                f"r={ll.best_corr:.3f} ({ll.best_ci_low:.3f}..{ll.best_ci_high:.3f})",
            )
        )
        rows.append(("engle_granger_p", c.eg_p_value, np.nan, np.nan, c.verdict))
        rows.append(("johansen_rank", float(c.johansen_rank), np.nan, np.nan, "trace test"))
        frame = pd.DataFrame.from_records(
            rows, columns=["metric", "value", "ci_low", "ci_high", "note"]
        )
        return frame.set_index("metric")

    def to_dict(self) -> dict[str, Any]:
        """Nested: each analysis's own ``to_dict()`` (the weekly sample left out)."""
        return {
            "liquidity": self.liquidity_label,
            "synthetic": self.synthetic,
            "elasticity": {k: v for k, v in self.elasticity.to_dict().items() if k != "rolling"},
            "growth": self.growth.to_dict(),
            "lead_lag": self.lead_lag.to_dict(),
            "cointegration": self.cointegration.to_dict(),
            "notes": list(self.notes),
        }


def weekly_known(price: pd.Series, liquidity_daily: pd.Series) -> pd.DataFrame:
    """Friday closes of ``price`` next to the liquidity value known that Friday."""
    weekly_price = resample(price.dropna(), "W", "last")
    known = liquidity_daily.reindex(weekly_price.index)
    return pd.DataFrame({"btc": weekly_price, "liquidity": known}).dropna()


#: The series :func:`btc_vs_liquidity` reads (BTC, every M2 component and its FX rate).
BTC_LIQUIDITY_SERIES: tuple[str, ...] = (
    "BTC-USD",
    *(c.money_series for c in GLOBAL_M2_COMPONENTS),
    *(c.fx_series for c in GLOBAL_M2_COMPONENTS if c.fx_series),
)


def btc_vs_liquidity(
    loaded: LoadedSeries,
    window: int = 104,
    max_lag: int = 26,
    horizon: int = 13,
    n_boot: int = 300,
) -> BtcLiquidityResult:
    """Run the four analyses on weekly BTC and M2 as known on ``loaded.as_of``.

    ``loaded`` holds :data:`BTC_LIQUIDITY_SERIES` as loaded by the service layer
    (:meth:`bubblelink.service.data.StoreData.macro`).

    The regressor is global M2 in USD when every component is in the store, otherwise
    US M2 (M2SL) alone — and the result says so (``liquidity_label`` and notes).
    M2 values count from their release dates (no look-ahead); BTC is its Friday close
    (UTC daily bar).
    """
    btc = loaded.get("BTC-USD")
    if btc is None or loaded.get("M2SL") is None:
        absent = [s for s in ("BTC-USD", "M2SL") if loaded.get(s) is None]
        raise DataError(f"BTC vs liquidity needs {', '.join(absent)}: ingest it first")
    money = {c.money_series: loaded.get(c.money_series) for c in GLOBAL_M2_COMPONENTS}
    fx = {c.fx_series: loaded.get(c.fx_series) for c in GLOBAL_M2_COMPONENTS if c.fx_series}
    gm2 = global_m2(
        {k: v for k, v in money.items() if v is not None},
        loaded.units,
        {k: v for k, v in fx.items() if v is not None},
        end=btc.index[-1],
        lags=loaded.lags,
    )
    notes = list(gm2.notes)
    if gm2.complete:
        label = "global M2"
    else:
        label = "US M2 (M2SL) only"
        notes.insert(0, f"global M2 incomplete ({gm2.label}): BTC is regressed on US M2 only")
        gm2 = global_m2(
            {"M2SL": money["M2SL"]},
            loaded.units,
            {},
            end=btc.index[-1],
            components=GLOBAL_M2_COMPONENTS[:1],
            lags=loaded.lags,
        )
    weekly = weekly_known(btc.rename("btc"), gm2.value)
    weekly.index = weekly.index.rename("date")
    a = weekly["btc"].rename("BTC-USD")
    m = weekly["liquidity"].rename(label)
    return BtcLiquidityResult(
        liquidity_label=label,
        weekly=weekly,
        elasticity=liquidity_elasticity(a, m, window=window),
        growth=growth_correlation(a, m),
        lead_lag=liquidity_lead_lag(a, m, max_lag=max_lag, horizon=horizon, n_boot=n_boot),
        cointegration=cointegration_tests(np.log(a), np.log(m)),
        synthetic=loaded.any_synthetic,
        notes=tuple(notes),
    )
