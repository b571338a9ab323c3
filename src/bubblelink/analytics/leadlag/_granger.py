"""Pairwise Granger causality in both directions, lag order chosen by an information criterion."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from statsmodels.tsa.stattools import grangercausalitytests

from bubblelink.analytics._blas import single_blas_thread
from bubblelink.analytics._checks import check_min_obs, check_not_constant, overlapping
from bubblelink.analytics.spillover._var import select_lags
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

Criterion = Literal["aic", "bic"]


@dataclasses.dataclass(frozen=True, eq=False)
class GrangerResult(ResultBase):
    """Granger-causality tests ``A → B`` and ``B → A``.

    Attributes
    ----------
    a, b
        Series names.
    table
        Index ``direction`` (``"A → B"``: past A helps predict B); columns ``cause``,
        ``effect``, ``lags``, ``f_stat``, ``df_num``, ``df_denom``, ``p_value`` (F test),
        ``chi2_stat``, ``chi2_p_value``, ``n`` (rows in the regression).
    lags
        Lag order ``p`` used in both directions.
    lag_selection
        How ``p`` was chosen (criterion and maximum, or "given").
    notes
        Anything the caller should know.
    """

    a: str
    b: str
    table: pd.DataFrame
    lags: int
    lag_selection: str
    notes: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """The two tests, one row per direction."""
        return self.table

    def summary(self) -> str:
        """One line per direction with F, df and p-value."""
        lines = [
            f"Granger causality, VAR lag order {self.lags} ({self.lag_selection})",
            f"{'direction':<28}{'F':>10}{'df':>12}{'p-value':>10}{'chi2 p':>10}",
        ]
        for direction, row in self.table.iterrows():
            df = f"({int(row['df_num'])},{int(row['df_denom'])})"
            lines.append(
                f"{direction!s:<28}{row['f_stat']:>10.4f}{df:>12}{row['p_value']:>10.4f}"
                f"{row['chi2_p_value']:>10.4f}"
            )
        lines.append("H0: the cause's lags add nothing to the effect's own lags (and constant).")
        return "\n".join(lines + [f"Note: {n}" for n in self.notes])


class GrangerCausality:
    r"""Granger (1969) causality between two series, tested in both directions.

    For ``X → Y`` with lag order ``p``, on rows ``t = p..n-1`` (``m = n - p`` rows):

    - unrestricted: ``y_t = c + Σ_{l=1}^{p} α_l y_{t-l} + Σ_{l=1}^{p} β_l x_{t-l} + e_t``;
    - restricted: the same without the ``x`` lags;
    - ``F = ((RSS_r - RSS_u)/p) / (RSS_u / (m - 2p - 1))`` ~ ``F(p, m - 2p - 1)``;
    - ``χ² = m (RSS_r - RSS_u) / RSS_u`` ~ ``χ²(p)``.

    These are statsmodels' ``grangercausalitytests`` ``ssr_ftest`` and
    ``ssr_chi2test``, which compute them (two OLS fits per direction, run with one BLAS
    thread: :mod:`bubblelink.analytics._blas`). The lag order is ``lags`` when given,
    else the order in ``1..max_lags`` minimising AIC or BIC of the bivariate VAR
    (statsmodels ``VAR.select_order`` on the common sample; a choice of 0 is raised to
    1). The same ``p`` is used in both directions.

    Edge cases: only rows where both series are finite are used; a constant series
    or fewer than ``3p + 11`` rows raise :class:`~bubblelink.errors.DataError`.
    """

    def __init__(self, max_lags: int = 10, ic: Criterion = "aic", lags: int | None = None) -> None:
        if ic not in ("aic", "bic"):
            raise DataError(f"unknown information criterion {ic!r}: use 'aic' or 'bic'")
        if max_lags < 1:
            raise DataError(f"max lags must be at least 1, got {max_lags}")
        if lags is not None and lags < 1:
            raise DataError(f"Granger lag order must be at least 1, got {lags}")
        self.max_lags = max_lags
        self.ic: Criterion = ic
        self.lags = lags

    def fit(self, a: pd.Series, b: pd.Series, notes: Sequence[str] = ()) -> GrangerResult:
        """Test ``a → b`` and ``b → a``."""
        with single_blas_thread():
            return self._fit(a, b, notes)

    def _fit(self, a: pd.Series, b: pd.Series, notes: Sequence[str]) -> GrangerResult:
        pair = overlapping(a, b, min_obs=3)
        name_a, name_b = (str(c) for c in pair.columns)
        what = f"Granger test {name_a}/{name_b}"
        check_not_constant(pair.iloc[:, 0], name_a)
        check_not_constant(pair.iloc[:, 1], name_b)
        if self.lags is None:
            lags = select_lags(pair, self.max_lags, self.ic, what)
            how = f"chosen by {self.ic.upper()}, max {self.max_lags}"
        else:
            lags, how = self.lags, "given"
        check_min_obs(len(pair), 3 * lags + 11, what, f"{lags} lags")
        x_a = pair.iloc[:, 0].to_numpy(dtype=float)
        x_b = pair.iloc[:, 1].to_numpy(dtype=float)
        rows = [
            _test(cause=x_a, effect=x_b, lags=lags) | {"cause": name_a, "effect": name_b},
            _test(cause=x_b, effect=x_a, lags=lags) | {"cause": name_b, "effect": name_a},
        ]
        table = pd.DataFrame(
            rows, index=pd.Index([f"{name_a} → {name_b}", f"{name_b} → {name_a}"], name="direction")
        )
        cols = ["cause", "effect", "lags", "f_stat", "df_num", "df_denom", "p_value"]
        table = table[[*cols, "chi2_stat", "chi2_p_value", "n"]]
        return GrangerResult(
            a=name_a, b=name_b, table=table, lags=lags, lag_selection=how, notes=tuple(notes)
        )


def _test(cause: np.ndarray, effect: np.ndarray, lags: int) -> dict[str, float | int]:
    """F and χ² statistics for ``cause → effect`` (see :class:`GrangerCausality`).

    statsmodels' ``grangercausalitytests`` on the columns ``[effect, cause]`` (it tests
    whether the second column Granger-causes the first), at the single lag ``lags``.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tests, (_, unrestricted, _) = grangercausalitytests(
            np.column_stack([effect, cause]), [lags]
        )[lags]
    f_stat, f_p, df_denom, df_num = tests["ssr_ftest"]
    chi2_stat, chi2_p, _ = tests["ssr_chi2test"]
    return {
        "lags": lags,
        "f_stat": float(f_stat),
        "df_num": int(df_num),
        "df_denom": int(df_denom),
        "p_value": float(f_p),
        "chi2_stat": float(chi2_stat),
        "chi2_p_value": float(chi2_p),
        "n": int(unrestricted.nobs),
    }
