"""The data an analysis needs, loaded through :mod:`bubblelink.frames`.

Adds one pseudo-symbol, ``AI_BASKET`` (alias ``AI``): the equally weighted log-return
factor of the AI equities the store holds (:func:`bubblelink.analytics.regimes.basket_factor`
over :data:`AI_BASKET_MEMBERS`). Everything else is exactly ``load_returns``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Literal

import pandas as pd

from bubblelink.analytics.regimes import basket_factor
from bubblelink.errors import DataError
from bubblelink.frames import ReturnsFrame, load_returns
from bubblelink.store import Store
from bubblelink.symbols import AI_BASKET as AI_MEMBERS
from bubblelink.symbols import canonical

#: Name of the AI-basket pseudo-symbol and what users may type for it.
AI_BASKET = "AI_BASKET"
AI_BASKET_ALIASES = frozenset({"AI", "AI_BASKET", "AI-BASKET", "AIBASKET"})
#: Members of the AI basket (those present in the store are used, equally weighted).
AI_BASKET_MEMBERS: tuple[str, ...] = AI_MEMBERS

DateLike = str | dt.date | pd.Timestamp | None
Calendar = Literal["equity", "all-days"]


class UnknownSymbolError(DataError):
    """A symbol the store does not hold (the API answers 404 with this message)."""


def resolve(symbol: str) -> str:
    """Canonical id of ``symbol``; the AI-basket aliases map to :data:`AI_BASKET`."""
    text = symbol.strip()
    return AI_BASKET if text.upper() in AI_BASKET_ALIASES else canonical(text)


def check_symbols(store: Store, symbols: Sequence[str]) -> list[str]:
    """Canonical ids of ``symbols``.

    Raises
    ------
    UnknownSymbolError
        For a symbol the store does not hold (the store's message, naming what it holds).
    """
    out = []
    for symbol in symbols:
        sid = resolve(symbol)
        if sid == AI_BASKET:
            _basket_members(store)
        else:
            try:
                store.meta(sid)
            except DataError as exc:
                raise UnknownSymbolError(str(exc)) from exc
        out.append(sid)
    return list(dict.fromkeys(out))


def _basket_members(store: Store) -> list[str]:
    stored = set(store.series_ids())
    members = [m for m in AI_BASKET_MEMBERS if m in stored]
    if not members:
        raise DataError(
            f"the AI basket needs at least one of {', '.join(AI_BASKET_MEMBERS)} in the store: "
            "ingest them first, e.g. `bubblelink ingest yahoo NVDA AMD ORCL`"
        )
    return members


def load_inputs(
    store: Store,
    symbols: Sequence[str],
    calendar: Calendar = "equity",
    start: DateLike = None,
    end: DateLike = None,
    as_of: DateLike = None,
) -> ReturnsFrame:
    """Aligned log returns of ``symbols`` (the AI basket computed from its members).

    Parameters
    ----------
    store : Store
        An open store.
    symbols : sequence of str
        Symbols, aliases or ``AI_BASKET``; the result's columns are their canonical ids in
        the order given.
    calendar, start, end, as_of
        As in :func:`bubblelink.frames.load_returns`.
    """
    ids = check_symbols(store, symbols)
    members = _basket_members(store) if AI_BASKET in ids else []
    loaded = list(dict.fromkeys([*(s for s in ids if s != AI_BASKET), *members]))
    rf = load_returns(
        loaded, store=store, calendar=calendar, kind="log", start=start, end=end, as_of=as_of
    )
    if not members:
        return rf
    returns = rf.returns.copy()
    returns[AI_BASKET] = basket_factor(returns, members, name=AI_BASKET)
    note = f"{AI_BASKET}: equally weighted log returns of {', '.join(members)}"
    return dataclasses.replace(rf, returns=returns[ids], notes=[*rf.notes, note])
