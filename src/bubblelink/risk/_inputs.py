"""Load the risk-score inputs from the store as known on a date (through frames)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bubblelink.analytics.liquidity import (
    MAX_AGE_DAYS,
    known_on,
    load_series,
    net_liquidity,
    release_aligned,
)
from bubblelink.frames import load_returns
from bubblelink.frames.load import DateLike
from bubblelink.risk._components import RiskInputs
from bubblelink.risk._config import RiskConfig
from bubblelink.store import Store

MACRO_IDS = ("BAMLH0A0HYM2", "WALCL", "WTREGEN", "RRPONTSYD", "DTWEXBGS", "DX-Y.NYB")


def load_risk_inputs(
    config: RiskConfig,
    store: Store | str | Path | None = None,
    as_of: DateLike = None,
    start: DateLike = None,
) -> tuple[RiskInputs, bool, list[str]]:
    """Session closes of BTC, tech and the basket, and macro inputs known on each session.

    Prices: ``frames.load_returns(..., calendar="equity")`` (BTC = its UTC close of the
    same date). Macro: loaded with ``as_of`` and re-dated to their release dates
    (:func:`bubblelink.analytics.liquidity.release_aligned`), so a session only sees
    figures published by then; a series older than its freshness limit is NaN.

    Returns
    -------
    (inputs, synthetic, notes)
    """
    symbols = [config.btc, config.tech, *config.ai_basket]
    rf = load_returns(symbols, store=store, calendar="equity", as_of=as_of, start=start)
    prices = rf.prices
    sessions = prices.index
    notes = list(rf.notes)
    loaded = load_series(MACRO_IDS, store=store, as_of=as_of, start=start)

    def on_sessions(sid: str) -> pd.Series | None:
        series = loaded.get(sid)
        if series is None:
            return None
        lag = None if loaded.kinds[sid] == "macro" else 0
        rel = release_aligned(series, sid, loaded.frequencies[sid], lag_days=lag)
        values, _ = known_on(rel, sessions, MAX_AGE_DAYS.get(loaded.frequencies[sid], 7))
        return values

    hy = on_sessions("BAMLH0A0HYM2")
    if hy is None:
        notes.append("HY OAS (BAMLH0A0HYM2) missing: its components are left out")
    dollar = on_sessions("DTWEXBGS")
    if dollar is None:
        dollar = on_sessions("DX-Y.NYB")
        if dollar is not None:
            notes.append("dollar: DTWEXBGS missing, DXY (DX-Y.NYB) used")
    nl = None
    parts = [loaded.get(s) for s in ("WALCL", "WTREGEN", "RRPONTSYD")]
    if all(p is not None for p in parts):
        nl = net_liquidity(
            *parts,  # type: ignore[arg-type]
            units={
                "walcl": loaded.units["WALCL"],
                "tga": loaded.units["WTREGEN"],
                "rrp": loaded.units["RRPONTSYD"],
            },
            end=sessions[-1],
        ).value
    else:
        notes.append("net liquidity missing (needs WALCL, WTREGEN, RRPONTSYD)")
    inputs = RiskInputs(
        btc=prices[symbols[0]] if symbols[0] in prices else prices.iloc[:, 0],
        tech=prices.iloc[:, 1],
        basket=prices.iloc[:, 2:],
        hy_oas=hy,
        net_liquidity=nl,
        dollar=dollar,
        notes=tuple(notes),
    )
    return inputs, rf.synthetic or loaded.any_synthetic, notes
