"""Credit stress: HY/IG option-adjusted spreads, widening episodes, BTC around them."""

from bubblelink.analytics.credit._episodes import (
    WideningEpisodes,
    spread_changes,
    widening_episodes,
)

__all__ = ["WideningEpisodes", "spread_changes", "widening_episodes"]
