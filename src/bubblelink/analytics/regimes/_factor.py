"""An equally weighted AI-basket return factor, the alternative input of the regime model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from bubblelink.errors import DataError


def basket_factor(
    returns: pd.DataFrame,
    symbols: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
    name: str = "AI basket",
) -> pd.Series:
    """Weighted average of member returns: ``f_t = Σ_i w_i r_{i,t} / Σ_i w_i`` over members
    with a return on ``t`` (weights renormalised when a member is missing that day).

    Parameters
    ----------
    returns
        Member returns by date, one column per symbol.
    symbols
        Members (default all columns).
    weights
        Per-member weights (default equal).

    Raises
    ------
    DataError
        Unknown member or non-positive total weight.
    """
    members = list(symbols) if symbols is not None else [str(c) for c in returns.columns]
    missing = [s for s in members if s not in returns.columns]
    if missing:
        raise DataError(
            f"unknown basket member {missing[0]!r}: loaded series are "
            f"{', '.join(map(str, returns.columns))}"
        )
    w = pd.Series({s: float((weights or {}).get(s, 1.0)) for s in members})
    if not w.sum() > 0:
        raise DataError("basket weights must sum to a positive number")
    data = returns[members]
    present = data.notna().astype(float).mul(w, axis=1)
    total = present.sum(axis=1)
    factor = data.fillna(0.0).mul(w, axis=1).sum(axis=1) / total
    return factor[total > 0].rename(name)
