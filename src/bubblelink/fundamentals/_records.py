"""AI-boom fundamentals: a versioned file of sourced figures and the ratios derived from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from bubblelink.analytics._result import ResultBase
from bubblelink.errors import ConfigError

STATUSES = ("verified", "unverified", "narrative")
RATIO_KINDS = ("ratio", "growth")
REQUIRED = ("id", "entity", "metric", "period", "value", "unit", "status", "source", "recorded")


def default_fundamentals_path() -> Path:
    """The shipped starter file ``bubblelink/data/fundamentals.yaml``."""
    return Path(str(resources.files("bubblelink") / "data" / "fundamentals.yaml"))


@dataclass(frozen=True, eq=False)
class FundamentalsResult(ResultBase):
    """The figures and derived ratios of a fundamentals file.

    ``records`` index ``id``: entity, metric, period, value (NaN when not yet sourced),
    unit, status, source (publisher — title), url, recorded, note. ``ratios`` index
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
            "recorded",
            "note",
        ]
        both = pd.concat([rec, rat.assign(kind="derived")], sort=False)
        return both.reindex(columns=cols)


def _fail(file: Path, where: str, what: str) -> ConfigError:
    return ConfigError(f"{file}: {where}: {what}")


def load_fundamentals(path: str | Path | None = None) -> FundamentalsResult:
    """Read and validate a fundamentals YAML file and compute its ratios.

    Every record needs ``id, entity, metric, period, value, unit, status, source
    (publisher, title, url optional), recorded`` (a date); ``value: null`` is allowed
    for a figure not yet sourced (it is never treated as zero). Ratios reference
    record ids.

    Raises
    ------
    ConfigError
        Unreadable file or YAML, a missing field, an unknown status, a bad date, a
        duplicate id or a ratio referencing an unknown record.
    """
    file = Path(path) if path is not None else default_fundamentals_path()
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the fundamentals file {file}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{file}{where}: invalid YAML: fix the syntax") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("records"), list):
        raise ConfigError(f"{file}: expected a mapping with a 'records' list")
    rows = []
    for i, rec in enumerate(raw["records"], start=1):
        where = f"record {i}"
        if not isinstance(rec, dict):
            raise _fail(file, where, "must be a mapping")
        where = f"record {i} ({rec.get('id', '?')})"
        missing = [k for k in REQUIRED if k not in rec]
        if missing:
            raise _fail(file, where, f"missing {', '.join(missing)}")
        if rec["status"] not in STATUSES:
            raise _fail(file, where, f"status must be one of {', '.join(STATUSES)}")
        value = rec["value"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise _fail(file, where, f"value must be a number or null, got {value!r}")
        source = rec["source"]
        if not isinstance(source, dict) or not source.get("publisher") or not source.get("title"):
            raise _fail(file, where, "source needs a publisher and a title")
        recorded = rec["recorded"]
        if not isinstance(recorded, dt.date):
            try:
                recorded = dt.date.fromisoformat(str(recorded))
            except ValueError:
                raise _fail(
                    file, where, f"recorded must be a date (YYYY-MM-DD), got {recorded!r}"
                ) from None
        rows.append(
            {
                "id": str(rec["id"]),
                "entity": str(rec["entity"]),
                "metric": str(rec["metric"]),
                "period": str(rec["period"]),
                "value": float(value) if value is not None else np.nan,
                "unit": str(rec["unit"]),
                "status": rec["status"],
                "source": f"{source['publisher']} — {source['title']}",
                "url": source.get("url", ""),
                "recorded": recorded.isoformat(),
                "note": str(rec.get("note", "")),
            }
        )
    records = pd.DataFrame(rows)
    dupes = records["id"][records["id"].duplicated()].tolist()
    if dupes:
        raise ConfigError(f"{file}: duplicate record id(s): {', '.join(dupes)}")
    records = records.set_index("id")
    ratios = derive_ratios(records, raw.get("ratios") or [], file)
    notes = []
    counts = records["status"].value_counts().to_dict()
    notes.append("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if counts.get("verified", 0) < len(records):
        notes.append("figures not marked verified must be checked against their source before use")
    return FundamentalsResult(
        records=records,
        ratios=ratios,
        source_file=str(file),
        version=int(raw.get("version", 1)),
        notes=tuple(notes),
    )


def derive_ratios(records: pd.DataFrame, specs: list[Any], file: Path) -> pd.DataFrame:
    r"""Derived figures: ``ratio`` :math:`a/b`, ``growth`` :math:`a/b - 1`.

    NaN when an input has no value; the status is the weakest of the inputs'
    (verified > unverified > narrative).
    """
    rank = {s: i for i, s in enumerate(STATUSES)}
    rows = []
    for spec in specs:
        if not isinstance(spec, dict) or spec.get("kind") not in RATIO_KINDS:
            raise ConfigError(f"{file}: ratio {spec!r}: kind must be 'ratio' or 'growth'")
        for key in ("id", "numerator", "denominator"):
            if key not in spec:
                raise ConfigError(f"{file}: ratio {spec.get('id', '?')}: missing {key}")
        for key in ("numerator", "denominator"):
            if spec[key] not in records.index:
                raise ConfigError(
                    f"{file}: ratio {spec['id']}: unknown record {spec[key]!r} in {key}"
                )
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
