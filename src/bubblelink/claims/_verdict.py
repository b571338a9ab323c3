"""Verdict logic: compare the default method's figure and each variant's with the claim.

Rules (in order)
----------------
1. The default method could not be computed (data missing) → ``not_checkable``; the
   reason and the data it would need are reported, variants are still shown.
2. The default figure meets the claimed target (within tolerance, or on the claimed side
   of a bound, with every condition) → ``reproduced``. When the claim names a p-value
   (``significance``) that is not below ``alpha`` the verdict carries the qualifier
   "point estimate only".
3. Otherwise, if one or more *counting* variants meet the target →
   ``reproduced_only_with`` those variants (proxy/exploratory variants never count).
4. Otherwise → ``not_reproduced``.

For claims whose basis is a ``recorded source`` (not prices), the statement says
"consistent with the recorded source", never "verified".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bubblelink.claims._spec import Target, format_figure

VERDICTS = ("reproduced", "reproduced_only_with", "not_reproduced", "not_checkable")


@dataclass(frozen=True)
class Outcome:
    """The figure one method gave (or why it could not be computed)."""

    name: str
    value: float | None
    details: Mapping[str, Any] = field(default_factory=dict)
    counts: bool = True
    reason: str = ""
    needs: str = ""
    note: str = ""

    @property
    def computed(self) -> bool:
        """True when a finite figure was obtained."""
        return self.value is not None and math.isfinite(self.value)


@dataclass(frozen=True)
class Decision:
    """A verdict, the variants it rests on, and the sentence that explains it."""

    verdict: str
    matched: tuple[str, ...] = ()
    qualifier: str = ""
    statement: str = ""


def fmt_value(value: float | None, unit: str = "") -> str:
    """A figure for sentences (see :func:`bubblelink.claims._spec.format_figure`)."""
    return format_figure(value, unit)


def decide(
    target: Target,
    default: Outcome,
    variants: Sequence[Outcome] = (),
    basis: str = "market data",
) -> Decision:
    """Apply the verdict rules (module docstring) to one claim's outcomes."""
    claimed = target.describe()
    unit = target.unit
    if not default.computed:
        reason = default.reason or "the default method gave no figure"
        text = f"not checkable: {reason}"
        if default.needs:
            text += f"; needs {default.needs}"
        return Decision("not_checkable", statement=text)
    shown = fmt_value(default.value, unit)
    if target.matches(default.value, default.details):
        qualifier = _significance_qualifier(target, default.details)
        if basis == "recorded source":
            text = (
                f"consistent with the recorded source: {shown} (claimed {claimed}); "
                "this checks the figure against a recorded source, not against market data"
            )
        else:
            text = f"reproduced with the default method: {shown} (claimed {claimed})"
        if qualifier:
            text += f"; {qualifier}"
        fragile = [
            v
            for v in variants
            if v.counts and v.computed and not target.matches(v.value, v.details)
        ]
        if fragile:
            text += "; does not hold with " + ", ".join(
                f"{v.name} ({fmt_value(v.value, unit)})" for v in fragile
            )
        return Decision("reproduced", qualifier=qualifier, statement=text)
    matched = [
        v for v in variants if v.counts and v.computed and target.matches(v.value, v.details)
    ]
    if matched:
        parts = []
        for v in matched:
            part = f"{v.name} ({fmt_value(v.value, unit)})"
            if v.note:
                part += f" [{v.note}]"
            parts.append(part)
        text = (
            f"reproduced only with {', '.join(parts)}; the default method gives {shown} "
            f"(claimed {claimed})"
        )
        return Decision("reproduced_only_with", tuple(v.name for v in matched), statement=text)
    closest = _closest(target, [v for v in variants if v.computed])
    text = f"not reproduced: the default method gives {shown} (claimed {claimed})"
    if closest is not None:
        text += f"; closest variant: {closest.name} ({fmt_value(closest.value, unit)})"
    proxies = [
        v for v in variants if not v.counts and v.computed and target.matches(v.value, v.details)
    ]
    if proxies:
        text += "; only a proxy variant agrees: " + ", ".join(p.name for p in proxies)
    if basis == "recorded source":
        text = text.replace("not reproduced:", "inconsistent with the recorded source:")
    return Decision("not_reproduced", statement=text)


def not_checkable_with_variants(
    decision: Decision, variants: Sequence[Outcome], unit: str
) -> Decision:
    """Append the variants' figures to a not_checkable statement (e.g. the latest value)."""
    shown = [v for v in variants if v.computed]
    if decision.verdict != "not_checkable" or not shown:
        return decision
    extra = "; shown instead: " + ", ".join(f"{v.name} = {fmt_value(v.value, unit)}" for v in shown)
    return Decision(
        decision.verdict, decision.matched, decision.qualifier, decision.statement + extra
    )


def _significance_qualifier(target: Target, details: Mapping[str, Any]) -> str:
    sig = target.significance
    if sig is None:
        return ""
    p: Any = details.get(sig.detail)  # None or a non-number: caught below
    try:
        p_value = float(p)
    except (TypeError, ValueError):
        return f"point estimate only: no p-value {sig.detail!r}"
    if not p_value < sig.alpha:
        return (
            f"point estimate only: {sig.detail} = {p_value:.3f} is not below {sig.alpha:g} "
            "(not statistically significant)"
        )
    return f"statistically significant ({sig.detail} = {p_value:.3g} < {sig.alpha:g})"


def _closest(target: Target, outcomes: Sequence[Outcome]) -> Outcome | None:
    if not outcomes:
        return None
    anchor = target.value
    if anchor is None:
        anchor = target.above if target.above is not None else target.below
    if anchor is None:
        return None
    return min(outcomes, key=lambda o: abs(float(o.value) - anchor))  # type: ignore[arg-type]
