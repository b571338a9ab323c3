"""Cumulative flows and a per-fund table of totals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bubblelink.analytics.flows._streaks import SUM_DECIMALS


def cumulative_flows(flows: pd.DataFrame) -> pd.DataFrame:
    r"""Running sum of each column: :math:`C_t = \sum_{s \le t} f_s`.

    NaN (no data, not yet listed) adds nothing and stays NaN on its own day; the running
    sum resumes on the next day with data. Before a column's first value it is NaN.
    """
    return flows.astype(float).cumsum(skipna=True)


def flow_table(flows: pd.DataFrame) -> pd.DataFrame:
    """One row per column: ``first``, ``last``, ``n`` (days with data), ``cumulative``,
    ``mean``, ``days_in``/``days_out`` (positive/negative days), ``largest_in`` and
    ``largest_out`` with their dates. US$ millions. Columns without data are left out."""
    rows = []
    for column in flows.columns:
        values = flows[column].dropna().astype(float)
        if values.empty:
            continue
        rows.append(
            {
                "series": str(column),
                "first": values.index[0],
                "last": values.index[-1],
                "n": int(values.size),
                "cumulative": round(float(values.sum()), SUM_DECIMALS),
                "mean": float(values.mean()),
                "days_in": int((values > 0).sum()),
                "days_out": int((values < 0).sum()),
                "largest_in": float(values.max()),
                "largest_in_date": values.idxmax(),
                "largest_out": float(values.min()),
                "largest_out_date": values.idxmin(),
            }
        )
    columns = ["series", "first", "last", "n", "cumulative", "mean", "days_in", "days_out",
               "largest_in", "largest_in_date", "largest_out", "largest_out_date"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame.set_index("series")
    order = np.argsort(-frame["cumulative"].abs().to_numpy(), kind="stable")
    return frame.iloc[order].set_index("series")
