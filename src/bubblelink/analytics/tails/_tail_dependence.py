"""Empirical lower and upper tail dependence from ranks, with bootstrap CIs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics._block_bootstrap import (
    bootstrap_draws,
    default_block_length,
    percentile_interval,
)
from bubblelink.analytics._checks import check_fraction, check_not_constant, overlapping
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

#: Fewest market observations required in each tail (below q, above 1 - q).
MIN_TAIL_OBS = 10

TAIL_COLUMNS = (
    "tail",
    "q",
    "lambda",
    "ci_low",
    "ci_high",
    "co_exceedances",
    "market_tail_obs",
    "independence",
    "n",
)


@dataclass(frozen=True, eq=False)
class TailDependenceResult(ResultBase):
    """Empirical tail dependence coefficients at each level ``q``, both tails.

    ``estimates`` has one row per (tail, q) with the columns of :data:`TAIL_COLUMNS`:
    ``lambda`` is the conditional co-exceedance probability, ``co_exceedances`` the
    number of days both series were in the tail, ``market_tail_obs`` the number of
    days the market was, ``independence`` the value under independence (= q).
    """

    asset: str
    market: str
    n: int
    estimates: pd.DataFrame
    n_boot: int
    block_length: float
    seed: int
    start: pd.Timestamp
    end: pd.Timestamp
    confidence: float = 0.95
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The estimates table (one row per tail and q)."""
        return self.estimates.copy()

    def lam(self, tail: str, q: float) -> float:
        """The coefficient for ``tail`` ("lower"/"upper") at level ``q``."""
        row = self.estimates[(self.estimates["tail"] == tail) & np.isclose(self.estimates["q"], q)]
        if row.empty:
            raise DataError(f"no {tail} tail estimate at q={q:g}; computed q: "
                            f"{sorted(set(self.estimates['q']))}")  # fmt: skip
        return float(row["lambda"].iloc[0])


def _pseudo_ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks along the last axis (1..n)."""
    return stats.rankdata(values, method="average", axis=-1)


def _tail_counts(
    rank_a: np.ndarray, rank_m: np.ndarray, q: float, upper: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(co-exceedances, market tail count) along the last axis."""
    n = rank_a.shape[-1]
    cut = q * (n + 1) + 1e-9
    if upper:
        in_a, in_m = (n + 1 - rank_a) <= cut, (n + 1 - rank_m) <= cut
    else:
        in_a, in_m = rank_a <= cut, rank_m <= cut
    return (in_a & in_m).sum(axis=-1), in_m.sum(axis=-1)


def tail_dependence(
    asset: pd.Series,
    market: pd.Series,
    q: float | Sequence[float] = (0.05, 0.10),
    n_boot: int = 1000,
    block_length: float | None = None,
    seed: int = 0,
    confidence: float = 0.95,
    notes: tuple[str, ...] | list[str] = (),
) -> TailDependenceResult:
    r"""Empirical lower and upper tail dependence of ``asset`` and ``market``.

    With pseudo-observations :math:`U_t = R_t / (n + 1)` (ranks :math:`R_t` of each
    series over the overlapping sample; ties get average ranks):

    .. math::

        \hat\lambda_L(q) = \frac{\#\{t : U_{a,t} \le q,\; U_{m,t} \le q\}}
                                {\#\{t : U_{m,t} \le q\}}, \qquad
        \hat\lambda_U(q) = \frac{\#\{t : U_{a,t} \ge 1-q,\; U_{m,t} \ge 1-q\}}
                                {\#\{t : U_{m,t} \ge 1-q\}}

    i.e. the finite-level version :math:`C(q, q)/q` of the tail dependence coefficient
    :math:`\lambda_L = \lim_{q \to 0} P(U_a \le q \mid U_m \le q)` (Joe, 1997;
    Schmidt & Stadtmüller, 2006). Benchmarks: independence gives :math:`q`,
    comonotone series give 1; a Clayton copula with parameter :math:`\theta` gives
    :math:`(2 q^{-\theta} - 1)^{-1/\theta} / q \to 2^{-1/\theta}`.

    Uncertainty: stationary bootstrap of the date pairs (Politis & Romano, 1994; mean
    block length ``round(n^{1/3})`` unless set), ranks recomputed in every resample,
    equal-tailed percentile intervals; ``seed`` makes them reproducible. ``notes``
    (e.g. a synthetic-data notice) are carried on the result.

    Edge cases
    ----------
    NaNs are dropped pairwise. Each q must be in (0, 0.5) and leave at least 10 market
    observations in the tail (:math:`\lfloor q (n+1) \rfloor \ge 10`), else
    :class:`~bubblelink.errors.DataError` (e.g. q = 0.05 needs about 200 days).
    """
    # np.isscalar does not narrow float | Sequence[float] to either: say which it is
    if np.isscalar(q):
        levels = [float(cast(float, q))]
    else:
        levels = [float(v) for v in cast(Sequence[float], q)]
    if not levels:
        raise DataError("give at least one tail level q, e.g. 0.05")
    for level in levels:
        check_fraction(level, "the tail level q", 0.0, 0.5)
    pair = overlapping(asset, market, min_obs=MIN_TAIL_OBS)
    name_a, name_m = (str(c) for c in pair.columns)
    check_not_constant(pair[name_a], what=name_a)
    check_not_constant(pair[name_m], what=f"market {name_m}")
    values = pair.to_numpy(dtype=float).T
    n = values.shape[1]
    for level in levels:
        n_tail = int(np.floor(level * (n + 1) + 1e-9))
        if n_tail < MIN_TAIL_OBS:
            raise DataError(
                f"q={level:g} leaves only {n_tail} of {n} {name_m} observations in each tail; "
                f"need at least {MIN_TAIL_OBS}: use a larger q or a longer date range "
                f"(at least {int(np.ceil(MIN_TAIL_OBS / level))} days)"
            )
    ranks = _pseudo_ranks(values)
    specs = [(tail, level) for tail in ("lower", "upper") for level in levels]

    def lambdas(rank_a: np.ndarray, rank_m: np.ndarray) -> np.ndarray:
        out = []
        for tail, level in specs:
            joint, marginal = _tail_counts(rank_a, rank_m, level, upper=tail == "upper")
            with np.errstate(invalid="ignore", divide="ignore"):
                out.append(joint / marginal)
        return np.stack(out, axis=-1)

    def resampled(idx: np.ndarray) -> np.ndarray:
        return lambdas(_pseudo_ranks(values[0][idx]), _pseudo_ranks(values[1][idx]))

    if block_length is None:
        block_length = default_block_length(n)
    draws = bootstrap_draws(n, n_boot, block_length, seed, resampled)
    rows = []
    for j, (tail, level) in enumerate(specs):
        joint, marginal = _tail_counts(ranks[0], ranks[1], level, upper=tail == "upper")
        low, high = percentile_interval(draws[:, j], confidence)
        rows.append(
            (tail, level, float(joint / marginal), low, high, int(joint), int(marginal),
             level, n)
        )  # fmt: skip
    return TailDependenceResult(
        asset=name_a,
        market=name_m,
        n=n,
        estimates=pd.DataFrame.from_records(rows, columns=list(TAIL_COLUMNS)),
        n_boot=n_boot,
        block_length=float(block_length),
        seed=seed,
        start=pair.index[0],
        end=pair.index[-1],
        confidence=confidence,
        notes=tuple(notes),
    )
