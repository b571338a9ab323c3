"""Period performance, drawdown tables, drawdown overlap and regime-conditional stats."""

from bubblelink.analytics.performance._conditional import (
    ConditionalPerformanceResult,
    conditional_on_tech,
)
from bubblelink.analytics.performance._drawdowns import (
    DrawdownOverlapResult,
    DrawdownTable,
    DrawdownTables,
    drawdown,
    drawdown_overlap,
    drawdown_series,
    drawdown_table,
    drawdown_tables,
    max_drawdown,
)
from bubblelink.analytics.performance._period import (
    AssetPerformance,
    PeriodPerformanceResult,
    annualisation_factor,
    period_performance,
)

__all__ = [
    "AssetPerformance",
    "ConditionalPerformanceResult",
    "DrawdownOverlapResult",
    "DrawdownTable",
    "DrawdownTables",
    "PeriodPerformanceResult",
    "annualisation_factor",
    "conditional_on_tech",
    "drawdown",
    "drawdown_overlap",
    "drawdown_series",
    "drawdown_table",
    "drawdown_tables",
    "max_drawdown",
    "period_performance",
]
