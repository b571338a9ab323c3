"""AI-boom fundamentals: a versioned file of sourced figures and the ratios derived from them.

The schema is the pydantic model :class:`FundamentalsFileModel`; files are read by the one
loader of :mod:`bubblelink.config.files` (a path, or the shipped name ``fundamentals``), so
a bad file raises one :class:`~bubblelink.errors.ConfigError` line naming the file, line,
column, key and record id, e.g. ``f.yaml:12:5: records[1].status (id 'a'): must be one of
'verified', 'unverified', 'narrative', got 'rumour'``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from bubblelink.config.files import (
    ConfigDocument,
    Source,
    load_config,
    resolve_config_path,
    validate_config,
)
from bubblelink.config.models import (
    ConfigModel,
    Date,
    Label,
    Number,
    Text,
    ValueErrorAt,
    VersionedFile,
)
from bubblelink.errors import ConfigError
from bubblelink.results import ResultBase

STATUSES = ("verified", "unverified", "narrative")
KIND = "fundamentals"
DEFAULT_FILE = "fundamentals.yaml"

Status = Literal["verified", "unverified", "narrative"]


def default_fundamentals_path() -> Path:
    """The shipped starter file ``bubblelink/data/fundamentals.yaml``."""
    return resolve_config_path(None, kind=KIND, default=DEFAULT_FILE)


@dataclass(frozen=True, eq=False)
class FundamentalsResult(ResultBase):
    """The figures and derived ratios of a fundamentals file.

    ``records`` index ``id``: entity, metric, period, value (NaN when not yet sourced),
    unit, status, source (publisher — title), url, published (the source's date; empty
    when undated), recorded (retrieval date), as_of (the date the figure describes, when
    given), rounded_to (NaN when exact or unknown), note. ``ratios`` index
    ``id``: kind, numerator, denominator, value (``ratio`` = a/b; ``growth`` = a/b − 1),
    status (the weakest status of its inputs: a ratio of unverified figures is
    unverified).
    """

    records: pd.DataFrame
    ratios: pd.DataFrame
    source_file: str
    version: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """Records then ratios in one table (``kind`` tells them apart)."""
        rec = self.records.assign(kind="figure")
        rat = self.ratios.assign(
            entity="derived",
            metric=self.ratios["kind"],
            unit=np.where(self.ratios["kind"] == "ratio", "x", "fraction"),
            source=self.ratios["numerator"] + " / " + self.ratios["denominator"],
        )
        cols = [
            "kind",
            "entity",
            "metric",
            "period",
            "value",
            "unit",
            "status",
            "source",
            "published",
            "recorded",
            "note",
        ]
        both = pd.concat([rec, rat.assign(kind="derived")], sort=False)
        return both.reindex(columns=cols)


class SourceModel(ConfigModel):
    """Where a figure comes from: ``publisher`` and ``title`` (required), ``url`` and
    ``date`` (when the source was published; null when the source is undated, e.g. a
    live metrics page)."""

    publisher: Text
    title: Text
    url: str = ""
    date: Date | None = None


class RecordModel(ConfigModel):
    """One sourced figure; ``value: null`` for a figure not yet sourced (never zero).

    ``recorded`` is the date the figure was retrieved from its source and written here;
    ``as_of`` (optional) the date the figure describes (a share count's balance-sheet
    date); ``rounded_to`` (optional, > 0, in the record's unit) the rounding step of a
    figure the source gives rounded (2,900 millions shares "rounded to 0.1B" →
    ``rounded_to: 100``): results built on it carry ± half that step.
    """

    id: Label
    entity: Text
    metric: Text
    period: Label
    value: Number | None
    unit: Text
    status: Status
    source: SourceModel
    recorded: Date
    as_of: Date | None = None
    rounded_to: Number | None = Field(None, gt=0)
    note: str = ""

    @model_validator(mode="after")
    def _dates_in_order(self) -> RecordModel:
        if self.source.date is not None and self.source.date > self.recorded:
            raise ValueErrorAt(
                f"source published {self.source.date} after it was recorded "
                f"({self.recorded}): a figure cannot be retrieved before it is published",
                at=("source", "date"),
            )
        return self

    def to_row(self) -> dict[str, Any]:
        """One row of :attr:`FundamentalsResult.records` (with its ``id``)."""
        return {
            "id": self.id,
            "entity": self.entity,
            "metric": self.metric,
            "period": self.period,
            "value": float(self.value) if self.value is not None else np.nan,
            "unit": self.unit,
            "status": self.status,
            "source": f"{self.source.publisher} — {self.source.title}",
            "url": self.source.url,
            "published": self.source.date.isoformat() if self.source.date else "",
            "recorded": self.recorded.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else "",
            "rounded_to": float(self.rounded_to) if self.rounded_to is not None else np.nan,
            "note": self.note,
        }


class RatioModel(ConfigModel):
    """A derived figure: ``ratio`` (a/b) or ``growth`` (a/b − 1) of two record ids."""

    id: Label
    kind: Literal["ratio", "growth"]
    numerator: Label
    denominator: Label


class FundamentalsFileModel(VersionedFile):
    """A fundamentals file: ``version`` (1), ``records`` and optional ``ratios``."""

    records: list[RecordModel] = Field(min_length=1)
    ratios: list[RatioModel] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> FundamentalsFileModel:
        ids: set[str] = set()
        for position, record in enumerate(self.records):
            if record.id in ids:
                raise ValueErrorAt(
                    f"duplicate record id {record.id!r}", at=("records", position, "id")
                )
            ids.add(record.id)
        for position, ratio in enumerate(self.ratios):
            for key in ("numerator", "denominator"):
                if getattr(ratio, key) not in ids:
                    raise ValueErrorAt(
                        f"unknown record {getattr(ratio, key)!r}: no record has that id",
                        at=("ratios", position, key),
                    )
        return self


def load_fundamentals(path: Source = None) -> FundamentalsResult:
    """Read and validate a fundamentals YAML file and compute its ratios.

    Every record needs ``id, entity, metric, period, value, unit, status, source
    (publisher, title; url and date optional), recorded`` (a date); ``as_of`` and
    ``rounded_to`` are optional; ``value: null`` is allowed for a figure not yet sourced
    (it is never treated as zero). Ratios reference record ids.

    Parameters
    ----------
    path
        A fundamentals YAML file, or the shipped name ``fundamentals``; None for the
        shipped file.

    Raises
    ------
    ConfigError
        Unknown or unreadable file, bad YAML, a missing field, an unknown status, a bad
        date, a source dated after its retrieval, a ``rounded_to`` that is not > 0, a
        duplicate id or a ratio referencing an unknown record
        (``FILE:LINE:COL: KEY (id ...): problem``).
    """
    file = resolve_config_path(path, kind=KIND, default=DEFAULT_FILE)
    model = load_config(file, FundamentalsFileModel, kind=KIND)
    records = pd.DataFrame([r.to_row() for r in model.records]).set_index("id")
    ratios = derive_ratios(records, model.ratios, file)
    notes = []
    counts = records["status"].value_counts().to_dict()
    notes.append("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if counts.get("verified", 0) < len(records):
        notes.append("figures not marked verified must be checked against their source before use")
    return FundamentalsResult(
        records=records,
        ratios=ratios,
        source_file=str(file),
        version=model.version,
        notes=tuple(notes),
    )


def derive_ratios(
    records: pd.DataFrame, specs: Sequence[RatioModel | Mapping[str, Any]], file: str | Path
) -> pd.DataFrame:
    r"""Derived figures: ``ratio`` :math:`a/b`, ``growth`` :math:`a/b - 1`.

    NaN when an input has no value; the status is the weakest of the inputs'
    (verified > unverified > narrative).

    Parameters
    ----------
    records
        Records indexed by ``id`` (:attr:`FundamentalsResult.records`).
    specs
        Ratio entries (validated models, or mappings validated here).
    file
        The file the entries come from, for messages.

    Raises
    ------
    ConfigError
        A bad entry, or one that references an unknown record id.
    """
    rank = {s: i for i, s in enumerate(STATUSES)}
    rows = []
    for item in specs:
        ratio = (
            item
            if isinstance(item, RatioModel)
            else validate_config(ConfigDocument(f"{file}: ratio", item), RatioModel)
        )
        for key in ("numerator", "denominator"):
            if getattr(ratio, key) not in records.index:
                raise ConfigError(
                    f"{file}: ratio {ratio.id}: unknown record {getattr(ratio, key)!r} in {key}"
                )
        spec = ratio.model_dump()
        a = records.loc[spec["numerator"]]
        b = records.loc[spec["denominator"]]
        value = a["value"] / b["value"] if b["value"] else np.nan
        if spec["kind"] == "growth":
            value -= 1.0
        status = max((a["status"], b["status"]), key=lambda s: rank[s])
        rows.append(
            {
                "id": spec["id"],
                "kind": spec["kind"],
                "numerator": spec["numerator"],
                "denominator": spec["denominator"],
                "value": float(value),
                "period": a["period"],
                "status": status,
                "recorded": max(a["recorded"], b["recorded"]),
                "note": f"from {a['unit']} / {b['unit']}",
            }
        )
    cols = [
        "id",
        "kind",
        "numerator",
        "denominator",
        "value",
        "period",
        "status",
        "recorded",
        "note",
    ]
    return pd.DataFrame(rows, columns=cols).set_index("id")
