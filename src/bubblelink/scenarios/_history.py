r"""The history a scenario is estimated on, loaded through :mod:`bubblelink.frames`.

This is the only I/O of the scenarios package. Every optional input (credit spread,
dollar, liquidity measure) that is missing from the store is left out and a note says
so; the estimation step then uses the scenario file's explicit assumption instead.

Series built
------------
daily (NYSE sessions, see :func:`bubblelink.frames.align` ``equity`` mode)
    ``btc``: BTC log return (weekend moves land in Monday's return);
    ``basket``: log return of the daily-rebalanced weighted basket,
    :math:`b_t = \ln(1 + \sum_i w_i (e^{r_{i,t}} - 1))`;
    ``credit``: change of the HY OAS in percentage points (last value carried forward).
    Sessions with any missing price are dropped (counted in the notes).
liquidity (weekly for ``net_liquidity``, monthly for ``m2``)
    ``btc``, ``basket``, ``dollar``: log changes between the sampling dates;
    ``liquidity``: log change of the measure. Net liquidity is
    :math:`NL = \mathrm{WALCL}/1000 - \mathrm{WTREGEN}/1000 - \mathrm{RRPONTSYD}` in $bn
    (WALCL, WTREGEN in $mn; RRP in $bn, each carried forward to the date), sampled on the
    dates WALCL is observed (Wednesdays); prices are the last session on or before that
    date. M2SL (monthly, dated the 1st) is paired with prices at the last session of its
    month.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.frames import align, load, load_returns, open_store, synthetic_notice
from bubblelink.frames.load import DateLike
from bubblelink.scenarios._spec import ScenarioSpec
from bubblelink.store import Store

NET_LIQUIDITY_SERIES = ("WALCL", "WTREGEN", "RRPONTSYD")
M2_SERIES = "M2SL"
#: History loaded before the estimation start so levels exist to difference and carry.
MACRO_LOOKBACK = pd.Timedelta(days=120)


@dataclasses.dataclass(frozen=True)
class ScenarioHistory:
    """Inputs of the estimation step (pure data; see the module docstring).

    Attributes
    ----------
    daily : DataFrame
        Columns ``btc``, ``basket`` and, when available, ``credit``.
    liquidity : DataFrame or None
        Columns ``btc``, ``basket``, ``liquidity`` and, when available, ``dollar``;
        ``None`` when the measure's data are missing.
    frequency : str
        ``weekly`` or ``monthly`` (the liquidity frame's sampling).
    liquidity_level_bn : float or None
        Last net liquidity level in $bn (``None`` for M2 or when missing).
    notes, provenance, synthetic
        As in :class:`bubblelink.frames.ReturnsFrame`, plus the missing-data notes.
    """

    daily: pd.DataFrame
    liquidity: pd.DataFrame | None
    frequency: str
    liquidity_level_bn: float | None
    notes: list[str]
    provenance: list[dict[str, Any]]
    synthetic: bool


def load_history(
    spec: ScenarioSpec, store: Store | str | Path | None = None, as_of: DateLike = None
) -> ScenarioHistory:
    """Load the daily and liquidity frames a scenario is estimated on.

    ``as_of`` restricts to what was known then (vintages) and ends the window there
    unless ``spec.estimation.end`` is earlier.
    """
    st, owned = open_store(store)
    try:
        return _load(spec, st, as_of)
    finally:
        if owned:
            st.close()


def _load(spec: ScenarioSpec, st: Store, as_of: DateLike) -> ScenarioHistory:
    sym = spec.symbols
    start, end = spec.estimation.start, spec.estimation.end
    if as_of is not None and (end is None or pd.Timestamp(as_of) < pd.Timestamp(end)):
        end = str(pd.Timestamp(as_of).date())
    rf = load_returns(
        [sym.btc, *sym.basket],
        store=st,
        calendar="equity",
        kind="log",
        start=start,
        end=end,
        as_of=as_of,
    )
    notes = list(rf.notes)
    provenance = list(rf.provenance)
    synthetic = {p["series"]: bool(p.get("synthetic")) for p in provenance}
    btc_id, *basket_ids = list(rf.returns.columns)
    if len(basket_ids) != len(sym.basket):
        raise DataError(
            f"the basket {list(sym.basket)} contains BTC or a duplicate after alias "
            "resolution: list different equity symbols in symbols.basket"
        )
    weights = np.asarray(sym.weights)
    simple = np.expm1(rf.returns[basket_ids].to_numpy(dtype=float))
    daily = pd.DataFrame(
        {"btc": rf.returns[btc_id], "basket": np.log1p(simple @ weights)},
        index=rf.returns.index,
    )
    missing = daily.isna().any(axis=1)
    complete = np.flatnonzero(~missing.to_numpy())
    if complete.size:
        inside = missing.iloc[complete[0] : complete[-1] + 1]
        if inside.any():
            notes.append(
                f"dropped {int(inside.sum())} sessions with a missing BTC or basket price "
                "inside the estimation window"
            )
    daily = daily[~missing]
    if daily.empty:
        raise DataError(
            f"no session has prices for both {btc_id} and the basket {basket_ids}: "
            "check the estimation window in the scenario file"
        )
    notes.append(
        f"estimation window {daily.index[0].date()}..{daily.index[-1].date()} "
        f"({len(daily)} sessions with BTC and every basket price)"
    )
    window_start = daily.index[0] - MACRO_LOOKBACK
    window_end = daily.index[-1]

    def macro(ids: list[str]) -> pd.DataFrame | None:
        try:
            frame = load(ids, start=window_start, end=window_end, as_of=as_of, store=st)
        except DataError as exc:
            reason = str(exc).split(":")[0]
            notes.append(f"{', '.join(ids)} not usable ({reason})")
            return None
        provenance.extend(frame.attrs.get("provenance", []))
        synthetic.update(frame.attrs.get("synthetic", {}))
        return frame

    if sym.credit_spread is not None:
        oas = macro([sym.credit_spread])
        if oas is not None:
            on_sessions = align(oas, calendar="equity").data.iloc[:, 0]
            daily["credit"] = on_sessions.diff().reindex(daily.index)
            if daily["credit"].isna().all():
                notes.append(f"{sym.credit_spread} has no values in the estimation window")
                daily = daily.drop(columns="credit")
    dollar_log: pd.Series | None = None
    if sym.dollar is not None:
        dxy = macro([sym.dollar])
        if dxy is not None:
            dollar_log = np.log(align(dxy, calendar="equity").data.iloc[:, 0])

    levels = pd.DataFrame(
        {"btc": daily["btc"].cumsum(), "basket": daily["basket"].cumsum()}, index=daily.index
    )
    if dollar_log is not None:
        on_sessions = dollar_log.reindex(levels.index)
        if on_sessions.notna().mean() >= 0.5:
            levels["dollar"] = on_sessions
        else:
            notes.append(f"{sym.dollar} covers under half of the estimation window; not used")
    liquidity: pd.DataFrame | None = None
    level_bn: float | None = None
    if spec.liquidity.measure == "net_liquidity":
        frequency = "weekly"
        raw = macro(list(NET_LIQUIDITY_SERIES))
        if raw is not None:
            notes.extend(_stale(raw))
            measure, level_bn = _net_liquidity(raw)
            liquidity = _changes(levels, measure)
    else:
        frequency = "monthly"
        raw = macro([M2_SERIES])
        if raw is not None:
            m2 = raw[M2_SERIES].dropna()
            month_end = m2.index + pd.offsets.MonthEnd(0)
            liquidity = _changes(levels, pd.Series(np.log(m2.to_numpy()), index=month_end))
    notice = synthetic_notice(synthetic)
    if notice and notice not in notes:
        notes = [n for n in notes if not n.startswith("SYNTHETIC")]
        notes.insert(0, notice)
    return ScenarioHistory(
        daily=daily,
        liquidity=liquidity,
        frequency=frequency,
        liquidity_level_bn=level_bn,
        notes=notes,
        provenance=provenance,
        synthetic=any(synthetic.values()),
    )


def _net_liquidity(raw: pd.DataFrame) -> tuple[pd.Series, float]:
    """Log net liquidity ($bn) on the WALCL observation dates, and its last level."""
    carried = raw.ffill()
    level = carried["WALCL"] / 1000.0 - carried["WTREGEN"] / 1000.0 - carried["RRPONTSYD"]
    level = level[raw["WALCL"].notna()].dropna()
    if level.empty or (level <= 0).any():
        raise DataError(
            "net liquidity (WALCL - WTREGEN - RRPONTSYD) is empty or not positive: "
            "check the units of the stored series ($mn, $mn, $bn)"
        )
    return pd.Series(np.log(level.to_numpy()), index=level.index), float(level.iloc[-1])


def _stale(raw: pd.DataFrame, tolerance: pd.Timedelta = pd.Timedelta(days=30)) -> list[str]:
    """Notes for components of net liquidity that stop well before the others."""
    last = {c: raw[c].last_valid_index() for c in raw.columns}
    latest = max(v for v in last.values() if v is not None)
    return [
        f"{c} last observed {v.date()}, carried forward to {latest.date()} in net liquidity"
        for c, v in last.items()
        if v is not None and latest - v > tolerance
    ]


def _changes(levels: pd.DataFrame, log_measure: pd.Series) -> pd.DataFrame | None:
    """Log changes of prices (last session on or before each date) and of the measure."""
    dates = log_measure.index[
        (log_measure.index >= levels.index[0]) & (log_measure.index <= levels.index[-1])
    ]
    if len(dates) < 3:
        return None
    sampled = levels.reindex(levels.index.union(dates)).ffill().loc[dates]
    sampled["liquidity"] = log_measure.loc[dates].to_numpy()
    return sampled.diff().iloc[1:].dropna(axis=0, how="any")
