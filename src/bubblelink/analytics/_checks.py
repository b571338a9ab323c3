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


def complete_rows(
    frame: pd.DataFrame,
    min_obs: int,
    what: str,
    hint: str = "widen the date range or check the series",
) -> tuple[pd.DataFrame, list[str]]:
    """Keep the rows where every column is finite; say which series lost how many rows.

    Multivariate estimators (VAR, DCC, Granger) need a rectangular sample. Rows with a
    NaN or an infinite value in any column are dropped (not filled); the returned notes
    name each series with gaps and the count, so the caller can pass them on.

    Raises
    ------
    DataError
        When the frame has fewer than two columns or fewer than ``min_obs`` complete
        rows remain.
    """
    if frame.shape[1] < 2:
        raise DataError(
            f"{what} needs at least 2 series, got {frame.shape[1]}: pass two or more symbols"
        )
    values = frame.to_numpy(dtype=float)
    finite = np.isfinite(values)
    keep = finite.all(axis=1)
    notes: list[str] = []
    dropped = int((~keep).sum())
    if dropped:
        gaps = ", ".join(
            f"{col} {int(n)}"
            for col, n in zip(frame.columns, (~finite).sum(axis=0), strict=True)
            if n
        )
        notes.append(f"{what}: dropped {dropped} of {len(frame)} rows with missing values ({gaps})")
    out = frame.loc[keep].astype(float)
    if len(out) < min_obs:
        raise DataError(
            f"{what} has only {len(out)} complete observations across "
            f"{', '.join(map(str, frame.columns))}; need at least {min_obs}: {hint}"
        )
    return out, notes


def check_min_obs(n_obs: int, min_obs: int, what: str, reason: str) -> None:
    """Raise when ``n_obs`` is below ``min_obs`` (``reason`` says why that many are needed)."""
    if n_obs < min_obs:
        raise DataError(
            f"{what} has {n_obs} observations; need at least {min_obs} for {reason}: "
            "widen the date range or lower the lags/horizon"
        )


def check_sample_size(n_obs: int, min_obs: int, what: str, hint: str) -> None:
    """Raise when a subsample (a regime, a window, a tail) has fewer than ``min_obs`` rows.

    ``hint`` says what to do (e.g. "lower --stress-k or use a longer date range").
    """
    if n_obs < min_obs:
        raise DataError(f"{what} has only {n_obs} observations; need at least {min_obs}: {hint}")


def check_fraction(value: float, name: str, low: float = 0.0, high: float = 1.0) -> None:
    """Raise when a probability-like parameter is not strictly inside ``(low, high)``."""
    if not (np.isfinite(value) and low < value < high):
        raise DataError(f"{name} must be strictly between {low:g} and {high:g}, got {value!r}")


def check_positive(value: float, name: str) -> None:
    """Raise when a parameter that must be a positive number is not."""
    if not (np.isfinite(value) and value > 0):
        raise DataError(f"{name} must be a positive number, got {value!r}")
