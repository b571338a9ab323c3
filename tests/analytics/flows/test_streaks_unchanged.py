"""Flow streaks on numpy arrays give exactly what the pandas-slice version gave.

``_runs`` once sliced the Series for every run; each slice deep-copied the series'
``attrs`` (the store attaches provenance there), so the dashboard's flows panel took
seconds cold. The reference below is that former implementation, kept here to prove
the figures did not change (same runs, same dates, same totals to the last digit).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from bubblelink.analytics.flows import flow_streaks
from bubblelink.analytics.flows._streaks import SUM_DECIMALS, Streak, _runs


def _reference_runs(values: pd.Series) -> list[Streak]:
    signs = np.sign(values.to_numpy(dtype=float))
    runs: list[Streak] = []
    start = 0
    for i in range(1, signs.size + 1):
        if i == signs.size or signs[i] != signs[start]:
            if signs[start] != 0:
                part = values.iloc[start:i]
                runs.append(
                    Streak(
                        direction="in" if signs[start] > 0 else "out",
                        length=i - start,
                        start=part.index[0],
                        end=part.index[-1],
                        total=round(float(part.sum()), SUM_DECIMALS),
                    )
                )
            start = i
    return runs


def _with_heavy_attrs(series: pd.Series) -> pd.Series:
    series = series.copy()
    series.attrs["provenance"] = [
        {"series": f"S{i}", "n": i, "notes": ["x"] * 20} for i in range(50)
    ]
    return series


def test_runs_equal_the_pandas_slice_reference_on_the_real_flow_table(
    shared_data_dir: Path,
) -> None:
    table = pd.read_csv(
        shared_data_dir / "flows" / "etf_flows_btc_to2026.csv", index_col="date", parse_dates=True
    )
    for column in ("Total", "IBIT", "GBTC"):
        values = _with_heavy_attrs(table[column].dropna().astype(float))
        ours, reference = _runs(values), _reference_runs(values)
        assert len(ours) > 50, column
        assert ours == reference, column
        result = flow_streaks(values)
        assert result.longest_in is not None
        assert result.longest_in == max(
            (r for r in reference if r.direction == "in"), key=lambda r: r.length
        )


def test_runs_equal_the_reference_with_zeros_and_ties() -> None:
    rng = np.random.default_rng(3)
    raw = rng.normal(0, 100, 3_000).round(1)
    raw[rng.random(3_000) < 0.1] = 0.0
    values = pd.Series(raw, index=pd.bdate_range("2020-01-01", periods=3_000, tz="UTC"))
    assert _runs(values) == _reference_runs(values)
