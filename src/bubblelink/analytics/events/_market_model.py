"""Market-model event study for one asset and one event (MacKinlay 1997).

Model
-----
On an estimation window of ``L`` rows ending ``gap`` rows before day 0 (rows
``τ0−gap−L+1 … τ0−gap``) fit by OLS

.. math:: R_{t} = \\alpha + \\beta R_{m,t} + \\varepsilon_t, \\qquad
          \\hat\\sigma^2 = \\frac{1}{L-2}\\sum_{t} \\hat\\varepsilon_t^2 .

Over the event window ``τ1 … τ2`` (relative to day 0) the abnormal returns are
``AR_t = R_t − α̂ − β̂ R_{m,t}`` and ``CAR(τ1, τ2) = Σ AR_t``.

Variance with the prediction-error adjustment (MacKinlay 1997, eq. 8-12): with ``X`` the
``L×2`` estimation regressors ``[1, R_m]`` and ``X*`` the ``L2×2`` event-window regressors,

.. math:: V = \\hat\\sigma^2 \\left(I + X^*(X'X)^{-1}X^{*\\prime}\\right), \\qquad
          \\operatorname{Var}(CAR) = \\mathbf 1' V \\mathbf 1 ,

which adds the sampling error of ``α̂, β̂`` to the disturbance variance (it matters for short
estimation windows and for event days with extreme market returns). With
``prediction_error=False`` the textbook large-L approximation ``Var(CAR) = L2 σ̂²`` is used.
``t = CAR / sqrt(Var(CAR))`` (MacKinlay's ``J1``); the p-value is two-sided from Student's
t with ``L−k`` degrees of freedom (``k`` = 2 for the market model, 1 for the constant-mean
model; MacKinlay uses the normal limit, the difference is negligible for L = 120).

Constant-mean-return model (``model="mean_adjusted"``, MacKinlay's other benchmark): the
regressor is a constant only, ``AR_t = R_t − μ̂``. Used when the target *is* the market
(^IXIC against itself would give AR ≡ 0) or when no market series is given.

The standardized CAR ``SCAR = CAR / sqrt(Var(CAR))`` is stored for the
Boehmer–Musumeci–Poulsen test (:func:`bubblelink.analytics.events.bmp_test`).

Edge cases: target and market are paired on common finite rows (inner join); NaN rows are
dropped before counting windows. The estimation window must end before the event window
starts (``gap >= 1 − τ1``), hold ``L`` rows, and the event window must fit in the data; each
breach raises :class:`DataError` naming the dates. Returns are used as given (log or simple;
``kind`` only labels them and sets how ``raw_return`` compounds).

References
----------
MacKinlay, A. C. (1997). Event studies in economics and finance. *Journal of Economic
Literature* 35(1), 13-39.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics._checks import check_not_constant
from bubblelink.analytics.events._catalog import Event
from bubblelink.analytics.events._session import (
    BarClose,
    day_zero_position,
    infer_bar_close,
    parse_window,
)
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain

Model = Literal["market", "mean_adjusted"]


@dataclasses.dataclass(frozen=True)
class EventStudyResult(ResultBase):
    """Abnormal returns of one asset around one event.

    Attributes
    ----------
    symbol, event_id, market
        Target, event id and market series (``None`` for the constant-mean model).
    event_date
        Day 0 on the target's own calendar (see ``_session`` rules).
    window
        ``(τ1, τ2)`` relative rows; ``window_start``/``window_end`` their dates.
    model
        ``"market"`` or ``"mean_adjusted"``.
    ar
        Abnormal returns by date over the event window.
    car, car_std_error, t_stat, p_value
        CAR over the window, its standard error, ``J1`` t-statistic and two-sided p-value.
    scar
        Standardized CAR (= ``t_stat``), the BMP input.
    raw_return
        Sum of the raw returns over the window (same units as ``car``).
    raw_simple_return
        The window's raw return compounded to a simple return.
    alpha, beta, sigma, r_squared
        Estimation-window fit (``beta`` NaN for the constant-mean model).
    estimation_start, estimation_end, n_estimation, df
        The estimation window and the t degrees of freedom.
    bar_close
        ``"session"`` or ``"utc_day"``: how day 0 was placed.
    prediction_error
        Whether Var(CAR) includes the parameter-estimation error.
    notes
        Plain-language caveats (mean-adjusted model, dropped rows...).
    """

    symbol: str
    event_id: str
    event_date: pd.Timestamp
    window: tuple[int, int]
    window_start: pd.Timestamp
    window_end: pd.Timestamp
    model: str
    market: str | None
    ar: pd.Series
    ar_std_error: pd.Series
    returns: pd.Series
    market_returns: pd.Series | None
    car: float
    car_std_error: float
    t_stat: float
    p_value: float
    scar: float
    raw_return: float
    raw_simple_return: float
    alpha: float
    beta: float
    sigma: float
    r_squared: float
    estimation_start: pd.Timestamp
    estimation_end: pd.Timestamp
    n_estimation: int
    df: int
    bar_close: str
    prediction_error: bool
    kind: str
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per event-window day: relative day, return, expected, AR, running CAR."""
        expected = self.returns - self.ar
        frame = pd.DataFrame(
            {
                "day": np.arange(self.window[0], self.window[1] + 1),
                "return": self.returns.to_numpy(),
                "market_return": (
                    self.market_returns.to_numpy()
                    if self.market_returns is not None
                    else np.full(len(self.ar), np.nan)
                ),
                "expected": expected.to_numpy(),
                "ar": self.ar.to_numpy(),
                "ar_std_error": self.ar_std_error.to_numpy(),
                "car": self.ar.cumsum().to_numpy(),
            },
            index=self.ar.index,
        )
        frame.index.name = "date"
        return frame

    def to_dict(self) -> dict[str, Any]:
        """JSON view: symbol, event_date, window, ar [{date, value}], car, t_stat, p_value..."""
        keys = (
            "symbol", "event_id", "event_date", "window", "window_start", "window_end", "model",
            "market", "ar", "car", "car_std_error", "t_stat", "p_value", "raw_return",
            "raw_simple_return", "alpha", "beta", "sigma", "r_squared", "estimation_start",
            "estimation_end", "n_estimation", "df", "bar_close", "prediction_error", "kind",
            "notes",
        )  # fmt: skip
        return {key: plain(getattr(self, key)) for key in keys}

    def summary_row(self) -> dict[str, Any]:
        """One-line view used by cross-asset and pooled tables."""
        return {
            "symbol": self.symbol,
            "event_date": self.event_date,
            "window": f"{self.window[0]}:{self.window[1]}",
            "model": self.model,
            "car": self.car,
            "t_stat": self.t_stat,
            "p_value": self.p_value,
            "raw_return": self.raw_return,
            "beta": self.beta,
            "n_estimation": self.n_estimation,
        }

    def summary(self) -> str:
        """Header line and the AR table."""
        head = (
            f"{self.symbol} around {self.event_id} (day 0 = {self.event_date.date()}, "
            f"{self.model} model): CAR{self.window} = {self.car:.4f}, t = {self.t_stat:.2f}, "
            f"p = {self.p_value:.4f}"
        )
        return head + "\n" + self.to_frame().to_string()


@dataclasses.dataclass
class MarketModelEventStudy:
    """Estimator: market-model (or constant-mean) event study of one asset.

    Parameters
    ----------
    window
        Event window ``(τ1, τ2)`` or ``"τ1:τ2"`` in rows relative to day 0 (default -1:1).
    estimation
        Estimation-window length ``L`` in rows (default 120).
    gap
        The estimation window ends ``gap`` rows before day 0 (default 10); it must end
        before the event window starts, i.e. ``gap > -τ1``.
    model
        ``"market"`` (default) or ``"mean_adjusted"``.
    prediction_error
        Include the parameter-estimation error in Var(AR) and Var(CAR) (default True).
    kind
        ``"log"`` (default) or ``"simple"``: how the given returns compound into
        ``raw_simple_return``.
    """

    window: tuple[int, int] | str = (-1, 1)
    estimation: int = 120
    gap: int = 10
    model: Model = "market"
    prediction_error: bool = True
    kind: Literal["log", "simple"] = "log"

    def fit(
        self,
        returns: pd.Series,
        event: Event,
        market: pd.Series | None = None,
        bar_close: BarClose | None = None,
    ) -> EventStudyResult:
        """Estimate on the window before ``event`` and measure ARs over the event window.

        Parameters
        ----------
        returns
            Target returns, tz-aware UTC DatetimeIndex; named (the symbol).
        event
            The event (:class:`Event`; :meth:`Event.ad_hoc` for a bare date).
        market
            Market returns (required for ``model="market"``).
        bar_close
            ``"session"`` / ``"utc_day"``; inferred from the index when None.
        """
        start_rel, end_rel = parse_window(self.window)
        symbol = str(returns.name) if returns.name is not None else "target"
        if self.estimation < 3:
            raise DataError(f"estimation window must be at least 3 rows, got {self.estimation}")
        if self.gap < 1 - start_rel:
            raise DataError(
                f"estimation window ending {self.gap} rows before day 0 overlaps the event "
                f"window {start_rel}:{end_rel}; use --gap {1 - start_rel} or more"
            )
        notes: list[str] = []
        if self.model == "market":
            if market is None:
                raise DataError(
                    f"market model for {symbol} needs market returns; "
                    "pass a market series or use model='mean_adjusted'"
                )
            market_name = str(market.name) if market.name is not None else "market"
            pair = pd.concat(
                [returns.rename("y"), market.rename("m")], axis=1, join="inner", sort=True
            )
            dropped = int(returns.notna().sum()) - int(pair.notna().all(axis=1).sum())
        else:
            market_name = None
            pair = returns.rename("y").to_frame()
            dropped = 0
        pair = pair[np.isfinite(pair.to_numpy(dtype=float)).all(axis=1)]
        if not isinstance(pair.index, pd.DatetimeIndex):
            raise DataError(f"{symbol} returns need a DatetimeIndex of bar dates")
        own_index = returns.dropna().index
        kind: BarClose = bar_close or infer_bar_close(own_index)
        if kind == "utc_day" and market_name is not None and dropped > 0:
            notes.append(
                f"{symbol} trades on days {market_name} does not; {dropped} of its returns "
                f"have no {market_name} return and are left out of the market model "
                "(align both to one calendar to keep multi-day returns)"
            )
        index = pair.index
        t0 = day_zero_position(index, event, kind, symbol)
        est_end = t0 - self.gap
        est_start = est_end - self.estimation + 1
        if est_start < 0:
            available = max(est_end + 1, 0)
            first = index[0].date()
            raise DataError(
                f"{symbol}: only {available} rows from {first} to "
                f"{index[max(est_end, 0)].date()} for the estimation window before the event "
                f"of {index[t0].date()}; need {self.estimation}: load earlier data or use a "
                "shorter --estimation"
            )
        w0, w1 = t0 + start_rel, t0 + end_rel
        if w1 >= len(index):
            raise DataError(
                f"{symbol}: event window {start_rel}:{end_rel} around {index[t0].date()} runs "
                f"past the last row ({index[-1].date()}): load later data or shorten the window"
            )
        est = pair.iloc[est_start : est_end + 1]
        evw = pair.iloc[w0 : w1 + 1]
        y = est["y"].to_numpy(dtype=float)
        if self.model == "market":
            check_not_constant(est["m"].rename(market_name), f"{market_name} estimation returns")
            x = np.column_stack([np.ones(len(est)), est["m"].to_numpy(dtype=float)])
            xs = np.column_stack([np.ones(len(evw)), evw["m"].to_numpy(dtype=float)])
        else:
            x = np.ones((len(est), 1))
            xs = np.ones((len(evw), 1))
        k = x.shape[1]
        xtx_inv = np.linalg.inv(x.T @ x)
        coef = xtx_inv @ x.T @ y
        resid = y - x @ coef
        df = len(y) - k
        sigma2 = float(resid @ resid / df)
        ar = evw["y"].to_numpy(dtype=float) - xs @ coef
        n_event = len(evw)
        if self.prediction_error:
            cov = sigma2 * (np.eye(n_event) + xs @ xtx_inv @ xs.T)
        else:
            cov = sigma2 * np.eye(n_event)
        car = float(ar.sum())
        car_var = float(cov.sum())
        car_se = float(np.sqrt(car_var))
        t_stat = car / car_se if car_se > 0 else float("nan")
        p_value = float(2 * stats.t.sf(abs(t_stat), df)) if np.isfinite(t_stat) else float("nan")
        ss_tot = float(((y - y.mean()) ** 2).sum())
        r2 = 1 - float(resid @ resid) / ss_tot if (k == 2 and ss_tot > 0) else float("nan")
        raw = evw["y"].to_numpy(dtype=float)
        raw_sum = float(raw.sum())
        raw_simple = float(np.expm1(raw_sum)) if self.kind == "log" else float(np.prod(1 + raw) - 1)
        if self.model == "mean_adjusted":
            notes.append(
                f"{symbol}: constant-mean-return model (AR = return − estimation-window mean)"
                + (f"; {symbol} is the market itself" if symbol == (market_name or "") else "")
            )
        dates = evw.index
        return EventStudyResult(
            symbol=symbol,
            event_id=event.id,
            event_date=index[t0],
            window=(start_rel, end_rel),
            window_start=dates[0],
            window_end=dates[-1],
            model=self.model,
            market=market_name,
            ar=pd.Series(ar, index=dates, name="ar"),
            ar_std_error=pd.Series(np.sqrt(np.diag(cov)), index=dates, name="ar_std_error"),
            returns=pd.Series(raw, index=dates, name="return"),
            market_returns=(
                pd.Series(evw["m"].to_numpy(dtype=float), index=dates, name="market_return")
                if self.model == "market"
                else None
            ),
            car=car,
            car_std_error=car_se,
            t_stat=float(t_stat),
            p_value=p_value,
            scar=float(t_stat),
            raw_return=raw_sum,
            raw_simple_return=raw_simple,
            alpha=float(coef[0]),
            beta=float(coef[1]) if k == 2 else float("nan"),
            sigma=float(np.sqrt(sigma2)),
            r_squared=r2,
            estimation_start=est.index[0],
            estimation_end=est.index[-1],
            n_estimation=len(est),
            df=df,
            bar_close=kind,
            prediction_error=self.prediction_error,
            kind=self.kind,
            notes=tuple(notes),
        )
