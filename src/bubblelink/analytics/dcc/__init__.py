"""Dynamic conditional correlation: DCC(1,1) on GARCH(1,1) margins (Engle, 2002)."""

from bubblelink.analytics.dcc._dcc import DCC, DCCResult

__all__ = ["DCC", "DCCResult"]
