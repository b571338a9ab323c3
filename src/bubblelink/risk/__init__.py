"""The AI-contagion risk score (0-100) from config-driven, documented components.

Pure: the service layer (:func:`bubblelink.service.risk.risk`) loads the inputs
(:class:`RiskInputs`) and calls :func:`risk_from_inputs`.

Components (see ``bubblelink/data/risk_weights.yaml``): BTC–tech correlation (30 and 90
sessions), BTC downside beta to an equal-weight AI basket (NVDA, ORCL, AMD by default),
AI-basket drawdown and volatility, HY OAS level and 20-session change, the 13-week
impulse of Fed net liquidity, and the dollar trend. Each value becomes its percentile in
its own history (expanding, no look-ahead); the score is the weighted mean × 100, with
missing components reported and the weights re-normalised. The relation to BTC's
forward 1-month max drawdown is shown descriptively, never used to tune the weights.
"""

from __future__ import annotations

from bubblelink.errors import DataError
from bubblelink.risk._backtest import (
    ForwardDrawdownStudy,
    forward_max_drawdown,
    score_vs_forward_drawdown,
)
from bubblelink.risk._components import (
    RiskInputs,
    component_histories,
    rolling_downside_beta,
)
from bubblelink.risk._config import (
    COMPONENTS,
    ComponentSpec,
    RiskConfig,
    default_weights_path,
    load_risk_config,
)
from bubblelink.risk._score import (
    RiskScoreResult,
    build_result,
    expanding_percentile,
    score_history,
)

#: Forward window (sessions) of the descriptive drawdown study: about one month.
FORWARD_HORIZON = 21


def risk_from_inputs(
    inputs: RiskInputs, config: RiskConfig, synthetic: bool = False, notes: list[str] | None = None
) -> RiskScoreResult:
    """Score, components and the descriptive forward-drawdown study from prepared inputs."""
    histories = component_histories(inputs, config)
    if histories.empty:
        raise DataError("no sessions to score: widen the date range")
    score, _ = score_history(histories, config)
    try:
        study = score_vs_forward_drawdown(score, inputs.btc, FORWARD_HORIZON)
    except DataError:
        study = None
    notes = list(notes or [])
    notes.append(
        f"AI basket: equal-weight, daily rebalanced {', '.join(inputs.basket.columns)} "
        "(bubblelink.analytics.basket); percentiles expanding (no look-ahead)"
    )
    return build_result(histories, config, study, synthetic, notes)


__all__ = [
    "COMPONENTS",
    "FORWARD_HORIZON",
    "ComponentSpec",
    "ForwardDrawdownStudy",
    "RiskConfig",
    "RiskInputs",
    "RiskScoreResult",
    "build_result",
    "component_histories",
    "default_weights_path",
    "expanding_percentile",
    "forward_max_drawdown",
    "load_risk_config",
    "risk_from_inputs",
    "rolling_downside_beta",
    "score_history",
    "score_vs_forward_drawdown",
]
