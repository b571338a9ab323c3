"""Input preparation shared by the correlation functions."""

from __future__ import annotations

import pandas as pd

from bubblelink.analytics._checks import check_not_constant, check_window, overlapping
from bubblelink.errors import DataError

METHODS = ("pearson", "spearman", "kendall")
#: Smallest window with a defined confidence interval for every method (Kendall: n > 4).
MIN_WINDOW = 5


def check_method(method: str) -> None:
    """Raise for an unknown window method."""
    if method not in METHODS:
        raise DataError(f"unknown correlation method {method!r}: use one of {', '.join(METHODS)}")


def prepare_pair(a: pd.Series, b: pd.Series, window: int) -> tuple[pd.DataFrame, list[str]]:
    """Pairwise-complete rows of ``a`` and ``b``, checked for a ``window``-row rolling use.

    Returns the two-column frame and the notes (dropped dates).
    """
    if window < MIN_WINDOW:
        raise DataError(
            f"window must be at least {MIN_WINDOW} observations for a confidence interval, "
            f"got {window}"
        )
    pair = overlapping(a, b, min_obs=3)
    name_a, name_b = (str(c) for c in pair.columns)
    check_window(len(pair), window, f"{name_a} and {name_b} (overlapping observations)")
    check_not_constant(pair.iloc[:, 0], name_a)
    check_not_constant(pair.iloc[:, 1], name_b)
    notes = []
    # count only gaps inside the span both series cover (a longer history of one of
    # them is not a gap)
    first = max(a.first_valid_index(), b.first_valid_index())
    last = min(a.last_valid_index(), b.last_valid_index())
    union = a.index.union(b.index)
    span = union[(union >= first) & (union <= last)]
    dropped = len(span) - len(pair)
    if dropped:
        notes.append(
            f"{dropped} of {len(span)} dates between {_day(first)} and {_day(last)} dropped "
            f"where {name_a} or {name_b} has no value: windows count joint observations"
        )
    return pair, notes


def _day(value: object) -> str:
    stamp = pd.Timestamp(value)
    return stamp.date().isoformat()
