"""The operator's view of a store: ``store log``, ``store diff`` and ``export``.

* :func:`store_log`: what was ingested when, from where (provider and request, secrets
  masked), rows added / revised / unchanged, series and vintages written, failures and
  warnings: the store's ``ingests`` table joined with what each ingest wrote.
* :func:`store_diff`: what a revision changed in one series between two of its vintages.
* :func:`export_series`: several series as known on a date (read through
  :class:`~bubblelink.service.data.StoreData`, the one way to read a store as of a date)
  written to a CSV or Parquet file, wide (date x symbol) or long (date, symbol, field,
  value).

Vintages
--------
Every observation row carries a ``vintage``: the time from which its value was known
(:mod:`bubblelink.store.store`: a first release is known on its date, or date + a
publication lag; a changed value from when it was ingested; FRED real-time periods when
stored). A series' *vintages* are the distinct vintage times of its rows, and its *state*
at a vintage ``V`` is, for each (date, field), the value of the row with the latest
vintage ``<= V`` among dates ``<= V`` — what ``--asof V`` reads. Vintages are UTC and
printed as a date when at midnight, else as ``YYYY-MM-DDTHH:MM:SSZ``.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.providers.http import SECRET_NAMES, redact_url
from bubblelink.results import ResultBase, plain
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, opened, store_data
from bubblelink.service.params import ExportParams, StoreDiffParams, StoreLogParams
from bubblelink.store.store import VALUE_RTOL
from bubblelink.symbols import CRYPTO_CONCEPTS, PSEUDO_SYMBOLS, canonical

#: Characters of a request or failure text in the terminal table (JSON and CSV: all).
TABLE_TEXT_WIDTH = 90
#: File formats of ``export`` and the suffixes that imply them.
FILE_FORMATS: dict[str, tuple[str, ...]] = {"csv": (".csv",), "parquet": (".parquet", ".pq")}

FileFormat = Literal["csv", "parquet"]


def utc_text(value: Any) -> str | None:
    """A UTC time as text: ``2025-01-31`` at midnight, else ``2025-01-31T16:05:09Z``."""
    if value is None or value is pd.NaT:
        return None
    ts = pd.Timestamp(value)
    if pd.isna(ts):
        return None
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    if ts == ts.normalize():
        return ts.date().isoformat()
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def masked(value: Any) -> Any:
    """``value`` with its secrets masked: URLs through
    :func:`~bubblelink.providers.http.redact_url`, secret-named keys as ``***``."""
    if isinstance(value, dict):
        return {
            str(k): ("***" if str(k).lower() in SECRET_NAMES and v else masked(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [masked(v) for v in value]
    if isinstance(value, str) and "://" in value:
        return redact_url(value)
    return value


def request_text(request: dict[str, Any]) -> str:
    """``paths=/data/real symbol=...``: the set options of a (masked) request, one line."""
    parts = []
    for key, value in request.items():
        if value is None or value is False or value == [] or value == {} or value == "":
            continue
        if isinstance(value, list | tuple):
            value = ",".join(str(v) for v in value)
        elif value is True:
            value = "yes"
        parts.append(f"{key}={value}")
    return " ".join(parts)


def _short(text: str, width: int = TABLE_TEXT_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _json(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return {}
    return json.loads(value) if isinstance(value, str) else value


# -- store log ----------------------------------------------------------------------------

LOG_COLUMNS = [
    "id",
    "finished_at",
    "seconds",
    "provider",
    "request",
    "series",
    "added",
    "revised",
    "unchanged",
    "vintages",
    "failed",
    "warned",
    "failures",
]


@dataclass(frozen=True)
class IngestLog(ResultBase):
    """The ingest log of a store, newest first.

    Attributes
    ----------
    store : str
        The store file.
    ingests : int
        Ingests in the log (all of them; ``entries`` may hold fewer, see ``limit``).
    entries : tuple of dict
        One per ingest shown: ``id``, ``started_at``, ``finished_at`` (UTC), ``seconds``,
        ``provider``, ``request`` (secrets masked), ``series`` (series written),
        ``added``/``revised``/``unchanged`` (rows), ``vintages`` (distinct (series,
        vintage) pairs written: a first release is known on its own date, so a daily
        history adds one per date; a revision adds one at the ingest time), ``failed``
        and ``failures`` (symbol → reason), ``warned`` and ``warnings`` (symbol → list).
    """

    store: str
    ingests: int
    entries: tuple[dict[str, Any], ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per ingest (request and failures as one line of text each)."""
        rows = []
        for e in self.entries:
            row = {k: e[k] for k in LOG_COLUMNS if k not in ("request", "failures")}
            row["request"] = request_text(e["request"])
            row["failures"] = "; ".join(f"{s}: {r}" for s, r in e["failures"].items())
            rows.append(row)
        return pd.DataFrame(rows, columns=LOG_COLUMNS)

    def table_view(self) -> pd.DataFrame:
        """:meth:`to_frame` with long texts cut for a terminal."""
        frame = self.to_frame()
        for column in ("request", "failures"):
            frame[column] = frame[column].map(_short)
        return frame

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "ingests": self.ingests,
            "shown": len(self.entries),
            "entries": plain(list(self.entries)),
        }


def store_log(store: StoreLike, params: StoreLogParams | None = None, **kw: Any) -> ServiceResult:
    """The ingest log, newest first (``bubblelink store log``).

    Parameters
    ----------
    store : Store or path, optional
        An open store or a path (opened read-only).
    params : StoreLogParams, optional
        ``limit``: the newest N ingests (0: all). Or the same as keywords.
    """
    p = params or StoreLogParams.build(**kw)
    with opened(store) as st:
        log = st.ingest_log()
        total = len(log)
        if p.limit:
            log = log.head(p.limit)
        ids = [int(i) for i in log["id"]]
        written = st.query(
            "SELECT ingest_id, count(DISTINCT series_id) AS series, "
            "count(DISTINCT (series_id, vintage)) AS vintages FROM observations "
            "WHERE ingest_id IN (SELECT unnest(?)) GROUP BY ingest_id",
            [ids],
        ).set_index("ingest_id")
        path = str(st.path)
    entries = []
    for row in log.to_dict("records"):
        iid = int(row["id"])
        failures = {str(k): str(v) for k, v in _json(row["failures"]).items()}
        warnings = {str(k): list(v) for k, v in _json(row["warnings"]).items() if v}
        started, finished = pd.Timestamp(row["started_at"]), pd.Timestamp(row["finished_at"])
        entries.append(
            {
                "id": iid,
                "started_at": utc_text(started),
                "finished_at": utc_text(finished),
                "seconds": round((finished - started).total_seconds(), 3),
                "provider": str(row["provider"]),
                "request": masked(_json(row["request"])),
                "series": int(written["series"].get(iid, 0)),
                "added": int(row["rows_added"]),
                "revised": int(row["rows_revised"]),
                "unchanged": int(row["rows_unchanged"]),
                "vintages": int(written["vintages"].get(iid, 0)),
                "failed": len(failures),
                "failures": failures,
                "warned": len(warnings),
                "warnings": warnings,
            }
        )
    result = IngestLog(store=path, ingests=total, entries=tuple(entries))
    shown = f"the newest {len(entries)} of {total}" if len(entries) < total else f"all {total}"
    title = (
        f"ingest log of {path}: {shown} ingests, newest first"
        if total
        else f"ingest log of {path}: no ingests yet"
    )
    notes = [
        "times are UTC; vintages = distinct (series, vintage) pairs written (a first "
        "release is known on its own date, a revision from the time it was ingested)",
    ]
    if len(entries) < total:
        notes.append(f"{total - len(entries)} older ingests not shown: --limit 0 shows all")
    if any(e["warned"] for e in entries):
        notes.append("warnings per symbol: --format json")
    return ServiceResult(
        "store-log",
        result,
        notes=tuple(notes),
        title=title,
        views=((title, result.table_view()),),
    )


# -- store diff ---------------------------------------------------------------------------

DIFF_COLUMNS = ["date", "field", "status", "old", "new", "change", "change_pct"]


@dataclass(frozen=True)
class VintageDiff(ResultBase):
    """What changed in one series between two vintages.

    Attributes
    ----------
    series : str
        The series id.
    fields : tuple of str
        The fields compared.
    from_vintage, to_vintage : str
        The two vintages (UTC; see the module docstring).
    vintages : int
        How many vintages the series has (in the fields compared).
    added, removed, revised, unchanged : int
        (date, field) values known at ``to`` only, at ``from`` only (never, unless ``from``
        is the later one: nothing stored is deleted), at both with another value, and at
        both with the same value (relative tolerance of the store, 1e-12).
    changes : DataFrame
        One row per added, removed or revised value: ``date``, ``field``, ``status``,
        ``old``, ``new``, ``change`` (new - old) and ``change_pct`` (100 x change /
        |old|; empty when old is 0).
    """

    series: str
    fields: tuple[str, ...]
    from_vintage: str
    to_vintage: str
    vintages: int
    added: int
    removed: int
    revised: int
    unchanged: int
    changes: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.changes.reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "fields": list(self.fields),
            "from_vintage": self.from_vintage,
            "to_vintage": self.to_vintage,
            "vintages": self.vintages,
            "added": self.added,
            "removed": self.removed,
            "revised": self.revised,
            "unchanged": self.unchanged,
            "changes": plain(self.to_frame()),
        }


def _naive(ts: pd.Timestamp) -> pd.Timestamp:
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts


@dataclass(frozen=True)
class Version:
    """One side of a diff: the series at a vintage, or as stored after an ingest."""

    label: str
    vintage: pd.Timestamp | None = None
    ingest: int | None = None


def _listing(vintages: pd.DatetimeIndex) -> str:
    """``5 vintages: 2024-03-01, 2024-04-01, ..., 2026-12-03T16:51:08Z`` (brief)."""
    texts = [str(utc_text(v)) for v in vintages]
    if len(texts) > 6:
        texts = [*texts[:2], "...", *texts[-3:]]
    return f"{len(vintages)} vintage{'s' if len(vintages) != 1 else ''}: {', '.join(texts)}"


def _ingests(ids: list[int]) -> str:
    shown = (
        [str(i) for i in ids] if len(ids) <= 8 else [*map(str, ids[:3]), "...", *map(str, ids[-4:])]
    )
    return ", ".join(shown)


def pick_version(
    text: str, vintages: pd.DatetimeIndex, ingests: list[int], known: set[int], series: str
) -> Version:
    """The version of ``series`` that ``text`` names.

    ``ingest:N``: the series as stored after ingest N (an ingest of the store; ``ingests``
    are those that wrote this series). A date names the last vintage of that day; a time
    names the last vintage within that minute or second (as precise as the text). A
    version the series does not have is a one-line :class:`DataError` listing, briefly,
    those it has.
    """
    raw = text.strip()
    if raw.startswith("ingest:"):
        number = int(raw.removeprefix("ingest:"))
        if number not in known:
            raise DataError(
                f"the store has no ingest {number}; {series} was written by ingests "
                f"{_ingests(ingests)} (`bubblelink store log` lists them)"
            )
        return Version(label=f"ingest:{number}", ingest=number)
    try:
        wanted = _naive(pd.Timestamp(raw))
    except ValueError as exc:
        raise DataError(f"--from/--to {raw!r} is not a date, a UTC time or ingest:N") from exc
    if len(raw) == 10:
        same = vintages.normalize() == wanted
    else:
        unit = "s" if raw.count(":") >= 2 else "min"
        same = vintages.floor(unit) == wanted.floor(unit)
    if not same.any():
        raise DataError(
            f"{series} has no vintage {raw} ({_listing(vintages)}; ingests "
            f"{_ingests(ingests)}); pass one of these to --from/--to (an ingest as ingest:N)"
        )
    found = pd.Timestamp(vintages[same].max())
    return Version(label=str(utc_text(found)), vintage=found)


def _observations(store: Any, series: str, fields: list[str]) -> pd.DataFrame:
    """Every stored row of ``series`` (all vintages, all ingests), oldest knowledge last."""
    return store.query(
        "SELECT field, date, value, vintage, ingested_at, ingest_id FROM observations "
        "WHERE series_id = ? AND field IN (SELECT unnest(?)) "
        "ORDER BY field, date, vintage, ingested_at",
        [series, fields],
    )


def _state(rows: pd.DataFrame, version: Version) -> pd.Series:
    """Each (field, date)'s value in ``version``.

    At a vintage V: the row with the latest vintage <= V among dates <= V (what ``--asof V``
    reads; a value rewritten under the same vintage by a later ingest counts as that
    vintage's value). After ingest N: the latest vintage among the rows ingests <= N wrote.
    """
    if version.ingest is not None:
        known = rows[rows["ingest_id"] <= version.ingest]
    else:
        known = rows[(rows["vintage"] <= version.vintage) & (rows["date"] <= version.vintage)]
    latest = known.drop_duplicates(["field", "date"], keep="last")
    return latest.set_index(["field", "date"])["value"]


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    """The store's equality: equal within a relative 1e-12 (:data:`VALUE_RTOL`)."""
    return (a == b) | ((a - b).abs() <= VALUE_RTOL * b.abs())


def _rewrites(rows: pd.DataFrame) -> tuple[int, list[int]]:
    """Values rewritten under an existing vintage by a later ingest, and those ingests."""
    key = ["field", "date", "vintage"]
    previous = rows.groupby(key, sort=False)["value"].shift()
    changed = previous.notna() & ~_same(rows["value"], previous)
    return int(changed.sum()), sorted({int(i) for i in rows.loc[changed, "ingest_id"]})


def vintage_diff(old: pd.Series, new: pd.Series) -> tuple[pd.DataFrame, dict[str, int]]:
    """Changes between two states (``(field, date)`` → value) and their counts.

    See :class:`VintageDiff` for the columns and the counts.
    """
    both = old.index.intersection(new.index)
    same = _same(old.loc[both], new.loc[both])
    revised = both[~same.to_numpy()]
    added = new.index.difference(old.index)
    removed = old.index.difference(new.index)
    parts = []
    for status, keys in (("added", added), ("removed", removed), ("revised", revised)):
        if len(keys) == 0:
            continue
        part = pd.DataFrame(index=keys)
        part["status"] = status
        part["old"] = old.reindex(keys).to_numpy()
        part["new"] = new.reindex(keys).to_numpy()
        parts.append(part)
    if parts:
        changes = pd.concat(parts).reset_index()
        changes["change"] = changes["new"] - changes["old"]
        base = changes["old"].abs()
        changes["change_pct"] = (100.0 * changes["change"] / base).where(base > 0)
        changes = changes.sort_values(["date", "field"], kind="stable")[DIFF_COLUMNS]
    else:
        changes = pd.DataFrame(columns=DIFF_COLUMNS)
    counts = {
        "added": len(added),
        "removed": len(removed),
        "revised": len(revised),
        "unchanged": len(both) - len(revised),
    }
    return changes.reset_index(drop=True), counts


def store_diff(store: StoreLike, params: StoreDiffParams | None = None, **kw: Any) -> ServiceResult:
    """What changed in one series between two vintages (``bubblelink store diff``).

    Parameters
    ----------
    store : Store or path, optional
        An open store or a path (opened read-only).
    params : StoreDiffParams, optional
        ``symbol``; ``from_vintage``/``to_vintage``: a vintage (a date: its last vintage;
        a UTC time as listed) or ``ingest:N`` (the series as stored after ingest N, at
        its latest vintages). Default: the last two vintages; ``to`` alone is paired with
        the vintage before it, ``from`` alone with the last. ``field``: default every
        stored field. Or the same as keywords.

    Notes
    -----
    A provider that estimates vintages (FRED CSV and FRED-style files: observation date
    + publication lag) writes a revised value under the vintage it already had, so the
    revision is no new vintage: the state at that vintage shows the newest value. The
    notes count such rewrites and name the ingests to compare (``ingest:N``).

    Raises
    ------
    DataError
        An unknown or computed symbol, an unknown field, a series with fewer than two
        vintages, a vintage or ingest the series does not have (the message lists, briefly,
        those it has).
    """
    p = params or StoreDiffParams.build(**kw)
    with store_data(store) as data:
        if canonical(p.symbol) in PSEUDO_SYMBOLS or canonical(p.symbol) in CRYPTO_CONCEPTS:
            raise DataError(
                f"{canonical(p.symbol)} is computed, not stored: diff one of its stored inputs"
            )
        sid = data.check([p.symbol])[0]
        info = data.info([sid])[0]
        if p.field is not None and p.field not in info.fields:
            raise DataError(
                f"{sid} has no field {p.field!r} (stored: {', '.join(info.fields) or 'none'})"
            )
        fields = [p.field] if p.field is not None else list(info.fields)
        rows = _observations(data.store, sid, fields)
        known = {int(i) for i in data.store.query("SELECT id FROM ingests")["id"]}
    if rows.empty:
        raise DataError(f"{sid} has no observations to compare: ingest it first")
    vintages = pd.DatetimeIndex(sorted(rows["vintage"].unique()))
    ingests = sorted({int(i) for i in rows["ingest_id"]})
    rewritten, rewriters = _rewrites(rows)
    compare_ingests = (
        f"compare ingests: --from ingest:{ingests[ingests.index(rewriters[-1]) - 1]} "
        f"--to ingest:{rewriters[-1]}"
        if rewriters and ingests.index(rewriters[-1]) > 0
        else "compare ingests with --from ingest:N --to ingest:M"
    )
    if p.from_vintage is None and p.to_vintage is None and len(vintages) < 2:
        raise DataError(
            f"{sid} has one vintage ({utc_text(vintages[0])}): nothing to compare"
            + (f"; {rewritten} value(s) were rewritten under it: {compare_ingests}"
               if rewritten else "; a new vintage appears when a changed value is ingested")
        )  # fmt: skip
    if p.to_vintage is not None:
        to_v = pick_version(p.to_vintage, vintages, ingests, known, sid)
    else:
        to_v = Version(label=str(utc_text(vintages[-1])), vintage=vintages[-1])
    if p.from_vintage is not None:
        from_v = pick_version(p.from_vintage, vintages, ingests, known, sid)
    elif to_v.ingest is not None:
        earlier_ingests = [i for i in ingests if i < to_v.ingest]
        if not earlier_ingests:
            raise DataError(
                f"{sid} was written by no ingest before {to_v.label} (ingests "
                f"{_ingests(ingests)}); pass --from"
            )
        from_v = Version(label=f"ingest:{earlier_ingests[-1]}", ingest=earlier_ingests[-1])
    else:
        earlier = vintages[vintages < to_v.vintage]
        if len(earlier) == 0:
            raise DataError(
                f"{sid} has no vintage before {to_v.label} ({_listing(vintages)}); pass --from"
            )
        from_v = Version(label=str(utc_text(earlier[-1])), vintage=earlier[-1])
    if from_v == to_v:
        raise DataError(f"--from and --to name the same version of {sid} ({to_v.label})")
    new_state = _state(rows, to_v)
    changes, counts = vintage_diff(_state(rows, from_v), new_state)
    result = VintageDiff(
        series=sid,
        fields=tuple(fields),
        from_vintage=from_v.label,
        to_vintage=to_v.label,
        vintages=len(vintages),
        changes=changes,
        **counts,
    )
    dates = new_state.index.get_level_values("date")
    provenance = {
        "series": sid,
        "source": info.source,
        "first": utc_text(dates.min()) if len(dates) else None,
        "last": utc_text(dates.max()) if len(dates) else None,
        "n": len(dates.unique()),
        "vintage": utc_text(rows["vintage"].max() if to_v.vintage is None else to_v.vintage),
        "synthetic": info.synthetic,
    }
    notes = [
        f"the state at a vintage V: each date's latest value with vintage <= V (what --asof V "
        f"reads); at ingest:N: the latest values as stored after ingest N; vintages are UTC; "
        f"{sid} has {_listing(vintages)}, written by ingests {_ingests(ingests)}",
    ]
    rule = info.metadata.get("vintage_rule")
    if rule:
        notes.append(f"{sid} vintage rule: {rule}")
    if rewritten:
        notes.append(
            f"{rewritten} value{'s' if rewritten != 1 else ''} of {sid} rewritten under an existing vintage by later "
            f"ingests ({_ingests(rewriters)}; estimated vintages): a vintage shows only the "
            f"newest value; {compare_ingests}"
        )
    backwards = (
        from_v.vintage is not None and to_v.vintage is not None and from_v.vintage > to_v.vintage
    ) or (from_v.ingest is not None and to_v.ingest is not None and from_v.ingest > to_v.ingest)
    if backwards:
        notes.append("--from is after --to: added and removed are seen backwards")
    title = (
        f"{sid}: {from_v.label} -> {to_v.label}: {counts['added']} added, {counts['removed']} "
        f"removed, {counts['revised']} revised, {counts['unchanged']} unchanged"
    )
    as_of = to_v.vintage if to_v.vintage is not None else rows["vintage"].max()
    return ServiceResult(
        "store-diff",
        result,
        as_of=pd.Timestamp(as_of).tz_localize("UTC"),
        synthetic=info.synthetic,
        provenance=(provenance,),
        notes=tuple(notes),
        title=title,
    )


# -- export -------------------------------------------------------------------------------

EXPORT_COLUMNS = ["symbol", "field", "first", "last", "n"]


@dataclass(frozen=True)
class ExportSummary(ResultBase):
    """What ``export`` wrote.

    Attributes
    ----------
    file : str
        The file written.
    file_format : {"csv", "parquet"}
        Its format.
    layout : {"wide", "long"}
        ``wide``: a ``date`` column then one column per symbol; ``long``: columns
        ``date``, ``symbol``, ``field``, ``value``, one row per value.
    rows : int
        Data rows in the file.
    symbols : tuple of dict
        Per symbol: ``symbol``, ``field`` (the field read), ``first``, ``last``, ``n``.
    table : DataFrame
        The table written (not part of the JSON).
    """

    file: str
    file_format: str
    layout: str
    rows: int
    symbols: tuple[dict[str, Any], ...]
    table: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.symbols), columns=EXPORT_COLUMNS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "file_format": self.file_format,
            "layout": self.layout,
            "rows": self.rows,
            "symbols": plain(list(self.symbols)),
        }


def export_format(out: Path, file_format: str | None) -> FileFormat:
    """The file format: ``file_format`` when given, else from the suffix of ``out``."""
    if file_format is not None:
        if file_format not in FILE_FORMATS:
            raise DataError(f"--to must be csv or parquet, not {file_format!r}")
        return "csv" if file_format == "csv" else "parquet"
    suffix = out.suffix.lower()
    for name, suffixes in FILE_FORMATS.items():
        if suffix in suffixes:
            return "csv" if name == "csv" else "parquet"
    raise DataError(
        f"cannot tell the file format of {out} from its suffix: name it .csv or .parquet, "
        "or pass --to csv|parquet"
    )


def export_table(frame: pd.DataFrame, fields: dict[str, str], layout: str) -> pd.DataFrame:
    """The table of an export: ``frame`` (date x symbol, as read) in ``layout``.

    ``wide``: ``date`` then one column per symbol, dates with no value at all dropped;
    ``date`` is a UTC timestamp (CSV: text, see :func:`csv_dates`);
    ``long``: ``date``, ``symbol``, ``field``, ``value``, one row per stored value (no
    row for a missing one), ordered by symbol then date.
    """
    wide = frame.dropna(how="all")
    wide.index = pd.DatetimeIndex(wide.index).rename("date")
    if layout == "wide":
        return wide.reset_index()
    long = wide.reset_index().melt(id_vars="date", var_name="symbol", value_name="value")
    long = long.dropna(subset=["value"])
    long["field"] = long["symbol"].map(lambda s: fields.get(s, "value"))
    order = {s: i for i, s in enumerate(frame.columns)}
    long["position"] = long["symbol"].map(order)
    long = long.sort_values(["position", "date"], kind="stable")
    return long[["date", "symbol", "field", "value"]].reset_index(drop=True)


def csv_dates(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its ``date`` column as text: ``YYYY-MM-DD`` when every time is UTC
    midnight (daily and slower data), else ISO UTC timestamps (intraday bars)."""
    dates = pd.DatetimeIndex(table["date"])
    if dates.tz is not None:
        dates = dates.tz_convert("UTC")
    daily = bool((dates == dates.normalize()).all())
    text = dates.strftime("%Y-%m-%d") if daily else dates.map(lambda d: d.isoformat())
    return table.assign(date=list(text))


def write_table(table: pd.DataFrame, out: Path, file_format: FileFormat, force: bool) -> None:
    """Write ``table`` to ``out`` atomically (a temporary file, then a rename).

    An existing ``out`` is replaced only with ``force``; a failed write leaves nothing
    behind and ``out`` unchanged.
    """
    if out.is_dir():
        raise DataError(f"--out {out} is a directory: name a file")
    if out.exists() and not force:
        raise DataError(f"{out} exists: pass --force to overwrite it")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(handle)
    except OSError as exc:
        raise DataError(f"cannot write {out}: {exc.strerror or exc}") from exc
    try:
        if file_format == "csv":
            csv_dates(table).to_csv(temp, index=False)
        else:
            table.to_parquet(temp, index=False)
        os.replace(temp, out)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot write {out}: {exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def export_series(
    store: StoreLike,
    params: ExportParams | None = None,
    out: str | Path = "export.csv",
    file_format: str | None = None,
    force: bool = False,
    **kw: Any,
) -> ServiceResult:
    """Write several series as known on ``as_of`` to a CSV or Parquet file (``export``).

    Parameters
    ----------
    store : Store or path, optional
        An open store or a path (opened read-only).
    params : ExportParams, optional
        ``symbols`` (aliases and the pseudo-symbols ``AI_BASKET``, ``NET_LIQUIDITY``
        accepted), ``layout`` (``wide`` or ``long``), ``field`` (``auto``: each series'
        adjusted close, else close, else value), ``start``/``end``, ``as_of``. Or keywords.
    out : path
        The file to write; an existing file only with ``force``.
    file_format : {"csv", "parquet"}, optional
        Default: from the suffix of ``out`` (``.csv``, ``.parquet``/``.pq``).

    Notes
    -----
    The values are those :meth:`StoreData.prices` returns (as ``series show`` shows them):
    each value the latest known on ``as_of``, no alignment, no filling. The long layout
    has no vintage column: every value is the latest known on ``as_of``; the provenance
    names each series' newest vintage used.
    """
    p = params or ExportParams.build(**kw)
    target = Path(out).expanduser()
    kind = export_format(target, file_format)
    if target.exists() and not force:
        raise DataError(f"{target} exists: pass --force to overwrite it")
    with store_data(store, p.as_of) as data:
        frame = data.prices(p.symbols, p.start, p.end, field=p.field)
        fields = {str(k): str(v) for k, v in (frame.attrs.get("fields") or {}).items()}
        if frame.dropna(how="all").empty:
            raise DataError(
                f"no values for {', '.join(map(str, frame.columns))} in the dates asked: "
                "widen --start/--end or check --asof"
            )
        table = export_table(frame, fields, p.layout)
        write_table(table, target, kind, force)
        per_symbol = []
        for sid in frame.columns:
            values = frame[sid].dropna()
            per_symbol.append(
                {
                    "symbol": str(sid),
                    "field": fields.get(str(sid), p.field),
                    "first": utc_text(values.index.min()) if len(values) else None,
                    "last": utc_text(values.index.max()) if len(values) else None,
                    "n": len(values),
                }
            )
        result = ExportSummary(
            file=str(target),
            file_format=kind,
            layout=p.layout,
            rows=len(table),
            symbols=tuple(per_symbol),
            table=table,
        )
        shape = (
            f"{len(table)} dates x {len(frame.columns)} symbols"
            if p.layout == "wide"
            else f"{len(table)} rows (date, symbol, field, value)"
        )
        notes = [
            "values as stored (the latest vintage known on the as-of date), not aligned, "
            "not filled: a symbol without a value on a date is empty there",
        ]
        empty = [str(e["symbol"]) for e in per_symbol if e["n"] == 0]
        if empty:
            notes.append(
                f"no value in the dates asked for {', '.join(empty)}: "
                f"{'its column is' if p.layout == 'wide' else 'no rows are'} empty"
            )
        asof = f" as of {p.as_of}" if p.as_of else ""
        return answer(
            "export",
            result,
            data,
            notes,
            title=f"wrote {target} ({kind}, {p.layout}: {shape}){asof}",
        )
