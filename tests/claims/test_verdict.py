"""Verdict rules: every verdict of the vocabulary, on hand-made outcomes with known answers."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bubblelink.claims import VERDICTS, Outcome, Target, decide
from bubblelink.claims._sample import MIN_COVERAGE, Sample
from bubblelink.claims._spec import Condition, Significance

TARGET = Target(value=0.96, tolerance=0.03, unit="correlation")


def _sample(n: int, asked: int) -> Sample:
    day = pd.Timestamp("2025-12-12", tz="UTC")
    return Sample(
        series=("BTC-USD", "^IXIC"),
        first=day - pd.Timedelta(days=n),
        last=day,
        n=n,
        unit="NYSE sessions",
        requested="2018-01-01..2025-12-12",
        requested_n=asked,
        coverage=n / asked,
    )


def test_vocabulary_is_the_documented_one() -> None:
    assert set(VERDICTS) == {
        "reproduced",
        "reproduced_only_with",
        "not_reproduced",
        "contradicted",
        "inconclusive",
        "not_checkable",
        "sourced",
    }


def test_default_within_tolerance_is_reproduced_and_the_reason_states_the_tolerance() -> None:
    d = decide(TARGET, Outcome("default", 0.94), [Outcome("levels", 0.5)])
    assert d.verdict == "reproduced"
    assert "does not hold with levels" in d.statement
    # |0.94 - 0.96| = 0.02, 0.01 inside the edge 0.93
    assert d.reason == "0.940 is within 0.960 ± 0.030 (0.010 inside the edge 0.930)"


def test_tolerance_edges() -> None:
    assert decide(TARGET, Outcome("default", 0.99)).verdict == "reproduced"
    assert decide(TARGET, Outcome("default", 0.9901)).verdict == "not_reproduced"


def test_a_figure_that_rounds_to_the_edge_says_so() -> None:
    # 0.9902 is outside 0.96 ± 0.03, but shows as 0.990, the edge at the shown precision
    d = decide(TARGET, Outcome("default", 0.9902))
    assert d.verdict == "not_reproduced"
    assert "rounds to the edge at the shown precision" in d.reason
    assert "rounds to the edge" not in decide(TARGET, Outcome("default", 0.95)).reason


def test_only_a_counting_variant_is_reproduced_only_with_its_name() -> None:
    d = decide(TARGET, Outcome("default", 0.3), [Outcome("all-days", 0.95, note="calendar")])
    assert d.verdict == "reproduced_only_with"
    assert d.matched == ("all-days",)
    assert "all-days (0.950) [calendar]" in d.statement


@pytest.mark.parametrize("kind", ["proxy", "illustrative"])
def test_proxy_and_illustrative_variants_never_count(kind: str) -> None:
    variant = (
        Outcome("levels", 0.96, counts=False)
        if kind == "proxy"
        else Outcome("levels", 0.96, illustrative=True)
    )
    d = decide(TARGET, Outcome("default", 0.3), [variant])
    assert d.verdict == "not_reproduced"
    assert d.matched == ()
    assert "only a variant that never counts agrees: levels" in d.statement


def test_an_illustrative_variant_does_not_make_a_default_fragile() -> None:
    d = decide(TARGET, Outcome("default", 0.95), [Outcome("levels", 0.2, illustrative=True)])
    assert d.verdict == "reproduced" and "does not hold" not in d.statement


def test_missing_default_is_not_checkable_even_if_a_variant_matches() -> None:
    d = decide(
        TARGET,
        Outcome("default", None, reason="no data after 2025-08-15", needs="dominance to Dec"),
        [Outcome("latest", 0.96)],
    )
    assert d.verdict == "not_checkable"
    assert "no data after 2025-08-15" in d.statement and "needs dominance to Dec" in d.statement


def test_a_short_sample_is_inconclusive_even_when_the_figure_matches() -> None:
    asked = 1999
    n_short = int(MIN_COVERAGE * asked) - 1  # one below the rule
    short = decide(TARGET, Outcome("default", 0.96, sample=_sample(n_short, asked)))
    assert short.verdict == "inconclusive"
    assert short.reason.startswith("sample too short: BTC-USD, ^IXIC")
    assert f"n={n_short:,} of 1,999 NYSE sessions asked (89.9% coverage)" in short.reason
    enough = decide(TARGET, Outcome("default", 0.96, sample=_sample(n_short + 2, asked)))
    assert enough.verdict == "reproduced"


def test_a_short_variant_does_not_count() -> None:
    d = decide(
        TARGET,
        Outcome("default", 0.3, sample=_sample(1999, 1999)),
        [Outcome("since ETF", 0.96, sample=_sample(77, 483))],
    )
    assert d.verdict == "not_reproduced"


def test_a_window_too_short_to_compute_is_inconclusive_not_missing() -> None:
    d = decide(
        TARGET, Outcome("default", None, reason="too few observations", sample=_sample(61, 63))
    )
    assert d.verdict == "inconclusive" and d.reason == "too few observations"


def test_within_input_rounding_of_an_edge_is_inconclusive() -> None:
    target = Target(value=-80e9, tolerance=10e9, unit="USD")
    # -69.6 bn is 0.4 bn outside the edge -70 bn; a ±1.2 bn rounding could flip it
    edge = decide(target, Outcome("default", -69.6e9, rounding=1.2e9, rounding_note="shares"))
    assert edge.verdict == "inconclusive"
    assert "could flip" in edge.reason and "-$70.0 bn" in edge.reason and "shares" in edge.reason
    # the same figure with an exact input is simply outside the tolerance
    assert decide(target, Outcome("default", -69.6e9)).verdict == "not_reproduced"
    # far from the edge the rounding does not matter
    assert decide(target, Outcome("default", -79e9, rounding=1.2e9)).verdict == "reproduced"


def test_significance_decides_between_reproduced_and_inconclusive() -> None:
    target = Target(
        above=1.0,
        conditions=(Condition("difference", above=0.0),),
        significance=Significance("difference_p", 0.05),
    )
    weak = decide(target, Outcome("default", 1.2, {"difference": 0.4, "difference_p": 0.14}))
    assert weak.verdict == "inconclusive" and weak.qualifier.startswith("point estimate only")
    assert "too noisy to tell" in weak.reason
    strong = decide(target, Outcome("default", 1.2, {"difference": 0.4, "difference_p": 0.01}))
    assert strong.verdict == "reproduced" and "statistically significant" in strong.qualifier
    wrong_sign = decide(target, Outcome("default", 1.2, {"difference": -0.1, "difference_p": 0.01}))
    assert wrong_sign.verdict == "not_reproduced"


def test_the_other_side_is_contradicted_unless_its_interval_reaches_the_claim() -> None:
    fell = Target(below=0.0, unit="fraction")
    assert decide(fell, Outcome("default", 0.02)).verdict == "contradicted"
    assert decide(fell, Outcome("default", -0.02)).verdict == "reproduced"
    beta = Target(above=1.0, unit="beta")
    clear = Outcome("default", 0.4, {"ci_low": 0.2, "ci_high": 0.6})
    assert decide(beta, clear).verdict == "contradicted"
    straddles = Outcome("default", 0.8, {"ci_low": 0.5, "ci_high": 1.1})
    assert decide(beta, straddles).verdict == "not_reproduced"
    # a signed value claim: "fell about 20%" contradicted by a rise, not by a 5% fall
    fall = Target(value=-0.2, tolerance=0.02, unit="fraction")
    assert decide(fall, Outcome("default", 0.05)).verdict == "contradicted"
    assert decide(fall, Outcome("default", -0.05)).verdict == "not_reproduced"
    # a counting variant that matches still wins over the contradiction
    assert decide(fell, Outcome("default", 0.0), [Outcome("low", -0.05)]).verdict == (
        "reproduced_only_with"
    )


def test_recorded_source_is_sourced_with_its_citation() -> None:
    target = Target(value=50e9, tolerance=5e9, unit="USD")
    cited = "Techzine (published 2025-12-11), retrieved 2026-11-25, status unverified"
    d = decide(target, Outcome("default", 50e9, {"citation": cited}), basis="recorded source")
    assert d.verdict == "sourced"
    assert cited in d.statement and cited in d.reason and "not computed" in d.statement
    off = decide(target, Outcome("default", 35e9, {"citation": cited}), basis="recorded source")
    assert off.verdict == "not_reproduced"
    assert "inconsistent with the recorded source" in off.statement


@given(
    value=st.floats(-2, 2, allow_nan=False),
    claimed=st.floats(-1, 1, allow_nan=False),
    tolerance=st.floats(0, 0.5, allow_nan=False),
)
def test_reproduced_exactly_when_within_tolerance(
    value: float, claimed: float, tolerance: float
) -> None:
    target = Target(value=claimed, tolerance=tolerance)
    verdict = decide(target, Outcome("default", value, sample=_sample(100, 100))).verdict
    inside = abs(value - claimed) <= tolerance + 1e-12 * max(1.0, abs(claimed))
    assert (verdict == "reproduced") == inside
    assert verdict in VERDICTS
