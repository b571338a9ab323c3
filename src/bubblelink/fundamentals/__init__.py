"""AI-boom fundamentals: sourced figures (capex, AI revenue, data-center financing, debt,
CDS) from a versioned YAML file, and the ratios derived from them."""

from bubblelink.fundamentals._records import (
    STATUSES,
    FundamentalsResult,
    default_fundamentals_path,
    derive_ratios,
    load_fundamentals,
)

__all__ = [
    "STATUSES",
    "FundamentalsResult",
    "default_fundamentals_path",
    "derive_ratios",
    "load_fundamentals",
]
