"""Spot bitcoin ETF flows: cumulative sums, streaks, flows on chosen days, lead-lag with
BTC returns, the merge rule of two totals, and a labelled volume proxy.

Flows are net daily creations minus redemptions per NYSE session in US$ millions
(positive = inflow). Missing days are NaN, never zero.
"""

from bubblelink.analytics.flows._cumulative import cumulative_flows, flow_table
from bubblelink.analytics.flows._episodes import (
    WindowFlows,
    WorstDaysFlows,
    flows_on_worst_days,
    window_flows,
)
from bubblelink.analytics.flows._lead_lag import FlowLeadLagResult, flow_return_lead_lag
from bubblelink.analytics.flows._proxy import PROXY_LABEL, dollar_volume_proxy
from bubblelink.analytics.flows._streaks import Streak, StreakResult, flow_streaks
from bubblelink.analytics.flows._totals import TOTAL_TOLERANCE, CombinedTotal, combine_totals

__all__ = [
    "PROXY_LABEL",
    "TOTAL_TOLERANCE",
    "CombinedTotal",
    "FlowLeadLagResult",
    "Streak",
    "StreakResult",
    "WindowFlows",
    "WorstDaysFlows",
    "combine_totals",
    "cumulative_flows",
    "dollar_volume_proxy",
    "flow_return_lead_lag",
    "flow_streaks",
    "flow_table",
    "flows_on_worst_days",
    "window_flows",
]
