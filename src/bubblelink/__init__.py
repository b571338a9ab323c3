"""bubblelink: how tightly is Bitcoin bound to the AI/tech trade and to liquidity?

The public API, importable from the package root. Names are resolved lazily (the
analytics pull in statsmodels and arch, which the CLI should not pay for on every
command)::

    import bubblelink as bl
    store = bl.Store("~/.bubblelink/store.duckdb")
    rf = bl.load_returns(["BTC-USD", "^IXIC"], store=store)
    bl.rolling_correlation(rf.returns["BTC-USD"], rf.returns["^IXIC"], window=30).point()

Layers: providers → store → frames → analytics → scenarios / claims / risk → outputs.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name → module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "BubblelinkError": "bubblelink.errors",
    "DataError": "bubblelink.errors",
    "ValidationError": "bubblelink.errors",
    "ProviderError": "bubblelink.errors",
    "ConfigError": "bubblelink.errors",
    "StoreError": "bubblelink.errors",
    # store and ingest
    "Store": "bubblelink.store",
    "ingest": "bubblelink.ingest",
    # frames
    "load": "bubblelink.frames",
    "align": "bubblelink.frames",
    "to_returns": "bubblelink.frames",
    "load_returns": "bubblelink.frames",
    "resample": "bubblelink.frames",
    # analytics
    "rolling_correlation": "bubblelink.analytics.correlation",
    "ewma_correlation": "bubblelink.analytics.correlation",
    "levels_correlation": "bubblelink.analytics.correlation",
    "rolling_target_corr_beta": "bubblelink.analytics.universe",
    "rolling_pairwise_corr": "bubblelink.analytics.universe",
    "ols_beta": "bubblelink.analytics.beta",
    "asymmetric_beta": "bubblelink.analytics.beta",
    "rolling_beta": "bubblelink.analytics.beta",
    "capture_ratios": "bubblelink.analytics.beta",
    "stress_correlation": "bubblelink.analytics.beta",
    "falls_harder": "bubblelink.analytics.beta",
    "beta_profile": "bubblelink.analytics.beta",
    "tail_dependence": "bubblelink.analytics.tails",
    "forbes_rigobon": "bubblelink.analytics.contagion",
    "DCC": "bubblelink.analytics.dcc",
    "VARSpillover": "bubblelink.analytics.spillover",
    "RollingSpillover": "bubblelink.analytics.spillover",
    "generalized_fevd": "bubblelink.analytics.spillover",
    "lead_lag": "bubblelink.analytics.leadlag",
    "cross_correlation": "bubblelink.analytics.leadlag",
    "GrangerCausality": "bubblelink.analytics.leadlag",
    "MarketModelEventStudy": "bubblelink.analytics.events",
    "cross_asset_event_study": "bubblelink.analytics.events",
    "pooled_event_study": "bubblelink.analytics.events",
    "load_events": "bubblelink.analytics.events",
    "period_performance": "bubblelink.analytics.performance",
    "drawdown_tables": "bubblelink.analytics.performance",
    "drawdown_overlap": "bubblelink.analytics.performance",
    "conditional_on_tech": "bubblelink.analytics.performance",
    "MarkovRegimes": "bubblelink.analytics.regimes",
    # compositions
    "run_scenario": "bubblelink.scenarios",
    "linkage_summary": "bubblelink.summary",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bubblelink' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
