"""The one way service functions read data: a store seen as of a date.

:class:`StoreData` wraps an open :class:`~bubblelink.store.Store` and a cut-off date
(``--asof``): no observation dated after it and no revision known after it is used. It
is the single implementation of:

* symbol resolution and the *unknown symbol* error (:meth:`StoreData.check`);
* the pseudo-symbols of :mod:`bubblelink.symbols`: ``AI_BASKET`` (returns of the
  equal-weight daily-rebalanced basket, :func:`bubblelink.analytics.basket.basket_returns`,
  or its index level) and ``NET_LIQUIDITY`` (levels only);
* the crypto market-structure concepts ``BTC_DOMINANCE_MERGED`` and
  ``CRYPTO_TOTAL_MCAP_MERGED`` (:meth:`StoreData.crypto_concept`: CoinGecko where it has a
  value, else CoinMarketCap; each value's source kept, the vendors' overlap difference
  measured);
* Fed net liquidity as released (:meth:`StoreData.net_liquidity`, one rule for a stale
  or missing component: see :func:`bubblelink.analytics.liquidity.net_liquidity`);
* global M2 in USD as released (:meth:`StoreData.global_m2`, seven economies at
  month-average FX, with coverage);
* macro series dated by release (publication lags from
  :mod:`bubblelink.providers.fred_catalog`), with every stored vintage attached so that
  a history uses on each day the vintage known that day
  (:mod:`bubblelink.analytics.liquidity._release`); missing series reported, never zero;
* the provenance (series, source, first/last date, n, vintage, synthetic) and notes of
  everything read, which every :class:`~bubblelink.service.ServiceResult` carries.

Loads are cached per instance; create one per request (the API and the report do).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, cast

import pandas as pd

from bubblelink.analytics._blas import one_blas_thread_for_the_process
from bubblelink.analytics.basket import basket_index, basket_returns
from bubblelink.analytics.liquidity._global_m2 import (
    GLOBAL_M2_SERIES,
    GlobalM2Data,
    global_m2_data,
)
from bubblelink.analytics.liquidity._inputs import LoadedSeries
from bubblelink.analytics.liquidity._net_liquidity import (
    NET_LIQUIDITY_INPUTS,
    NetLiquidityResult,
    net_liquidity,
)
from bubblelink.analytics.liquidity._release import MAX_AGE_DAYS, VintageRows, known_on_vintages
from bubblelink.analytics.market_structure import (
    OverlapDifference,
    SplicedSeries,
    overlap_difference,
    splice_sources,
)
from bubblelink.dates import DateLike, parse_utc_date
from bubblelink.errors import DataError, UnknownSymbolError
from bubblelink.frames import ReturnsFrame, align, load, load_returns
from bubblelink.frames.attrs import shared
from bubblelink.frames.load import default_field
from bubblelink.frames.returns_frame import synthetic_notice
from bubblelink.providers.base import SeriesMeta
from bubblelink.providers.fred_catalog import publication_lag
from bubblelink.service._envelope import merge_notes, merge_provenance
from bubblelink.store import SeriesInfo, Store
from bubblelink.symbols import (
    AI_BASKET,
    AI_BASKET_SYMBOL,
    CRYPTO_CONCEPTS,
    DEFAULT_PRICE_SYMBOLS,
    NET_LIQUIDITY_SYMBOL,
    PSEUDO_SYMBOLS,
    canonical,
)

#: What every service function accepts as its store: an open store, a path, or None
#: (the default store, opened read-only).
StoreLike = Store | str | Path | None


#: What the notes call each return kind.
ReturnKind = str


def release_lag(series_id: str, kind: str, frequency: str) -> int:
    """Days from observation date to release: the FRED catalog's for macro series, 0 else."""
    return publication_lag(series_id, frequency) if kind == "macro" else 0


def basket_note(members: Sequence[str], kind: str) -> str:
    """The note every output using the AI basket prints."""
    return (
        f"{AI_BASKET_SYMBOL}: equal-weight basket of {', '.join(members)}, rebalanced every "
        f"session ({kind} returns of the portfolio, not the mean of member log returns)"
    )


@dataclasses.dataclass(frozen=True)
class ConceptRead:
    """One crypto market-structure concept read from its sources (:meth:`StoreData.crypto_concept`).

    Attributes
    ----------
    spliced : SplicedSeries
        Values by source priority, with each value's source.
    overlap : OverlapDifference or None
        Second source against the first on the dates both report (None with one source).
    unit : str
        Unit of the values (``percent``, ``USD``).
    relative : bool
        True when the vendors are compared by ratio (market caps), False by difference
        (dominance, percentage points).
    provenance : dict
        Provenance entry of each source read (whole series as of the cut-off).
    missing : dict
        Source id -> why it was not read (not in the store, no data by the cut-off).
    """

    spliced: SplicedSeries
    overlap: OverlapDifference | None
    unit: str
    relative: bool
    provenance: dict[str, dict[str, Any]]
    missing: dict[str, str]

    def uncertainty(self, value: float) -> float:
        """How far another vendor's figure typically sits: the mean absolute overlap
        difference (times ``value`` for a relative comparison); 0 without an overlap."""
        if self.overlap is None or self.overlap.n == 0:
            return 0.0
        return self.overlap.mean_abs * (abs(value) if self.relative else 1.0)

    def rule(self) -> str:
        """The merge rule and the overlap difference, in one line."""
        first, *rest = self.spliced.sources
        text = (
            f"{self.spliced.name}: {first} where it has a value, else "
            f"{', then '.join(rest) or 'nothing'} (source priority; values never averaged or "
            "rescaled, each value's source kept)"
        )
        if self.overlap is not None:
            text += "; " + self.overlap.describe("pp" if not self.relative else "")
        return text

    def window_provenance(self, window: SplicedSeries) -> list[dict[str, Any]]:
        """Provenance of the sources ``window`` actually used, with its dates and n."""
        out = []
        for sid in window.sources_used():
            dates = window.source.index[window.source.to_numpy() == sid]
            entry = dict(self.provenance.get(sid, {"series": sid}))
            entry.update(first=dates[0].date().isoformat(), last=dates[-1].date().isoformat(),
                         rows=len(dates))  # fmt: skip
            out.append(entry)
        return out


class StoreData:
    """Read access to one store as known on ``as_of`` (see the module docstring).

    Parameters
    ----------
    store : Store
        An open store (not closed here).
    as_of : date-like, optional
        Cut-off: observations dated after it and revisions known after it are not used.
    basket : sequence of str
        Members of ``AI_BASKET`` (those in the store are used).
    """

    def __init__(
        self, store: Store, as_of: DateLike = None, basket: Sequence[str] = AI_BASKET
    ) -> None:
        self.store = store
        self.as_of: pd.Timestamp | None = (
            parse_utc_date(as_of, "as-of date").normalize() if as_of is not None else None
        )
        self.basket = tuple(basket)
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._provenance: list[dict[str, Any]] = []
        self._synthetic: dict[str, bool] = {}
        self._notes: list[str] = []
        #: every record and note, in order (what a computation kept by the store replays)
        self._log: list[tuple[str, Any]] = []
        #: the log of each kept value this request has (see _kept)
        self._kept_logs: dict[tuple[Any, ...], list[tuple[str, Any]]] = {}

    # -- what was read ---------------------------------------------------------------
    @property
    def provenance(self) -> tuple[dict[str, Any], ...]:
        """One entry per series read so far."""
        return merge_provenance(self._provenance)

    @property
    def synthetic(self) -> bool:
        """True when any series read so far is synthetic."""
        return any(self._synthetic.values())

    @property
    def notes(self) -> tuple[str, ...]:
        """Notes of the reads (synthetic notice first, basket definition...)."""
        notice = synthetic_notice(self._synthetic)
        return merge_notes([notice] if notice else [], self._notes)

    def note(self, text: str) -> None:
        """Add a note every output of this request shows."""
        self._notes.append(text)
        self._log.append(("note", text))

    def _record(self, provenance: Sequence[dict[str, Any]], synthetic: dict[str, bool]) -> None:
        self._provenance.extend(provenance)
        self._synthetic.update(synthetic)
        self._log.append(("record", (provenance, synthetic)))

    def _kept(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """``compute()`` once per request, and once per store content when the store
        keeps its reads (a read-only store: :meth:`~bubblelink.store.Store.remembered`).

        For the derived data several questions read (macro loads, net liquidity, global
        M2): the API's worker answering the liquidity panel, the risk score and the
        claims builds them once. What the computation recorded (provenance, synthetic
        flags, notes), its nested kept values' included even when this request had
        them already, is replayed on every request that gets the kept value, so each
        result still says what it read (a record replayed twice changes nothing:
        provenance is merged per series). The key holds the cut-off and the basket. The
        value is shared: callers treat it as read-only (as within one request).
        """
        if key in self._cache:
            # a value this request has: what it recorded joins any computation being
            # kept now (logged only: it was applied when first obtained)
            self._log.extend(self._kept_logs.get(key, ()))
            return self._cache[key]
        computed = False

        def recorded() -> tuple[Any, list[tuple[str, Any]]]:
            nonlocal computed
            computed = True
            start = len(self._log)
            value = compute()
            return value, self._log[start:]

        value, log = self.store.remembered(
            ("StoreData", _k(self.as_of), self.basket, *key), recorded
        )
        if not computed:
            for kind, entry in log:
                if kind == "record":
                    self._record(*entry)
                else:
                    self.note(entry)
        self._kept_logs[key] = log
        self._cache[key] = value
        return value

    # -- registry --------------------------------------------------------------------
    def info(self, series_ids: Sequence[str] | None = None) -> list[SeriesInfo]:
        """Registry entries with coverage (cached by the store)."""
        return self.store.info(series_ids)

    def series_ids(self) -> list[str]:
        """Stored series ids."""
        return self.store.series_ids()

    def has(self, series_id: str) -> bool:
        """True when the store holds ``series_id`` (pseudo-symbols when computable)."""
        sid = canonical(series_id)
        if sid == AI_BASKET_SYMBOL:
            return bool(self.basket_members(required=False))
        if sid == NET_LIQUIDITY_SYMBOL:
            stored = set(self.series_ids())
            return all(spec[0] in stored for spec in NET_LIQUIDITY_INPUTS.values())
        if sid in CRYPTO_CONCEPTS:
            return any(s in set(self.series_ids()) for s in CRYPTO_CONCEPTS[sid])
        return sid in set(self.series_ids())

    def basket_members(self, required: bool = True) -> list[str]:
        """Members of the AI basket the store holds."""
        stored = set(self.series_ids())
        members = [m for m in self.basket if m in stored]
        if required and not members:
            raise DataError(
                f"{AI_BASKET_SYMBOL} needs at least one of {', '.join(self.basket)} in the "
                "store: ingest them first, e.g. `bubblelink ingest yahoo NVDA AMD ORCL`"
            )
        return members

    def check(self, symbols: Sequence[str]) -> list[str]:
        """Canonical ids of ``symbols`` in order, each once.

        Raises
        ------
        UnknownSymbolError
            For a symbol the store does not hold (the store's message, naming what it holds).
        """
        out = []
        for symbol in symbols:
            sid = canonical(symbol)
            if sid == AI_BASKET_SYMBOL:
                self.basket_members()
            elif sid == NET_LIQUIDITY_SYMBOL:
                missing = [
                    spec[0]
                    for spec in NET_LIQUIDITY_INPUTS.values()
                    if spec[0] not in set(self.series_ids())
                ]
                if missing:
                    raise UnknownSymbolError(
                        f"{NET_LIQUIDITY_SYMBOL} needs {', '.join(missing)} in the store: "
                        "ingest them, e.g. `bubblelink ingest fred WALCL WTREGEN RRPONTSYD`"
                    )
            elif sid in CRYPTO_CONCEPTS:
                if not self.has(sid):
                    raise UnknownSymbolError(
                        f"{sid} needs one of {', '.join(CRYPTO_CONCEPTS[sid])} in the store: "
                        "ingest CoinGecko (`bubblelink ingest coingecko`) or the CoinMarketCap "
                        "files (`bubblelink ingest csv /work/shared/data/world`)"
                    )
            else:
                try:
                    self.store.meta(sid)
                except DataError as exc:
                    raise UnknownSymbolError(str(exc), public=exc.public_message) from exc
            out.append(sid)
        return list(dict.fromkeys(out))

    # -- cut-off ---------------------------------------------------------------------
    def cut(self, end: DateLike) -> pd.Timestamp | None:
        """``end`` bounded by the cut-off (UTC)."""
        if end is None:
            return self.as_of
        stamp = parse_utc_date(end, "end date")
        return min(stamp, self.as_of) if self.as_of is not None else stamp

    def last_date(self) -> pd.Timestamp | None:
        """The cut-off (None: the end of the data)."""
        return self.as_of

    def check_window(self, start: pd.Timestamp | None, end: pd.Timestamp | None) -> None:
        """A window that starts after the cut-off is said as such (not "swap them")."""
        if start is not None and end is not None and start > end and end == self.as_of:
            raise DataError(
                f"the period starts {start.date()}, after the as-of date {end.date()}: "
                "nothing known then covers it; ask with a later as_of"
            )

    # -- loads -----------------------------------------------------------------------
    def prices(
        self,
        symbols: Sequence[str],
        start: DateLike = None,
        end: DateLike = None,
        field: str = "auto",
    ) -> pd.DataFrame:
        """Stored values side by side (:func:`bubblelink.frames.load`), cut at ``as_of``.

        ``AI_BASKET`` is the basket's index level (100 at its first session, rebalanced
        daily, on NYSE sessions); ``NET_LIQUIDITY`` is Fed net liquidity in billions USD
        as released each day.
        """
        ids = self.check(symbols)
        start_ts = parse_utc_date(start, "start date") if start is not None else None
        end_ts = self.cut(end)
        self.check_window(start_ts, end_ts)
        key = ("prices", tuple(ids), _k(start_ts), _k(end_ts), field)
        if key in self._cache:
            return self._cache[key]
        stored = [s for s in ids if s not in PSEUDO_SYMBOLS]
        columns: dict[str, pd.Series] = {}
        # the per-series attributes ``load`` sets (see docs/internal-contracts.md)
        attrs: dict[str, dict[str, Any]] = {
            "fields": {},
            "calendars": {},
            "synthetic": {},
            "bars": {},
            "timing": {},
        }
        provenance: list[dict[str, Any]] = []
        if stored:
            frame = load(stored, start=start_ts, end=end_ts, field=field, as_of=self.as_of,
                         store=self.store)  # fmt: skip
            for sid in stored:
                columns[sid] = frame[sid]
            for name in attrs:
                attrs[name].update(frame.attrs.get(name, {}) or {})
            provenance.extend(frame.attrs.get("provenance", []))
        if AI_BASKET_SYMBOL in ids:
            members = self.basket_members()
            raw = load(members, start=start_ts, end=end_ts, field=field, as_of=self.as_of,
                       store=self.store)  # fmt: skip
            aligned = align(raw, calendar="equity").data
            columns[AI_BASKET_SYMBOL] = basket_index(aligned, members, name=AI_BASKET_SYMBOL)
            attrs["fields"][AI_BASKET_SYMBOL] = "index"
            attrs["calendars"][AI_BASKET_SYMBOL] = "XNYS"
            attrs["synthetic"].update(raw.attrs.get("synthetic", {}) or {})
            provenance.extend(raw.attrs.get("provenance", []))
            self.note(basket_note(members, "simple") + "; index level 100 at its first session")
        if NET_LIQUIDITY_SYMBOL in ids:
            nl = self.net_liquidity(end=end_ts)
            values = nl.value
            if start_ts is not None:
                values = values[values.index >= start_ts]
            columns[NET_LIQUIDITY_SYMBOL] = values
            attrs["fields"][NET_LIQUIDITY_SYMBOL] = "billions USD"
            attrs["calendars"][NET_LIQUIDITY_SYMBOL] = "none"
        for sid in (s for s in ids if s in CRYPTO_CONCEPTS):
            read = self.crypto_concept(sid)
            window = read.spliced.between(start_ts, end_ts)
            if window.values.empty:
                raise DataError(
                    f"no data for {sid} from {_day(start_ts)} to {_day(end_ts)} (its sources "
                    f"{', '.join(read.spliced.sources)} cover {_day(read.spliced.values.index[0])}"
                    f"..{_day(read.spliced.values.index[-1])}): pick dates inside that range"
                )
            columns[sid] = window.values
            attrs["fields"][sid] = "value"
            attrs["calendars"][sid] = "24/7"
            attrs.setdefault("sources", {})[sid] = window.source
            attrs.setdefault("concepts", {})[sid] = read
            provenance.extend(read.window_provenance(window))
            used = ", ".join(window.sources_used())
            self.note(read.rule() + f"; read here: {used}"
                      + (" (two sources in this span)" if len(window.sources_used()) > 1 else ""))  # fmt: skip
        out = pd.DataFrame(columns)[ids]
        out.index = pd.DatetimeIndex(out.index).rename("date")
        attrs["provenance"] = provenance  # type: ignore[assignment]
        out.attrs = shared(attrs)
        self._record(provenance, attrs["synthetic"])
        self._cache[key] = out
        return out

    def returns(
        self,
        symbols: Sequence[str],
        start: DateLike = None,
        end: DateLike = None,
        calendar: str = "equity",
        kind: str = "log",
    ) -> ReturnsFrame:
        """Aligned returns (:func:`bubblelink.frames.load_returns`), cut at ``as_of``.

        Columns are the canonical ids in the order given; ``AI_BASKET`` is computed from
        its members (:func:`bubblelink.analytics.basket.basket_returns`) and its note
        added.

        Raises
        ------
        UnknownSymbolError
            A symbol the store does not hold.
        DataError
            ``NET_LIQUIDITY`` (a weekly level, not a daily return series), no data.
        """
        if kind not in ("log", "simple"):
            raise DataError(f"--returns must be log or simple, got {kind!r}")
        ids = self.check(symbols)
        if NET_LIQUIDITY_SYMBOL in ids:
            raise DataError(
                f"{NET_LIQUIDITY_SYMBOL} is a weekly level, not a daily return series: use "
                "`bubblelink liquidity` (or `perf`/`series show` for its level)"
            )
        concept = next((s for s in ids if s in CRYPTO_CONCEPTS), None)
        if concept is not None:
            raise DataError(
                f"{concept} is a market-structure level read from two vendors, not a return "
                "series: use `bubblelink dominance`"
            )
        start_ts = parse_utc_date(start, "start date") if start is not None else None
        end_ts = self.cut(end)
        self.check_window(start_ts, end_ts)
        key = ("returns", tuple(ids), _k(start_ts), _k(end_ts), calendar, kind)
        if key in self._cache:
            return self._cache[key]
        members = self.basket_members() if AI_BASKET_SYMBOL in ids else []
        loaded = list(dict.fromkeys([*(s for s in ids if s != AI_BASKET_SYMBOL), *members]))
        rf = load_returns(
            loaded,
            store=self.store,
            calendar=calendar,  # type: ignore[arg-type]
            kind=kind,  # type: ignore[arg-type]
            start=start_ts,
            end=end_ts,
            as_of=self.as_of,
        )
        if members:
            returns = rf.returns.copy()
            returns[AI_BASKET_SYMBOL] = basket_returns(
                returns,
                members,
                kind=cast(Literal["log", "simple"], kind),
                name=AI_BASKET_SYMBOL,
            )
            prices = rf.prices.copy()
            prices[AI_BASKET_SYMBOL] = basket_index(prices, members, name=AI_BASKET_SYMBOL)
            note = basket_note(members, kind)
            rf = dataclasses.replace(
                rf,
                returns=returns[ids],
                prices=prices[ids],
                notes=[*rf.notes, note],
            )
        self._record(rf.provenance, {p["series"]: bool(p.get("synthetic")) for p in rf.provenance})
        self._cache[key] = rf
        return rf

    def macro(
        self, series_ids: Sequence[str], start: DateLike = None, end: DateLike = None
    ) -> LoadedSeries:
        """Each series loaded on its own as known on ``as_of``; missing ones reported.

        A series the store does not hold, or without data by the cut-off (or ``end``,
        when earlier), is listed in ``missing`` with the reason (never zero-filled).
        ``lags`` holds each series' publication lag (FRED catalog for macro series, 0
        for prices). Each series carries every stored vintage known by the cut-off in
        ``attrs["vintages"]`` (a :class:`~bubblelink.analytics.liquidity._release.VintageRows`), so
        the histories built from it (net liquidity, global M2, the gauges) use on each day
        the vintage known that day
        (:func:`bubblelink.analytics.liquidity._release.release_aligned`).
        """
        end_ts = self.cut(end)
        key = ("macro", tuple(series_ids), _k(start), _k(end_ts))
        return cast(LoadedSeries, self._kept(key, lambda: self._macro(series_ids, start, end_ts)))

    def _macro(
        self, series_ids: Sequence[str], start: DateLike, end_ts: pd.Timestamp | None
    ) -> LoadedSeries:
        known = set(self.series_ids())
        series: dict[str, pd.Series] = {}
        units: dict[str, str] = {}
        freqs: dict[str, str] = {}
        kinds: dict[str, str] = {}
        synthetic: dict[str, bool] = {}
        lags: dict[str, int] = {}
        missing: dict[str, str] = {}
        self._prefetch_macro([sid for sid in dict.fromkeys(series_ids) if sid in known])
        for sid in dict.fromkeys(series_ids):
            if sid not in known:
                missing[sid] = "not in the store"
                continue
            # each series loaded once, whatever set it is asked in (the gauges, BTC vs
            # liquidity and global M2 share most of theirs)
            one = self._kept(
                ("macro_series", sid, _k(start), _k(end_ts)),
                functools.partial(self._macro_series, sid, start, end_ts),
            )
            if isinstance(one, str):
                missing[sid] = one
                continue
            series[sid], meta = one
            units[sid] = meta.unit
            freqs[sid] = meta.frequency
            kinds[sid] = meta.kind
            synthetic[sid] = meta.synthetic
            lags[sid] = release_lag(sid, meta.kind, meta.frequency)
        return LoadedSeries(series, units, freqs, kinds, synthetic, lags, missing, end_ts)

    def _prefetch_macro(self, series_ids: list[str]) -> None:
        """The latest values and every vintage of ``series_ids`` (their default fields),
        each in one store query, for the one-series reads of :meth:`_macro_series`: 2 x
        ~20 small queries cost ~0.2 s more than two (each query's fixed cost)."""
        prefetch = getattr(self.store, "prefetch", None)
        if prefetch is None:
            return
        fields_of = {i.id: default_field(i.fields) for i in self.info(series_ids) if i.fields}
        prefetch("read", fields_of, self.as_of)
        prefetch("read_vintages", fields_of, self.as_of)

    def _macro_series(
        self, sid: str, start: DateLike, end_ts: pd.Timestamp | None
    ) -> tuple[pd.Series, SeriesMeta] | str:
        """One series of :meth:`macro` with its vintages, or why it is missing."""
        try:
            frame = load([sid], start=start, end=end_ts, as_of=self.as_of, store=self.store)
        except DataError:
            when = f" as of {end_ts.date()}" if end_ts is not None else ""
            return f"no data{when}"
        meta = self.store.meta(sid)
        values = frame[sid].dropna()
        values.attrs["vintages"] = self._vintage_rows(
            sid, frame.attrs["fields"][sid], self._every_vintage([sid], start, end_ts)
        )
        self._record(frame.attrs.get("provenance", []), {sid: meta.synthetic})
        return values, meta

    def known_on(self, series_id: str, dates: pd.DatetimeIndex) -> pd.Series | None:
        """Values of ``series_id`` as known on each date (None when missing).

        Point in time (:func:`bubblelink.analytics.liquidity._release.known_on_vintages` over
        every stored vintage): on each date the latest observation released by then, at
        the vintage known then (real vintages where the provider gave them, else first
        release = observation date + publication lag; a revision counts from when it was
        known); refused once older than its frequency's freshness limit
        (:data:`bubblelink.analytics.liquidity.MAX_AGE_DAYS`): the one stale-data rule.
        """
        loaded = self.macro([series_id])
        series = loaded.get(series_id)
        if series is None:
            return None
        vintages: VintageRows = series.attrs["vintages"]
        values, _ = known_on_vintages(
            vintages.rows,
            dates,
            MAX_AGE_DAYS.get(loaded.frequencies[series_id], 7),
            lag_days=loaded.lags[series_id],
            real_vintages=vintages.real,
        )
        return values.rename(series_id)

    def _every_vintage(
        self, series_ids: list[str], start: DateLike, end: pd.Timestamp | None
    ) -> dict[str, pd.DataFrame]:
        """Every vintage of each series known by the cut-off, one store query for all."""
        if not series_ids:
            return {}
        start_ts = parse_utc_date(start, "start date") if start is not None else None
        fields = sorted({default_field(i.fields) for i in self.info(series_ids) if i.fields})
        rows = self.store.read_vintages(series_ids, fields, start_ts, end, self.as_of)
        return {str(sid): part for sid, part in rows.groupby("series_id", sort=False)}

    def _vintage_rows(
        self, series_id: str, field: str, every: dict[str, pd.DataFrame]
    ) -> VintageRows:
        """The vintages of ``series_id``'s ``field`` (for point-in-time histories).

        ``real`` when the series' vintages are the provider's real-time periods (the FRED
        API's ``realtime_start``: ``metadata["vintage_rule"]``); otherwise they are the
        estimated first release and the time a revision was recorded.
        """
        rows = every.get(series_id, pd.DataFrame(columns=["field", "date", "value", "vintage"]))
        rows = rows[rows["field"] == field]
        frame = pd.DataFrame(
            {
                "date": pd.DatetimeIndex(rows["date"]).tz_localize("UTC"),
                "value": rows["value"].to_numpy(dtype=float),
                "vintage": pd.DatetimeIndex(rows["vintage"]).tz_localize("UTC"),
            }
        )
        rule = str(self.store.meta(series_id).metadata.get("vintage_rule", ""))
        return VintageRows(frame, real=rule.startswith("realtime_start"))

    def crypto_concept(self, concept: str) -> ConceptRead:
        """A crypto market-structure concept from its stored sources, as known on ``as_of``.

        The one resolver of ``BTC_DOMINANCE_MERGED`` / ``CRYPTO_TOTAL_MCAP_MERGED``
        (:data:`bubblelink.symbols.CRYPTO_CONCEPTS`): each source is read whole up to the
        cut-off, spliced by source priority
        (:func:`bubblelink.analytics.market_structure.splice_sources`: CoinGecko where it has
        a value, else CoinMarketCap), and the second source is compared with the first on
        the dates both report (:func:`~bubblelink.analytics.market_structure.overlap_difference`:
        percentage points for dominance, ratio for market cap). The merge rule and the
        overlap difference become a note of every output that reads the concept.

        Raises
        ------
        UnknownSymbolError
            No source in the store.
        DataError
            No source has data by the cut-off.
        """
        sid = canonical(concept)
        key = ("concept", sid)
        if key in self._cache:
            return cast(ConceptRead, self._cache[key])
        self.check([sid])
        parts: dict[str, pd.Series] = {}
        provenance: dict[str, dict[str, Any]] = {}
        missing: dict[str, str] = {}
        unit = ""
        stored = set(self.series_ids())
        for source in CRYPTO_CONCEPTS[sid]:
            if source not in stored:
                missing[source] = "not in the store"
                continue
            try:
                frame = load([source], as_of=self.as_of, end=self.as_of, store=self.store)
            except DataError:
                missing[source] = f"no data as of {_day(self.as_of)}"
                continue
            parts[source] = frame[source].dropna()
            meta = self.store.meta(source)
            unit = unit or meta.unit
            self._synthetic[source] = meta.synthetic
            provenance.update({p["series"]: dict(p) for p in frame.attrs.get("provenance", [])})
        if not parts:
            reasons = "; ".join(f"{k}: {v}" for k, v in missing.items())
            raise DataError(f"{sid}: no source has data ({reasons})")
        spliced = splice_sources(sid, parts)
        relative = unit != "percent"
        ordered = [s for s in CRYPTO_CONCEPTS[sid] if s in parts]
        overlap = (
            overlap_difference(parts[ordered[0]], parts[ordered[1]], relative=relative)
            if len(ordered) > 1
            else None
        )
        read = ConceptRead(spliced, overlap, unit, relative, provenance, missing)
        self._cache[key] = read
        return read

    def net_liquidity(self, end: DateLike = None) -> NetLiquidityResult:
        """Fed net liquidity as released each day, billions USD (the one definition).

        ``WALCL/1000 - WTREGEN/1000 - RRPONTSYD`` through
        :func:`bubblelink.analytics.liquidity.net_liquidity`: each input counts from its
        release date; once an input is older than its freshness limit (14 days for the
        weekly H.4.1 series) net liquidity is *missing* from that day — never carried
        forward, never computed without the TGA. Risk, scenarios, claims, the monitor and
        the report all read it here.

        Raises
        ------
        DataError
            An input is not in the store (or has no data by the cut-off).
        """
        end_ts = self.cut(end)
        key = ("net_liquidity", _k(end_ts))
        return cast(NetLiquidityResult, self._kept(key, lambda: self._net_liquidity(end_ts)))

    def _net_liquidity(self, end_ts: pd.Timestamp | None) -> NetLiquidityResult:
        ids = [spec[0] for spec in NET_LIQUIDITY_INPUTS.values()]
        loaded = self.macro(ids)
        absent = [s for s in ids if loaded.get(s) is None]
        if absent:
            reasons = "; ".join(f"{s}: {loaded.missing.get(s, 'missing')}" for s in absent)
            raise DataError(
                f"net liquidity needs WALCL, WTREGEN and RRPONTSYD ({reasons}): ingest them, "
                "e.g. `bubblelink ingest fred WALCL WTREGEN RRPONTSYD`"
            )
        keys = list(NET_LIQUIDITY_INPUTS)
        walcl, tga, rrp = (loaded.series[NET_LIQUIDITY_INPUTS[k][0]] for k in keys)
        return net_liquidity(
            walcl,
            tga,
            rrp,
            units={k: loaded.units[NET_LIQUIDITY_INPUTS[k][0]] for k in keys},
            lags={k: loaded.lags[NET_LIQUIDITY_INPUTS[k][0]] for k in keys},
            end=end_ts,
        )

    def global_m2(self) -> GlobalM2Data | None:
        """Global M2 in USD as released, ready to evaluate on any date (the one definition).

        Every series of :data:`~bubblelink.analytics.liquidity.GLOBAL_M2_SERIES` loaded
        as known on the cut-off (vintages attached; absent ones reported by name) into a
        :class:`~bubblelink.analytics.liquidity.GlobalM2Data`: ``.at(day)`` gives the
        components, coverage and total known that day, ``.history(days, components)``
        the weekly series BTC is compared with. None when no money series is stored.
        The liquidity gauges, BTC vs liquidity, the risk score, claim 7 and the report
        all read it here.
        """
        data = self._kept(("global_m2",), lambda: global_m2_data(self.macro(GLOBAL_M2_SERIES)))
        return cast(GlobalM2Data | None, data)


def open_read_only(path: str | Path | None) -> Store:
    """The store at ``path`` (None: the default) opened read-only; the caller closes it."""
    return Store(path, read_only=True)


@contextmanager
def opened(store: StoreLike) -> Iterator[Store]:
    """``store`` itself when open, else the store at that path opened read-only (closed after)."""
    if isinstance(store, Store):
        yield store
        return
    with Store(store, read_only=True) as st:
        yield st


@contextmanager
def shared_reads(store: Store) -> Iterator[Store]:
    """Within the block, the same read of ``store`` (``read``, ``read_vintages``: same
    series, fields and as-of, any dates) is fetched once and copied to every caller.

    For a batch of questions on one open store (the report asks some twenty service
    functions that read the same series again and again): the store's own
    :meth:`~bubblelink.store.Store.cached_reads` (on already for a read-only store). The
    values are exactly those a fresh read returns; provenance is still recorded by each
    request's :class:`StoreData` from the frames it gets.
    """
    with store.cached_reads():
        yield store


@contextmanager
def store_data(
    store: StoreLike, as_of: DateLike = None, basket: Sequence[str] = AI_BASKET
) -> Iterator[StoreData]:
    """A :class:`StoreData` on ``store`` (a path is opened read-only and closed after).

    Also limits BLAS to one thread for the process (once; see
    :func:`bubblelink.analytics._blas.one_blas_thread_for_the_process`).
    """
    one_blas_thread_for_the_process()
    with opened(store) as st:
        yield StoreData(st, as_of, basket)


def warm_reads(store: Store, symbols: Sequence[str] = DEFAULT_PRICE_SYMBOLS) -> list[str]:
    """Read into ``store``'s memory (:meth:`~bubblelink.store.Store.remembered`, its
    read cache) what many questions share, as known now: net liquidity, global M2, the
    macro series of the liquidity gauges and of BTC vs liquidity (each loaded with its
    vintages), and the prices of ``symbols`` the store holds (default: the default
    universe, BTC, the AI basket and the Nasdaq: what the questions ask by default).

    For a server's worker at start-up: the first dashboard's panels then find them read
    (each worker otherwise loads them in its first requests: ~0.4 s of a worker's time
    measured on the real store). Values are exactly those a request computes (the same
    functions and keys; a request replays what they recorded). Nothing is read without a
    read cache (a writable store outside :meth:`~bubblelink.store.Store.cached_reads`).
    What cannot be built (a series not stored) is skipped: the request that needs it
    reports it. Returns the names of what was read.
    """
    if not store.keeps_reads:
        return []
    from bubblelink.analytics.liquidity import BTC_LIQUIDITY_SERIES, GAUGE_SERIES

    data = StoreData(store)
    held = set(data.series_ids())
    prices = [s for s in dict.fromkeys(symbols) if s in held]
    steps: dict[str, Callable[[], bool]] = {
        "net liquidity": lambda: data.net_liquidity() is not None,
        "global M2": lambda: data.global_m2() is not None,
        "gauge series": lambda: bool(data.macro(GAUGE_SERIES).series),
        "BTC vs liquidity series": lambda: bool(data.macro(BTC_LIQUIDITY_SERIES).series),
    }
    if prices:  # every field: a read of any of them is then cut from it
        steps["prices"] = lambda: not store.read(prices).empty
    done = []
    for name, step in steps.items():
        try:
            if step():
                done.append(name)
        except DataError:
            continue
    return done


def _day(value: pd.Timestamp | None) -> str:
    return value.date().isoformat() if value is not None else "the end of the data"


def _k(value: pd.Timestamp | DateLike) -> str | None:
    return None if value is None else pd.Timestamp(value).isoformat()
