"""The scenario result: BTC's path distribution, drawdowns, probabilities, parameters.

Definitions (``P`` is BTC relative to the start, one value per simulated path):

* fan chart: the 5/25/50/75/95% quantiles of :math:`P_t` across paths, for each session
  :math:`t = 0 .. T_1 + T_2` (day 0 is the start, 1.0);
* phase-1 max drawdown: :math:`\\min_{t \\le T_1} P_t / \\max_{u \\le t} P_u - 1`;
* ``p_end_above_start``: :math:`\\Pr(P_{T_1+T_2} > 1)`;
* ``p_gain_in_phase2``: :math:`\\Pr(P_{T_1+T_2} > P_{T_1})`;
* ``p_survive_and_gain`` ("survives phase 1 well enough to gain in phase 2"):
  :math:`\\Pr(\\text{phase-1 max drawdown} > -y \\;\\wedge\\; P_{T_1+T_2} > 1)` with
  :math:`y` = ``report.survival_drawdown``;
* ``p_drawdown_worse_than_-x``: :math:`\\Pr(\\text{phase-1 max drawdown} < -x)`.

Every probability carries its Monte Carlo standard error :math:`\\sqrt{p(1-p)/N}`
(it does not include the estimation uncertainty of the model, which is inside
:math:`p` when ``parameter_uncertainty`` is on).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.results import ResultBase, plain
from bubblelink.scenarios._estimate import ScenarioParameters
from bubblelink.scenarios._simulate import SimulatedPaths
from bubblelink.scenarios._spec import ScenarioSpec

QUANTILES = (0.05, 0.25, 0.50, 0.75, 0.95)
QUANTILE_NAMES = ("q05", "q25", "q50", "q75", "q95")


@dataclasses.dataclass(frozen=True)
class ScenarioResult(ResultBase):
    """Outcome of a two-phase scenario run (see the module docstring for definitions).

    Attributes
    ----------
    name, description
        From the scenario file.
    n_paths, seed
        Monte Carlo settings used.
    sessions
        ``{"phase1": T1, "phase2": T2}``.
    fan
        Index ``day`` (0..T1+T2), columns ``q05 .. q95``: BTC relative to the start.
    phase1_drawdown
        ``quantiles`` (q05..q95 of the phase-1 max drawdown, negative numbers) and
        ``probabilities`` (threshold, probability, std_error).
    end_phase1, end_phase2
        Quantiles and mean of BTC relative to the start at the end of each phase.
    probabilities
        Rows event, definition, probability, std_error.
    parameters
        Index ``parameter``; estimate, std_error, n, source.
    assumptions
        The scenario file as used (after CLI overrides).
    notes, provenance, synthetic
        Synthetic-data notice, alignment rule, missing-data fallbacks; series used.
    """

    name: str
    description: str
    n_paths: int
    seed: int
    sessions: dict[str, int]
    fan: pd.DataFrame
    phase1_drawdown: dict[str, Any]
    end_phase1: dict[str, float]
    end_phase2: dict[str, float]
    probabilities: list[dict[str, Any]]
    parameters: pd.DataFrame
    assumptions: dict[str, Any]
    notes: list[str]
    provenance: list[dict[str, Any]]
    synthetic: bool

    def probability(self, event: str) -> tuple[float, float]:
        """``(probability, std_error)`` of a named event (see ``probabilities``)."""
        for row in self.probabilities:
            if row["event"] == event:
                return row["probability"], row["std_error"]
        raise KeyError(event)

    def to_frame(self) -> pd.DataFrame:
        """Summary table: section, statistic, value, std_error (one row per number)."""
        rows: list[tuple[str, str, float, float]] = []
        for row in self.probabilities:
            rows.append(("probability", row["event"], row["probability"], row["std_error"]))
        for row in self.phase1_drawdown["probabilities"]:
            rows.append(
                (
                    "probability",
                    f"p_phase1_drawdown_worse_than_-{row['threshold']:.0%}",
                    row["probability"],
                    row["std_error"],
                )
            )
        for section, values in (
            ("phase1_max_drawdown", self.phase1_drawdown["quantiles"]),
            ("btc_end_phase1_vs_start", self.end_phase1),
            ("btc_end_phase2_vs_start", self.end_phase2),
        ):
            for key, value in values.items():
                rows.append((section, key, value, np.nan))
        for name, row in self.parameters.iterrows():
            rows.append(("parameter", str(name), row["estimate"], row["std_error"]))
        return pd.DataFrame.from_records(
            rows, columns=["section", "statistic", "value", "std_error"]
        )

    def to_dict(self) -> dict[str, Any]:
        """Full JSON: ``fan`` is a list of ``{day, q05, q25, q50, q75, q95}``; ``summary``
        is the table (``section, statistic, value, std_error``, the labels the CLI prints)."""
        out = super().to_dict()
        out["parameters"] = [
            {"parameter": str(name), **{k: plain(v) for k, v in row.items()}}
            for name, row in self.parameters.iterrows()
        ]
        out["summary"] = plain(self.to_frame())
        return out

    def summary(self) -> str:
        """Headline probabilities and medians, then the table."""
        p_gain, se_gain = self.probability("p_end_above_start")
        p_surv, se_surv = self.probability("p_survive_and_gain")
        head = (
            f"Scenario {self.name}: {self.n_paths:,} paths, phase 1 {self.sessions['phase1']} "
            f"+ phase 2 {self.sessions['phase2']} sessions; median BTC at end of phase 1 "
            f"{self.end_phase1['q50']:.3f}, end of phase 2 {self.end_phase2['q50']:.3f} "
            f"(start = 1); P(end above start) {p_gain:.3f} ± {se_gain:.3f}; "
            f"P(survive and gain) {p_surv:.3f} ± {se_surv:.3f}"
        )
        return head + "\n" + self.to_frame().to_string(index=False)


def _quantiles(values: np.ndarray) -> dict[str, float]:
    q = np.quantile(values, QUANTILES)
    return {name: float(v) for name, v in zip(QUANTILE_NAMES, q, strict=True)}


def _probability(event: np.ndarray) -> tuple[float, float]:
    p = float(event.mean())
    return p, float(np.sqrt(p * (1.0 - p) / event.size))


def scenario_result(
    spec: ScenarioSpec,
    params: ScenarioParameters,
    paths: SimulatedPaths,
    notes: list[str],
    provenance: list[dict[str, Any]],
    synthetic: bool,
) -> ScenarioResult:
    """Summarise simulated paths into a :class:`ScenarioResult`."""
    levels = paths.levels
    fan = pd.DataFrame(
        np.quantile(levels, QUANTILES, axis=0).T,
        columns=list(QUANTILE_NAMES),
        index=pd.RangeIndex(levels.shape[1], name="day"),
    )
    drawdown = paths.phase1_max_drawdown
    end1, end2 = paths.end_phase1, paths.end_phase2
    survive = spec.report.survival_drawdown
    events = [
        ("p_end_above_start", "P(BTC at end of phase 2 > BTC at start)", end2 > 1.0),
        ("p_gain_in_phase2", "P(BTC at end of phase 2 > BTC at end of phase 1)", end2 > end1),
        (
            "p_survive_and_gain",
            f"P(phase-1 max drawdown better than -{survive:.0%} AND BTC at end of phase 2 > "
            "BTC at start)",
            (drawdown > -survive) & (end2 > 1.0),
        ),
        (
            "p_survive_phase1",
            f"P(phase-1 max drawdown better than -{survive:.0%})",
            drawdown > -survive,
        ),
    ]
    probabilities = []
    for event, definition, mask in events:
        p, se = _probability(mask)
        probabilities.append(
            {"event": event, "definition": definition, "probability": p, "std_error": se}
        )
    dd_probabilities = []
    for threshold in spec.report.drawdown_thresholds:
        p, se = _probability(drawdown < -threshold)
        dd_probabilities.append({"threshold": threshold, "probability": p, "std_error": se})
    return ScenarioResult(
        name=spec.name,
        description=spec.description,
        n_paths=levels.shape[0],
        seed=spec.simulation.seed,
        sessions={"phase1": paths.sessions[0], "phase2": paths.sessions[1]},
        fan=fan,
        phase1_drawdown={"quantiles": _quantiles(drawdown), "probabilities": dd_probabilities},
        end_phase1={**_quantiles(end1), "mean": float(end1.mean())},
        end_phase2={**_quantiles(end2), "mean": float(end2.mean())},
        probabilities=probabilities,
        parameters=params.table,
        assumptions=spec.to_dict(),
        notes=list(dict.fromkeys([*notes, *params.notes])),
        provenance=provenance,
        synthetic=synthetic,
    )
