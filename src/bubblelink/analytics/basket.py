r"""The AI basket: one definition of a weighted equity basket, used everywhere.

Default (``rebalanced``): an equal-weight portfolio rebalanced every session. With member
simple returns :math:`R_{i,t}` and weights :math:`w_i` (:math:`\sum w_i = 1`),

.. math::

    R^B_t = \sum_i w_i R_{i,t}, \qquad r^B_t = \ln(1 + R^B_t) \ \text{(log returns)},
    \qquad I_t = I_0 \prod_{s \le t} (1 + R^B_s) \ \text{(index level)}.

Log member returns are converted to simple ones first (:math:`R = e^r - 1`): the mean of
log returns is *not* a portfolio return. A member without a return on a session (not
listed yet, a missing bar) is left out that session and the weights of the others are
renormalised; a session with no member is NaN.

``buy_and_hold`` (index levels only, :func:`basket_index`): the value of weights bought
once at the base date and never rebalanced,
:math:`I_t = I_0 \sum_i w_i P_{i,t} / P_{i,\text{base}}` (the same ratio before the
base date); a member without a price on a date is left out that date and the others'
weights renormalised, as above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from bubblelink.errors import DataError

BasketMethod = Literal["rebalanced", "buy_and_hold"]
ReturnKind = Literal["log", "simple"]
BASKET_METHODS: tuple[str, ...] = ("rebalanced", "buy_and_hold")


def basket_weights(
    members: Sequence[str], weights: Mapping[str, float] | Sequence[float] | None = None
) -> pd.Series:
    """Normalised weights of ``members`` (equal by default).

    Raises
    ------
    DataError
        No member, a negative weight, weights that do not match the members, or a zero sum.
    """
    names = [str(m) for m in members]
    if not names:
        raise DataError("the basket has no members: list at least one symbol")
    if weights is None:
        raw = pd.Series(1.0, index=names)
    elif isinstance(weights, Mapping):
        raw = pd.Series({m: float(weights.get(m, 0.0)) for m in names})
    else:
        values = [float(w) for w in weights]
        if len(values) != len(names):
            raise DataError(f"{len(values)} basket weights for {len(names)} members: give one each")
        raw = pd.Series(values, index=names)
    if (raw < 0).any() or not np.isfinite(raw.to_numpy()).all():
        raise DataError(f"basket weights must be finite and non-negative, got {raw.to_dict()}")
    total = float(raw.sum())
    if total <= 0:
        raise DataError("basket weights sum to zero: give at least one positive weight")
    return raw / total


def basket_returns(
    returns: pd.DataFrame,
    members: Sequence[str] | None = None,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    kind: ReturnKind = "log",
    name: str = "AI_BASKET",
) -> pd.Series:
    """Returns of the daily-rebalanced basket (see the module docstring).

    Parameters
    ----------
    returns : DataFrame
        Member returns by date (one column per member), of ``kind``.
    members : sequence of str, optional
        Members (default: every column).
    weights : mapping or sequence, optional
        Weights (default: equal); normalised to sum to one.
    kind : {"log", "simple"}
        The kind of ``returns`` and of the result.
    name : str
        Name of the result.

    Returns
    -------
    Series
        Basket returns of ``kind`` on ``returns``' index.

    Raises
    ------
    DataError
        An unknown member or invalid weights.
    """
    if kind not in ("log", "simple"):
        raise DataError(f"return kind must be log or simple, got {kind!r}")
    names = [str(m) for m in members] if members is not None else [str(c) for c in returns.columns]
    missing = [m for m in names if m not in returns.columns]
    if missing:
        raise DataError(
            f"unknown basket member {missing[0]!r}: loaded series are "
            f"{', '.join(map(str, returns.columns))}"
        )
    w = basket_weights(names, weights)
    member = returns[names].astype(float)
    simple = np.expm1(member) if kind == "log" else member
    present = simple.notna()
    wsum = present.mul(w, axis=1).sum(axis=1)
    portfolio = simple.fillna(0.0).mul(w, axis=1).sum(axis=1) / wsum.where(wsum > 0)
    out = np.log1p(portfolio) if kind == "log" else portfolio
    return pd.Series(out, index=returns.index, name=name)


def basket_index(
    prices: pd.DataFrame,
    members: Sequence[str] | None = None,
    weights: Mapping[str, float] | Sequence[float] | None = None,
    method: BasketMethod = "rebalanced",
    base: pd.Timestamp | None = None,
    start_value: float = 100.0,
    name: str = "AI_BASKET",
) -> pd.Series:
    """Index level of the basket, ``start_value`` at the base date.

    Parameters
    ----------
    prices : DataFrame
        Member prices (or any positive levels) by date, aligned on one calendar.
    members, weights
        As in :func:`basket_returns`.
    method : {"rebalanced", "buy_and_hold"}
        See the module docstring.
    base : Timestamp, optional
        The date the index equals ``start_value`` (the last date on or before ``base``;
        default: the first date with a price). Dates before it are kept (scaled to it).
    start_value : float
        Index level at the base date.

    Raises
    ------
    DataError
        Unknown method or member, invalid weights, or no price on or before ``base``.
    """
    if method not in BASKET_METHODS:
        raise DataError(f"basket method must be one of {', '.join(BASKET_METHODS)}, got {method!r}")
    names = [str(m) for m in members] if members is not None else [str(c) for c in prices.columns]
    missing = [m for m in names if m not in prices.columns]
    if missing:
        raise DataError(f"unknown basket member {missing[0]!r}")
    levels = prices[names].astype(float).dropna(how="all")
    if levels.empty:
        raise DataError(f"no prices for the basket {', '.join(names)}")
    if base is None:
        base_date = levels.index[0]
    else:
        before = levels.loc[:base]
        if before.empty:
            raise DataError(f"no basket price on or before {pd.Timestamp(base).date()}")
        base_date = before.index[-1]
    w = basket_weights(names, weights)
    if method == "rebalanced":
        simple = levels.pct_change(fill_method=None).iloc[1:]
        growth = 1.0 + basket_returns(simple, names, w.to_dict(), kind="simple", name=name)
        index = pd.concat([pd.Series([1.0], index=levels.index[:1]), growth.fillna(1.0)])
        index = index.cumprod()
    else:
        anchor = levels.loc[:base_date].ffill().iloc[-1]
        if anchor.isna().all():
            raise DataError(f"buy-and-hold basket: no member price at the base date {base_date}")
        relative = levels / anchor
        present = relative.notna()
        wsum = present.mul(w, axis=1).sum(axis=1)
        index = relative.fillna(0.0).mul(w, axis=1).sum(axis=1) / wsum.where(wsum > 0)
    return (start_value * index / float(index.loc[base_date])).rename(name)
