"""One registry of symbol aliases: what users may type, and the canonical id it means.

Canonical ids are Yahoo-style tickers for market data (``BTC-USD``, ``NVDA``, ``^IXIC``)
and FRED ids for macro series (``M2SL``, ``BAMLH0A0HYM2``). Matching is case-insensitive.
"""

from __future__ import annotations

import re

ALIASES: dict[str, str] = {
    "BTC": "BTC-USD",
    "BITCOIN": "BTC-USD",
    "BTCUSD": "BTC-USD",
    "ETH": "ETH-USD",
    "NASDAQ": "^IXIC",
    "IXIC": "^IXIC",
    "NDX": "^NDX",
    "NASDAQ100": "^NDX",
    "SPX": "^GSPC",
    "GSPC": "^GSPC",
    "SP500": "^GSPC",
    "VIX": "^VIX",
    "DXY": "DX-Y.NYB",
    "DOLLAR": "DX-Y.NYB",
    "HY_OAS": "BAMLH0A0HYM2",
    "IG_OAS": "BAMLC0A0CM",
    "M2": "M2SL",
    "TGA": "WTREGEN",
    "RRP": "RRPONTSYD",
    "FED_BALANCE_SHEET": "WALCL",
    "DOMINANCE": "BTC_DOMINANCE",
}

#: The AI basket used wherever a single "AI trade" series is needed (risk score, report,
#: scenarios, linkage summary, monitor, API): equal-weight, daily-rebalanced NVDA, ORCL,
#: AMD, computed by :func:`bubblelink.analytics.basket.basket_returns` (one definition).
AI_BASKET: tuple[str, ...] = ("NVDA", "ORCL", "AMD")

#: Pseudo-symbols: series computed from stored ones, accepted wherever a symbol is.
#: ``AI_BASKET``: returns (or an index level, 100 at its first session) of the AI basket;
#: ``NET_LIQUIDITY``: Fed net liquidity in billions USD (WALCL - WTREGEN - RRPONTSYD, as
#: released; :func:`bubblelink.analytics.liquidity.net_liquidity`).
AI_BASKET_SYMBOL = "AI_BASKET"
NET_LIQUIDITY_SYMBOL = "NET_LIQUIDITY"
PSEUDO_ALIASES: dict[str, str] = {
    "AI_BASKET": AI_BASKET_SYMBOL,
    "AI-BASKET": AI_BASKET_SYMBOL,
    "AIBASKET": AI_BASKET_SYMBOL,
    "NET_LIQUIDITY": NET_LIQUIDITY_SYMBOL,
    "NET-LIQUIDITY": NET_LIQUIDITY_SYMBOL,
    "NETLIQ": NET_LIQUIDITY_SYMBOL,
}
#: Crypto market-structure concepts with two sources each (issue 13): the merged view
#: (:meth:`bubblelink.service.data.StoreData.crypto_concept`) reads the stored series in
#: priority order: CoinGecko (``BTC_DOMINANCE``, ``CRYPTO_TOTAL_MCAP``: live provider and the
#: shared real/ file) where it has a value, else CoinMarketCap (``*_CMC``, the shared world/
#: files). The vendors' denominators differ (CoinMarketCap counts every asset it tracks), so
#: they stay separate series; the merge rule is
#: :func:`bubblelink.analytics.market_structure.splice_sources`.
BTC_DOMINANCE_MERGED = "BTC_DOMINANCE_MERGED"
CRYPTO_TOTAL_MCAP_MERGED = "CRYPTO_TOTAL_MCAP_MERGED"
CRYPTO_CONCEPTS: dict[str, tuple[str, ...]] = {
    BTC_DOMINANCE_MERGED: ("BTC_DOMINANCE", "BTC_DOMINANCE_CMC"),
    CRYPTO_TOTAL_MCAP_MERGED: ("CRYPTO_TOTAL_MCAP", "CRYPTO_TOTAL_MCAP_CMC"),
}
PSEUDO_ALIASES.update({c: c for c in CRYPTO_CONCEPTS})
PSEUDO_SYMBOLS: tuple[str, ...] = (AI_BASKET_SYMBOL, NET_LIQUIDITY_SYMBOL, *CRYPTO_CONCEPTS)
# (no bare "AI" alias: it is C3.ai's ticker)
#: The broader AI complex (hyperscalers and chips), used by the forward-claims scorecard.
AI_COMPLEX: tuple[str, ...] = ("NVDA", "AMD", "ORCL", "AVGO", "MSFT", "META", "GOOGL", "AMZN")

#: The default universe of the demo and the sample market.
DEFAULT_PRICE_SYMBOLS: tuple[str, ...] = ("BTC-USD", *AI_BASKET, "^IXIC")
DEFAULT_MACRO_SERIES: tuple[str, ...] = (
    "M2SL",
    "WALCL",
    "WTREGEN",
    "RRPONTSYD",
    "DTWEXBGS",
    "BAMLH0A0HYM2",
    "BAMLC0A0CM",
    "DFF",
)


#: The bar size that ends an intraday series id (``NVDA:1h``, ``BTC-USDT@binance:5m``):
#: a whole number of minutes, hours or days, written in lower case.
TIMEFRAME_SUFFIX = re.compile(r"^(?P<base>.+):(?P<timeframe>\d+[mhd])$", re.IGNORECASE)


def canonical(symbol: str) -> str:
    """Map a user-typed symbol to its canonical id (unknown symbols pass through, upper-cased
    unless they contain lower-case exchange suffixes such as ``BTC-USDT@binance``).

    Pseudo-symbol aliases map to :data:`PSEUDO_SYMBOLS` (``AI`` → ``AI_BASKET``).

    Grammar of an intraday series id: ``{SYMBOL}[@{venue}]:{timeframe}``: the symbol part is
    canonicalised like any symbol (``btc:1h`` → ``BTC-USD:1h``, ``nvda@yahoo:1H`` →
    ``NVDA@yahoo:1h``; no alias before an ``@``), the timeframe is lower-cased (``1m``, ``15m``, ``1h``)."""
    text = symbol.strip()
    alias = PSEUDO_ALIASES.get(text.upper()) or ALIASES.get(text.upper())
    if alias is not None:
        return alias
    intraday = TIMEFRAME_SUFFIX.match(text)
    if intraday is not None:
        return f"{canonical(intraday['base'])}:{intraday['timeframe'].lower()}"
    if "@" in text:
        pair, venue = text.split("@", 1)
        return f"{pair.upper()}@{venue}"  # the venue keeps its case (ccxt ids are lower-case)
    return text.upper()


#: Volatility indices: their level is a volatility, not a price, and moves far more in a day
#: than the equity index it measures (^VIX +0.77 in log on 2018-02-05). Judged by their own
#: limit in the ingest gates.
VOLATILITY_INDICES: frozenset[str] = frozenset(
    {"^VIX", "^VIX9D", "^VIX3M", "^VIX6M", "^VVIX", "^VXN", "^VXD", "^RVX", "^OVX", "^GVZ", "^MOVE"}
)


def is_volatility_index(symbol: str) -> bool:
    """True for a volatility index (``^VIX``, ``^VXN``, ``^VIX:1h``, ``^MOVE@cboe``)."""
    return symbol.split("@", 1)[0].split(":", 1)[0].upper() in VOLATILITY_INDICES


#: Quote currencies that make a Yahoo-style pair (``BTC-USD``, ``ETH-USDT``) a crypto pair.
CRYPTO_QUOTES: tuple[str, ...] = ("-USD", "-USDT", "-EUR", "-BTC", "-ETH", "-USDC")


def is_crypto_symbol(symbol: str) -> bool:
    """True for a crypto pair: ``BTC-USD``, ``BTC-USD:1h``, ``ETH-USDT@binance:1h``, ``BTC-USD@stooq``."""
    base = symbol.split("@", 1)[0].split(":", 1)[0].upper()
    return base.endswith(CRYPTO_QUOTES)


#: Longest series id the store accepts (the longest shipped id, ``ETF_FLOW:TOTAL@total-only``,
#: has 25 characters).
SERIES_ID_MAX_LENGTH = 40
#: Grammar of a stored series id: ``SYMBOL[@venue][:timeframe]``. ``SYMBOL`` starts with a
#: letter, a digit or ``^`` (``^IXIC``) and continues with letters, digits and
#: ``. - _ = ^ /`` (``DX-Y.NYB``, ``BTC_DOMINANCE``, ``GC=F``) and ``:`` between two parts
#: (``ETF_FLOW:IBIT``); ``venue`` is letters, digits, ``. - _`` (``binance``, ``total-only``);
#: ``timeframe`` is ``<n>m|h|d`` (``NVDA:1h``, ``BTC-USDT@binance:1h``). No spaces, quotes,
#: semicolons, brackets or other characters; at most :data:`SERIES_ID_MAX_LENGTH` long.
SERIES_ID = re.compile(
    r"^[A-Za-z0-9^][A-Za-z0-9^._=/-]*(?::[A-Za-z0-9][A-Za-z0-9^._=/-]*)*"
    r"(?:@[A-Za-z0-9][A-Za-z0-9._-]*)?(?::\d+[mhd])?$"
)


def series_id_problem(series_id: str) -> str | None:
    """Why ``series_id`` is not a valid stored series id (None when it is).

    The answer is one line that names the rule broken (length, characters) and shows the
    id shortened to 60 characters with non-printable characters escaped.
    """
    shown = repr(series_id if len(series_id) <= 60 else series_id[:57] + "...")
    if not series_id:
        return "empty series id: name the series (--symbol or symbols.csv)"
    if len(series_id) > SERIES_ID_MAX_LENGTH:
        return (
            f"series id {shown} has {len(series_id)} characters (at most "
            f"{SERIES_ID_MAX_LENGTH}): pass a shorter --symbol or map the file in symbols.csv"
        )
    if SERIES_ID.match(series_id) is None:
        bad = sorted(
            {c for c in series_id if not (c.isascii() and (c.isalnum() or c in "^._=/-:@"))}
        )
        what = f"characters {''.join(bad)!r} are not allowed" if bad else "malformed"
        return (
            f"series id {shown}: {what}; use SYMBOL, SYMBOL@venue or SYMBOL:timeframe with letters, "
            "digits and ^ . - _ = / (e.g. BTC-USD, ^IXIC, ETF_FLOW:IBIT, BTC-USDT@binance:1h)"
        )
    return None
