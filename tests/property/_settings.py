"""Hypothesis settings of the property tests: modest counts (the suite runs on 2 shared
cores in about four minutes), no per-example deadline (the machine is shared)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

#: Pure estimators (milliseconds per example).
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Examples that fit a model or write a DuckDB store (tens of milliseconds or more).
SLOW = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
#: A model fitted twice per example (DCC).
FITS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
