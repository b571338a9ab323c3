"""Cointegration of BTC and liquidity: Engle–Granger and Johansen, reported as they come."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from statsmodels.tsa.stattools import coint
from statsmodels.tsa.vector_ar.vecm import coint_johansen

from bubblelink.analytics._checks import overlapping
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

#: Johansen critical values are tabulated at these levels (Osterwald-Lenum, 1992).
JOHANSEN_LEVELS = (0.10, 0.05, 0.01)


@dataclass(frozen=True, eq=False)
class CointegrationResult(ResultBase):
    """Engle–Granger and Johansen tests of ``log BTC`` and ``log liquidity``.

    Attributes
    ----------
    eg_stat, eg_p_value : float
        Augmented Engle–Granger t-statistic and its MacKinnon (2010) p-value
        (H0: **no** cointegration).
    eg_crit : dict
        Critical values at 1%, 5%, 10%.
    johansen : DataFrame
        Index ``r`` (H0: rank ≤ r); columns ``trace``, ``trace_crit_90/95/99``,
        ``max_eig``, ``max_eig_crit_90/95/99``, ``eigenvalue``.
    johansen_rank : int
        Rank chosen by the sequential trace test at ``significance``.
    eg_rejects : bool
        True only when the EG p-value is below ``significance``.
    verdict : str
        What the tests say, in words (no "significant" claim unless a test rejects).
    """

    y: str
    x: str
    n: int
    eg_stat: float
    eg_p_value: float
    eg_crit: dict[str, float]
    eg_rejects: bool
    johansen: pd.DataFrame
    johansen_rank: int
    det_order: int
    k_ar_diff: int
    significance: float
    verdict: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """One row per test: statistic, critical value at the level used, p-value, decision."""
        col = {0.10: "90", 0.05: "95", 0.01: "99"}[self.significance]
        rows = [
            (
                "engle_granger",
                self.eg_stat,
                self.eg_crit[f"{int(self.significance * 100)}%"],
                self.eg_p_value,
                "reject H0 (cointegrated)" if self.eg_rejects else "cannot reject H0",
            )
        ]
        for r, row in self.johansen.iterrows():
            rejects = row["trace"] > row[f"trace_crit_{col}"]
            rows.append(
                (
                    f"johansen_trace_r<={r}",
                    float(row["trace"]),
                    float(row[f"trace_crit_{col}"]),
                    np.nan,
                    "reject H0" if rejects else "cannot reject H0",
                )
            )
        return pd.DataFrame.from_records(
            rows, columns=["test", "statistic", "critical_value", "p_value", "decision"]
        ).set_index("test")


def cointegration_tests(
    y: pd.Series,
    x: pd.Series,
    det_order: int = 0,
    k_ar_diff: int = 1,
    significance: float = 0.05,
    trend: str = "c",
) -> CointegrationResult:
    r"""Engle–Granger (statsmodels ``coint``) and Johansen (``coint_johansen``) tests.

    * Engle & Granger (1987): OLS of :math:`y` on :math:`x` (with constant, ``trend``),
      ADF test of the residual with AIC lag choice; p-value from MacKinnon (2010)
      surfaces. H0: no cointegration.
    * Johansen (1991): VECM with ``k_ar_diff`` lagged differences and deterministic
      term ``det_order`` (-1 none, 0 constant, 1 trend); trace and maximum-eigenvalue
      statistics against tabulated critical values at 90/95/99% (no p-values exist in
      statsmodels for these). The rank is the first :math:`r` whose trace statistic
      does not exceed the critical value.

    Pass **log levels** (e.g. ``log BTC`` and ``log M2``). The verdict never calls the
    relation significant unless a test rejects at ``significance``.

    Raises
    ------
    DataError
        ``significance`` not one of 0.10, 0.05, 0.01; fewer than 30 observations.
    """
    if significance not in JOHANSEN_LEVELS:
        raise DataError(f"significance must be one of 0.10, 0.05, 0.01, got {significance}")
    pair = overlapping(y, x, min_obs=30)
    name_y, name_x = (str(c) for c in pair.columns)
    a = pair[name_y].to_numpy(dtype=float)
    b = pair[name_x].to_numpy(dtype=float)
    stat, p_value, crit = coint(a, b, trend=trend)
    joh = coint_johansen(np.column_stack([a, b]), det_order, k_ar_diff)
    table = pd.DataFrame(
        {
            "trace": joh.lr1,
            "trace_crit_90": joh.cvt[:, 0],
            "trace_crit_95": joh.cvt[:, 1],
            "trace_crit_99": joh.cvt[:, 2],
            "max_eig": joh.lr2,
            "max_eig_crit_90": joh.cvm[:, 0],
            "max_eig_crit_95": joh.cvm[:, 1],
            "max_eig_crit_99": joh.cvm[:, 2],
            "eigenvalue": joh.eig,
        },
        index=pd.Index(range(len(joh.lr1)), name="r"),
    )
    col = {0.10: "trace_crit_90", 0.05: "trace_crit_95", 0.01: "trace_crit_99"}[significance]
    rank = 0
    for r in range(len(table)):
        if table["trace"].iloc[r] > table[col].iloc[r]:
            rank = r + 1
        else:
            break
    eg_rejects = bool(p_value < significance)
    level = f"{significance:.0%}"
    eg_text = (
        f"Engle-Granger rejects no-cointegration at {level} (p={p_value:.3f})"
        if eg_rejects
        else f"Engle-Granger does not reject no-cointegration at {level} (p={p_value:.3f})"
    )
    joh_text = (
        f"Johansen trace test: rank {rank} at {level}"
        + (" (no cointegrating relation)" if rank == 0 else "")
        + (
            " (rank 2: both series look stationary, not a cointegration finding)"
            if rank == 2
            else ""
        )
    )
    verdict = f"{eg_text}; {joh_text}."
    if not eg_rejects and rank == 0:
        verdict += (
            " No evidence of a stable long-run relation; the levels elasticity may be spurious."
        )
    return CointegrationResult(
        y=name_y,
        x=name_x,
        n=len(pair),
        eg_stat=float(stat),
        eg_p_value=float(p_value),
        eg_crit={"1%": float(crit[0]), "5%": float(crit[1]), "10%": float(crit[2])},
        eg_rejects=eg_rejects,
        johansen=table,
        johansen_rank=rank,
        det_order=det_order,
        k_ar_diff=k_ar_diff,
        significance=significance,
        verdict=verdict,
        notes=("H0 of both tests: no cointegration; Johansen has critical values, no p-values",),
    )
