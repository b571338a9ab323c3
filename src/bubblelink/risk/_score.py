"""The AI-contagion risk score: percentile of each component, weighted, 0-100."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.results import ResultBase
from bubblelink.risk._backtest import ForwardDrawdownStudy
from bubblelink.risk._config import RiskConfig
from bubblelink.risk._skill import RiskSkillResult


def expanding_percentile(values: pd.Series, min_history: int) -> pd.Series:
    r"""Percentile of each value in its own history up to that date (no look-ahead).

    :math:`p_t = \frac{1}{n_t} \#\{s \le t : x_s \le x_t\}` with ties counted half
    (pandas ``expanding().rank(pct=True)``, average ranks) over the non-missing values
    up to :math:`t`; NaN until ``min_history`` values exist.
    """
    clean = values.dropna()
    pct = clean.expanding().rank(pct=True)
    count = pd.Series(np.arange(1, len(clean) + 1), index=clean.index)
    return pct.where(count >= min_history).reindex(values.index)


def score_history(histories: pd.DataFrame, config: RiskConfig) -> tuple[pd.Series, pd.DataFrame]:
    r"""Score per date and the risk percentile of each component.

    Risk percentile :math:`q_{i,t}` = :func:`expanding_percentile` of
    :math:`d_i x_{i,t}` (:math:`d_i = -1` when lower values mean more risk, e.g. a
    falling net liquidity). Score:

    .. math::

        S_t = 100 \frac{\sum_{i \in A_t} w_i q_{i,t}}{\sum_{i \in A_t} w_i},

    :math:`A_t` = components with a percentile at :math:`t` (missing ones are left out
    and the weights re-normalised; NaN when none is available).
    """
    pct = pd.DataFrame(
        {
            s.name: expanding_percentile(s.direction * histories[s.name], config.min_history)
            for s in config.components
        },
        index=histories.index,
    )
    weights = pd.Series({s.name: s.weight for s in config.components})
    available = pct.notna()
    wsum = available.mul(weights, axis=1).sum(axis=1)
    score = 100.0 * pct.fillna(0.0).mul(weights, axis=1).sum(axis=1) / wsum.where(wsum > 0)
    return score.rename("risk_score"), pct


@dataclass(frozen=True, eq=False)
class RiskScoreResult(ResultBase):
    """The AI-contagion risk score on one date, its components and its history.

    Attributes
    ----------
    as_of : Timestamp
        The session the score is for: the last session with prices.
    score : float
        0 (calm) to 100 (every component at the top of its history).
    components_used, components_total : int
        Components the score rests on that session (a percentile and a positive
        weight) and components with a positive weight: "61.7 (8 of 9 components)".
    all_fresh_date : Timestamp or None
        The last session on which every weighted component had a value (macro inputs
        end earlier than prices when a release is late or a series stops); None if never.
    all_fresh_score : float
        The score on ``all_fresh_date`` (NaN when None).
    components : DataFrame
        Index ``component``; ``value``, ``unit``, ``direction``, ``percentile`` (risk
        percentile in its own history), ``weight`` (configured), ``effective_weight``
        (re-normalised over available components), ``contribution`` (points of the
        score), ``status`` (``ok`` / ``missing`` / ``off``: switched off by rule), ``note``.
    history : Series
        The score on every session (for charts and the descriptive study).
    forward_drawdown : ForwardDrawdownStudy or None
        How the score related to BTC's next-21-session max drawdown (descriptive).
    skill : RiskSkillResult or None
        Out-of-sample skill against two baselines
        (:func:`bubblelink.risk._skill.score_skill`); None with a note when the history
        is too short to test.
    """

    as_of: pd.Timestamp
    score: float
    components_used: int
    components_total: int
    all_fresh_date: pd.Timestamp | None
    all_fresh_score: float
    components: pd.DataFrame
    history: pd.Series
    forward_drawdown: ForwardDrawdownStudy | None
    skill: RiskSkillResult | None
    config_source: str
    synthetic: bool
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def headline(self) -> str:
        """``"68.6 (5 of 9 components)"``, plus the last all-fresh score when it differs."""
        text = f"{self.score:.1f} ({self.components_used} of {self.components_total} components)"
        if self.all_fresh_date is None:
            return f"{text}; never all {self.components_total} fresh"
        if self.all_fresh_date < self.as_of:
            text += (
                f"; all {self.components_total} fresh last on {self.all_fresh_date.date()}: "
                f"{self.all_fresh_score:.1f}"
            )
        return text

    def to_frame(self) -> pd.DataFrame:
        """The component table plus a ``score`` row and a ``score_all_fresh`` row."""
        fresh = self.all_fresh_date
        total = pd.DataFrame(
            {
                "value": [self.score, self.all_fresh_score],
                "unit": ["0-100", "0-100"],
                "weight": [self.components["weight"].sum()] * 2,
                "effective_weight": [self.components["effective_weight"].sum(), 1.0],
                "contribution": [self.score, self.all_fresh_score],
                "status": [
                    "ok" if np.isfinite(self.score) else "missing",
                    "ok" if fresh is not None else "missing",
                ],
                "note": [
                    f"as of {self.as_of.date()} (last session with prices), "
                    f"{self.components_used} of {self.components_total} components",
                    f"last session with all {self.components_total} components: "
                    + (fresh.date().isoformat() if fresh is not None else "never"),
                ],
            },
            index=pd.Index(["score", "score_all_fresh"], name="component"),
        )
        return pd.concat([self.components, total])

    def to_dict(self) -> dict[str, Any]:
        """Score, components, freshness, the studies and notes (history left out)."""
        out = super().to_dict()
        out.pop("history")
        out["headline"] = self.headline
        return out


def last_all_fresh(pct: pd.DataFrame, config: RiskConfig) -> pd.Timestamp | None:
    """The last session on which every component with a positive weight has a percentile."""
    weighted = [s.name for s in config.components if s.weight > 0]
    complete = pct[weighted].notna().all(axis=1)
    return complete[complete].index[-1] if complete.any() else None


def build_result(
    histories: pd.DataFrame,
    config: RiskConfig,
    forward_drawdown: ForwardDrawdownStudy | None,
    synthetic: bool,
    notes: list[str],
    skill: RiskSkillResult | None = None,
    off: dict[str, str] | None = None,
    configured: dict[str, float] | None = None,
) -> RiskScoreResult:
    """Assemble the result for the last session of ``histories``.

    ``off``: components switched off by rule (name → reason; their weight in ``config``
    is already 0): status ``off``, left out of the component count and the missing list;
    ``configured``: their weights as configured (shown in the ``weight`` column).
    """
    off = off or {}
    score, pct = score_history(histories, config)
    as_of = histories.index[-1]
    fresh = last_all_fresh(pct, config)
    last_values = histories.iloc[-1]
    last_pct = pct.iloc[-1]
    weights = pd.Series({s.name: s.weight for s in config.components})
    available = last_pct.notna() & (weights > 0)
    wsum = float(weights[available].sum())
    rows = []
    missing = []
    for spec in config.components:
        ok = bool(available[spec.name])
        eff = spec.weight / wsum if ok and wsum > 0 else 0.0
        value = float(last_values[spec.name])
        if spec.name in off:
            note = f"switched off: {off[spec.name]}"
        elif not ok:
            missing.append(spec.name)
            if spec.weight == 0:
                note = "weight 0"
            elif np.isfinite(value):
                note = f"fewer than {config.min_history} values of history"
            else:
                note = "no data on this date (missing or stale input)"
        else:
            note = spec.description
        rows.append(
            {
                "component": spec.name,
                "value": value,
                "unit": spec.unit,
                "direction": "higher = riskier" if spec.direction > 0 else "lower = riskier",
                "percentile": float(last_pct[spec.name]) if ok else np.nan,
                "weight": (configured or {}).get(spec.name, spec.weight),
                "effective_weight": eff,
                "contribution": 100.0 * eff * float(last_pct[spec.name]) if ok else np.nan,
                "status": "off" if spec.name in off else ("ok" if ok else "missing"),
                "note": note,
            }
        )
    table = pd.DataFrame(rows).set_index("component")
    if missing:
        notes = [
            *notes,
            f"missing component(s): {', '.join(missing)}; weights re-normalised over the "
            f"other {int(available.sum())}",
        ]
    total = int((weights > 0).sum())
    if fresh is not None and fresh < as_of:
        notes = [
            *notes,
            f"the score rests on {int(available.sum())} of {total} components on "
            f"{as_of.date()}; the last session with all {total} was {fresh.date()} "
            f"(score {float(score.loc[fresh]):.1f})",
        ]
    return RiskScoreResult(
        as_of=as_of,
        score=float(score.iloc[-1]),
        components_used=int(available.sum()),
        components_total=total,
        all_fresh_date=fresh,
        all_fresh_score=float(score.loc[fresh]) if fresh is not None else float("nan"),
        components=table,
        history=score,
        forward_drawdown=forward_drawdown,
        skill=skill,
        config_source=config.source,
        synthetic=synthetic,
        notes=tuple(notes),
    )
