"""Check claims against a store: run each claim's default method and variants, decide."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.claims._computations import COMPUTATIONS, Computation
from bubblelink.claims._data import ClaimData, NotCheckableError, ShortSampleError
from bubblelink.claims._measurement import Measurement
from bubblelink.claims._results import ClaimResult, ClaimsReport, VariantValue
from bubblelink.claims._sample import MIN_COVERAGE
from bubblelink.claims._spec import ClaimsFile, ClaimSpec, load_claims
from bubblelink.claims._verdict import (
    Outcome,
    assess,
    decide,
    not_checkable_with_variants,
    variant_reason,
)
from bubblelink.errors import ConfigError, DataError

SYNTHETIC_PREFIX = "about SYNTHETIC sample data, not the market: "


def run_computation(
    name: str,
    data: ClaimData,
    params: Mapping[str, Any],
    where: str,
    registry: Mapping[str, Computation] | None = None,
) -> Measurement | Outcome:
    """Run one computation; data problems come back as an :class:`Outcome` with a reason.

    Raises
    ------
    ConfigError
        An unknown computation or a bad parameter (the message names ``where``).
    """
    registry = registry if registry is not None else COMPUTATIONS
    if name not in registry:
        raise ConfigError(f"{where}: field 'computation' {name!r} is unknown")
    try:
        return registry[name](data, params)
    except NotCheckableError as exc:
        return Outcome(name=where, value=None, reason=exc.reason, needs=exc.needs)
    except ShortSampleError as exc:
        return Outcome(name=where, value=None, reason=str(exc), sample=exc.sample)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    except DataError as exc:
        return Outcome(name=where, value=None, reason=str(exc))
    except (ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
        # never crash a report on one claim: say what failed
        return Outcome(
            name=where, value=None, reason=f"computation failed ({type(exc).__name__}: {exc})"
        )


def _outcome(name: str, got: Measurement | Outcome, **kw: Any) -> Outcome:
    """An :class:`Outcome` from a measurement, or the failed one renamed."""
    if isinstance(got, Measurement):
        return Outcome(
            name,
            got.value,
            got.details,
            sample=got.sample,
            rounding=got.rounding,
            rounding_note=got.rounding_note,
            **kw,
        )
    return Outcome(name, None, reason=got.reason, needs=got.needs, sample=got.sample, **kw)


def check_claim(spec: ClaimSpec, data: ClaimData, source: str = "") -> ClaimResult:
    """Reproduce one claim under its default method and every variant; give the verdict."""
    where = f"{source}: claim {spec.id!r}" if source else f"claim {spec.id!r}"
    first = run_computation(spec.computation, data, spec.params, where)
    measurements: list[Measurement] = [first] if isinstance(first, Measurement) else []
    default = _outcome("default", first)
    if not default.computed and not default.needs and spec.needs:
        default = Outcome(
            "default", None, reason=default.reason, needs=spec.needs, sample=default.sample
        )
    outcomes: list[Outcome] = []
    values: list[VariantValue] = []
    for variant in spec.variants:
        params = {**spec.params, **variant.params}
        got = run_computation(
            variant.computation or spec.computation,
            data,
            params,
            f"{where}: variant {variant.name!r}",
        )
        outcome = _outcome(
            variant.name,
            got,
            counts=variant.counts,
            note=variant.note,
            illustrative=variant.illustrative,
        )
        if isinstance(got, Measurement):
            measurements.append(got)
        outcomes.append(outcome)
        values.append(
            VariantValue(
                name=variant.name,
                value=outcome.value if outcome.computed else None,
                matches=spec.claimed.matches(outcome.value, outcome.details)
                if outcome.computed
                else None,
                counts=variant.counts and not variant.illustrative,
                method=got.method if isinstance(got, Measurement) else "",
                reason=variant_reason(spec.claimed, outcome),
                note=variant.note,
                illustrative=variant.illustrative,
                assessment=assess(spec.claimed, outcome).status,
                sample=outcome.sample,
            )
        )
    decision = decide(spec.claimed, default, outcomes, basis=spec.basis)
    decision = not_checkable_with_variants(decision, outcomes, spec.claimed.unit)
    provenance = _merge_provenance(measurements)
    synthetic = any(bool(p.get("synthetic")) for p in provenance)
    statement = (SYNTHETIC_PREFIX + decision.statement) if synthetic else decision.statement
    notes: list[str] = []
    for m in measurements[:1]:
        notes.extend(m.notes)
    notes.extend(spec.notes)
    details = dict(first.details) if isinstance(first, Measurement) else {}
    record = details.get("record") if spec.basis == "recorded source" else None
    return ClaimResult(
        id=spec.id,
        claim=spec.claim,
        claimed=spec.claimed,
        verdict=decision.verdict,
        statement=statement,
        value=first.value if isinstance(first, Measurement) else None,
        method=first.method if isinstance(first, Measurement) else (spec.method or ""),
        variants=tuple(values),
        matched_variants=decision.matched,
        qualifier=decision.qualifier,
        basis=spec.basis,
        reason=decision.reason,
        needs=default.needs,
        provenance=provenance,
        synthetic=synthetic,
        details=details,
        notes=tuple(dict.fromkeys(notes)),
        sample=default.sample,
        source=dict(record) if isinstance(record, Mapping) else None,
    )


def check_claims(
    claims: ClaimsFile | Sequence[ClaimSpec] | str | Path | None,
    data: ClaimData,
) -> ClaimsReport:
    """Check every claim of a claims file against a data source.

    Parameters
    ----------
    claims
        A parsed :class:`ClaimsFile`, a list of specs, a path, or None (shipped files).
    data
        Where the computations read (the store as known on ``--asof``; see
        :data:`bubblelink.claims._data.ClaimData`).

    Returns
    -------
    ClaimsReport
        One :class:`ClaimResult` per claim, in file order.
    """
    parsed = _as_file(claims)
    stamp = data.last_date()
    results = tuple(check_claim(spec, data, parsed.source) for spec in parsed.claims)
    synthetic = any(r.synthetic for r in results)
    notes = []
    if synthetic:
        notes.append(
            "SYNTHETIC sample data: these verdicts are about synthetic series, not the market"
        )
    if stamp is not None:
        notes.append(f"data as known on {stamp.date()}")
    notes.append(
        f"coverage rule: a figure computed on less than {MIN_COVERAGE:.0%} of the "
        "observations its claim asks for is inconclusive (sample and window in each result)"
    )
    return ClaimsReport(
        claims=results, source=parsed.source, as_of=stamp, synthetic=synthetic, notes=tuple(notes)
    )


def _as_file(claims: ClaimsFile | Sequence[ClaimSpec] | str | Path | None) -> ClaimsFile:
    if isinstance(claims, ClaimsFile):
        return claims
    if claims is None or isinstance(claims, str | Path):
        return load_claims(claims, computations=COMPUTATIONS)
    return ClaimsFile(source="<claims>", claims=tuple(claims))


def _date_order(value: Any) -> tuple[int, Any]:
    """Sort key for provenance bounds: dates chronologically; labels such as a fiscal
    period ("FY2026", from a recorded figure) after them, alphabetically."""
    try:
        return (0, pd.Timestamp(value))
    except (ValueError, TypeError):
        return (1, str(value))


def _merge_provenance(measurements: Sequence[Measurement]) -> tuple[Mapping[str, Any], ...]:
    """Provenance of every series used, one entry per series (widest first/last dates)."""
    merged: dict[str, dict[str, Any]] = {}
    for m in measurements:
        for p in m.provenance:
            key = str(p.get("series"))
            entry = merged.setdefault(key, dict(p))
            for bound, pick in (("first", min), ("last", max)):
                values = [v for v in (entry.get(bound), p.get(bound)) if v]
                entry[bound] = pick(values, key=_date_order) if values else None
            entry["synthetic"] = bool(entry.get("synthetic")) or bool(p.get("synthetic"))
    return tuple(merged.values())
