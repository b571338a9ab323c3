"""Credit-spread widening episodes (HY/IG OAS) and BTC during and after them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bubblelink.analytics._checks import check_min_obs
from bubblelink.errors import DataError
from bubblelink.results import ResultBase


@dataclass(frozen=True, eq=False)
class WideningEpisodes(ResultBase):
    """Widening episodes of a spread series, with BTC's log returns around them.

    ``table`` index ``episode`` (1, 2, ...); columns ``start`` (the trough the widening
    started from), ``trigger`` (first session the rise reached the threshold: the first
    day the episode was *knowable*), ``peak``, ``end`` (first session the spread had
    given back ``retrace`` of the widening; NaT = still open), ``start_level``,
    ``peak_level``, ``size_bp``, ``btc_during`` (log return start → peak), and
    ``btc_after_<h>`` (log return from the peak over the next *h* sessions; NaN when the
    data end first) and ``btc_from_trigger_<h>``.
    """

    series: str
    threshold_bp: float
    window: int
    retrace: float
    horizons: tuple[int, ...]
    table: pd.DataFrame
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The episode table."""
        return self.table


def spread_changes(spread: pd.Series, windows: Sequence[int] = (1, 5, 20)) -> pd.DataFrame:
    """Level and changes over ``windows`` sessions, in basis points (input in percent)."""
    clean = spread.dropna()
    frame = pd.DataFrame({"level_pct": clean})
    for w in windows:
        frame[f"change_{w}d_bp"] = clean.diff(w) * 100.0
    frame.index = frame.index.rename("date")
    return frame


def widening_episodes(
    spread: pd.Series,
    btc: pd.Series | None = None,
    threshold_bp: float = 100.0,
    window: int = 20,
    retrace: float = 0.5,
    horizons: Sequence[int] = (20, 60),
) -> WideningEpisodes:
    r"""Detect spread widenings of at least ``threshold_bp`` within ``window`` sessions.

    On session :math:`t` (spread :math:`s_t` in percent) the rise is
    :math:`\Delta_t = s_t - \min_{t-w \le u \le t} s_u`. An episode **triggers** on the
    first :math:`t` with :math:`100\,\Delta_t \ge` ``threshold_bp``; it **starts** at
    the trough :math:`u^*` of that window (its last session at the low). From the trigger on the running maximum is
    the **peak**; the episode **ends** on the first session where the spread is back
    below ``peak - retrace * (peak - trough)``. The next episode can trigger only after
    the end. ``size_bp = 100 (s_peak - s_trough)``.

    BTC (its close on each spread date; 24/7 BTC is read on the spread's sessions):
    ``btc_during`` = :math:`\log(P_{peak}/P_{start})`; ``btc_after_h`` =
    :math:`\log(P_{peak+h}/P_{peak})` and ``btc_from_trigger_h`` =
    :math:`\log(P_{trigger+h}/P_{trigger})`, with :math:`h` counted in spread sessions.
    The trigger date is the first date a real-time observer could know of the episode;
    the peak is only known afterwards.

    Edge cases: NaN spreads (holidays) are dropped. An episode still open at the end of
    the data has ``end = NaT`` and its peak is provisional. Horizons that run past the
    data give NaN.
    """
    if threshold_bp <= 0 or window < 1 or not 0 < retrace <= 1:
        raise DataError(
            f"need threshold_bp > 0, window >= 1 and 0 < retrace <= 1; got "
            f"{threshold_bp}, {window}, {retrace}"
        )
    s = spread.dropna().astype(float).sort_index()
    name = str(spread.name) if spread.name is not None else "spread"
    check_min_obs(len(s), window + 1, name, "episode detection")
    values = s.to_numpy()
    dates = s.index
    price = None
    if btc is not None:
        price = btc.dropna().sort_index().reindex(dates, method="ffill").to_numpy(dtype=float)
    rows = []
    t = window
    n = len(values)
    while t < n:
        lo = t - window
        segment = values[lo : t + 1]
        trough_pos = lo + len(segment) - 1 - int(np.argmin(segment[::-1]))  # last low
        if (values[t] - values[trough_pos]) * 100.0 < threshold_bp:
            t += 1
            continue
        trigger = t
        peak = t
        end = None
        u = t + 1
        while u < n:
            if values[u] > values[peak]:
                peak = u
            elif values[u] < values[peak] - retrace * (values[peak] - values[trough_pos]):
                end = u
                break
            u += 1
        row = {
            "start": dates[trough_pos],
            "trigger": dates[trigger],
            "peak": dates[peak],
            "end": dates[end] if end is not None else pd.NaT,
            "start_level": values[trough_pos],
            "peak_level": values[peak],
            "size_bp": (values[peak] - values[trough_pos]) * 100.0,
        }
        if price is not None:
            row["btc_during"] = _log_return(price, trough_pos, peak)
            for h in horizons:
                row[f"btc_after_{h}"] = _log_return(price, peak, peak + h)
            for h in horizons:
                row[f"btc_from_trigger_{h}"] = _log_return(price, trigger, trigger + h)
        rows.append(row)
        if end is None:
            break
        t = end + 1
    table = pd.DataFrame(rows)
    if table.empty:
        table = pd.DataFrame(
            columns=["start", "trigger", "peak", "end", "start_level", "peak_level", "size_bp"]
        )
    table.index = pd.RangeIndex(1, len(table) + 1, name="episode")
    notes = [
        f"episode: {name} up >= {threshold_bp:g} bp from its {window}-session low; ends when "
        f"{retrace:.0%} of the widening is given back",
    ]
    if btc is not None:
        notes.append("BTC: log returns on spread sessions; during = trough to peak")
    return WideningEpisodes(
        series=name,
        threshold_bp=threshold_bp,
        window=window,
        retrace=retrace,
        horizons=tuple(horizons),
        table=table,
        notes=tuple(notes),
    )


def _log_return(price: np.ndarray, i: int, j: int) -> float:
    if j >= len(price) or i < 0:
        return float("nan")
    a, b = price[i], price[j]
    if not (np.isfinite(a) and np.isfinite(b)) or a <= 0 or b <= 0:
        return float("nan")
    return float(np.log(b / a))
