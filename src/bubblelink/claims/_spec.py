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
        - {name: price levels, params: {of: levels}, illustrative: true}
      needs: what data would make it checkable (shown when it is not)
      basis: market data | recorded source
      notes: [free text]

``claimed`` may also carry ``conditions`` (each ``{detail, above|below}`` on a figure of
the computation's details, all must hold) and ``significance`` (``{detail, alpha}``: when
the p-value named by ``detail`` is not below ``alpha`` the figure is a point estimate
only and the verdict is ``inconclusive``: too noisy to tell). A variant's ``params`` are
merged over the claim's; ``counts: false`` marks a proxy or exploratory variant and
``illustrative: true`` a pitfall shown for contrast (required for a price-levels
correlation, ``of: levels``): both are shown but never used for the verdict.

Forward claims::

    - id: F1
      claim: ...
      computation: ai_break            # a name in FORWARD_COMPUTATIONS
      params: {...}
      horizon: 2026-12-12              # after it, an unmet prediction is contradicted

The schema is the pydantic model :class:`ClaimsFileModel` (unknown keys are errors);
files are read by the one loader of :mod:`bubblelink.config.files`, so every problem raises
a one-line :class:`~bubblelink.errors.ConfigError` naming the file, line, column, key path
and claim id, e.g. ``claims.yaml:14:7: claims[1].claimed.tolerance (id '2'): must be >= 0,
got -0.01``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bubblelink.config import once_per_version
from bubblelink.config.files import (
    ConfigDocument,
    Source,
    read_config,
    resolve_config_path,
    shipped_config_path,
    validate_config,
)
from bubblelink.config.models import ConfigModel, Date, Label, Number, Text, ValueErrorAt
from bubblelink.results import format_usd

#: Shipped claims files (package data under ``bubblelink/data/claims``), in reading order.
SHIPPED_FILES = ("narrative_2025-12.yaml", "forward_2025-12.yaml")
KIND = "claims"
FOLDER = "claims"

BASES = ("market data", "recorded source")
Basis = Literal["market data", "recorded source"]


def format_figure(value: float | None, unit: str = "", signed: bool = True) -> str:
    """A figure for sentences: fractions as percent, USD in bn/tn, percent with %."""
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return "n/a"
    if unit == "fraction":
        digits = 3 if 0 < abs(value) < 0.0005 else 1  # never show a non-zero move as 0.0%
        return f"{value:+.{digits}%}" if signed and value else f"{value:.{digits}%}"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "USD":
        return format_usd(value)
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
        return all(c.holds(_as_float(details.get(c.detail))) for c in self.conditions)

    def edges(self) -> list[float]:
        """The tolerance edges and bounds (where the verdict flips)."""
        out = []
        if self.value is not None:
            tol = self.tolerance or 0.0
            out += [self.value - tol, self.value + tol]
        out += [b for b in (self.above, self.below) if b is not None]
        return out

    def margin(self, value: float) -> float:
        """Signed distance from ``value`` to the nearest edge: > 0 inside the claimed
        region (value ± tolerance, above/below the bounds), < 0 outside (conditions on
        detail figures are not part of it)."""
        margins = []
        if self.value is not None:
            margins.append((self.tolerance or 0.0) - abs(value - self.value))
        if self.above is not None:
            margins.append(value - self.above)
        if self.below is not None:
            margins.append(self.below - value)
        return min(margins) if margins else float("inf")

    def nearest_edge(self, value: float) -> float | None:
        """The edge closest to ``value`` (None without edges)."""
        edges = self.edges()
        return min(edges, key=lambda e: abs(value - e)) if edges else None

    def claimed_side(self) -> tuple[float, int] | None:
        """``(reference, +1/-1)``: the side of a reference the claim puts the figure on.

        ``above b`` → ``(b, +1)``; ``below b`` → ``(b, -1)``; ``value v ± t`` with
        ``|v| > t`` (a signed claim: "fell 20%", "a 0.96 correlation") → ``(0, sign v)``;
        None when the claim has no side (a value that may be either sign).
        """
        if self.above is not None:
            return self.above, 1
        if self.below is not None:
            return self.below, -1
        if self.value is not None and abs(self.value) > (self.tolerance or 0.0):
            return 0.0, 1 if self.value > 0 else -1
        return None

    def check_text(self, value: float, details: Mapping[str, Any] | None = None) -> str:
        """The tolerance check in words, e.g. ``0.537 is within 0.530 ± 0.030 (0.023 inside
        the edge 0.560)``; says when the figure equals an edge at the shown precision."""
        f = self.unit
        shown = format_figure(value, f)
        margin = self.margin(value)
        inside = margin >= -1e-12 * max(1.0, abs(value))
        edge = self.nearest_edge(value)
        text = f"{shown} is {'within' if inside else 'outside'} {self._region()}"
        if edge is not None and math.isfinite(margin):
            where = "inside" if inside else "beyond"
            text += (
                f" ({format_figure(abs(margin), f, signed=False)} {where} the edge "
                f"{format_figure(edge, f)})"
            )
            if _shown(value, f) == _shown(edge, f):
                text += "; the figure rounds to the edge at the shown precision"
        for c in self.conditions:
            got = _as_float((details or {}).get(c.detail))
            text += f"; {c.detail} {format_figure(got)} {'meets' if c.holds(got) else 'fails'} {c.describe()}"
        return text

    def _region_parts(self) -> list[str]:
        f = self.unit
        parts = []
        if self.value is not None:
            tol = format_figure(self.tolerance or 0.0, f, signed=False)
            parts.append(f"{format_figure(self.value, f)} ± {tol}")
        if self.above is not None:
            parts.append(f"> {format_figure(self.above, f)}")
        if self.below is not None:
            parts.append(f"< {format_figure(self.below, f)}")
        return parts

    def _region(self) -> str:
        return " and ".join(self._region_parts())

    def describe(self) -> str:
        """The claimed figure in words, e.g. ``0.53 ± 0.03``, ``-20.0% ± 2.0%``, ``> 1``."""
        f = self.unit
        parts = self._region_parts()
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
    """One alternative method choice: parameters merged over the claim's.

    ``counts: false`` marks a proxy or exploratory variant; ``illustrative: true`` one
    shown only to illustrate a pitfall (a price-levels correlation): neither ever
    counts toward the verdict.
    """

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)
    computation: str | None = None
    counts: bool = True
    note: str = ""
    illustrative: bool = False


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
    return [shipped_config_path(name, folder=FOLDER) for name in SHIPPED_FILES]


def load_claims(
    path: Source = None,
    computations: Mapping[str, Callable[..., Any]] | None = None,
    forward_computations: Mapping[str, Callable[..., Any]] | None = None,
) -> ClaimsFile:
    """Read and validate a claims file (default: the shipped narrative and forward files).

    Parameters
    ----------
    path
        A YAML claims file or the name of a shipped one (``narrative_2025-12``); None
        reads every shipped file and merges them.
    computations, forward_computations
        Registries the ``computation`` names are checked against (default: none checked).

    Raises
    ------
    ConfigError
        Unknown or unreadable file, bad YAML, or a field that fails validation (the
        message names the file, line, column, key path and claim id).
    """
    files = (
        [resolve_config_path(path, kind=KIND, folder=FOLDER)]
        if path is not None
        else shipped_claims_paths()
    )
    context = {"computations": computations, "forward_computations": forward_computations}
    out: ClaimsFile | None = None
    # parsed and validated once per version of each file (the API asks on every request);
    # the validation depends on the registries' names only
    names = tuple(None if r is None else tuple(sorted(r)) for r in context.values())

    def parse(file: Path) -> ClaimsFile:
        model = validate_config(read_config(file, kind=KIND), ClaimsFileModel, context=context)
        return model.to_claims_file(str(file))

    for file in files:
        parsed = once_per_version(file, (KIND, names), functools.partial(parse, file))
        out = parsed if out is None else out.merged(parsed)
    assert out is not None
    return out


def parse_claims(
    doc: Any,
    source: str = "<claims>",
    computations: Mapping[str, Callable[..., Any]] | None = None,
    forward_computations: Mapping[str, Callable[..., Any]] | None = None,
) -> ClaimsFile:
    """Validate an already-parsed document (see :class:`ClaimsFileModel` for the schema).

    Raises
    ------
    ConfigError
        ``SOURCE: KEY.PATH (id ...): problem`` for the first field that fails validation.
    """
    context = {"computations": computations, "forward_computations": forward_computations}
    model = validate_config(ConfigDocument(source, doc), ClaimsFileModel, context=context)
    return model.to_claims_file(source)


# --- the schema -------------------------------------------------------------------------------


def _empty_if_null(value: Any) -> Any:
    return {} if value is None else value


def _plain_param(value: Any) -> Any:
    """Dates as ISO text, nested mappings and lists likewise (parameters are passed as is)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain_param(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_param(v) for v in value]
    return value


def _plain_params(params: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain_param(value) for key, value in params.items()}


def _notes_list(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _list_if_null(value: Any) -> Any:
    return [] if value is None else value


#: Parameters of a computation: text names, any values (dates become ISO text).
Params = Annotated[dict[str, Any], BeforeValidator(_empty_if_null), AfterValidator(_plain_params)]
#: Free-text notes: one string or a list of strings.
Notes = Annotated[list[str], BeforeValidator(_notes_list)]


def _known_computation(name: str, info: ValidationInfo, registry: str) -> str:
    known = (info.context or {}).get(registry)
    if known is not None and name not in known:
        raise ValueError(f"unknown computation {name!r} (known: {', '.join(sorted(known))})")
    return name


def _utc(day: dt.date | None) -> pd.Timestamp | None:
    return None if day is None else pd.Timestamp(day).tz_localize("UTC")


class ConditionModel(ConfigModel):
    """``{detail, above|below}``: a figure of the computation's details must be on one side."""

    detail: Text
    above: Number | None = None
    below: Number | None = None

    @model_validator(mode="after")
    def _one_side(self) -> ConditionModel:
        if self.above is None and self.below is None:
            raise ValueError("needs 'above' or 'below' besides 'detail'")
        return self


class SignificanceModel(ConfigModel):
    """``{detail, alpha}``: the p-value ``detail`` must be below ``alpha`` (in (0, 1))."""

    detail: Text
    alpha: Number = Field(0.05, gt=0, lt=1)


class TargetModel(ConfigModel):
    """``claimed``: ``value`` with ``tolerance`` (>= 0), and/or ``above``/``below``."""

    value: Number | None = None
    tolerance: Number | None = Field(None, ge=0)
    above: Number | None = None
    below: Number | None = None
    unit: str = ""
    conditions: Annotated[list[ConditionModel], BeforeValidator(_list_if_null)] = Field(
        default_factory=list
    )
    significance: SignificanceModel | None = None

    @model_validator(mode="after")
    def _complete(self) -> TargetModel:
        if self.value is None and self.above is None and self.below is None:
            raise ValueError(
                "needs 'value' (with 'tolerance'), 'above' or 'below', e.g. "
                "{value: 0.53, tolerance: 0.03} or {above: 1}"
            )
        if self.value is not None and self.tolerance is None:
            raise ValueErrorAt("is required with 'value'", at=("tolerance",))
        return self

    def to_target(self) -> Target:
        """The frozen :class:`Target`."""
        return Target(
            value=self.value,
            tolerance=self.tolerance,
            above=self.above,
            below=self.below,
            unit=self.unit,
            conditions=tuple(
                Condition(detail=c.detail, above=c.above, below=c.below) for c in self.conditions
            ),
            significance=(
                Significance(detail=self.significance.detail, alpha=self.significance.alpha)
                if self.significance is not None
                else None
            ),
        )


class VariantModel(ConfigModel):
    """One alternative method: ``name``, ``params`` merged over the claim's, ``counts``,
    ``illustrative`` (shown, never counted; required for a price-levels correlation)."""

    name: Text
    params: Params = Field(default_factory=dict)
    computation: Text | None = None
    counts: bool | None = None
    note: str = ""
    illustrative: bool = False

    @field_validator("computation")
    @classmethod
    def _known(cls, name: str | None, info: ValidationInfo) -> str | None:
        return None if name is None else _known_computation(name, info, "computations")

    @model_validator(mode="after")
    def _illustrative_never_counts(self) -> VariantModel:
        if self.illustrative and self.counts:
            raise ValueErrorAt(
                "an illustrative variant never counts: drop 'counts: true'", at=("counts",)
            )
        if self.params.get("of") == "levels" and not self.illustrative:
            raise ValueErrorAt(
                "a price-levels correlation is spurious-prone: mark the variant "
                "'illustrative: true' (shown, never counted)",
                at=("illustrative",),
            )
        return self


class ClaimModel(ConfigModel):
    """One numeric claim (see the module docstring)."""

    id: Label
    claim: Text
    claimed: TargetModel
    computation: Text
    params: Params = Field(default_factory=dict)
    variants: Annotated[list[VariantModel], BeforeValidator(_list_if_null)] = Field(
        default_factory=list
    )
    method: str = ""
    needs: str = ""
    basis: Basis = "market data"
    notes: Notes = Field(default_factory=list)

    @field_validator("computation")
    @classmethod
    def _known(cls, name: str, info: ValidationInfo) -> str:
        return _known_computation(name, info, "computations")

    @model_validator(mode="after")
    def _unique_variants(self) -> ClaimModel:
        seen: set[str] = set()
        for position, variant in enumerate(self.variants):
            if variant.name in seen:
                raise ValueErrorAt(
                    f"variant name {variant.name!r} is used twice",
                    at=("variants", position, "name"),
                )
            seen.add(variant.name)
        return self

    def to_spec(self) -> ClaimSpec:
        """The frozen :class:`ClaimSpec`."""
        return ClaimSpec(
            id=self.id,
            claim=self.claim,
            claimed=self.claimed.to_target(),
            computation=self.computation,
            params=self.params,
            variants=tuple(
                VariantSpec(
                    name=v.name,
                    params=v.params,
                    computation=v.computation,
                    counts=bool(v.counts if v.counts is not None else not v.illustrative),
                    note=v.note,
                    illustrative=v.illustrative,
                )
                for v in self.variants
            ),
            method=self.method,
            needs=self.needs,
            basis=self.basis,
            notes=tuple(self.notes),
        )


class ForwardModel(ConfigModel):
    """One forward-looking claim; ``horizon`` is the date after which it is scored."""

    id: Label
    claim: Text
    computation: Text
    params: Params = Field(default_factory=dict)
    horizon: Date | None = None
    notes: Notes = Field(default_factory=list)

    @field_validator("computation")
    @classmethod
    def _known(cls, name: str, info: ValidationInfo) -> str:
        return _known_computation(name, info, "forward_computations")

    def to_spec(self) -> ForwardSpec:
        """The frozen :class:`ForwardSpec`."""
        return ForwardSpec(
            id=self.id,
            claim=self.claim,
            computation=self.computation,
            params=self.params,
            horizon=_utc(self.horizon),
            notes=tuple(self.notes),
        )


class NarrativeModel(ConfigModel):
    """The narrative the claims come from."""

    title: str = ""
    source: str = ""
    published: Date | None = None


class ClaimsFileModel(ConfigModel):
    """A claims file: ``narrative``, and a list ``claims`` and/or a list ``forward``."""

    narrative: Annotated[NarrativeModel, BeforeValidator(_empty_if_null)] = NarrativeModel()
    claims: Annotated[list[ClaimModel], BeforeValidator(_list_if_null)] = Field(
        default_factory=list
    )
    forward: Annotated[list[ForwardModel], BeforeValidator(_list_if_null)] = Field(
        default_factory=list
    )

    @model_validator(mode="before")
    @classmethod
    def _has_claims(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and "claims" not in data and "forward" not in data:
            raise ValueError("no 'claims' or 'forward' list: a claims file needs at least one")
        return data

    @model_validator(mode="after")
    def _unique_ids(self) -> ClaimsFileModel:
        seen: set[str] = set()
        entries = [("claims", i, c.id) for i, c in enumerate(self.claims)]
        entries += [("forward", i, f.id) for i, f in enumerate(self.forward)]
        for section, position, claim_id in entries:
            if claim_id in seen:
                raise ValueErrorAt(
                    f"claim id {claim_id!r} is used more than once", at=(section, position, "id")
                )
            seen.add(claim_id)
        return self

    def to_claims_file(self, source: str) -> ClaimsFile:
        """The frozen :class:`ClaimsFile` read from ``source``."""
        return ClaimsFile(
            source=source,
            title=self.narrative.title,
            narrative_source=self.narrative.source,
            published=_utc(self.narrative.published),
            claims=tuple(c.to_spec() for c in self.claims),
            forward=tuple(f.to_spec() for f in self.forward),
        )


def _shown(value: float, unit: str) -> str:
    """A figure as shown, without a leading ``+`` and with ``-0`` read as ``0``."""
    text = format_figure(value, unit).lstrip("+")
    stripped = text.replace("-", "", 1)
    return stripped if not any(c in "123456789" for c in stripped) else text


def _as_float(value: Any) -> Number | None:
    """A detail figure as a float (None when it is not a number)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
