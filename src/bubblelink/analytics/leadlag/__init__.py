"""Lead-lag between two series: cross-correlations, Granger causality, weekly aggregation."""

from bubblelink.analytics.leadlag._cross_correlation import (
    CrossCorrelationResult,
    cross_correlation,
)
from bubblelink.analytics.leadlag._granger import GrangerCausality, GrangerResult
from bubblelink.analytics.leadlag._lead_lag import LeadLagResult, lead_lag
from bubblelink.analytics.leadlag._weekly import weekly_log_returns

__all__ = [
    "CrossCorrelationResult",
    "GrangerCausality",
    "GrangerResult",
    "LeadLagResult",
    "cross_correlation",
    "lead_lag",
    "weekly_log_returns",
]
