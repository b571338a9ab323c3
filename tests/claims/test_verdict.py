"""Verdict rules: default within tolerance, only a variant, proxies, significance, missing data."""

from __future__ import annotations

from bubblelink.claims import Outcome, Target, decide
from bubblelink.claims._spec import Condition, Significance

TARGET = Target(value=0.96, tolerance=0.03, unit="correlation")


def test_default_within_tolerance_is_reproduced() -> None:
    d = decide(TARGET, Outcome("default", 0.94), [Outcome("levels", 0.5)])
    assert d.verdict == "reproduced"
    assert "does not hold with levels" in d.statement


def test_tolerance_edges() -> None:
    assert decide(TARGET, Outcome("default", 0.99)).verdict == "reproduced"
    assert decide(TARGET, Outcome("default", 0.9901)).verdict == "not_reproduced"


def test_only_a_variant_is_reproduced_only_with_its_name() -> None:
    d = decide(TARGET, Outcome("default", 0.3), [Outcome("price levels", 0.95, note="spurious")])
    assert d.verdict == "reproduced_only_with"
    assert d.matched == ("price levels",)
    assert "price levels (0.950) [spurious]" in d.statement


def test_proxy_variant_never_counts() -> None:
    d = decide(TARGET, Outcome("default", 0.3), [Outcome("proxy", 0.96, counts=False)])
    assert d.verdict == "not_reproduced"
    assert "only a proxy variant agrees: proxy" in d.statement


def test_missing_default_is_not_checkable_even_if_a_variant_matches() -> None:
    d = decide(
        TARGET,
        Outcome("default", None, reason="no data after 2025-08-15", needs="dominance to Dec"),
        [Outcome("latest", 0.96)],
    )
    assert d.verdict == "not_checkable"
    assert "no data after 2025-08-15" in d.statement and "needs dominance to Dec" in d.statement


def test_bounds_conditions_and_significance() -> None:
    target = Target(
        above=1.0,
        conditions=(Condition("difference", above=0.0),),
        significance=Significance("difference_p", 0.05),
    )
    weak = decide(target, Outcome("default", 1.2, {"difference": 0.4, "difference_p": 0.14}))
    assert weak.verdict == "reproduced" and weak.qualifier.startswith("point estimate only")
    strong = decide(target, Outcome("default", 1.2, {"difference": 0.4, "difference_p": 0.01}))
    assert strong.verdict == "reproduced" and "statistically significant" in strong.qualifier
    wrong_sign = decide(target, Outcome("default", 1.2, {"difference": -0.1, "difference_p": 0.5}))
    assert wrong_sign.verdict == "not_reproduced"
    assert decide(Target(below=90000), Outcome("default", 89335.0)).verdict == "reproduced"


def test_recorded_source_wording() -> None:
    target = Target(value=50e9, tolerance=5e9, unit="USD")
    d = decide(target, Outcome("default", 50e9), basis="recorded source")
    assert d.verdict == "reproduced"
    assert "recorded source" in d.statement and "not against market data" in d.statement
