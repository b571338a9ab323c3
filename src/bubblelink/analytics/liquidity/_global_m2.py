r"""Global M2 in USD: broad money of seven economies at month-average FX, as released.

The one definition of global M2 (the liquidity snapshot, BTC vs liquidity, the risk
score, claim 7, ``bubblelink liquidity --global`` and the report all use it).

Components
----------
===========  ===============================  =========  ===================  =========
component    money series (unit as stored)    FX series  FX quote             currency
===========  ===============================  =========  ===================  =========
us           M2SL (billions USD)              —          —                    USD
china        CN_M2 (100 millions CNY);        DEXCHUS    CNY per USD          CNY
             MYAGM2CNM189N (CNY) before
             CN_M2's first month
euro_area    EA_M2 (millions EUR)             DEXUSEU    USD per EUR          EUR
japan        JP_M2 (100 millions JPY,         DEXJPUS    JPY per USD          JPY
             monthly average)
uk           GB_M4 (millions GBP,             DEXUSUK    USD per GBP          GBP
             month-end dates)
canada       CA_M2PP (millions CAD, M2++)     FXUSDCAD   CAD per USD          CAD
switzerland  CH_M2 (millions CHF)             DEXSZUS    CHF per USD          CHF
===========  ===============================  =========  ===================  =========

Rules
-----
* **Month.** Every money observation belongs to the calendar month of its date (the
  Bank of England's month-end dates and the others' month-start labels alike).
  Japan's M2 is a monthly average, the others are end-of-month stocks: they are added
  as published (the difference is a fraction of one month's growth).
* **FX.** Month *m* is converted at the **month-average rate**: the arithmetic mean
  of the daily rates dated in calendar month *m* *as quoted by the publisher* (then
  inverted when quoted as local per USD, as the Fed's G.5 monthly averages are). A
  month's average exists only when the daily series reaches the month's last week
  (an observation dated on or after the month's last day minus 4 days) and counts
  from ``max(last calendar day + FX publication lag, first release of every daily
  rate of the month)`` — the month must be complete and published. FX rates are
  not revised in practice; each day's first-released value is used.
* **Money as released.** A month's money value counts from its release: the stored
  vintage (real vintages when the provider gave them), never before observation date
  + publication lag (:mod:`bubblelink.providers.world_catalog`,
  :mod:`bubblelink.providers.fred_catalog`); a revision counts from when it was known
  (:func:`bubblelink.analytics.liquidity._release.known_from`).
* **Available.** Component *c* is available for month *m* as of *t* when its money
  value for *m* and its FX month average for *m* are both known by *t* (US: money
  only). It is *current* as of *t* when its latest available month is at most
  :data:`MAX_MONTHS_BEHIND` months before *t*'s month (else *stale*: a series that
  stopped is never carried forward).
* **Total.** As of *t*, the set used :math:`S_t` = current components; the reported
  month :math:`M_t` = the latest month available for every component of
  :math:`S_t`, and

  .. math:: G_t = \sum_{c \in S_t} k_c\, M_{c, M_t}\, X_{c, M_t}

  in **billions of USD** (:math:`k_c` the unit factor to billions from the stored
  unit, :math:`X` USD per local unit). Missing pieces are listed by name
  (``"FX DEXUSUK missing"``, ``"money CH_M2 missing"``), never guessed or zero.
* **Coverage.** Let :math:`F_t` be the latest month for which *all seven* components
  are available as of *t*. Coverage is the share of that month's full total that the
  components of :math:`S_t` represent,
  :math:`\sum_{c\in S_t} U_{c,F_t} / \sum_{c} U_{c,F_t}` (``U`` in USD). When no
  month has all seven (e.g. the GBP and CHF rates are not stored), coverage **cannot
  be measured**: it is None and ``coverage_note`` says which pieces are missing.
  Consumers that need global M2 require coverage ≥ :data:`GLOBAL_M2_MIN_COVERAGE`.

References: the "global M2" charts of CrossBorder Capital and others sum the largest
central banks' broad money in USD; this follows the same construction with each
publisher's own series and explicit release dates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.liquidity._inputs import LoadedSeries
from bubblelink.analytics.liquidity._release import VintageRows, known_from
from bubblelink.analytics.liquidity._units import billions_factor
from bubblelink.errors import DataError
from bubblelink.results import ResultBase

#: Coverage a consumer needs before it calls the sum "global M2" (BTC vs liquidity,
#: the risk component, claim 7). Below it (or unmeasurable) they fall back or switch off.
GLOBAL_M2_MIN_COVERAGE = 0.90
#: A component whose latest available month is more than this many months before the
#: as-of month is stale (left out of the sum, reported).
MAX_MONTHS_BEHIND = 4
#: A month's FX average needs an observation dated on or after its last day minus this.
FX_MONTH_END_SLACK_DAYS = 4
UNIT = "billions USD"


@dataclass(frozen=True)
class M2Component:
    """One economy's broad money and the FX rate that turns it into USD.

    Attributes
    ----------
    name : str
    money_series : str
        Store id of the money stock (national currency).
    fx_series : str or None
        Store id of the exchange rate (None for the US).
    fx_quote : str
        ``"usd"`` (no FX), ``"usd_per_local"`` (DEXUSEU, DEXUSUK) or ``"local_per_usd"``
        (DEXJPUS, DEXCHUS, FXUSDCAD, DEXSZUS).
    currency : str
    history_series : str or None
        Older series used for months before the money series' first month (China:
        FRED/IMF ``MYAGM2CNM189N`` before the PBoC series starts in 2015).
    note : str
    """

    name: str
    money_series: str
    fx_series: str | None
    fx_quote: str
    currency: str
    history_series: str | None = None
    note: str = ""


#: The documented components (see the module docstring's table).
GLOBAL_M2_COMPONENTS: tuple[M2Component, ...] = (
    M2Component("us", "M2SL", None, "usd", "USD", note="Fed H.6 M2, SA"),
    M2Component(
        "china",
        "CN_M2",
        "DEXCHUS",
        "local_per_usd",
        "CNY",
        history_series="MYAGM2CNM189N",
        note="PBoC M2 end of month; IMF IFS (FRED) before 2015",
    ),
    M2Component("euro_area", "EA_M2", "DEXUSEU", "usd_per_local", "EUR", note="ECB M2, SA"),
    M2Component(
        "japan", "JP_M2", "DEXJPUS", "local_per_usd", "JPY", note="BoJ M2, monthly average"
    ),
    M2Component("uk", "GB_M4", "DEXUSUK", "usd_per_local", "GBP", note="BoE M4, NSA"),
    M2Component("canada", "CA_M2PP", "FXUSDCAD", "local_per_usd", "CAD", note="BoC M2++, SA"),
    M2Component("switzerland", "CH_M2", "DEXSZUS", "local_per_usd", "CHF", note="SNB M2, NSA"),
)

#: Every series global M2 may read (money, history extension, FX).
GLOBAL_M2_SERIES: tuple[str, ...] = tuple(
    dict.fromkeys(
        s
        for c in GLOBAL_M2_COMPONENTS
        for s in (c.money_series, c.history_series, c.fx_series)
        if s is not None
    )
)

COMPONENT_COLUMNS = [
    "money_series",
    "fx_series",
    "month",
    "local_value",
    "unit",
    "fx_month_average",
    "fx_quote",
    "usd_per_local",
    "usd_value",
    "released",
    "fx_complete",
    "latest_month",
    "status",
    "reason",
]


@dataclass(frozen=True, eq=False)
class _Money:
    """One component's money rows: month ordinal, value (billions local), known from."""

    month: np.ndarray  # int (period ordinal)
    value: np.ndarray
    known: np.ndarray  # int64 ns, sorted ascending
    unit: str


@dataclass(frozen=True, eq=False)
class _Fx:
    """One FX series' month averages (as quoted) and when each became complete."""

    average: pd.Series  # index: month ordinal
    available: pd.Series  # same index: int64 ns


@dataclass(frozen=True, eq=False)
class GlobalM2Result(ResultBase):
    """Global M2 in billions of USD as known on ``as_of`` (see the module docstring).

    Attributes
    ----------
    as_of : Timestamp
    month : str or None
        The month the total describes (``"2025-09"``); None when nothing is available.
    total : float
        Sum of the used components' USD values for ``month`` (billions USD; NaN if none).
    components : DataFrame
        One row per documented component (index ``component``): money and FX series,
        ``month``, ``local_value`` (billions of local currency), ``unit`` (as stored),
        ``fx_month_average`` (as quoted), ``usd_per_local``, ``usd_value`` (billions
        USD), ``released`` (day the money value became known), ``fx_complete`` (day the
        month's FX average became complete and published), ``latest_month`` (latest
        available month), ``status`` (``used``, ``missing``, ``stale``) and ``reason``.
    components_used, fx_used : tuple of str
    missing : tuple of str
        Each missing piece by name (``"FX DEXUSUK missing"``).
    coverage : float or None
        Share of the latest full-coverage month's total the used components represent;
        None when it cannot be measured (``coverage_note`` says why).
    coverage_month : str or None
    coverage_note : str
    monthly : DataFrame
        Month by month as known on ``as_of``: the used components' USD values and
        ``total`` (months where every used component is available).
    """

    as_of: pd.Timestamp
    month: str | None
    total: float
    components: pd.DataFrame
    components_used: tuple[str, ...]
    fx_used: tuple[str, ...]
    missing: tuple[str, ...]
    coverage: float | None
    coverage_month: str | None
    coverage_note: str
    monthly: pd.DataFrame
    min_coverage: float = GLOBAL_M2_MIN_COVERAGE
    unit: str = UNIT
    fx_rule: str = "month average of daily rates (calendar month, as quoted, then inverted)"
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        """True when every documented component is in the total."""
        return len(self.components_used) == len(self.components)

    @property
    def sufficient(self) -> bool:
        """Coverage measured and at least ``min_coverage``."""
        return self.coverage is not None and self.coverage >= self.min_coverage

    @property
    def label(self) -> str:
        """``"global M2"`` or ``"partial global M2 (us, china, ... only)"``."""
        if self.complete:
            return "global M2"
        return f"partial global M2 ({', '.join(self.components_used)} only)"

    def to_frame(self) -> pd.DataFrame:
        """The components table plus a ``total`` row (``to_dict`` has every column)."""
        total = pd.DataFrame(
            {
                "month": [self.month],
                "usd_value": [self.total],
                "status": ["total"],
                "reason": [
                    f"{len(self.components_used)} of {len(self.components)} components; "
                    + (
                        f"coverage {self.coverage:.1%} of {self.coverage_month}"
                        if self.coverage is not None
                        else "coverage cannot be measured"
                    )
                ],
            },
            index=pd.Index(["total"], name="component"),
        )
        shown = [c for c in COMPONENT_COLUMNS if c not in ("usd_per_local", "latest_month")]
        return pd.concat([self.components, total]).reindex(columns=shown)

    def to_dict(self) -> dict[str, Any]:
        """Every field (``monthly`` as records with ``month``), plus ``label``, ``sufficient``."""
        out = super().to_dict()
        out["label"] = self.label
        out["sufficient"] = self.sufficient
        return out


class GlobalM2Data:
    """Prepared inputs of global M2: evaluate it as known on any date (pure).

    Parameters
    ----------
    money : mapping
        Money observations by store id (observation dates, tz-aware UTC index); a series
        loaded by :meth:`bubblelink.service.data.StoreData.macro` carries its vintages.
    units : mapping
        Stored unit by money series id.
    fx : mapping
        Daily FX observations by store id.
    lags : mapping
        Publication lag in days by series id (money, history and FX).
    missing_reasons : mapping, optional
        Why a series is absent (``"not in the store"``), by id, for the messages.
    components : tuple of M2Component

    Raises
    ------
    DataError
        A present series has no publication lag, or a unit that is not a currency amount.
    """

    def __init__(
        self,
        money: Mapping[str, pd.Series],
        units: Mapping[str, str],
        fx: Mapping[str, pd.Series],
        lags: Mapping[str, int],
        missing_reasons: Mapping[str, str] | None = None,
        components: tuple[M2Component, ...] = GLOBAL_M2_COMPONENTS,
    ) -> None:
        self.components = components
        self.reasons = dict(missing_reasons or {})
        self._money: dict[str, _Money] = {}
        self._fx: dict[str, _Fx] = {}
        self.absent: dict[str, str] = {}
        for comp in components:
            main = money.get(comp.money_series)
            hist = money.get(comp.history_series) if comp.history_series else None
            if main is None or main.dropna().empty:
                if hist is None or hist.dropna().empty:
                    why = self.reasons.get(comp.money_series, "not in the store")
                    self.absent[comp.name] = f"money {comp.money_series} missing ({why})"
                else:
                    self._money[comp.name] = _money_rows(
                        hist, units, lags, comp.history_series or ""
                    )
            else:
                rows = _money_rows(main, units, lags, comp.money_series)
                if hist is not None and not hist.dropna().empty and comp.history_series:
                    older = _money_rows(hist, units, lags, comp.history_series)
                    rows = _splice(older, rows)
                self._money[comp.name] = rows
            if comp.fx_series is not None:
                series = fx.get(comp.fx_series)
                if series is None or series.dropna().empty:
                    why = self.reasons.get(comp.fx_series, "not in the store")
                    self.absent.setdefault(comp.name, f"FX {comp.fx_series} missing ({why})")
                elif comp.fx_series not in self._fx:
                    self._fx[comp.fx_series] = _fx_months(series, _lag(lags, comp.fx_series))
        if "us" not in self._money and all(c.name not in self._money for c in components):
            raise DataError(
                "no broad-money series in the store (need at least M2SL): ingest it, e.g. "
                "`bubblelink ingest fred M2SL`"
            )

    # -- per component, as of t ---------------------------------------------------------
    def _usd_months(self, comp: M2Component, t_ns: int) -> pd.DataFrame:
        """Months available for ``comp`` as of ``t``: local value, FX, USD, dates."""
        money = self._money.get(comp.name)
        if money is None or comp.name in self.absent:
            return _EMPTY.copy()
        upto = int(np.searchsorted(money.known, t_ns, side="right"))
        if upto == 0:
            return _EMPTY.copy()
        rows = pd.DataFrame(
            {
                "month": money.month[:upto],
                "local_value": money.value[:upto],
                "released": money.known[:upto],
            }
        )
        # latest vintage of each month known by t (rows sorted by known: last wins);
        # a month's release day is its first release
        first = rows.groupby("month")["released"].min()
        rows = rows.groupby("month").last()
        rows["released"] = first
        if comp.fx_series is None:
            rows["fx_month_average"] = np.nan
            rows["usd_per_local"] = 1.0
            rows["fx_complete"] = np.nan
        else:
            fx = self._fx[comp.fx_series]
            ok = fx.available <= t_ns
            avg = fx.average[ok]
            rows = rows.loc[rows.index.isin(avg.index)]
            rows["fx_month_average"] = avg.reindex(rows.index).to_numpy()
            rows["usd_per_local"] = (
                rows["fx_month_average"]
                if comp.fx_quote == "usd_per_local"
                else 1.0 / rows["fx_month_average"]
            )
            rows["fx_complete"] = fx.available.reindex(rows.index).to_numpy(dtype=float)
        rows["usd_value"] = rows["local_value"] * rows["usd_per_local"]
        return rows

    def at(self, as_of: Any) -> GlobalM2Result:
        """Global M2 as known on ``as_of`` (see the module docstring).

        Raises
        ------
        DataError
            Nothing at all is available by ``as_of`` (no money released yet).
        """
        t = _day(as_of)
        t_ns = int(t.value)
        as_of_month = t.tz_localize(None).to_period("M").ordinal
        tables: dict[str, pd.DataFrame] = {}
        rows: dict[str, dict[str, Any]] = {}
        for comp in self.components:
            table = self._usd_months(comp, t_ns)
            tables[comp.name] = table
            row: dict[str, Any] = {
                "money_series": comp.money_series,
                "fx_series": comp.fx_series or "",
                "fx_quote": comp.fx_quote,
                "unit": f"billions {comp.currency}",
            }
            if comp.name in self.absent:
                row.update(status="missing", reason=self.absent[comp.name])
            elif table.empty:
                row.update(status="missing", reason=self._why_nothing(comp, t_ns, t))
            else:
                latest = int(table.index.max())
                row["latest_month"] = _month_text(latest)
                behind = as_of_month - latest
                if behind > MAX_MONTHS_BEHIND:
                    row.update(
                        status="stale",
                        reason=f"latest available month {_month_text(latest)} is {behind} "
                        f"months before {t.date()} (limit {MAX_MONTHS_BEHIND})",
                    )
                else:
                    row.update(status="used", reason="")
            rows[comp.name] = row
        used = [c.name for c in self.components if rows[c.name]["status"] == "used"]
        common = _common_months([tables[n] for n in used])
        month = int(common[-1]) if len(common) else None
        if month is None:
            raise DataError(
                f"no broad-money figure released by {t.date()}: global M2 starts later "
                "(or ingest M2SL and the central-bank series)"
            )
        for name in used:
            rec = tables[name].loc[month]
            rows[name].update(
                month=_month_text(month),
                local_value=float(rec["local_value"]),
                fx_month_average=_float(rec["fx_month_average"]),
                usd_per_local=float(rec["usd_per_local"]),
                usd_value=float(rec["usd_value"]),
                released=_date_text(rec["released"]),
                fx_complete=_date_text(rec["fx_complete"]),
            )
        total = float(sum(rows[n]["usd_value"] for n in used))
        components = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=COMPONENT_COLUMNS)
        components.index.name = "component"
        missing = tuple(
            str(rows[c.name]["reason"]).split(" (")[0]
            if rows[c.name]["status"] == "missing"
            else f"{c.name} stale"
            for c in self.components
            if rows[c.name]["status"] != "used"
        )
        everyone = _common_months(list(tables.values()))
        coverage: float | None = None
        coverage_month: str | None = None
        if len(everyone):
            full = int(everyone[-1])
            full_total = float(sum(tables[n].loc[full, "usd_value"] for n in tables))
            coverage = float(sum(tables[n].loc[full, "usd_value"] for n in used)) / full_total
            coverage_month = _month_text(full)
            coverage_note = (
                f"used components = {coverage:.1%} of the {coverage_month} total of all "
                f"{len(self.components)} components ({full_total:,.0f} {UNIT})"
            )
        else:
            coverage_note = (
                f"coverage cannot be measured: no month has all {len(self.components)} "
                f"components as of {t.date()} ({'; '.join(missing) or 'none missing'})"
            )
        monthly = pd.DataFrame({n: tables[n]["usd_value"] for n in used}).dropna()
        monthly["total"] = monthly.sum(axis=1)
        monthly.index = pd.Index([_month_text(int(m)) for m in monthly.index], name="month")
        notes = [
            f"global M2 for {_month_text(month)}: {len(used)} of {len(self.components)} "
            f"components ({', '.join(used)}), {total:,.0f} {UNIT}",
            "FX: month-average rate (mean of the calendar month's daily rates as quoted, "
            "counted once the month is complete and published)",
        ]
        notes += [f"global M2: {m}" for m in missing]
        notes.append(coverage_note)
        return GlobalM2Result(
            as_of=t,
            month=_month_text(month),
            total=total,
            components=components,
            components_used=tuple(used),
            fx_used=tuple(c.fx_series for c in self.components if c.name in used and c.fx_series),
            missing=missing,
            coverage=coverage,
            coverage_month=coverage_month,
            coverage_note=coverage_note,
            monthly=monthly,
            notes=tuple(notes),
        )

    def history(self, dates: pd.DatetimeIndex, components: Sequence[str]) -> pd.Series:
        """Global M2 over a fixed set of components as known on each date (billions USD).

        On each date *t*: the sum over ``components`` of their USD values for the latest
        month available for all of them as of *t* (values as known on *t*); NaN when one
        of them has nothing available, or its latest month is more than
        :data:`MAX_MONTHS_BEHIND` months before *t*'s month. A fixed set keeps the growth
        rates free of composition jumps. Adding data known after *t* never changes the
        value on *t*.
        """
        chosen = [c for c in self.components if c.name in set(components)]
        if not chosen or any(c.name in self.absent or c.name not in self._money for c in chosen):
            raise DataError(f"global M2 history needs {', '.join(components)}: some are missing")
        days = pd.DatetimeIndex(dates)
        out = np.full(len(days), np.nan)
        prepared = [(c, self._money[c.name], self._fx.get(c.fx_series or "")) for c in chosen]
        for i, day in enumerate(days):
            t = _day(day)
            t_ns = int(t.value)
            latest: list[int] = []
            for _comp, money, fx in prepared:
                upto = int(np.searchsorted(money.known, t_ns, side="right"))
                if upto == 0:
                    break
                top = int(money.month[:upto].max())
                if fx is not None:
                    ok = fx.available.to_numpy() <= t_ns
                    if not ok.any():
                        break
                    top = min(top, int(fx.average.index.to_numpy()[ok].max()))
                latest.append(top)
            if len(latest) < len(prepared):
                continue
            month = min(latest)
            if t.tz_localize(None).to_period("M").ordinal - month > MAX_MONTHS_BEHIND:
                continue
            total = 0.0
            for comp, money, fx in prepared:
                value = _value_known(money, month, t_ns)
                if fx is not None:
                    if month not in fx.average.index or int(fx.available.loc[month]) > t_ns:
                        value = np.nan
                    else:
                        rate = float(fx.average.loc[month])
                        value *= rate if comp.fx_quote == "usd_per_local" else 1.0 / rate
                total += value
            out[i] = total
        return pd.Series(out, index=days, name="global_m2_usd")

    def latest_complete_day(self) -> pd.Timestamp | None:
        """The day the latest month common to every stored component became fully known.

        The latest month for which every component with data (money and FX stored) has
        both its money value and its FX month average, and the day the last of those
        was released (the default as-of of ``liquidity --global``: on that day each of
        them is current). None when the stored components share no month.
        """
        far = int(pd.Timestamp("2262-01-01").value)
        present = [c for c in self.components if c.name not in self.absent]
        tables = [self._usd_months(c, far) for c in present]
        common = _common_months(tables)
        if not len(common):
            return None
        month = int(common[-1])
        days = []
        for table in tables:
            row = table.loc[month]
            days.append(float(row["released"]))
            if np.isfinite(float(row["fx_complete"])):
                days.append(float(row["fx_complete"]))
        return pd.Timestamp(int(max(days)), tz="UTC")

    def _why_nothing(self, comp: M2Component, t_ns: int, t: pd.Timestamp) -> str:
        money = self._money[comp.name]
        if int(np.searchsorted(money.known, t_ns, side="right")) == 0:
            return f"money {comp.money_series}: nothing released by {t.date()}"
        return f"FX {comp.fx_series}: no complete month average by {t.date()} for a released month"


def global_m2(
    money: Mapping[str, pd.Series],
    units: Mapping[str, str],
    fx: Mapping[str, pd.Series],
    lags: Mapping[str, int],
    as_of: Any,
    missing_reasons: Mapping[str, str] | None = None,
    components: tuple[M2Component, ...] = GLOBAL_M2_COMPONENTS,
) -> GlobalM2Result:
    """Global M2 in billions of USD as known on ``as_of`` (:class:`GlobalM2Data`)."""
    return GlobalM2Data(money, units, fx, lags, missing_reasons, components).at(as_of)


def global_m2_data(
    loaded: LoadedSeries, components: tuple[M2Component, ...] = GLOBAL_M2_COMPONENTS
) -> GlobalM2Data | None:
    """:class:`GlobalM2Data` from series loaded by the service layer (None: no M2 at all).

    ``loaded`` holds (some of) :data:`GLOBAL_M2_SERIES`; absent ones are reported with
    ``loaded.missing``'s reason.
    """
    fx_ids = {c.fx_series for c in components if c.fx_series}
    money = {k: v for k, v in loaded.series.items() if k not in fx_ids}
    fx = {k: v for k, v in loaded.series.items() if k in fx_ids}
    try:
        return GlobalM2Data(money, loaded.units, fx, loaded.lags, loaded.missing, components)
    except DataError:
        if not any(c.money_series in money for c in components):
            return None
        raise


# -- helpers -----------------------------------------------------------------------------

_EMPTY = pd.DataFrame(
    columns=[
        "local_value",
        "released",
        "fx_month_average",
        "usd_per_local",
        "fx_complete",
        "usd_value",
    ],
    index=pd.Index([], name="month", dtype=int),
    dtype=float,
)


def _lag(lags: Mapping[str, int], series_id: str) -> int:
    if series_id not in lags:
        raise DataError(f"global M2 as released needs the publication lag of {series_id}")
    return int(lags[series_id])


def _rows_of(series: pd.Series) -> tuple[pd.DataFrame, bool]:
    """The (date, value, vintage) rows of a series: its attached vintages, else plain."""
    clean = series.dropna().sort_index()
    attached = series.attrs.get("vintages")
    if isinstance(attached, VintageRows) and not attached.rows.empty:
        rows = attached.rows
        dates = pd.DatetimeIndex(rows["date"])
        mine = rows.loc[dates.isin(clean.index)]
        if not mine.empty:
            return mine.reset_index(drop=True), attached.real
    frame = pd.DataFrame(
        {"date": clean.index, "value": clean.to_numpy(dtype=float), "vintage": pd.NaT}
    )
    return frame, False


def _money_rows(
    series: pd.Series, units: Mapping[str, str], lags: Mapping[str, int], series_id: str
) -> _Money:
    rows, real = _rows_of(series)
    factor = billions_factor(units.get(series_id, ""), series_id)
    known = known_from(rows, _lag(lags, series_id), real)
    months = pd.DatetimeIndex(rows["date"]).tz_localize(None).to_period("M").asi8
    known_ns = pd.DatetimeIndex(known).tz_convert("UTC").tz_localize(None).as_unit("ns").asi8
    order = np.lexsort((np.arange(len(known_ns)), known_ns))
    return _Money(
        month=np.asarray(months)[order],
        value=rows["value"].to_numpy(dtype=float)[order] * factor,
        known=np.asarray(known_ns)[order],
        unit=units.get(series_id, ""),
    )


def _splice(older: _Money, newer: _Money) -> _Money:
    """``older`` for the months before ``newer``'s first month, then ``newer``."""
    first = int(newer.month.min())
    keep = older.month < first
    known = np.concatenate([older.known[keep], newer.known])
    order = np.lexsort((np.arange(len(known)), known))
    return _Money(
        month=np.concatenate([older.month[keep], newer.month])[order],
        value=np.concatenate([older.value[keep], newer.value])[order],
        known=known[order],
        unit=newer.unit,
    )


def _fx_months(series: pd.Series, lag_days: int) -> _Fx:
    """Month averages of a daily FX series and when each month became complete."""
    rows, real = _rows_of(series)
    rows = rows.assign(known=known_from(rows, lag_days, real).array)
    # each day's first release (FX is not revised in practice)
    rows = rows.sort_values(["date", "known"]).drop_duplicates("date", keep="first")
    dates = pd.DatetimeIndex(rows["date"]).tz_localize(None)
    rows = rows.assign(month=dates.to_period("M").asi8, day=dates)
    grouped = rows.groupby("month")
    average = grouped["value"].mean()
    last_obs = grouped["day"].max()
    month_end = pd.PeriodIndex.from_ordinals(
        average.index.to_numpy(), freq="M"
    ).end_time.normalize()
    reaches = last_obs.to_numpy() >= (month_end - pd.Timedelta(days=FX_MONTH_END_SLACK_DAYS))
    published = month_end + pd.Timedelta(days=int(lag_days))
    known_max = pd.DatetimeIndex(grouped["known"].max()).tz_convert("UTC").tz_localize(None)
    available = np.maximum(published.as_unit("ns").asi8, known_max.as_unit("ns").asi8)
    index = pd.Index(average.index.to_numpy(), name="month")
    return _Fx(
        average=pd.Series(average.to_numpy(), index=index)[reaches],
        available=pd.Series(available, index=index)[reaches],
    )


def _value_known(money: _Money, month: int, t_ns: int) -> float:
    """Latest vintage of ``month`` known by ``t`` (NaN when none)."""
    upto = int(np.searchsorted(money.known, t_ns, side="right"))
    hits = np.flatnonzero(money.month[:upto] == month)
    return float(money.value[hits[-1]]) if len(hits) else float("nan")


def _common_months(tables: Sequence[pd.DataFrame]) -> np.ndarray:
    if not tables:
        return np.array([], dtype=int)
    common = set(tables[0].index)
    for table in tables[1:]:
        common &= set(table.index)
    return np.array(sorted(common), dtype=int)


def _day(value: Any) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tz is None else stamp.tz_convert("UTC")
    return stamp.normalize()


def _month_text(ordinal: int) -> str:
    return str(pd.Period(ordinal=ordinal, freq="M"))


def _date_text(ns: Any) -> str | None:
    if ns is None or not np.isfinite(float(ns)):
        return None
    return pd.Timestamp(int(ns)).date().isoformat()


def _float(value: Any) -> float | None:
    return float(value) if value is not None and np.isfinite(float(value)) else None
