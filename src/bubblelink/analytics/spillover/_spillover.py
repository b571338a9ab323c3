"""Diebold-Yilmaz (2012) spillover index from a VAR with a generalized FEVD."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from bubblelink.analytics._blas import single_blas_thread
from bubblelink.analytics._checks import check_not_constant, complete_rows
from bubblelink.analytics.spillover._connectedness import connectedness
from bubblelink.analytics.spillover._fevd import cholesky_fevd, generalized_fevd, row_normalise
from bubblelink.analytics.spillover._var import (
    InfoCriterion,
    fit_var,
    min_obs_for_var,
    select_lags,
)
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

Decomposition = Literal["generalized", "cholesky"]


@dataclasses.dataclass(frozen=True, eq=False)
class SpilloverResult(ResultBase):
    """Diebold-Yilmaz connectedness of one sample.

    Attributes
    ----------
    variables
        Series names, in column order.
    table
        ``100 θ̃_ij``: row ``i`` (receiver), column ``j`` (source of the shock); rows
        sum to 100.
    directional
        Per variable: ``from_others``, ``to_others`` and ``net = to - from`` (percent).
    pairwise_net
        ``100 (θ̃_ji - θ̃_ij)``: row ``i`` transmits to column ``j`` net of the reverse.
    total
        Total spillover index ``100 Σ_{i≠j} θ̃_ij / k`` (percent).
    lags
        VAR lag order used; ``lag_selection`` says how it was chosen.
    horizon
        Forecast horizon ``H`` (steps).
    decomposition
        ``"generalized"`` (order invariant, DY 2012) or ``"cholesky"`` (DY 2009).
    n
        Rows used to fit the VAR (before losing ``lags`` rows to the lags).
    start, end
        First and last date of the sample.
    notes
        Dropped rows, lag choice.
    """

    variables: tuple[str, ...]
    table: pd.DataFrame
    directional: pd.DataFrame
    pairwise_net: pd.DataFrame
    total: float
    lags: int
    lag_selection: str
    horizon: int
    decomposition: str
    n: int
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    notes: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """The DY connectedness table: ``100 θ̃``, a ``from_others`` column and
        ``to_others`` / ``net`` rows; the total index sits at (``to_others``, ``from_others``).
        """
        frame = self.table.copy()
        frame["from_others"] = self.directional["from_others"]
        to_row = pd.DataFrame(
            [[*self.directional["to_others"].to_numpy(), self.total]],
            columns=frame.columns,
            index=["to_others"],
        )
        net_row = pd.DataFrame(
            [[*self.directional["net"].to_numpy(), np.nan]], columns=frame.columns, index=["net"]
        )
        out = pd.concat([frame, to_row, net_row])
        out.index.name = "variable"
        return out

    def summary(self) -> str:
        """Header (model, sample, lags, horizon, total) and the connectedness table."""
        start = _date(self.start)
        end = _date(self.end)
        lines = [
            "Diebold-Yilmaz spillover (connectedness) table",
            "=" * 78,
            f"VAR({self.lags}) with constant, lags {self.lag_selection}; {self.n} obs "
            f"{start} to {end}",
            f"{self.decomposition} FEVD, horizon H={self.horizon}, rows normalised to 100",
            f"Total spillover index: {self.total:.2f}%",
            "-" * 78,
            self.to_frame().to_string(float_format=lambda v: f"{v:.2f}"),
            "-" * 78,
            "Row i, column j: % of i's H-step forecast error variance due to shocks in j.",
        ]
        lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)


class VARSpillover:
    r"""Diebold & Yilmaz (2012) spillover index on a VAR(p).

    Fits ``y_t = c + Σ_{l=1}^{p} A_l y_{t-l} + u_t`` by OLS (statsmodels ``VAR``,
    ``Σ = Σ_u`` degrees-of-freedom adjusted), then the generalized forecast-error
    variance decomposition of Pesaran & Shin (1998) at horizon ``H``

    .. math::

        \theta_{ij}(H) = \frac{\sigma_{jj}^{-1} \sum_{h=0}^{H-1} (e_i' \Phi_h \Sigma e_j)^2}
                              {\sum_{h=0}^{H-1} e_i' \Phi_h \Sigma \Phi_h' e_i},

    row-normalised ``θ̃_ij = θ_ij / Σ_j θ_ij``, and the connectedness measures of
    :func:`~bubblelink.analytics.spillover._connectedness.connectedness`: total
    ``S = 100 Σ_{i≠j} θ̃_ij / k``, directional to/from, net and pairwise net.
    ``decomposition="cholesky"`` uses the orthogonalised FEVD of DY (2009) instead
    (order dependent: column order is the Cholesky order).

    The lag order is ``lags`` when given, else the minimiser of ``ic`` over
    ``1..max_lags`` (statsmodels ``select_order``; 0 is raised to 1). The fit runs with
    one BLAS thread (:mod:`bubblelink.analytics._blas`): its matrices are small.

    Edge cases: rows with a missing value in any series are dropped (noted per
    series); fewer than two series, a constant series, or fewer than
    ``p + k·p + 11`` complete rows raise :class:`~bubblelink.errors.DataError`.
    No standard errors: the index is a nonlinear function of all VAR coefficients
    and has no simple analytic distribution (use the rolling version to judge its
    stability).

    References
    ----------
    Diebold, F. X. & Yilmaz, K. (2012). Better to give than to receive: predictive
    directional measurement of volatility spillovers. *IJF* 28(1), 57-66.
    Pesaran, M. H. & Shin, Y. (1998). Generalized impulse response analysis in linear
    multivariate models. *Economics Letters* 58(1), 17-29.
    """

    def __init__(
        self,
        lags: int | None = None,
        horizon: int = 10,
        ic: InfoCriterion = "aic",
        max_lags: int = 10,
        decomposition: Decomposition = "generalized",
    ) -> None:
        check_params(lags, horizon, ic, max_lags, decomposition)
        self.lags = lags
        self.horizon = horizon
        self.ic: InfoCriterion = ic
        self.max_lags = max_lags
        self.decomposition: Decomposition = decomposition

    def fit(self, returns: pd.DataFrame, notes: Sequence[str] = ()) -> SpilloverResult:
        """Estimate the VAR and the spillover measures on ``returns`` (one column per series).

        ``notes`` (e.g. the synthetic-data notice) are carried into the result.
        """
        with single_blas_thread():  # small matrices: one BLAS thread (see analytics._blas)
            data, fit_notes, lags, how = prepare(
                returns, self.lags, self.ic, self.max_lags, "spillover"
            )
            coefs, sigma = fit_var(data, lags, "spillover")
            theta = decompose(coefs, sigma, self.horizon, self.decomposition)
        return build_result(
            data, theta, lags, how, self.horizon, self.decomposition, (*notes, *fit_notes)
        )


def prepare(
    returns: pd.DataFrame, lags: int | None, ic: InfoCriterion, max_lags: int, what: str
) -> tuple[pd.DataFrame, list[str], int, str]:
    """Clean the sample and fix the lag order (shared by the full-sample and rolling fits)."""
    k = returns.shape[1]
    data, notes = complete_rows(
        returns,
        min_obs_for_var(max(k, 2), lags or 1),
        what,
        hint="widen the date range or use fewer lags",
    )
    names = [str(c) for c in data.columns]
    if len(set(names)) != len(names):
        raise DataError(f"{what} got duplicate series names {names}: pass each once")
    data.columns = names
    for name in names:
        check_not_constant(data[name], name)
    if lags is None:
        lags = select_lags(data, max_lags, ic, what)
        how = f"chosen by {ic.upper()} (max {max_lags})"
    else:
        how = "given"
    return data, notes, lags, how


def decompose(
    coefs: np.ndarray, sigma: np.ndarray, horizon: int, decomposition: Decomposition
) -> np.ndarray:
    """Row-normalised FEVD ``θ̃`` of the chosen kind."""
    if decomposition == "cholesky":
        return cholesky_fevd(coefs, sigma, horizon)
    if np.any(np.diag(sigma) <= 0):
        raise DataError("VAR residual variance is zero for a series: check for constant data")
    return row_normalise(generalized_fevd(coefs, sigma, horizon))


def build_result(
    data: pd.DataFrame,
    theta: np.ndarray,
    lags: int,
    how: str,
    horizon: int,
    decomposition: str,
    notes: tuple[str, ...],
) -> SpilloverResult:
    """Wrap ``θ̃`` and its connectedness measures in a :class:`SpilloverResult`."""
    names = list(data.columns)
    conn = connectedness(theta)
    index = pd.Index(names, name="variable")
    return SpilloverResult(
        variables=tuple(names),
        table=pd.DataFrame(conn.table, index=index, columns=names),
        directional=pd.DataFrame(
            {"from_others": conn.from_others, "to_others": conn.to_others, "net": conn.net},
            index=index,
        ),
        pairwise_net=pd.DataFrame(conn.pairwise_net, index=index, columns=names),
        total=conn.total,
        lags=lags,
        lag_selection=how,
        horizon=horizon,
        decomposition=decomposition,
        n=len(data),
        start=_first(data.index),
        end=_last(data.index),
        notes=notes,
    )


def check_params(
    lags: int | None, horizon: int, ic: str, max_lags: int, decomposition: str
) -> None:
    if lags is not None and lags < 1:
        raise DataError(f"VAR lag order must be at least 1, got {lags}")
    if horizon < 1:
        raise DataError(f"forecast horizon must be at least 1 step, got {horizon}")
    if ic not in ("aic", "bic", "hqic", "fpe"):
        raise DataError(f"unknown information criterion {ic!r}: use aic, bic, hqic or fpe")
    if max_lags < 1:
        raise DataError(f"max_lags must be at least 1, got {max_lags}")
    if decomposition not in ("generalized", "cholesky"):
        raise DataError(f"unknown decomposition {decomposition!r}: use 'generalized' or 'cholesky'")


def _first(index: pd.Index) -> pd.Timestamp | None:
    return index[0] if isinstance(index, pd.DatetimeIndex) and len(index) else None


def _last(index: pd.Index) -> pd.Timestamp | None:
    return index[-1] if isinstance(index, pd.DatetimeIndex) and len(index) else None


def _date(value: pd.Timestamp | None) -> str:
    return value.date().isoformat() if value is not None else "-"
