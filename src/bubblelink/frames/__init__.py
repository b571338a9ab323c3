"""Frames: load stored series, align calendars, compute returns, resample.

The only way stored data become frames. Alignment choices are explicit parameters.
``load``/``load_returns`` read the store; ``calendars``, ``returns``, ``resample``,
``returns_frame`` and ``source`` are pure (analytics and the composition packages import
those modules directly, never this package, which pulls in the store).
"""

from bubblelink.frames.calendars import AlignedFrame, align
from bubblelink.frames.load import (
    default_field,
    load,
    load_returns,
    open_store,
    parse_date,
    parse_utc_date,
)
from bubblelink.frames.resample import resample
from bubblelink.frames.returns import to_returns
from bubblelink.frames.returns_frame import ReturnsFrame, frame_notes, synthetic_notice
from bubblelink.sessions import nyse_sessions

__all__ = [
    "AlignedFrame",
    "ReturnsFrame",
    "align",
    "default_field",
    "frame_notes",
    "load",
    "load_returns",
    "nyse_sessions",
    "open_store",
    "parse_date",
    "parse_utc_date",
    "resample",
    "synthetic_notice",
    "to_returns",
]
