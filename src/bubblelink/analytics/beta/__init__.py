"""Beta family: OLS/HAC beta, rolling beta, downside/upside beta, capture, stress days."""

from bubblelink.analytics.beta._asymmetric_beta import AsymmetricBetaResult, asymmetric_beta
from bubblelink.analytics.beta._capture import CaptureResult, capture_ratios
from bubblelink.analytics.beta._falls_harder import FallsHarderResult, falls_harder
from bubblelink.analytics.beta._hac import HacFit, hac_ols, newey_west_lags
from bubblelink.analytics.beta._ols_beta import BetaResult, ols_beta
from bubblelink.analytics.beta._profile import BetaProfileResult, beta_profile
from bubblelink.analytics.beta._rolling_beta import RollingBetaResult, rolling_beta
from bubblelink.analytics.beta._split import ZERO_DAYS, ZeroDays, down_up_days
from bubblelink.analytics.beta._stress_correlation import (
    StressCorrelationResult,
    stress_correlation,
)

__all__ = [
    "ZERO_DAYS",
    "AsymmetricBetaResult",
    "BetaProfileResult",
    "BetaResult",
    "CaptureResult",
    "FallsHarderResult",
    "HacFit",
    "RollingBetaResult",
    "StressCorrelationResult",
    "ZeroDays",
    "asymmetric_beta",
    "beta_profile",
    "capture_ratios",
    "down_up_days",
    "falls_harder",
    "hac_ols",
    "newey_west_lags",
    "ols_beta",
    "rolling_beta",
    "stress_correlation",
]
