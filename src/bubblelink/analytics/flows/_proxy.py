"""A labelled volume proxy for when no flow table is available. It is NOT a flow."""

from __future__ import annotations

import pandas as pd

#: The label every output of the proxy carries.
PROXY_LABEL = "PROXY (not flows): dollar volume, close x volume, US$ millions"


def dollar_volume_proxy(close: pd.Series, volume: pd.Series) -> pd.Series:
    """``close × volume / 1e6``: US$ millions traded per session.

    A PROXY of investor activity in an ETF, not a flow: it is unsigned (buying and selling
    both add) and counts secondary-market trading, not creations and redemptions. NaN
    where either input is missing.
    """
    out = (close.astype(float) * volume.astype(float) / 1e6).dropna()
    out.name = f"{close.name or 'ETF'} dollar volume (PROXY)"
    return out
