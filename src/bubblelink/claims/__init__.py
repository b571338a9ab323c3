"""Claims: reproduce a market narrative's numeric claims from data, with verdicts.

* :func:`load_claims` reads and validates a claims file (YAML; the shipped narrative of
  December 2025 by default); a bad file raises :class:`~bubblelink.errors.ConfigError`
  naming the claim id and field.
* :func:`check_claims` runs each claim's default method and its variants (returns vs
  price levels, equity vs all-days calendar, window length, close vs intraday, simple vs
  log returns) through bubblelink analytics and gives a verdict (:data:`VERDICTS`):
  ``reproduced``, ``reproduced_only_with`` (named variants), ``not_reproduced``,
  ``contradicted``, ``inconclusive`` (too short, too noisy, or within rounding of a
  tolerance edge, with the reason), ``not_checkable`` (with the data it would need) or
  ``sourced`` (a figure recorded from a cited source, not computed). Every figure and
  variant reports its :class:`Sample` (series, dates, n, the window asked for, the price
  field); a figure on less than :data:`MIN_COVERAGE` of its window is inconclusive. See
  :mod:`bubblelink.claims._verdict` and :mod:`bubblelink.claims._sample` for the rules.
* :func:`score_forward` scores the narrative's forward-looking claims against the data
  after publication, each to the last date its own series have data: ``supported``,
  ``contradicted``, ``open`` or ``inconclusive``.
"""

from bubblelink.claims._check import check_claim, check_claims
from bubblelink.claims._computations import COMPUTATIONS, Computation
from bubblelink.claims._data import ClaimData, NotCheckableError
from bubblelink.claims._forward import FORWARD_COMPUTATIONS, score_forward
from bubblelink.claims._measurement import Measurement
from bubblelink.claims._results import (
    ClaimResult,
    ClaimsReport,
    ForwardResult,
    Scorecard,
    VariantValue,
)
from bubblelink.claims._sample import MIN_COVERAGE, Sample
from bubblelink.claims._spec import (
    ClaimsFile,
    ClaimSpec,
    ForwardSpec,
    Target,
    VariantSpec,
    load_claims,
    parse_claims,
    shipped_claims_paths,
)
from bubblelink.claims._verdict import ASSESSMENTS, VERDICTS, Decision, Outcome, assess, decide

__all__ = [
    "ASSESSMENTS",
    "COMPUTATIONS",
    "FORWARD_COMPUTATIONS",
    "MIN_COVERAGE",
    "VERDICTS",
    "ClaimData",
    "ClaimResult",
    "ClaimSpec",
    "ClaimsFile",
    "ClaimsReport",
    "Computation",
    "Decision",
    "ForwardResult",
    "ForwardSpec",
    "Measurement",
    "NotCheckableError",
    "Outcome",
    "Sample",
    "Scorecard",
    "Target",
    "VariantSpec",
    "VariantValue",
    "assess",
    "check_claim",
    "check_claims",
    "decide",
    "load_claims",
    "parse_claims",
    "score_forward",
    "shipped_claims_paths",
]
