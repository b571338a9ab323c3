"""Event studies: market model (MacKinlay 1997), cross-asset response, BMP pooled test,
market value moved, intraday response, and the events file's types and schema (reading
the file is :mod:`bubblelink.service.catalogs`' job).

Typical use::

    from bubblelink.analytics.events import cross_asset_event_study
    from bubblelink.service.catalogs import load_events

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
)
from bubblelink.analytics.events._cross_asset import (
    CrossAssetEventResult,
    cross_asset_event_study,
)
from bubblelink.analytics.events._intraday import IntradayResponseResult, intraday_response
from bubblelink.analytics.events._market_model import EventStudyResult, MarketModelEventStudy
from bubblelink.analytics.events._reaction import (
    TIMINGS,
    announcement_timing,
    reaction_date,
    reaction_session,
)
from bubblelink.analytics.events._session import (
    bar_close_time,
    day_zero_position,
    equity_bar_close,
    event_data_range,
    infer_bar_close,
    parse_window,
)
from bubblelink.analytics.events._value_moved import ValueMovedResult, value_moved

__all__ = [
    "TIMINGS",
    "BMPTestResult",
    "CrossAssetEventResult",
    "Event",
    "EventCatalog",
    "EventStudyResult",
    "IntradayResponseResult",
    "MarketModelEventStudy",
    "PooledEventResult",
    "ValueMovedResult",
    "announcement_timing",
    "bar_close_time",
    "bmp_test",
    "cross_asset_event_study",
    "day_zero_position",
    "equity_bar_close",
    "event_data_range",
    "infer_bar_close",
    "intraday_response",
    "parse_window",
    "pooled_event_study",
    "reaction_date",
    "reaction_session",
    "value_moved",
]
