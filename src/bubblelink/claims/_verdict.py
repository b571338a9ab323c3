"""Verdict logic: assess the default method's figure and each variant's against the claim.

Each figure (the default method's and every variant's) is first *assessed*:

==============  ===========================================================================
``missing``     no figure (the data are not in the store; ``needs`` says what would be)
``short``       computed on less than 90% of the window the claim asks for (the coverage
                rule of :mod:`bubblelink.claims._sample`)
``edge``        within its own rounding (a rounded input, a close of unknown adjustment)
                of a tolerance edge or bound: the verdict could flip
``match``       meets the claimed target (within tolerance, on the claimed side of a
                bound, every condition holding) and, when the claim names a p-value
                (``significance``), that p-value is below ``alpha``
``noisy``       the claim names a p-value that is not below ``alpha``: the data cannot
                tell (whatever side the point estimate is on)
``opposite``    on the other side of the claim (below a claimed lower bound, the other
                sign of a signed claim), with the figure's interval too when it has one
``miss``        none of the above: a different figure
==============  ===========================================================================

Verdicts (in order)
-------------------
1. default ``missing`` → ``not_checkable`` (reason and the data it would need).
2. default ``short`` → ``inconclusive`` (the sample and the window asked for).
3. default ``edge`` → ``inconclusive`` (the figure, the edge, the rounding and its source).
4. a claim whose basis is a ``recorded source``: ``match`` → ``sourced`` (the source, its
   date and the retrieval date are shown; recorded, not computed); otherwise
   ``not_reproduced`` (inconsistent with the recorded source).
5. default ``match`` → ``reproduced``.
6. one or more *counting* variants ``match`` → ``reproduced_only_with`` (named).
   Proxy (``counts: false``) and illustrative variants are shown but never count.
7. default ``noisy`` → ``inconclusive``; ``opposite`` → ``contradicted``; ``miss`` →
   ``not_reproduced``.

Every verdict has a one-line ``reason`` that states the tolerance check (e.g. ``0.537 is
within 0.530 ± 0.030 (0.023 inside the edge 0.560)``), or the sample, noise or rounding
that made it inconclusive, and says when the figure rounds to a tolerance edge.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bubblelink.claims._sample import Sample
from bubblelink.claims._spec import Target, format_figure

VERDICTS = (
    "reproduced",
    "reproduced_only_with",
    "not_reproduced",
    "contradicted",
    "inconclusive",
    "not_checkable",
    "sourced",
)
#: Assessments of one figure (module docstring).
ASSESSMENTS = ("missing", "short", "edge", "match", "noisy", "opposite", "miss")


@dataclass(frozen=True)
class Outcome:
    """The figure one method gave (or why it could not be computed).

    ``sample``: what it was computed on; ``rounding``: how far it may be off because an
    input is rounded (``rounding_note`` says which); ``counts``/``illustrative``: whether
    a variant may carry the verdict.
    """

    name: str
    value: float | None
    details: Mapping[str, Any] = field(default_factory=dict)
    counts: bool = True
    reason: str = ""
    needs: str = ""
    note: str = ""
    sample: Sample | None = None
    rounding: float = 0.0
    rounding_note: str = ""
    illustrative: bool = False

    @property
    def computed(self) -> bool:
        """True when a finite figure was obtained."""
        return self.value is not None and math.isfinite(self.value)


@dataclass(frozen=True)
class Assessment:
    """How one figure stands against the claim (see :data:`ASSESSMENTS`) and why."""

    status: str
    reason: str


@dataclass(frozen=True)
class Decision:
    """A verdict, the variants it rests on, and the sentences that explain it."""

    verdict: str
    matched: tuple[str, ...] = ()
    qualifier: str = ""
    statement: str = ""
    reason: str = ""


def fmt_value(value: float | None, unit: str = "") -> str:
    """A figure for sentences (see :func:`bubblelink.claims._spec.format_figure`)."""
    return format_figure(value, unit)


def assess(target: Target, outcome: Outcome) -> Assessment:
    """Assess one figure (module docstring); ``reason`` is one line."""
    if not outcome.computed:
        reason = outcome.reason or "no figure"
        if outcome.sample is not None:  # the data are there, too few for the window
            return Assessment("short", reason)
        if outcome.needs:
            reason += f"; needs {outcome.needs}"
        return Assessment("missing", reason)
    value = float(outcome.value)  # type: ignore[arg-type]
    check = target.check_text(value, outcome.details)
    if outcome.sample is not None and outcome.sample.short:
        return Assessment("short", f"{outcome.sample.shortfall()} (figure: {check})")
    margin = target.margin(value)
    if outcome.rounding > 0 and math.isfinite(margin) and abs(margin) <= outcome.rounding:
        edge = target.nearest_edge(value)
        unit = target.unit
        return Assessment(
            "edge",
            f"{fmt_value(value, unit)} is {format_figure(abs(margin), unit, signed=False)} "
            f"from the tolerance edge {fmt_value(edge, unit)}, within its rounding "
            f"±{format_figure(outcome.rounding, unit, signed=False)} "
            f"({outcome.rounding_note}): the verdict could flip",
        )
    noisy = _significance_qualifier(target, outcome.details)
    if target.matches(value, outcome.details):
        if noisy.startswith("point estimate only"):
            return Assessment("noisy", f"{check}; but {noisy}: too noisy to tell")
        return Assessment("match", check + (f"; {noisy}" if noisy else ""))
    if _opposite(target, value, outcome.details):
        return Assessment("opposite", f"{check}: the other side of the claim")
    if noisy.startswith("point estimate only"):
        return Assessment("noisy", f"{check}; and {noisy}: too noisy to tell")
    return Assessment("miss", check)


def decide(
    target: Target,
    default: Outcome,
    variants: Sequence[Outcome] = (),
    basis: str = "market data",
) -> Decision:
    """Apply the verdict rules (module docstring) to one claim's outcomes."""
    claimed = target.describe()
    unit = target.unit
    first = assess(target, default)
    judged = [(v, assess(target, v)) for v in variants]
    if first.status == "missing":
        text = f"not checkable: {first.reason}"
        return Decision("not_checkable", statement=text, reason=first.reason)
    shown = fmt_value(default.value, unit)
    qualifier = _significance_qualifier(target, default.details)
    if first.status in ("short", "edge"):
        text = f"inconclusive: {first.reason}"
        return Decision("inconclusive", qualifier=qualifier, statement=text, reason=first.reason)
    if basis == "recorded source":
        cited = str(default.details.get("citation") or "a cited source")
        if first.status == "match":
            text = (
                f"sourced: {shown} (claimed {claimed}) is a figure recorded from {cited}, "
                "not computed from market data"
            )
            return Decision(
                "sourced", statement=text, reason=f"recorded from {cited}; {first.reason}"
            )
        text = f"inconsistent with the recorded source: {shown} (claimed {claimed}; {cited})"
        return Decision("not_reproduced", statement=text, reason=f"{cited}; {first.reason}")
    if first.status == "match":
        text = f"reproduced with the default method: {shown} (claimed {claimed})"
        if qualifier:
            text += f"; {qualifier}"
        fragile = [v for v, a in judged if _counting(v) and a.status != "match" and v.computed]
        if fragile:
            text += "; does not hold with " + ", ".join(
                f"{v.name} ({fmt_value(v.value, unit)})" for v in fragile
            )
        return Decision("reproduced", qualifier=qualifier, statement=text, reason=first.reason)
    matched = [v for v, a in judged if _counting(v) and a.status == "match"]
    if matched:
        parts = []
        for v in matched:
            part = f"{v.name} ({fmt_value(v.value, unit)})"
            if v.note:
                part += f" [{v.note}]"
            parts.append(part)
        names = ", ".join(parts)
        text = f"reproduced only with {names}; the default method gives {shown} (claimed {claimed})"
        reason = f"only with {names}; default: {first.reason}"
        return Decision(
            "reproduced_only_with", tuple(v.name for v in matched), qualifier, text, reason
        )
    if first.status == "noisy":
        text = f"inconclusive: {first.reason}"
        return Decision("inconclusive", qualifier=qualifier, statement=text, reason=first.reason)
    verdict = "contradicted" if first.status == "opposite" else "not_reproduced"
    text = (
        f"{'contradicted' if verdict == 'contradicted' else 'not reproduced'}: the default "
        f"method gives {shown} (claimed {claimed})"
    )
    closest = _closest(target, [v for v, _ in judged if v.computed])
    if closest is not None:
        label = (
            ""
            if _counting(closest)
            else (", illustrative" if closest.illustrative else ", not counted")
        )
        text += f"; closest variant: {closest.name} ({fmt_value(closest.value, unit)}{label})"
    proxies = [v for v, a in judged if not _counting(v) and a.status == "match"]
    if proxies:
        text += "; only a variant that never counts agrees: " + ", ".join(p.name for p in proxies)
    return Decision(verdict, qualifier=qualifier, statement=text, reason=first.reason)


def _counting(outcome: Outcome) -> bool:
    return outcome.counts and not outcome.illustrative


def variant_reason(target: Target, outcome: Outcome) -> str:
    """One line for a variant row: its assessment, and why it never counts when so."""
    assessment = assess(target, outcome)
    if outcome.illustrative:
        return f"illustrative, never counts: {assessment.reason}"
    if not outcome.counts:
        return f"not counted (proxy or exploratory): {assessment.reason}"
    return f"{assessment.status}: {assessment.reason}"


def not_checkable_with_variants(
    decision: Decision, variants: Sequence[Outcome], unit: str
) -> Decision:
    """Append the variants' figures to a not_checkable statement (e.g. the latest value)."""
    shown = [v for v in variants if v.computed]
    if decision.verdict != "not_checkable" or not shown:
        return decision
    extra = "; shown instead: " + ", ".join(f"{v.name} = {fmt_value(v.value, unit)}" for v in shown)
    return Decision(
        decision.verdict,
        decision.matched,
        decision.qualifier,
        decision.statement + extra,
        decision.reason,
    )


def _opposite(target: Target, value: float, details: Mapping[str, Any]) -> bool:
    side = target.claimed_side()
    if side is None:
        return False
    reference, sign = side
    if not (value - reference) * sign < 0:
        return False
    low, high = _as_float(details.get("ci_low")), _as_float(details.get("ci_high"))
    if low is None or high is None:
        return True
    return (high - reference) * sign < 0 if sign > 0 else (low - reference) * sign < 0


def _as_float(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


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
