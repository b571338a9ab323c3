"""Up- and down-market capture ratios (the empyrical / Morningstar-style convention)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from bubblelink.analytics._checks import check_positive, check_sample_size, overlapping
from bubblelink.analytics.beta._ols_beta import ESTIMATE_COLUMNS
from bubblelink.analytics.beta._split import ZeroDays, down_up_days
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

ReturnKind = Literal["log", "simple"]


@dataclass(frozen=True)
class CaptureResult(ResultBase):
    """Up capture, down capture and their ratio (annualised geometric means).

    ``n_zero`` periods had a market return of exactly zero; ``zero_days`` says where
    they went (``exclude``: in neither set).
    """

    asset: str
    market: str
    up_capture: float
    down_capture: float
    up_down_capture: float
    n_up: int
    n_down: int
    periods_per_year: float
    zero_days: str = "exclude"
    n_zero: int = 0

    def to_frame(self) -> pd.DataFrame:
        """Rows up_capture, down_capture, up_down_capture (no standard errors)."""
        nan = float("nan")
        rows = [
            ("up_capture", self.up_capture, nan, nan, nan, nan, self.n_up),
            ("down_capture", self.down_capture, nan, nan, nan, nan, self.n_down),
            ("up_down_capture", self.up_down_capture, nan, nan, nan, nan,
             self.n_up + self.n_down),
        ]  # fmt: skip
        frame = pd.DataFrame.from_records(rows, columns=["statistic", *ESTIMATE_COLUMNS])
        return frame.set_index("statistic")


def _annualised_growth(simple: np.ndarray, periods_per_year: float) -> float:
    return float(np.prod(1.0 + simple) ** (periods_per_year / simple.size) - 1.0)


def capture_ratios(
    asset: pd.Series,
    market: pd.Series,
    kind: ReturnKind = "log",
    periods_per_year: float = 252,
    zero_days: ZeroDays = "exclude",
) -> CaptureResult:
    r"""Up and down capture of ``asset`` relative to ``market``.

    Convention (identical to empyrical's ``up_capture``/``down_capture``, which follow
    Morningstar's "annualised return in up/down months" definition): take the periods
    where the market's return is strictly positive (up) or strictly negative (down),
    compound each series over those periods only and annualise with the number of
    those periods,

    .. math::

        G_x = \Bigl(\prod_{t \in U} (1 + R_{x,t})\Bigr)^{P / |U|} - 1, \qquad
        \mathrm{UpCapture} = G_a / G_m ,

    likewise on the down set; ``up_down_capture = up_capture / down_capture``. Here
    :math:`R` are simple returns and :math:`P` is ``periods_per_year`` (empyrical's
    ``period="daily"`` is 252; use 365 for BTC on the all-days calendar). Because the
    exponent :math:`P/|U|` is the same for numerator and denominator, the ratio is not
    a ratio of average returns: it depends on :math:`P`. A down capture above 1 means
    the asset lost more than the market, annualised, on the market's down days.

    Parameters
    ----------
    kind
        Whether the inputs are log returns (converted with :math:`e^r - 1`) or simple
        returns. The up/down split does not depend on it (same sign).
    zero_days
        Periods with a market return of exactly zero: ``"exclude"`` (default,
        empyrical's convention: up is :math:`R_m > 0`, down :math:`R_m < 0`), or count
        them as ``"up"`` or ``"down"`` periods (they then add a factor of 1 to the
        market's product and one period to :math:`|U|` or :math:`|D|`). The same rule
        as :func:`asymmetric_beta` with ``split="zero"``.

    Edge cases
    ----------
    Pairs with a NaN in either series are dropped. Fewer than 2 up or 2 down periods
    raise :class:`DataError`.
    """
    if kind not in ("log", "simple"):
        raise DataError(f"kind must be 'log' or 'simple', got {kind!r}")
    check_positive(periods_per_year, "periods_per_year")
    pair = overlapping(asset, market, min_obs=4)
    name_a, name_m = (str(c) for c in pair.columns)
    values = pair.to_numpy(dtype=float)
    if kind == "log":
        values = np.expm1(values)
    a, m = values[:, 0], values[:, 1]
    down, up = down_up_days(m, 0.0, zero_days)
    check_sample_size(int(up.sum()), 2, f"{name_m} up periods", hint="use a longer date range")
    check_sample_size(int(down.sum()), 2, f"{name_m} down periods", hint="use a longer date range")
    up_capture = _annualised_growth(a[up], periods_per_year) / _annualised_growth(
        m[up], periods_per_year
    )
    down_capture = _annualised_growth(a[down], periods_per_year) / _annualised_growth(
        m[down], periods_per_year
    )
    return CaptureResult(
        asset=name_a,
        market=name_m,
        up_capture=up_capture,
        down_capture=down_capture,
        up_down_capture=up_capture / down_capture,
        n_up=int(up.sum()),
        n_down=int(down.sum()),
        periods_per_year=float(periods_per_year),
        zero_days=zero_days,
        n_zero=int((m == 0.0).sum()),
    )
