"""Forbes–Rigobon heteroskedasticity-adjusted correlation test for contagion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics._checks import check_not_constant, check_sample_size, overlapping
from bubblelink.analytics.correlation import fisher_z_difference
from bubblelink.dates import DateLike
from bubblelink.errors import DataError
from bubblelink.results import ResultBase, plain

#: Fewest observations accepted in each window (Fisher's z needs n > 3).
MIN_WINDOW_OBS = 10


def adjusted_correlation(rho: float, delta: float) -> float:
    r"""Forbes & Rigobon (2002) heteroskedasticity-adjusted correlation.

    .. math:: \rho^* = \frac{\rho}{\sqrt{1 + \delta (1 - \rho^2)}}

    where :math:`\delta = \sigma^2_{m,\text{stress}} / \sigma^2_{m,\text{calm}} - 1` is
    the relative increase in the variance of the source market. Under
    :math:`r_a = \beta r_m + \varepsilon` with only :math:`\mathrm{var}(r_m)` rising,
    :math:`\rho^*` of the stress window equals the calm-window correlation: the
    conditional correlation rises with volatility alone and :math:`\rho^*` removes
    that bias. :math:`\delta > -1` is required.
    """
    if not delta > -1.0:
        raise DataError(f"the variance ratio minus one (delta) must exceed -1, got {delta!r}")
    return float(rho / np.sqrt(1.0 + delta * (1.0 - rho**2)))


@dataclass(frozen=True)
class ContagionResult(ResultBase):
    """Calm vs stress correlation, the adjusted stress correlation and the test.

    ``z`` tests H1 "the adjusted stress correlation is higher than the calm one"
    (contagion); ``p_value`` is one-sided, ``p_value_two_sided`` is also given.
    """

    asset: str
    market: str
    calm_start: pd.Timestamp
    calm_end: pd.Timestamp
    stress_start: pd.Timestamp
    stress_end: pd.Timestamp
    n_calm: int
    n_stress: int
    calm_corr: float
    stress_corr: float
    adjusted_stress_corr: float
    var_calm_market: float
    var_stress_market: float
    delta: float
    z: float
    p_value: float
    p_value_two_sided: float
    overlap_obs: int
    notes: tuple[str, ...] = ()

    @property
    def contagion(self) -> bool:
        """True when the one-sided test rejects at the 5% level."""
        return self.p_value < 0.05

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity (statistic, value, n)."""
        rows = [
            ("calm_corr", self.calm_corr, self.n_calm),
            ("stress_corr", self.stress_corr, self.n_stress),
            ("adjusted_stress_corr", self.adjusted_stress_corr, self.n_stress),
            ("market_variance_calm", self.var_calm_market, self.n_calm),
            ("market_variance_stress", self.var_stress_market, self.n_stress),
            ("delta", self.delta, self.n_stress),
            ("fisher_z_adjusted_minus_calm", self.z, self.n_calm + self.n_stress),
            ("p_value_increase", self.p_value, self.n_calm + self.n_stress),
            ("p_value_two_sided", self.p_value_two_sided, self.n_calm + self.n_stress),
        ]
        frame = pd.DataFrame.from_records(rows, columns=["statistic", "value", "n"])
        return frame.set_index("statistic")

    def to_dict(self) -> dict[str, Any]:
        """The windows, the verdict and ``statistics``: the table's rows (same labels)."""
        return {
            "asset": self.asset,
            "market": self.market,
            "calm_start": plain(self.calm_start),
            "calm_end": plain(self.calm_end),
            "stress_start": plain(self.stress_start),
            "stress_end": plain(self.stress_end),
            "overlap_obs": int(self.overlap_obs),
            "contagion": bool(self.contagion),
            "statistics": plain(self.to_frame()),
            "notes": list(self.notes),
        }


def _window(pair: pd.DataFrame, window: tuple[DateLike, DateLike], label: str) -> pd.DataFrame:
    start, end = (_timestamp(v, pair.index) for v in window)
    if start > end:
        raise DataError(f"the {label} window starts ({start.date()}) after it ends ({end.date()})")
    return pair.loc[(pair.index >= start) & (pair.index <= end)]


def _timestamp(value: DateLike, index: pd.Index) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise DataError(f"cannot read {value!r} as a date: use YYYY-MM-DD") from exc
    tz = getattr(index, "tz", None)
    if tz is not None and ts.tzinfo is None:
        ts = ts.tz_localize(tz)
    elif tz is None and ts.tzinfo is not None:
        ts = ts.tz_convert(None)
    return ts


def forbes_rigobon(
    asset: pd.Series,
    market: pd.Series,
    calm: tuple[DateLike, DateLike],
    stress: tuple[DateLike, DateLike],
    notes: tuple[str, ...] | list[str] = (),
) -> ContagionResult:
    r"""Forbes–Rigobon (2002) contagion test between a calm and a stress window.

    In each window (inclusive dates) the Pearson correlations :math:`\rho_C` and
    :math:`\rho_S` of the two return series are computed, and
    :math:`\delta = \mathrm{var}_S(r_m)/\mathrm{var}_C(r_m) - 1` from the market (the
    series in which the shock originates; sample variances, ddof = 1). The stress
    correlation is adjusted with :func:`adjusted_correlation`, and

    .. math::

        z = \frac{\operatorname{atanh} \rho^*_S - \operatorname{atanh} \rho_C}
                 {\sqrt{1/(n_S - 3) + 1/(n_C - 3)}}

    (:func:`~bubblelink.analytics.correlation.fisher_z_difference`) is compared with the
    standard normal, one-sided: H0 :math:`\rho^*_S \le \rho_C`,
    H1 :math:`\rho^*_S > \rho_C` ("contagion": linkage rose beyond what the higher
    volatility explains), ``p_value = 1 - Φ(z)``. Forbes & Rigobon used a t-test
    on the same Fisher transforms; the z form is the large-sample equivalent.

    Notes
    -----
    The adjustment assumes no omitted common shocks and no feedback from the asset to
    the market (Forbes & Rigobon, 2002, sec. II). The test treats the two windows as
    independent samples; when they overlap, the result carries a note (after the
    caller's ``notes``, e.g. a synthetic-data notice). Forbes &
    Rigobon's "tranquil" period was often the full sample; choose windows to match.

    Edge cases
    ----------
    NaNs are dropped pairwise. An empty window, fewer than 10 observations in a window,
    a constant series in a window, or a start after the end raise
    :class:`~bubblelink.errors.DataError`.
    """
    pair = overlapping(asset, market, min_obs=1)
    name_a, name_m = (str(c) for c in pair.columns)
    windows = {}
    for label, window in (("calm", calm), ("stress", stress)):
        part = _window(pair, window, label)
        check_sample_size(
            len(part),
            MIN_WINDOW_OBS,
            f"the {label} window {window[0]}:{window[1]} of {name_a}/{name_m}",
            hint=f"widen the {label} window or check the dates",
        )
        check_not_constant(part[name_a], what=f"{name_a} in the {label} window")
        check_not_constant(part[name_m], what=f"market {name_m} in the {label} window")
        windows[label] = part
    calm_part, stress_part = windows["calm"], windows["stress"]
    calm_corr = float(np.corrcoef(calm_part[name_a], calm_part[name_m])[0, 1])
    stress_corr = float(np.corrcoef(stress_part[name_a], stress_part[name_m])[0, 1])
    var_calm = float(calm_part[name_m].var(ddof=1))
    var_stress = float(stress_part[name_m].var(ddof=1))
    delta = var_stress / var_calm - 1.0
    adjusted = adjusted_correlation(stress_corr, delta)
    n_calm, n_stress = len(calm_part), len(stress_part)
    z = fisher_z_difference(adjusted, n_stress, calm_corr, n_calm)
    overlap = int(calm_part.index.isin(stress_part.index).sum())
    notes = tuple(notes)
    if overlap:
        notes += (
            f"calm and stress windows share {overlap} observations; the test assumes "
            "independent windows, so its p-value is approximate",
        )
    return ContagionResult(
        asset=name_a,
        market=name_m,
        calm_start=calm_part.index[0],
        calm_end=calm_part.index[-1],
        stress_start=stress_part.index[0],
        stress_end=stress_part.index[-1],
        n_calm=n_calm,
        n_stress=n_stress,
        calm_corr=calm_corr,
        stress_corr=stress_corr,
        adjusted_stress_corr=adjusted,
        var_calm_market=var_calm,
        var_stress_market=var_stress,
        delta=delta,
        z=z,
        p_value=float(stats.norm.sf(z)),
        p_value_two_sided=float(2.0 * stats.norm.sf(abs(z))),
        overlap_obs=overlap,
        notes=notes,
    )
