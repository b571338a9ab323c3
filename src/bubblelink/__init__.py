"""bubblelink: how tightly is Bitcoin bound to the AI/tech trade and to liquidity?

The public API, importable from the package root. Names are resolved lazily (the
analytics pull in statsmodels and arch, which the CLI should not pay for on every
command).

In a notebook, the CLI's commands are functions with the CLI's arguments and options
(:mod:`bubblelink.notebook`)::

    import bubblelink as bl
    r = bl.corr("BTC-USD", "^IXIC", window=30, as_of="2025-12-10")  # the default store
    r.to_frame(), r.to_dict(), r.plot()     # the CLI's table, its JSON, the report's figure
    bl.beta("BTC-USD", "AI_BASKET", store=bl.open_store("sample.duckdb"))

The service functions (``correlation``, ``risk_score``...) are the same ones the CLI,
the API and the report call: ``(store, params or keywords) -> ServiceResult``::

    answer = bl.correlation("~/.bubblelink/store.duckdb", a="BTC-USD", b="AI_BASKET")
    answer.result.value, answer.provenance          # the figure and the data behind it
    bl.risk_score(None, as_of="2025-12-31").to_frame()  # the default store

The estimators below them are exported too, for data you bring yourself.

Layers: outputs → service → scenarios / claims / risk / monitor → analytics → frames →
store → providers (see the README's "Architecture"). This package root is where the
outputs are wired: looking up a service or notebook function here imports
:mod:`bubblelink.report.figures`, which registers the report's figure of each question
for ``ServiceResult.plot()`` (the service layer may not import the report).
"""

from __future__ import annotations

import importlib
import sys
import types
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
    "ingest_csv": "bubblelink.service.ingest",
    "ingest_sample": "bubblelink.service.ingest",
    "ingest_yahoo": "bubblelink.service.ingest",
    "ingest_fred": "bubblelink.service.ingest",
    "ingest_cb": "bubblelink.service.ingest",
    # the notebook API: the CLI's commands with its arguments and options (bubblelink.notebook);
    # beta and scenario also take the service functions' store-first form
    "open_store": "bubblelink.notebook",
    "corr": "bubblelink.notebook",
    "event_study": "bubblelink.notebook",
    "claims": "bubblelink.notebook",
    # the service layer (one function per question)
    "ServiceResult": "bubblelink.service._envelope",
    "StoreData": "bubblelink.service.data",
    "correlation": "bubblelink.service.linkage",
    "beta": "bubblelink.notebook",
    "tails": "bubblelink.service.linkage",
    "contagion": "bubblelink.service.linkage",
    "dcc": "bubblelink.service.linkage",
    "regimes": "bubblelink.service.linkage",
    "leadlag": "bubblelink.service.transmission",
    "spillover": "bubblelink.service.transmission",
    "event": "bubblelink.service.events",
    "performance": "bubblelink.service.events",
    "drawdowns": "bubblelink.service.events",
    "liquidity": "bubblelink.service.liquidity",
    "risk_score": "bubblelink.service.risk",
    "scenario": "bubblelink.notebook",
    "claims_check": "bubblelink.service.claims",
    "linkage_summary": "bubblelink.service.summary",
    "series_list": "bubblelink.service.store",
    "flows": "bubblelink.service.flows",
    "ingest_etf_flows": "bubblelink.service.ingest",
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
    "load_events": "bubblelink.service.catalogs",
    "period_performance": "bubblelink.analytics.performance",
    "drawdown_tables": "bubblelink.analytics.performance",
    "drawdown_overlap": "bubblelink.analytics.performance",
    "conditional_on_tech": "bubblelink.analytics.performance",
    "MarkovRegimes": "bubblelink.analytics.regimes",
    "basket_returns": "bubblelink.analytics.basket",
    "basket_index": "bubblelink.analytics.basket",
    "net_liquidity": "bubblelink.analytics.liquidity",
}

#: exported names that differ from the name in their module (a sub-package has that name)
_SOURCE_NAMES: dict[str, str] = {"risk_score": "risk", "claims_check": "claims"}

__all__ = ["__version__", *_EXPORTS]


#: exported functions that share their name with a sub-package (``bubblelink.claims``)
_SHADOWED: frozenset[str] = frozenset({"claims"})

#: the module that registers the report's figures (see the module docstring)
_FIGURES_MODULE = "bubblelink.report.figures"


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bubblelink' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), _SOURCE_NAMES.get(name, name))
    if module.startswith(("bubblelink.service", "bubblelink.notebook")):
        importlib.import_module(_FIGURES_MODULE)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _Root(types.ModuleType):
    """The package module: importing ``bubblelink.claims`` (the sub-package) does not
    replace the exported function ``bl.claims``. The sub-package stays importable by
    name (``from bubblelink.claims import ...``, ``importlib.import_module``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Root
