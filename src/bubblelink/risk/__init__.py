"""The AI-contagion risk score (0-100) from config-driven, documented components.

Pure: the service layer (:func:`bubblelink.service.risk.risk`) loads the inputs
(:class:`RiskInputs`) and calls :func:`risk_from_inputs`.

Components (see ``bubblelink/data/risk_weights.yaml``): BTC–tech correlation (30 and 90
sessions), BTC downside beta to an equal-weight AI basket (NVDA, ORCL, AMD by default),
AI-basket drawdown and volatility, HY OAS level and 20-session change, the 13-week
impulse of Fed net liquidity, the dollar trend, and the 13-week impulse of global M2 in
USD (switched off when global M2's coverage is below its threshold). Each value becomes its percentile in
its own history (expanding, no look-ahead); the score is the weighted mean × 100, with
missing components reported and the weights re-normalised. The headline says how many
components it rests on and the last session on which all of them were fresh. The
relation to BTC's forward 1-month max drawdown is shown descriptively, never used to
tune the weights, and its skill is measured out of sample (:mod:`bubblelink.risk._skill`:
walk-forward logistic calibration of the score and of its components, against BTC's own
volatility and the base rate; AUC, Brier score, reliability).
"""

from __future__ import annotations

from dataclasses import replace

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
    last_all_fresh,
    score_history,
)
from bubblelink.risk._skill import (
    SKILL_THRESHOLD,
    RiskSkillResult,
    auc,
    brier_score,
    reliability_table,
    score_skill,
    walk_forward_logit,
)

#: Forward window (sessions) of the descriptive drawdown study: about one month.
FORWARD_HORIZON = 21


def risk_from_inputs(
    inputs: RiskInputs,
    config: RiskConfig,
    synthetic: bool = False,
    notes: list[str] | None = None,
    skill: bool = True,
) -> RiskScoreResult:
    """Score, components, the descriptive forward-drawdown study and the out-of-sample
    skill (:func:`~bubblelink.risk._skill.score_skill`) from prepared inputs.

    A component in ``inputs.off`` (switched off by rule) counts with weight 0 everywhere
    (score, freshness, skill) and is reported as ``off`` with its reason.
    """
    weights = {s.name: s.weight for s in config.components}
    off = {
        name: f"{why} (configured weight {weights[name]:g})"
        for name, why in inputs.off.items()
        if name in weights
    }
    if off:
        config = replace(
            config,
            components=tuple(
                replace(s, weight=0.0) if s.name in off else s for s in config.components
            ),
        )
    histories = component_histories(inputs, config)
    if histories.empty:
        raise DataError("no sessions to score: widen the date range")
    score, pct = score_history(histories, config)
    try:
        study = score_vs_forward_drawdown(score, inputs.btc, FORWARD_HORIZON)
    except DataError:
        study = None
    notes = list(notes or [])
    notes.append(
        f"AI basket: equal-weight, daily rebalanced {', '.join(inputs.basket.columns)} "
        "(bubblelink.analytics.basket); percentiles expanding (no look-ahead)"
    )
    measured = None
    if skill:
        weighted = [s.name for s in config.components if s.weight > 0]
        found = score_skill(score, pct[weighted], inputs.btc, FORWARD_HORIZON)
        if isinstance(found, str):
            notes.append(found)
        else:
            measured = found
    configured = {name: weights[name] for name in off}
    return build_result(
        histories, config, study, synthetic, notes, measured, off=off, configured=configured
    )


__all__ = [
    "COMPONENTS",
    "FORWARD_HORIZON",
    "SKILL_THRESHOLD",
    "ComponentSpec",
    "ForwardDrawdownStudy",
    "RiskConfig",
    "RiskInputs",
    "RiskScoreResult",
    "RiskSkillResult",
    "auc",
    "brier_score",
    "build_result",
    "component_histories",
    "default_weights_path",
    "expanding_percentile",
    "forward_max_drawdown",
    "last_all_fresh",
    "load_risk_config",
    "reliability_table",
    "risk_from_inputs",
    "rolling_downside_beta",
    "score_history",
    "score_skill",
    "score_vs_forward_drawdown",
    "walk_forward_logit",
]
