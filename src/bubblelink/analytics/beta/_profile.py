"""The beta profile: every beta-family statistic of one asset against one market."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from bubblelink.analytics.beta._asymmetric_beta import (
    AsymmetricBetaResult,
    Split,
    asymmetric_beta,
)
from bubblelink.analytics.beta._capture import CaptureResult, ReturnKind, capture_ratios
from bubblelink.analytics.beta._falls_harder import FallsHarderResult, falls_harder
from bubblelink.analytics.beta._ols_beta import ESTIMATE_COLUMNS, BetaResult, ols_beta
from bubblelink.analytics.beta._rolling_beta import RollingBetaResult, rolling_beta
from bubblelink.analytics.beta._split import ZeroDays
from bubblelink.analytics.beta._stress_correlation import (
    StressCorrelationResult,
    stress_correlation,
)
from bubblelink.results import ResultBase, plain


@dataclass(frozen=True, eq=False)
class BetaProfileResult(ResultBase):
    """OLS beta, downside/upside beta, capture, stress correlation, falls-harder, rolling.

    ``notes`` (e.g. the synthetic-data notice passed in by the caller) travel with the
    result into every output.
    """

    ols: BetaResult
    asymmetric: AsymmetricBetaResult
    capture: CaptureResult
    stress: StressCorrelationResult
    falls_harder: FallsHarderResult
    rolling: RollingBetaResult | None = None
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """All estimate tables stacked; column ``group`` says which analysis a row is from."""
        parts = {
            "ols": self.ols.to_frame(),
            "asymmetric": self.asymmetric.to_frame(),
            "capture": self.capture.to_frame(),
            "stress": self.stress.to_frame(),
            "falls_harder": self.falls_harder.to_frame(),
        }
        if self.rolling is not None:
            nan = float("nan")
            parts["rolling"] = pd.DataFrame.from_records(
                [(f"rolling_beta_{self.rolling.window}_latest", self.rolling.latest,
                  nan, nan, nan, nan, self.rolling.window)],
                columns=["statistic", *ESTIMATE_COLUMNS],
            ).set_index("statistic")  # fmt: skip
        frame = pd.concat([p.assign(group=g) for g, p in parts.items()])
        return frame[["group", *ESTIMATE_COLUMNS]]

    def to_dict(self) -> dict[str, Any]:
        """The sample and conventions, then ``statistics``: the table's rows, same labels.

        Every estimate is in ``statistics`` once, under the name the table shows
        (``downside_minus_upside``, not a second name elsewhere); ``rolling`` holds the
        rolling beta series when asked for.
        """
        return {
            "asset": self.ols.asset,
            "market": self.ols.market,
            "start": plain(self.ols.start),
            "end": plain(self.ols.end),
            "n": int(self.ols.n),
            "hac_lags": int(self.ols.hac_lags),
            "r_squared": plain(self.ols.r_squared),
            "split": self.asymmetric.split,
            "split_threshold": plain(self.asymmetric.threshold),
            "zero_days": self.asymmetric.zero_days,
            "n_at_threshold": int(self.asymmetric.n_at_threshold),
            "n_zero_days": int(self.capture.n_zero),
            "stress_k": plain(self.stress.k),
            "stress_threshold": plain(self.stress.threshold),
            "worst_pct": plain(self.falls_harder.worst_pct),
            "periods_per_year": plain(self.capture.periods_per_year),
            "statistics": plain(self.to_frame()),
            "rolling": None if self.rolling is None else self.rolling.to_dict(),
            "notes": plain(list(self.notes)),
        }

    def summary(self) -> str:
        """The stacked table with a header line."""
        head = (
            f"Beta profile of {self.ols.asset} on {self.ols.market}: n={self.ols.n}, "
            f"{self.ols.start.date()}..{self.ols.end.date()}"
        )
        return head + "\n" + self.to_frame().to_string()


def beta_profile(
    asset: pd.Series,
    market: pd.Series,
    split: Split = "zero",
    stress_k: float = 1.5,
    worst_pct: float = 10.0,
    window: int | None = None,
    kind: ReturnKind = "log",
    periods_per_year: float = 252,
    lags: int | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    notes: tuple[str, ...] | list[str] = (),
    zero_days: ZeroDays = "exclude",
) -> BetaProfileResult:
    """Run the beta family on one pair with the documented defaults of each function.

    See :func:`ols_beta`, :func:`asymmetric_beta` (``split``, ``lags``, ``zero_days``),
    :func:`capture_ratios` (``kind``, ``periods_per_year``, ``zero_days``: the same
    down/up rule for both), :func:`stress_correlation`
    (``stress_k``), :func:`falls_harder` (``worst_pct``, ``n_boot``, ``seed``) and, when
    ``window`` is given, :func:`rolling_beta`.
    """
    asymmetric = asymmetric_beta(asset, market, split=split, lags=lags, zero_days=zero_days)
    capture = capture_ratios(
        asset, market, kind=kind, periods_per_year=periods_per_year, zero_days=zero_days
    )
    rule = {
        "exclude": "left out of both",
        "up": "counted as up days",
        "down": "counted as down days",
    }[zero_days]
    split_note = (
        f"down/up days: market return below/above {split} "
        f"({asymmetric.threshold:.6g}); {asymmetric.n_at_threshold} day(s) exactly at it "
        f"{rule} (zero_days={zero_days}); capture ratios split at zero, "
        f"{capture.n_zero} zero-return day(s) {rule}"
    )
    return BetaProfileResult(
        ols=ols_beta(asset, market, lags=lags),
        asymmetric=asymmetric,
        capture=capture,
        stress=stress_correlation(asset, market, k=stress_k),
        falls_harder=falls_harder(asset, market, worst_pct=worst_pct, n_boot=n_boot, seed=seed),
        rolling=None if window is None else rolling_beta(asset, market, window),
        notes=(*notes, split_note),
    )
