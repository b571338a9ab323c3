"""Rolling Pearson, Spearman and Kendall correlation with Fisher-z intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bubblelink.analytics.correlation._fisher import Method, fisher_ci
from bubblelink.analytics.correlation._inputs import check_method, prepare_pair
from bubblelink.analytics.correlation._ranks import rolling_rank_corr
from bubblelink.analytics.correlation._results import RollingCorrelationResult
from bubblelink.analytics.universe import rolling_target_corr_beta


def rolling_correlation(
    a: pd.Series,
    b: pd.Series,
    window: int = 30,
    method: Method = "pearson",
    confidence: float = 0.95,
    on: str = "returns",
) -> RollingCorrelationResult:
    r"""Rolling correlation of two series with a Fisher-z confidence interval per value.

    * ``pearson``: :math:`r = S_{ab} / \sqrt{S_{aa} S_{bb}}` over each window, computed
      by the universe kernel :func:`~bubblelink.analytics.universe.rolling_target_corr_beta`
      (the one implementation; stable under level shifts).
    * ``spearman``: Pearson on the within-window average ranks (Spearman, 1904).
    * ``kendall``: tau-b (Kendall, 1945), ties corrected as in ``scipy.stats.kendalltau``.

    Intervals: :math:`\tanh(\operatorname{atanh} r \mp z\,\mathrm{se})` with
    se = :math:`1/\sqrt{n-3}` (Pearson; Fisher, 1921),
    :math:`\sqrt{(1+r^2/2)/(n-3)}` (Spearman; Bonett & Wright, 2000) and
    :math:`\sqrt{0.437/(n-4)}` (Kendall; Fieller, Hartley & Pearson, 1957). They assume
    independent observations: with autocorrelated data they are too narrow.

    Parameters
    ----------
    a, b : pandas.Series
        The two series — returns by default (correlating price levels is spurious-prone:
        use :func:`levels_correlation`, which also reports the returns figure).
    window : int
        Joint observations per window (30 and 90 sessions are the usual choices; on an
        equity calendar weekends are not rows, on an all-days calendar they are).
    method : {"pearson", "spearman", "kendall"}
    confidence : float
        Level of the intervals (default 0.95).
    on : str
        Label stored in the result (``returns`` or ``levels``).

    Returns
    -------
    RollingCorrelationResult
        Indexed by the dates where both series have a value; the first ``window - 1``
        values are NaN.

    Notes
    -----
    Dates where either series is missing are dropped first (pairwise complete), so each
    window holds exactly ``window`` joint observations; the result notes how many. A
    window in which a series is constant gives NaN.

    Raises
    ------
    DataError
        Unknown method; window < 5 or longer than the overlapping observations; fewer
        than 3 overlapping observations; a series constant over the whole sample.
    """
    check_method(method)
    pair, notes = prepare_pair(a, b, window)
    name_a, name_b = (str(c) for c in pair.columns)
    if method == "pearson":
        kernel = rolling_target_corr_beta(pair.iloc[:, 0], pair.iloc[:, [1]], window)
        r = kernel.corr.iloc[:, 0].to_numpy()
    else:
        x = pair.iloc[:, 0].to_numpy(dtype=float)
        y = pair.iloc[:, 1].to_numpy(dtype=float)
        r = rolling_rank_corr(x, y, window, method)
    n = np.full(len(pair), float(window))
    n[: window - 1] = np.nan
    low, high = fisher_ci(r, n, method, confidence)
    index = pair.index.rename("date")
    return RollingCorrelationResult(
        a=name_a,
        b=name_b,
        method=method,
        window=window,
        value=pd.Series(r, index=index, name="value"),
        ci_low=pd.Series(low, index=index, name="ci_low"),
        ci_high=pd.Series(high, index=index, name="ci_high"),
        n=pd.Series(n, index=index, name="n"),
        confidence=confidence,
        on=on,
        notes=tuple(notes),
    )
