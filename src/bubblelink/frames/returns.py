"""Returns from prices: log or simple, computed between consecutive rows."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from bubblelink.errors import DataError

ReturnKind = Literal["log", "simple"]


def to_returns(prices: pd.DataFrame | pd.Series, kind: ReturnKind = "log") -> pd.DataFrame:
    """Returns between consecutive rows of ``prices``.

    ``log``: ln(p_t / p_{t-1}); ``simple``: p_t / p_{t-1} - 1. The first row is dropped.
    A missing price gives a missing return on its row and the next (nothing is filled
    here: filling is an alignment decision, see :func:`bubblelink.frames.align`).
    Non-positive prices raise :class:`DataError` (use differences for spreads/rates).
    """
    if kind not in ("log", "simple"):
        raise DataError(f"unknown return kind {kind!r}: use 'log' or 'simple'")
    frame = prices.to_frame() if isinstance(prices, pd.Series) else prices
    values = frame.to_numpy(dtype=float)
    if np.any(values[np.isfinite(values)] <= 0):
        bad = [c for c in frame.columns if (frame[c] <= 0).any()]
        raise DataError(
            f"non-positive values in {', '.join(map(str, bad))}: returns need positive prices "
            "(use changes, not returns, for rates and spreads)"
        )
    if kind == "log":
        out = np.log(frame).diff()
    else:
        out = frame / frame.shift(1) - 1.0
    out = out.iloc[1:]
    out.attrs = dict(frame.attrs)
    return out
