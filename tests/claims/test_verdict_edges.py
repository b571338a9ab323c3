"""Verdict edges on hand-made outcomes: the "other side" rule and its interval, p = alpha,
a figure exactly its rounding away from an edge, and the sentences each verdict carries.

Every expected verdict follows from the rules in :mod:`bubblelink.claims._verdict`'s
docstring applied by hand; binary-exact numbers (0.5, 0.125, ...) keep the edges exact.
"""

from __future__ import annotations

import math

from bubblelink.claims import Outcome, Target, decide
from bubblelink.claims._spec import Significance
from bubblelink.claims._verdict import (
    Decision,
    assess,
    fmt_value,
    not_checkable_with_variants,
    variant_reason,
)

CORR = Target(value=0.96, tolerance=0.03, unit="correlation")
ABOVE_ZERO = Target(above=0.0, unit="beta difference")
BELOW_ONE = Target(below=1.0)
SIGNIFICANT = Target(above=0.0, significance=Significance("p", 0.05))


def _ci(low: float, high: float) -> dict[str, float]:
    return {"ci_low": low, "ci_high": high}


# --- the other side of a bound --------------------------------------------------------


def test_below_a_lower_bound_is_contradicted_only_when_the_interval_is_too() -> None:
    assert decide(ABOVE_ZERO, Outcome("d", -0.2, _ci(-0.3, -0.1))).verdict == "contradicted"
    assert decide(ABOVE_ZERO, Outcome("d", -0.2, _ci(-0.3, 0.1))).verdict == "not_reproduced"
    # an interval that ends exactly on the bound reaches the claim
    assert decide(ABOVE_ZERO, Outcome("d", -0.2, _ci(-0.3, 0.0))).verdict == "not_reproduced"
    # no interval: the point estimate decides
    assert decide(ABOVE_ZERO, Outcome("d", -0.2)).verdict == "contradicted"
    # exactly on the bound is not above it, but not on the other side either
    assert decide(ABOVE_ZERO, Outcome("d", 0.0)).verdict == "not_reproduced"


def test_an_incomplete_or_infinite_interval_counts_as_no_interval() -> None:
    assert decide(ABOVE_ZERO, Outcome("d", -0.2, {"ci_low": -0.3})).verdict == "contradicted"
    inf_high = Outcome("d", -0.2, _ci(-0.3, math.inf))
    assert decide(ABOVE_ZERO, inf_high).verdict == "contradicted"
    nan_low = Outcome("d", -0.2, {"ci_low": "n/a", "ci_high": 0.5})
    assert decide(ABOVE_ZERO, nan_low).verdict == "contradicted"


def test_above_an_upper_bound_uses_the_lower_end_of_the_interval() -> None:
    # claimed below 1: 1.25 is on the other side; its interval [0.5, 1.75] reaches below 1
    assert decide(BELOW_ONE, Outcome("d", 1.25, _ci(0.5, 1.75))).verdict == "not_reproduced"
    assert decide(BELOW_ONE, Outcome("d", 1.25, _ci(1.0, 1.75))).verdict == "not_reproduced"
    assert decide(BELOW_ONE, Outcome("d", 1.25, _ci(1.125, 1.75))).verdict == "contradicted"


def test_a_value_of_either_sign_has_no_other_side() -> None:
    either = Target(value=0.0, tolerance=0.1)
    assert decide(either, Outcome("d", -0.5, _ci(-0.75, -0.25))).verdict == "not_reproduced"


# --- significance and rounding --------------------------------------------------------


def test_a_p_value_equal_to_alpha_is_not_significant() -> None:
    d = decide(SIGNIFICANT, Outcome("d", 0.3, {"p": 0.05}))
    assert d.verdict == "inconclusive"
    assert d.qualifier == (
        "point estimate only: p = 0.050 is not below 0.05 (not statistically significant)"
    )
    significant = decide(SIGNIFICANT, Outcome("d", 0.3, {"p": 0.01}))
    assert significant.verdict == "reproduced"
    assert significant.statement == (
        "reproduced with the default method: 0.300 (claimed > 0); "
        "statistically significant (p = 0.01 < 0.05)"
    )


def test_a_miss_that_is_also_noisy_is_inconclusive() -> None:
    d = decide(SIGNIFICANT, Outcome("d", -0.3, {"p": 0.5, "ci_low": -0.5, "ci_high": 0.25}))
    assert d.verdict == "inconclusive"
    assert d.reason == (
        "-0.300 is outside > 0 (0.300 beyond the edge 0); and point estimate only: p = 0.500 "
        "is not below 0.05 (not statistically significant): too noisy to tell"
    )
    assert d.statement == f"inconclusive: {d.reason}"
    assert assess(SIGNIFICANT, Outcome("d", -0.3, {"p": 0.5, **_ci(-0.5, 0.25)})).status == (
        "noisy"
    )


def test_a_figure_exactly_its_rounding_from_an_edge_is_inconclusive() -> None:
    target = Target(value=0.5, tolerance=0.25, unit="fraction")
    # |0.875 - 0.5| = 0.375: 0.125 beyond the edge 0.75, and the input rounding is 0.125
    figure = Outcome("d", 0.875, rounding=0.125, rounding_note="a rounded close")
    first = assess(target, figure)
    assert first.status == "edge"
    assert first.reason == (
        "+87.5% is 12.5% from the tolerance edge +75.0%, within its rounding ±12.5% "
        "(a rounded close): the verdict could flip"
    )
    assert decide(target, figure).verdict == "inconclusive"
    # a hair further out is outside the rounding: a plain miss
    assert assess(target, Outcome("d", 0.876, rounding=0.125)).status == "miss"


# --- the sentences --------------------------------------------------------------------


def test_not_reproduced_names_the_closest_variant_and_the_ones_that_never_count() -> None:
    d = decide(
        CORR,
        Outcome("default", 0.5),
        [
            Outcome("levels", 0.93, counts=False),
            Outcome("weekly", 0.7),
            Outcome("chart", 0.95, illustrative=True),
            Outcome("missing", None),
        ],
    )
    assert d.verdict == "not_reproduced" and d.qualifier == ""
    assert d.statement == (
        "not reproduced: the default method gives 0.500 (claimed 0.960 ± 0.030 (correlation)); "
        "closest variant: chart (0.950, illustrative); only a variant that never counts "
        "agrees: levels, chart"
    )
    assert d.reason == "0.500 is outside 0.960 ± 0.030 (0.430 beyond the edge 0.930)"


def test_contradicted_statement_and_a_not_counted_closest_variant() -> None:
    d = decide(
        CORR, Outcome("default", -0.5, _ci(-0.6, -0.4)), [Outcome("levels", 0.5, counts=False)]
    )
    assert d.verdict == "contradicted"
    assert d.statement == (
        "contradicted: the default method gives -0.500 (claimed 0.960 ± 0.030 (correlation)); "
        "closest variant: levels (0.500, not counted)"
    )
    counted = decide(CORR, Outcome("default", -0.5), [Outcome("weekly", 0.25)])
    assert counted.statement.endswith("; closest variant: weekly (0.250)")


def test_the_closest_variant_is_measured_from_the_claimed_bound() -> None:
    variants = [Outcome("a", -0.5), Outcome("b", 1.5), Outcome("c", 1.75)]
    above = decide(Target(above=2.0), Outcome("d", 0.0), variants)
    assert above.statement.endswith("; closest variant: c (1.75)")
    below = decide(Target(below=-1.0), Outcome("d", 0.0), variants)
    assert below.statement.endswith("; closest variant: a (-0.500)")


def test_reproduced_lists_the_counting_variants_that_do_not_hold() -> None:
    d = decide(
        SIGNIFICANT,
        Outcome("default", 0.3, {"p": 0.01}),
        [Outcome("weekly", -0.2, {"p": 0.01}), Outcome("monthly", -0.1, {"p": 0.01})],
    )
    assert d.verdict == "reproduced"
    assert d.statement == (
        "reproduced with the default method: 0.300 (claimed > 0); statistically significant "
        "(p = 0.01 < 0.05); does not hold with weekly (-0.200), monthly (-0.100)"
    )


def test_reproduced_only_with_carries_names_notes_qualifier_and_reason() -> None:
    d = decide(
        SIGNIFICANT,
        Outcome("default", -0.1, {"p": 0.01}),
        [
            Outcome("weekly", 0.2, {"p": 0.01}, note="W-FRI"),
            Outcome("monthly", 0.4, {"p": 0.02}),
        ],
    )
    assert d == Decision(
        "reproduced_only_with",
        ("weekly", "monthly"),
        "statistically significant (p = 0.01 < 0.05)",
        "reproduced only with weekly (0.200) [W-FRI], monthly (0.400); the default method "
        "gives -0.100 (claimed > 0)",
        "only with weekly (0.200) [W-FRI], monthly (0.400); default: -0.100 is outside > 0 "
        "(0.100 beyond the edge 0): the other side of the claim",
    )


def test_inconclusive_keeps_the_qualifier_and_not_checkable_its_reason() -> None:
    short = Outcome("d", None, reason="63 sessions asked, 10 stored", sample=None, needs="")
    d = decide(CORR, short)
    assert d == Decision(
        "not_checkable", statement="not checkable: 63 sessions asked, 10 stored",
        reason="63 sessions asked, 10 stored",
    )  # fmt: skip
    edge = Outcome("d", 0.875, {"p": 0.5}, rounding=0.125, rounding_note="rounded")
    target = Target(value=0.5, tolerance=0.25, significance=Significance("p"))
    inconclusive = decide(target, edge)
    assert inconclusive.verdict == "inconclusive"
    assert inconclusive.qualifier.startswith("point estimate only: p = 0.500")
    assert inconclusive.statement == f"inconclusive: {inconclusive.reason}"


def test_recorded_source_verdicts_quote_the_source() -> None:
    sourced = decide(
        CORR, Outcome("default", 0.95, {"citation": "Fed H.4.1"}), basis="recorded source"
    )
    assert sourced.verdict == "sourced"
    assert sourced.reason.startswith("recorded from Fed H.4.1; 0.950 is within")
    other = decide(CORR, Outcome("default", 0.5), basis="recorded source")
    assert other.verdict == "not_reproduced"
    assert other.statement == (
        "inconsistent with the recorded source: 0.500 (claimed 0.960 ± 0.030 (correlation); "
        "a cited source)"
    )
    assert other.reason.startswith("a cited source; 0.500 is outside")


def test_not_checkable_shows_the_variants_that_were_computed() -> None:
    d = decide(CORR, Outcome("default", None, needs="BTC-USD"), [Outcome("latest", 0.91)])
    out = not_checkable_with_variants(d, [Outcome("latest", 0.91), Outcome("gone", None)], "")
    assert out == Decision(
        "not_checkable",
        statement="not checkable: no figure; needs BTC-USD; shown instead: latest = 0.910",
        reason="no figure; needs BTC-USD",
    )
    two = not_checkable_with_variants(d, [Outcome("a", 0.5), Outcome("b", 0.25)], "fraction")
    assert two.statement.endswith("; shown instead: a = +50.0%, b = +25.0%")
    assert not_checkable_with_variants(d, [Outcome("gone", None)], "") is d
    reproduced = decide(CORR, Outcome("default", 0.95))
    assert not_checkable_with_variants(reproduced, [Outcome("latest", 0.91)], "") is reproduced


def test_variant_rows_say_their_status_and_why_they_never_count() -> None:
    assert variant_reason(CORR, Outcome("v", 0.5)) == (
        "miss: 0.500 is outside 0.960 ± 0.030 (0.430 beyond the edge 0.930)"
    )
    assert variant_reason(CORR, Outcome("v", 0.95, illustrative=True)).startswith(
        "illustrative, never counts: 0.950 is within"
    )
    assert variant_reason(CORR, Outcome("v", 0.95, counts=False)).startswith(
        "not counted (proxy or exploratory): 0.950 is within"
    )
    assert fmt_value(0.5) == "0.500"


def test_figures_are_shown_in_the_claims_unit() -> None:
    target = Target(value=-0.2, tolerance=0.05, unit="fraction")
    fragile = decide(
        target,
        Outcome("default", -0.22),
        [Outcome("weekly", -0.1), Outcome("monthly", -0.21), Outcome("gone", None)],
    )
    assert fragile.verdict == "reproduced"
    # a counting variant that matches is not "fragile"; one that misses is
    assert fragile.statement == (
        "reproduced with the default method: -22.0% (claimed -20.0% ± 5.0%); does not hold "
        "with weekly (-10.0%)"
    )
    only = decide(target, Outcome("default", -0.1), [Outcome("weekly", -0.18, note="W-FRI")])
    assert only.statement == (
        "reproduced only with weekly (-18.0%) [W-FRI]; the default method gives -10.0% "
        "(claimed -20.0% ± 5.0%)"
    )
    missed = decide(target, Outcome("default", -0.1), [Outcome("weekly", -0.12)])
    assert missed.statement.endswith("closest variant: weekly (-12.0%)")


def test_a_significant_figure_on_the_other_side_keeps_its_qualifier() -> None:
    d = decide(SIGNIFICANT, Outcome("d", -0.3, {"p": 0.01}))
    assert d.verdict == "contradicted"
    assert d.qualifier == "statistically significant (p = 0.01 < 0.05)"
    match = assess(SIGNIFICANT, Outcome("d", 0.3, {"p": 0.01}))
    assert match.reason == (
        "0.300 is within > 0 (0.300 inside the edge 0); statistically significant (p = 0.01 < 0.05)"
    )
