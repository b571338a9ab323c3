"""Event studies: market model (MacKinlay 1997), cross-asset response, BMP pooled test,
market value moved, intraday response, and the events file.

Typical use::

    from bubblelink.analytics.events import load_events, cross_asset_event_study
    event = load_events().get("orcl-fy26q2")
    result = cross_asset_event_study(rf.returns, event, ["BTC-USD", "NVDA", "AMD", "^IXIC"])
"""

from bubblelink.analytics.events._bmp import (
    BMPTestResult,
    PooledEventResult,
    bmp_test,
    pooled_event_study,
)
from bubblelink.analytics.events._catalog import (
    Event,
    EventCatalog,
    default_events_path,
    load_events,
    parse_events,
    user_events_path,
)
from bubblelink.analytics.events._cross_asset import (
    CrossAssetEventResult,
    cross_asset_event_study,
)
from bubblelink.analytics.events._intraday import IntradayResponseResult, intraday_response
from bubblelink.analytics.events._market_model import EventStudyResult, MarketModelEventStudy
from bubblelink.analytics.events._session import (
    bar_close_time,
    day_zero_position,
    equity_bar_close,
    event_data_range,
    infer_bar_close,
    parse_window,
)
from bubblelink.analytics.events._value_moved import (
    ValueMovedResult,
    load_shares_outstanding,
    value_moved,
)

__all__ = [
    "BMPTestResult",
    "CrossAssetEventResult",
    "Event",
    "EventCatalog",
    "EventStudyResult",
    "IntradayResponseResult",
    "MarketModelEventStudy",
    "PooledEventResult",
    "ValueMovedResult",
    "bar_close_time",
    "bmp_test",
    "cross_asset_event_study",
    "day_zero_position",
    "default_events_path",
    "equity_bar_close",
    "event_data_range",
    "infer_bar_close",
    "intraday_response",
    "load_events",
    "load_shares_outstanding",
    "parse_events",
    "parse_window",
    "pooled_event_study",
    "user_events_path",
    "value_moved",
]
