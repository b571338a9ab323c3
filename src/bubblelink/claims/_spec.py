"""Claims files: parse and validate the YAML that declares a narrative's numeric claims.

A claims file is a mapping with ``narrative`` (title, source, published date), a list
``claims`` and optionally a list ``forward`` (forward-looking claims for the scorecard).

Each claim::

    - id: "2"
      claim: BTC-Nasdaq 30-day Pearson correlation of 0.53 as of 2025-12-10.
      claimed: {value: 0.53, tolerance: 0.03, unit: correlation}   # or {above: 1} / {below: 90000}
      computation: return_correlation                               # a name in COMPUTATIONS
      params: {a: BTC-USD, b: ^IXIC, end: 2025-12-10, window: 30}
      variants:
        - {name: all-days calendar, params: {calendar: all-days}}
        - {name: daily range (proxy), computation: ..., counts: false}
      needs: what data would make it checkable (shown when it is not)
      basis: market data | recorded source
      notes: [free text]

``claimed`` may also carry ``conditions`` (each ``{detail, above|below}`` on a figure of
the computation's details, all must hold) and ``significance`` (``{detail, alpha}``: when
the p-value named by ``detail`` is not below ``alpha`` the verdict says "point estimate
only"). A variant's ``params`` are merged over the claim's; ``counts: false`` marks a
proxy or exploratory variant that is shown but never used for the verdict.

Forward claims::

    - id: F1
      claim: ...
      computation: ai_break            # a name in FORWARD_COMPUTATIONS
      params: {...}
      horizon: 2026-12-12              # after it, an unmet prediction is contradicted

Every problem raises :class:`~bubblelink.errors.ConfigError` naming the claim id and the
field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from bubblelink.errors import ConfigError

#: Shipped claims files (package data under ``bubblelink/data/claims``).
SHIPPED_FILES = ("narrative_2025-12.yaml", "forward_2025-12.yaml")

BASES = ("market data", "recorded source")


def format_figure(value: float | None, unit: str = "", signed: bool = True) -> str:
    """A figure for sentences: fractions as percent, USD in bn/tn, percent with %."""
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return "n/a"
    if unit == "fraction":
        return f"{value:+.1%}" if signed and value else f"{value:.1%}"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "USD":
        size = abs(value)
        if size >= 1e12:
            return f"${value / 1e12:,.2f} tn"
        if size >= 1e9:
            return f"${value / 1e9:,.1f} bn"
        return f"${value:,.0f}"
    if abs(value) >= 1e4:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) >= 1 or value == 0 else f"{value:.3f}"


@dataclass(frozen=True)
class Condition:
    """An extra requirement on a detail figure of a computation (``above`` / ``below``)."""

    detail: str
    above: float | None = None
    below: float | None = None

    def holds(self, value: float | None) -> bool:
        """True when ``value`` is finite and on the required side."""
        if value is None or value != value:
            return False
        if self.above is not None and not value > self.above:
            return False
        return not (self.below is not None and not value < self.below)

    def describe(self) -> str:
        """E.g. ``difference > 0``."""
        side = f"> {self.above:g}" if self.above is not None else f"< {self.below:g}"
        return f"{self.detail} {side}"


@dataclass(frozen=True)
class Significance:
    """The p-value a claim's figure needs below ``alpha`` to be more than a point estimate."""

    detail: str
    alpha: float = 0.05


@dataclass(frozen=True)
class Target:
    """What a reproduced figure must satisfy: a value within a tolerance, or a bound."""

    value: float | None = None
    tolerance: float | None = None
    above: float | None = None
    below: float | None = None
    unit: str = ""
    conditions: tuple[Condition, ...] = ()
    significance: Significance | None = None

    def matches(self, value: float | None, details: Mapping[str, Any] | None = None) -> bool:
        """True when ``value`` satisfies the target and every condition holds."""
        if value is None or value != value:
            return False
        if self.value is not None:
            # the edge counts as within (a relative 1e-12 absorbs float rounding)
            slack = 1e-12 * max(1.0, abs(self.value))
            if abs(value - self.value) > (self.tolerance or 0.0) + slack:
                return False
        if self.above is not None and not value > self.above:
            return False
        if self.below is not None and not value < self.below:
            return False
        details = details or {}
        return all(c.holds(_number(details.get(c.detail))) for c in self.conditions)

    def describe(self) -> str:
        """The claimed figure in words, e.g. ``0.53 ± 0.03``, ``-20.0% ± 2.0%``, ``> 1``."""
        f = self.unit
        parts = []
        if self.value is not None:
            tol = format_figure(self.tolerance or 0.0, f, signed=False)
            parts.append(f"{format_figure(self.value, f)} ± {tol}")
        if self.above is not None:
            parts.append(f"> {format_figure(self.above, f)}")
        if self.below is not None:
            parts.append(f"< {format_figure(self.below, f)}")
        parts.extend(c.describe() for c in self.conditions)
        text = " and ".join(parts)
        suffix = "" if f in ("fraction", "USD", "percent") else f" ({f})" if f else ""
        return text + suffix

    def to_dict(self) -> dict[str, Any]:
        """Plain form for JSON."""
        out: dict[str, Any] = {"text": self.describe()}
        for key in ("value", "tolerance", "above", "below"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.unit:
            out["unit"] = self.unit
        if self.conditions:
            out["conditions"] = [c.describe() for c in self.conditions]
        if self.significance:
            out["significance"] = {
                "detail": self.significance.detail,
                "alpha": self.significance.alpha,
            }
        return out


@dataclass(frozen=True)
class VariantSpec:
    """One alternative method choice: parameters merged over the claim's."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)
    computation: str | None = None
    counts: bool = True
    note: str = ""


@dataclass(frozen=True)
class ClaimSpec:
    """One numeric claim and how to reproduce it."""

    id: str
    claim: str
    claimed: Target
    computation: str
    params: Mapping[str, Any] = field(default_factory=dict)
    variants: tuple[VariantSpec, ...] = ()
    method: str = ""
    needs: str = ""
    basis: str = "market data"
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForwardSpec:
    """One forward-looking claim, scored against data after publication."""

    id: str
    claim: str
    computation: str
    params: Mapping[str, Any] = field(default_factory=dict)
    horizon: pd.Timestamp | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimsFile:
    """A parsed claims file."""

    source: str
    title: str = ""
    narrative_source: str = ""
    published: pd.Timestamp | None = None
    claims: tuple[ClaimSpec, ...] = ()
    forward: tuple[ForwardSpec, ...] = ()

    def merged(self, other: ClaimsFile) -> ClaimsFile:
        """Both files' claims (this file's header wins where set)."""
        return ClaimsFile(
            source=f"{self.source}, {other.source}",
            title=self.title or other.title,
            narrative_source=self.narrative_source or other.narrative_source,
            published=self.published or other.published,
            claims=self.claims + other.claims,
            forward=self.forward + other.forward,
        )


def shipped_claims_paths() -> list[Path]:
    """Paths of the shipped claims files."""
    base = resources.files("bubblelink") / "data" / "claims"
    return [Path(str(base / name)) for name in SHIPPED_FILES]


def load_claims(
    path: str | Path | None = None,
    computations: Mapping[str, Callable[..., Any]] | None = None,
    forward_computations: Mapping[str, Callable[..., Any]] | None = None,
) -> ClaimsFile:
    """Read and validate a claims file (default: the shipped narrative and forward files).

    Parameters
    ----------
    path
        A YAML claims file; None reads every shipped file and merges them.
    computations, forward_computations
        Registries the ``computation`` names are checked against (default: none checked).

    Raises
    ------
    ConfigError
        Unreadable file, bad YAML, or a field that fails validation (the message names
        the claim id and the field).
    """
    paths = [Path(path)] if path is not None else shipped_claims_paths()
    out: ClaimsFile | None = None
    for file in paths:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read claims file {file}: {exc.strerror or exc}") from exc
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            first = str(exc).splitlines()[0]
            raise ConfigError(f"claims file {file} is not valid YAML: {first}") from exc
        parsed = parse_claims(doc, str(file), computations, forward_computations)
        out = parsed if out is None else out.merged(parsed)
    assert out is not None
    return out


def parse_claims(
    doc: Any,
    source: str = "<claims>",
    computations: Mapping[str, Callable[..., Any]] | None = None,
    forward_computations: Mapping[str, Callable[..., Any]] | None = None,
) -> ClaimsFile:
    """Validate a loaded YAML document (see the module docstring for the schema)."""
    if not isinstance(doc, Mapping):
        raise ConfigError(f"{source}: top level must be a mapping with 'claims' and/or 'forward'")
    unknown = set(doc) - {"narrative", "claims", "forward"}
    if unknown:
        raise ConfigError(
            f"{source}: unknown top-level field(s) {', '.join(sorted(map(str, unknown)))}: "
            "use narrative, claims, forward"
        )
    if "claims" not in doc and "forward" not in doc:
        raise ConfigError(f"{source}: no 'claims' or 'forward' list")
    header = doc.get("narrative") or {}
    if not isinstance(header, Mapping):
        raise ConfigError(f"{source}: 'narrative' must be a mapping (title, source, published)")
    published = _date(header.get("published"), source, "narrative", "published", optional=True)
    claims = _list(doc.get("claims", []), source, "claims")
    forward = _list(doc.get("forward", []), source, "forward")
    specs = tuple(_claim(item, i, source, computations) for i, item in enumerate(claims, 1))
    fwd = tuple(
        _forward(item, i, source, forward_computations) for i, item in enumerate(forward, 1)
    )
    ids = [s.id for s in specs] + [f.id for f in fwd]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ConfigError(f"{source}: claim id {duplicated[0]!r} is used more than once")
    return ClaimsFile(
        source=source,
        title=str(header.get("title", "")),
        narrative_source=str(header.get("source", "")),
        published=published,
        claims=specs,
        forward=fwd,
    )


_CLAIM_FIELDS = {
    "id",
    "claim",
    "claimed",
    "computation",
    "params",
    "variants",
    "method",
    "needs",
    "basis",
    "notes",
}
_FORWARD_FIELDS = {"id", "claim", "computation", "params", "horizon", "notes"}


def _claim(
    item: Any,
    position: int,
    source: str,
    computations: Mapping[str, Callable[..., Any]] | None,
) -> ClaimSpec:
    cid = _id(item, position, source, "claims")
    where = f"{source}: claim {cid!r}"
    _no_unknown(item, _CLAIM_FIELDS, where)
    claim = _text(item, "claim", where)
    computation = _computation(item, where, computations)
    basis = str(item.get("basis", "market data"))
    if basis not in BASES:
        raise ConfigError(f"{where}: field 'basis' must be one of {', '.join(BASES)}")
    variants = []
    for j, raw in enumerate(_list(item.get("variants", []), where, "variants"), 1):
        if not isinstance(raw, Mapping) or not raw.get("name"):
            raise ConfigError(f"{where}: field 'variants' entry {j} needs a 'name'")
        vwhere = f"{where}: variant {raw['name']!r}"
        _no_unknown(raw, {"name", "params", "computation", "counts", "note"}, vwhere)
        vcomp = raw.get("computation")
        if vcomp is not None:
            _computation(raw, vwhere, computations)
        counts = raw.get("counts", True)
        if not isinstance(counts, bool):
            raise ConfigError(f"{vwhere}: field 'counts' must be true or false")
        variants.append(
            VariantSpec(
                name=str(raw["name"]),
                params=_params(raw, vwhere),
                computation=str(vcomp) if vcomp is not None else None,
                counts=counts,
                note=str(raw.get("note", "")),
            )
        )
    names = [v.name for v in variants]
    if len(set(names)) != len(names):
        raise ConfigError(f"{where}: field 'variants' has duplicate names")
    return ClaimSpec(
        id=cid,
        claim=claim,
        claimed=_target(item.get("claimed"), where),
        computation=computation,
        params=_params(item, where),
        variants=tuple(variants),
        method=str(item.get("method", "")),
        needs=str(item.get("needs", "")),
        basis=basis,
        notes=_notes(item, where),
    )


def _forward(
    item: Any,
    position: int,
    source: str,
    computations: Mapping[str, Callable[..., Any]] | None,
) -> ForwardSpec:
    cid = _id(item, position, source, "forward")
    where = f"{source}: forward claim {cid!r}"
    _no_unknown(item, _FORWARD_FIELDS, where)
    return ForwardSpec(
        id=cid,
        claim=_text(item, "claim", where),
        computation=_computation(item, where, computations),
        params=_params(item, where),
        horizon=_date(item.get("horizon"), source, cid, "horizon", optional=True),
        notes=_notes(item, where),
    )


def _target(raw: Any, where: str) -> Target:
    if not isinstance(raw, Mapping):
        raise ConfigError(
            f"{where}: field 'claimed' must be a mapping, e.g. {{value: 0.53, tolerance: 0.03}} "
            "or {above: 1}"
        )
    allowed = {"value", "tolerance", "above", "below", "unit", "conditions", "significance"}
    _no_unknown(raw, allowed, f"{where}: field 'claimed'")
    numbers = {}
    for key in ("value", "tolerance", "above", "below"):
        if raw.get(key) is not None:
            numbers[key] = _float(raw[key], where, f"claimed.{key}")
    if not ({"value", "above", "below"} & set(numbers)):
        raise ConfigError(
            f"{where}: field 'claimed' needs 'value' (with 'tolerance'), 'above' or 'below'"
        )
    if "value" in numbers and "tolerance" not in numbers:
        raise ConfigError(f"{where}: field 'claimed.tolerance' is required with 'claimed.value'")
    if numbers.get("tolerance", 0.0) < 0:
        raise ConfigError(f"{where}: field 'claimed.tolerance' must be >= 0")
    conditions = []
    for j, c in enumerate(_list(raw.get("conditions", []), where, "claimed.conditions"), 1):
        if not isinstance(c, Mapping) or "detail" not in c or not ({"above", "below"} & set(c)):
            raise ConfigError(
                f"{where}: field 'claimed.conditions' entry {j} needs 'detail' and 'above' or 'below'"
            )
        conditions.append(
            Condition(
                detail=str(c["detail"]),
                above=_float(c["above"], where, "claimed.conditions.above")
                if "above" in c
                else None,
                below=_float(c["below"], where, "claimed.conditions.below")
                if "below" in c
                else None,
            )
        )
    significance = None
    sig = raw.get("significance")
    if sig is not None:
        if not isinstance(sig, Mapping) or "detail" not in sig:
            raise ConfigError(f"{where}: field 'claimed.significance' needs 'detail' (and 'alpha')")
        alpha = _float(sig.get("alpha", 0.05), where, "claimed.significance.alpha")
        if not 0 < alpha < 1:
            raise ConfigError(f"{where}: field 'claimed.significance.alpha' must be in (0, 1)")
        significance = Significance(detail=str(sig["detail"]), alpha=alpha)
    return Target(
        value=numbers.get("value"),
        tolerance=numbers.get("tolerance"),
        above=numbers.get("above"),
        below=numbers.get("below"),
        unit=str(raw.get("unit", "")),
        conditions=tuple(conditions),
        significance=significance,
    )


def _id(item: Any, position: int, source: str, section: str) -> str:
    if not isinstance(item, Mapping):
        raise ConfigError(f"{source}: {section} entry {position} must be a mapping")
    cid = item.get("id")
    if cid is None or str(cid).strip() == "":
        raise ConfigError(f"{source}: {section} entry {position}: field 'id' is required")
    return str(cid)


def _no_unknown(item: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(map(str, item)) - allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def _text(item: Mapping[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: field {key!r} is required (one sentence)")
    return value.strip()


def _computation(
    item: Mapping[str, Any], where: str, registry: Mapping[str, Callable[..., Any]] | None
) -> str:
    name = item.get("computation")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}: field 'computation' is required")
    if registry is not None and name not in registry:
        raise ConfigError(
            f"{where}: field 'computation' {name!r} is unknown (known: {', '.join(sorted(registry))})"
        )
    return name


def _params(item: Mapping[str, Any], where: str) -> dict[str, Any]:
    params = item.get("params", {}) or {}
    if not isinstance(params, Mapping):
        raise ConfigError(f"{where}: field 'params' must be a mapping")
    for key in params:
        if not isinstance(key, str):
            raise ConfigError(
                f"{where}: field 'params' has a non-text name {key!r} (YAML reads on/off/yes/no "
                "as booleans: quote the name)"
            )
    return {str(k): _plain_param(v) for k, v in params.items()}


def _plain_param(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain_param(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_param(v) for v in value]
    return value


def _notes(item: Mapping[str, Any], where: str) -> tuple[str, ...]:
    notes = item.get("notes", [])
    if isinstance(notes, str):
        return (notes,)
    if not isinstance(notes, list):
        raise ConfigError(f"{where}: field 'notes' must be a list of strings")
    return tuple(str(n) for n in notes)


def _list(value: Any, where: str, key: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"{where}: field {key!r} must be a list")
    return value


def _float(value: Any, where: str, key: str) -> float:
    if isinstance(value, bool):
        raise ConfigError(f"{where}: field {key!r} must be a number, got {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: field {key!r} must be a number, got {value!r}") from exc


def _date(value: Any, source: str, cid: str, key: str, optional: bool) -> pd.Timestamp | None:
    if value is None:
        if optional:
            return None
        raise ConfigError(f"{source}: {cid}: field {key!r} is required")
    try:
        stamp = pd.Timestamp(str(value))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: {cid}: field {key!r} is not a date: {value!r}") from exc
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
