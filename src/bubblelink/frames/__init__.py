"""Frames: load stored series, align calendars, compute returns, resample.

The only way analytics get data. Alignment choices are explicit parameters.
"""

from bubblelink.frames.calendars import AlignedFrame, align, nyse_sessions
from bubblelink.frames.load import default_field, load, open_store, parse_date, parse_utc_date
from bubblelink.frames.resample import resample
from bubblelink.frames.returns import to_returns
from bubblelink.frames.returns_frame import (
    ReturnsFrame,
    frame_notes,
    load_returns,
    synthetic_notice,
)

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
