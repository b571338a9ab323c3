"""The market's down and up days: one rule for downside/upside beta and capture ratios."""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
from numpy.typing import NDArray

from bubblelink.errors import DataError

ZeroDays = Literal["exclude", "up", "down"]

#: The accepted ``zero_days`` values (default first: empyrical's convention).
ZERO_DAYS: tuple[str, ...] = get_args(ZeroDays)


def down_up_days(
    market: NDArray[np.float64], threshold: float, zero_days: ZeroDays = "exclude"
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Masks of the market's down days (``r_m < c``) and up days (``r_m > c``).

    Days with the market exactly at the threshold ``c`` (zero-return days when ``c = 0``:
    holidays carried forward, a flat index, a weekend on the all-days calendar) are
    ``"exclude"``d from both sets (default; empyrical's ``up``/``down`` filters,
    ``factor_returns > 0`` and ``< 0``, used by its ``up_capture``, ``down_capture``,
    ``up_alpha_beta`` and ``down_alpha_beta``), or counted as ``"up"`` days
    (``r_m ≥ c``) or as ``"down"`` days (``r_m ≤ c``).

    Raises
    ------
    DataError
        ``zero_days`` is not one of ``exclude``, ``up``, ``down``.
    """
    if zero_days not in ZERO_DAYS:
        raise DataError(
            f"zero_days must be one of {', '.join(map(repr, ZERO_DAYS))}, got {zero_days!r}"
        )
    down = market < threshold
    up = market > threshold
    if zero_days == "up":
        up = up | (market == threshold)
    elif zero_days == "down":
        down = down | (market == threshold)
    return down, up
