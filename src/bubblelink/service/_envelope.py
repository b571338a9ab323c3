"""The one envelope every service result travels in (CLI JSON, CSV, API, report).

JSON shape, identical on every surface::

    {
      "as_of": "2025-12-10",          # last date the result describes (<= the --asof asked)
      "synthetic": false,             # true when any input series is synthetic
      "provenance": [                 # every stored series the result read
        {"series": "BTC-USD", "source": "csv", "first": "2025-10-29", "last": "2025-12-10",
         "n": 43, "vintage": "2026-11-25", "synthetic": false}
      ],
      "notes": ["alignment: ...", "returns: log"],
      ...the result's own fields (``result.to_dict()``)
    }

One vocabulary (checked by ``tests/service/test_vocabulary.py`` on every command and
endpoint): ``ci_low``/``ci_high``, ``std_error``, ``p_value``, ``n`` (an integer count),
``window``, ``method``, ``as_of``. A table column label equals its JSON key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from bubblelink.results import plain

#: Keys of the envelope, in order, before the result's own fields.
ENVELOPE_KEYS: tuple[str, ...] = ("as_of", "synthetic", "provenance", "notes")
#: Keys of one provenance entry.
PROVENANCE_KEYS: tuple[str, ...] = (
    "series",
    "source",
    "first",
    "last",
    "n",
    "vintage",
    "synthetic",
)


class Presentable(Protocol):
    """What every result object offers to the outputs."""

    def to_frame(self) -> pd.DataFrame: ...

    def to_dict(self) -> dict[str, Any]: ...


def merge_provenance(entries: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    """One entry per series: earliest ``first``, latest ``last``, largest ``n`` and ``vintage``.

    Entries of the frames layer (``rows``) and of the envelope (``n``) are both accepted.
    """
    merged: dict[str, dict[str, Any]] = {}
    for entry in entries:
        series = str(entry.get("series"))
        n = entry.get("n", entry.get("rows"))
        row = {
            "series": series,
            "source": entry.get("source"),
            "first": entry.get("first"),
            "last": entry.get("last"),
            "n": int(n) if n is not None else None,
            "vintage": entry.get("vintage"),
            "synthetic": bool(entry.get("synthetic", False)),
        }
        if series not in merged:
            merged[series] = row
            continue
        have = merged[series]
        for key, pick in (("first", min), ("last", max), ("n", max), ("vintage", max)):
            values = [v for v in (have[key], row[key]) if v is not None]
            have[key] = pick(values) if values else None
        have["synthetic"] = have["synthetic"] or row["synthetic"]
        if have["source"] != row["source"] and row["source"]:
            sources = {s for s in str(have["source"]).split("+") if s} | {str(row["source"])}
            have["source"] = "+".join(sorted(sources))
    return tuple(merged[s] for s in sorted(merged))


def merge_notes(*groups: Iterable[str]) -> tuple[str, ...]:
    """Notes in order, each once; the SYNTHETIC notice first."""
    notes = list(dict.fromkeys(n for group in groups for n in group if n))
    synthetic = [n for n in notes if n.startswith("SYNTHETIC")]
    return tuple([*synthetic[:1], *(n for n in notes if not n.startswith("SYNTHETIC"))])


@dataclass(frozen=True)
class ServiceResult:
    """A result with the data context every output must show.

    Attributes
    ----------
    question : str
        The question answered (``corr``, ``beta``, ...): the CLI command and API path.
    result : Presentable
        The typed result object (``to_frame()``, ``to_dict()``).
    as_of : Timestamp or None
        The last date the result describes.
    synthetic : bool
        True when any input series is synthetic (sample market).
    provenance : tuple of dict
        One entry per series read (:data:`PROVENANCE_KEYS`).
    notes : tuple of str
        Data and method notes (alignment rule, return kind, basket definition...).
    title : str
        One line describing the result (the table caption).
    extra : mapping
        Fields added to the JSON after the result's own.
    views : tuple of (caption, DataFrame)
        The tables a terminal shows (default: the main table under ``title``).
    """

    question: str
    result: Any
    as_of: pd.Timestamp | None = None
    synthetic: bool = False
    provenance: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    title: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    views: tuple[tuple[str, pd.DataFrame], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The envelope then the result's fields (JSON-able; see the module docstring)."""
        body = plain(self.result.to_dict())
        if not isinstance(body, dict):
            body = {"result": body}
        own_notes = body.pop("notes", None) or []
        for key in ("as_of", "synthetic"):
            body.pop(key, None)
        if "provenance" in body:
            body["sources"] = body.pop("provenance")
        out: dict[str, Any] = {
            "as_of": plain(self.as_of),
            "synthetic": bool(self.synthetic),
            "provenance": plain(list(self.provenance)),
            "notes": list(merge_notes(self.notes, own_notes)),
        }
        out.update(body)
        out.update(plain(dict(self.extra)))
        return out

    def to_json(self, indent: int | None = None) -> str:
        """Strict JSON of :meth:`to_dict` (NaN and infinities are null): the one
        serialisation the CLI (``--format json``, indented) and the API (compact) use."""
        separators = (",", ":") if indent is None else (",", ": ")
        return json.dumps(
            self.to_dict(), allow_nan=False, default=str, indent=indent, separators=separators
        )

    def to_frame(self) -> pd.DataFrame:
        """The result's main table (the CLI's table and CSV)."""
        return self.result.to_frame()

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        """Every table the result offers (caption, frame); the main table first."""
        if self.views:
            return list(self.views)
        extra = getattr(self.result, "tables", None)
        if callable(extra):
            found = list(extra())
            if found:
                return [(caption or self.title, frame) for caption, frame in found]
        return [(self.title, self.to_frame())]

    def plot(self) -> Any:
        """The report's plotly figure of this result (:mod:`bubblelink.service.figures`).

        The same builder draws the result in the HTML report, the dashboard
        (``/api/charts/<question>``) and here. A question without a chart raises a
        one-line :class:`~bubblelink.errors.DataError`.
        """
        from bubblelink.service.figures import figure

        return figure(self)

    def _repr_html_(self) -> str:
        """Jupyter's rendering: the tables, then the provenance and notes (escaped)."""
        from bubblelink.service._display import result_html

        return result_html(self)


def last_date(provenance: Sequence[Mapping[str, Any]]) -> pd.Timestamp | None:
    """The latest ``last`` date over provenance entries (None when there is none)."""
    dates = [pd.Timestamp(p["last"]) for p in provenance if p.get("last")]
    return max(dates) if dates else None
