"""Liquidity gauges and BTC against liquidity.

* Gauges (no look-ahead: a figure counts from its release date): US and global M2 in
  USD (:func:`global_m2`, with the components used and missing), Fed net liquidity
  (:func:`net_liquidity`, billions USD), the dollar, HY/IG OAS, fed funds
  (:func:`liquidity_snapshot`).
* BTC vs liquidity: rolling log-log elasticity with Newey–West errors
  (:func:`liquidity_elasticity`), growth correlations (:func:`growth_correlation`), a
  0–26 week lead-lag scan (:func:`liquidity_lead_lag`), Engle–Granger and Johansen
  cointegration (:func:`cointegration_tests`); composed by :func:`btc_vs_liquidity`.
"""

from bubblelink.analytics.liquidity._btc_vs_liquidity import (
    BtcLiquidityResult,
    btc_vs_liquidity,
    weekly_known,
)
from bubblelink.analytics.liquidity._cointegration import CointegrationResult, cointegration_tests
from bubblelink.analytics.liquidity._elasticity import ElasticityResult, liquidity_elasticity
from bubblelink.analytics.liquidity._global_m2 import (
    GLOBAL_M2_COMPONENTS,
    GlobalM2Result,
    M2Component,
    global_m2,
)
from bubblelink.analytics.liquidity._growth import (
    GrowthCorrelationResult,
    growth_correlation,
    log_growth,
)
from bubblelink.analytics.liquidity._inputs import LoadedSeries, load_series
from bubblelink.analytics.liquidity._lead_lag import LiquidityLeadLagResult, liquidity_lead_lag
from bubblelink.analytics.liquidity._net_liquidity import (
    NET_LIQUIDITY_INPUTS,
    NetLiquidityResult,
    net_liquidity,
)
from bubblelink.analytics.liquidity._release import MAX_AGE_DAYS, known_on, release_aligned
from bubblelink.analytics.liquidity._report import LiquidityReport, liquidity_report
from bubblelink.analytics.liquidity._snapshot import LiquiditySnapshot, liquidity_snapshot
from bubblelink.analytics.liquidity._units import billions_factor

__all__ = [
    "GLOBAL_M2_COMPONENTS",
    "MAX_AGE_DAYS",
    "NET_LIQUIDITY_INPUTS",
    "BtcLiquidityResult",
    "CointegrationResult",
    "ElasticityResult",
    "GlobalM2Result",
    "GrowthCorrelationResult",
    "LiquidityLeadLagResult",
    "LiquidityReport",
    "LiquiditySnapshot",
    "LoadedSeries",
    "M2Component",
    "NetLiquidityResult",
    "billions_factor",
    "btc_vs_liquidity",
    "cointegration_tests",
    "global_m2",
    "growth_correlation",
    "known_on",
    "liquidity_elasticity",
    "liquidity_lead_lag",
    "liquidity_report",
    "liquidity_snapshot",
    "load_series",
    "log_growth",
    "net_liquidity",
    "release_aligned",
    "weekly_known",
]
