"""Liquidity gauges and BTC against liquidity (pure: the service layer loads the data).

* Gauges (no look-ahead: a figure counts from its release date): US and global M2 in
  USD (:func:`global_m2` / :class:`GlobalM2Data`: seven economies at month-average FX,
  the components used and missing, coverage), Fed net liquidity
  (:func:`net_liquidity`, billions USD), the dollar, HY/IG OAS, fed funds
  (:func:`liquidity_snapshot`).
* BTC vs liquidity: rolling log-log elasticity with Newey–West errors
  (:func:`liquidity_elasticity`), growth correlations (:func:`growth_correlation`), a
  0–26 week lead-lag scan (:func:`liquidity_lead_lag`) and its sub-period stability
  (:func:`lead_lag_stability`), Engle–Granger and Johansen
  cointegration (:func:`cointegration_tests`); composed by :func:`btc_vs_liquidity`.

Names are resolved lazily (PEP 562): importing the package costs nothing until a name is
used, so a command that needs only the release rule or net liquidity does not load
statsmodels for the cointegration tests.
"""

from __future__ import annotations

import importlib
from typing import Any

#: public name → the module that defines it
_EXPORTS: dict[str, str] = {
    "BTC_LIQUIDITY_SERIES": "bubblelink.analytics.liquidity._btc_vs_liquidity",
    "DEFAULT_LAGS": "bubblelink.analytics.liquidity._net_liquidity",
    "GAUGE_SERIES": "bubblelink.analytics.liquidity._snapshot",
    "CLAIMED_LEAD_WEEKS": "bubblelink.analytics.liquidity._lead_lag",
    "GLOBAL_M2_COMPONENTS": "bubblelink.analytics.liquidity._global_m2",
    "GLOBAL_M2_SERIES": "bubblelink.analytics.liquidity._global_m2",
    "LIQUIDITY_CHOICES": "bubblelink.analytics.liquidity._btc_vs_liquidity",
    "GLOBAL_M2_MIN_COVERAGE": "bubblelink.analytics.liquidity._global_m2",
    "MAX_AGE_DAYS": "bubblelink.analytics.liquidity._release",
    "NET_LIQUIDITY_INPUTS": "bubblelink.analytics.liquidity._net_liquidity",
    "BtcLiquidityResult": "bubblelink.analytics.liquidity._btc_vs_liquidity",
    "CointegrationResult": "bubblelink.analytics.liquidity._cointegration",
    "ElasticityResult": "bubblelink.analytics.liquidity._elasticity",
    "GlobalM2Data": "bubblelink.analytics.liquidity._global_m2",
    "GlobalM2Result": "bubblelink.analytics.liquidity._global_m2",
    "LeadStabilityResult": "bubblelink.analytics.liquidity._lead_lag",
    "GrowthCorrelationResult": "bubblelink.analytics.liquidity._growth",
    "LiquidityLeadLagResult": "bubblelink.analytics.liquidity._lead_lag",
    "LiquiditySnapshot": "bubblelink.analytics.liquidity._snapshot",
    "LoadedSeries": "bubblelink.analytics.liquidity._inputs",
    "M2Component": "bubblelink.analytics.liquidity._global_m2",
    "NetLiquidityResult": "bubblelink.analytics.liquidity._net_liquidity",
    "VintageRows": "bubblelink.analytics.liquidity._release",
    "billions_factor": "bubblelink.analytics.liquidity._units",
    "btc_vs_liquidity": "bubblelink.analytics.liquidity._btc_vs_liquidity",
    "cointegration_tests": "bubblelink.analytics.liquidity._cointegration",
    "choose_liquidity": "bubblelink.analytics.liquidity._btc_vs_liquidity",
    "liquidity_choice": "bubblelink.analytics.liquidity._btc_vs_liquidity",
    "liquidity_inputs": "bubblelink.analytics.liquidity._btc_vs_liquidity",
    "LiquidityInputs": "bubblelink.analytics.liquidity._btc_vs_liquidity",
    "with_reason": "bubblelink.analytics.liquidity._btc_vs_liquidity",
    "global_m2": "bubblelink.analytics.liquidity._global_m2",
    "global_m2_data": "bubblelink.analytics.liquidity._global_m2",
    "lead_lag_stability": "bubblelink.analytics.liquidity._lead_lag",
    "growth_correlation": "bubblelink.analytics.liquidity._growth",
    "known_on": "bubblelink.analytics.liquidity._release",
    "known_on_vintages": "bubblelink.analytics.liquidity._release",
    "liquidity_elasticity": "bubblelink.analytics.liquidity._elasticity",
    "liquidity_lead_lag": "bubblelink.analytics.liquidity._lead_lag",
    "liquidity_snapshot": "bubblelink.analytics.liquidity._snapshot",
    "log_growth": "bubblelink.analytics.liquidity._growth",
    "net_liquidity": "bubblelink.analytics.liquidity._net_liquidity",
    "release_aligned": "bubblelink.analytics.liquidity._release",
    "weekly_known": "bubblelink.analytics.liquidity._btc_vs_liquidity",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
