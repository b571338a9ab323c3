r"""The history a scenario is estimated on, read through a data source.

The scenarios package reads data only here, and only through a
:class:`~bubblelink.frames.source.DataSource` (the service layer passes the store as
known on ``--asof``). Every optional input (credit spread, dollar, liquidity measure)
that is missing from the store is left out and a note says so; the estimation step then
uses the scenario file's explicit assumption instead.

Series built
------------
daily (NYSE sessions, see :func:`bubblelink.frames.align` ``equity`` mode)
    ``btc``: BTC log return (weekend moves land in Monday's return);
    ``basket``: log return of the daily-rebalanced weighted basket,
    :math:`b_t = \ln(1 + \sum_i w_i (e^{r_{i,t}} - 1))`
    (:func:`bubblelink.analytics.basket.basket_returns`, the one basket definition);
    ``credit``: change of the HY OAS in percentage points (last value carried forward).
    Sessions with any missing price are dropped (counted in the notes).
liquidity (weekly for ``net_liquidity``, monthly for ``m2``)
    ``btc``, ``basket``, ``dollar``: log changes between the sampling dates;
    ``liquidity``: log change of the measure. Net liquidity is the one definition
    (:meth:`bubblelink.service.data.StoreData.net_liquidity`:
    :math:`NL = \mathrm{WALCL}/1000 - \mathrm{WTREGEN}/1000 - \mathrm{RRPONTSYD}` in $bn,
    each input counted from its release date and *missing* once stale), sampled every
    Friday (the weekly H.4.1 release is known by then); weeks where it is missing are
    left out and its level is the last complete value (the notes say from when); prices
    are the last session on or before each Friday. M2SL (monthly, dated the 1st) is
    paired with prices at the last session of its month.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.basket import basket_returns
from bubblelink.dates import parse_utc_date
from bubblelink.errors import DataError
from bubblelink.frames.calendars import align
from bubblelink.frames.returns_frame import synthetic_notice
from bubblelink.frames.source import DataSource
from bubblelink.scenarios._spec import ScenarioSpec

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


def load_history(spec: ScenarioSpec, source: DataSource) -> ScenarioHistory:
    """Read the daily and liquidity frames a scenario is estimated on from ``source``.

    The source's cut-off (``--asof``) restricts to what was known then (vintages) and
    ends the window there unless ``spec.estimation.end`` is earlier.
    """
    sym = spec.symbols
    start: Any = spec.estimation.start
    end: Any = spec.estimation.end
    cutoff = source.last_date()
    if cutoff is not None and (end is None or cutoff < parse_utc_date(end, "estimation.end")):
        end = cutoff
    rf = source.returns([sym.btc, *sym.basket], start=start, end=end, calendar="equity")
    notes = list(rf.notes)
    btc_id, *basket_ids = list(rf.returns.columns)
    if len(basket_ids) != len(sym.basket):
        raise DataError(
            f"the basket {list(sym.basket)} contains BTC or a duplicate after alias "
            "resolution: list different equity symbols in symbols.basket"
        )
    daily = pd.DataFrame(
        {
            "btc": rf.returns[btc_id],
            "basket": basket_returns(rf.returns[basket_ids], basket_ids, list(sym.weights)),
        },
        index=rf.returns.index,
    )
    # a session counts only with BTC and every basket price (the file's weights hold)
    daily.loc[rf.returns[basket_ids].isna().any(axis=1), "basket"] = np.nan
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
            return source.prices(ids, start=window_start, end=window_end)
        except DataError as exc:
            notes.append(f"{', '.join(ids)} not usable ({_reason(exc)})")
            return None

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
        try:
            nl = source.net_liquidity(end=window_end)
        except DataError as exc:
            notes.append(f"net liquidity not usable ({_reason(exc)})")
        else:
            measure, level_bn, level_note = _net_liquidity(nl.value, window_start)
            notes.extend(n for n in nl.notes if "missing after" in n)
            if level_note:
                notes.append(level_note)
            liquidity = _changes(levels, measure) if measure is not None else None
    else:
        frequency = "monthly"
        raw = macro([M2_SERIES])
        if raw is not None:
            m2 = raw[M2_SERIES].dropna()
            month_end = m2.index + pd.offsets.MonthEnd(0)
            liquidity = _changes(levels, pd.Series(np.log(m2.to_numpy()), index=month_end))
    synthetic = {p["series"]: bool(p.get("synthetic")) for p in source.provenance}
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
        provenance=list(source.provenance),
        synthetic=any(synthetic.values()),
    )


def _reason(exc: Exception) -> str:
    """An error message up to its "ingest ..." hint (the reason, for a note)."""
    return re.split(r"[:;] ingest", str(exc), maxsplit=1)[0]


def _net_liquidity(
    daily: pd.Series, start: pd.Timestamp
) -> tuple[pd.Series | None, float | None, str]:
    """Log net liquidity ($bn) every Friday it is known, its last level, and a note."""
    known = daily[daily.index >= start]
    fridays = known.resample("W-FRI").last().dropna()
    if fridays.empty:
        return None, None, "net liquidity missing over the estimation window"
    if (fridays <= 0).any():
        raise DataError(
            "net liquidity (WALCL - WTREGEN - RRPONTSYD) is not positive: "
            "check the units of the stored series ($mn, $mn, $bn)"
        )
    complete = known.dropna()
    last_day = complete.index[-1]
    note = ""
    if known.index[-1] - last_day > pd.Timedelta(days=7):
        note = (
            f"net liquidity level {float(complete.iloc[-1]):,.0f} bn from "
            f"{last_day.date()}, the last day all three inputs were fresh"
        )
    level = pd.Series(np.log(fridays.to_numpy()), index=fridays.index)
    return level, float(complete.iloc[-1]), note


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
