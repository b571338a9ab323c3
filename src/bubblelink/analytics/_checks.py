"""Input checks shared by every estimator: clear one-line errors naming series and numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bubblelink.errors import DataError


def overlapping(a: pd.Series, b: pd.Series, min_obs: int = 3) -> pd.DataFrame:
    """Return the rows where both ``a`` and ``b`` are finite, as a two-column frame.

    Raises
    ------
    DataError
        When fewer than ``min_obs`` overlapping observations remain.
    """
    name_a = str(a.name) if a.name is not None else "a"
    name_b = str(b.name) if b.name is not None else "b"
    if name_a == name_b:
        name_b = f"{name_b} (2)"
    pair = pd.concat([a.rename(name_a), b.rename(name_b)], axis=1, join="inner")
    pair = pair[np.isfinite(pair).all(axis=1)]
    if len(pair) < min_obs:
        raise DataError(
            f"{name_a} and {name_b} overlap on only {len(pair)} observations; "
            f"need at least {min_obs}: widen the date range or check the series"
        )
    return pair


def check_window(n_obs: int, window: int, what: str) -> None:
    """Raise when ``window`` is not a usable rolling window for ``n_obs`` observations."""
    if window < 2:
        raise DataError(f"window must be at least 2 observations, got {window}")
    if window > n_obs:
        raise DataError(
            f"window of {window} observations is longer than the {n_obs} available for "
            f"{what}: use a shorter --window or a longer date range"
        )


def check_not_constant(series: pd.Series, what: str | None = None) -> None:
    """Raise when a series has no variation (correlation and beta are undefined)."""
    values = series.to_numpy(dtype=float)
    values = values[np.isfinite(values)]
    if values.size and np.nanmax(values) == np.nanmin(values):
        name = what or str(series.name)
        raise DataError(
            f"{name} is constant over the {values.size} observations used; "
            "correlation and beta are undefined: check the series or the date range"
        )
