"""One registry of symbol aliases: what users may type, and the canonical id it means.

Canonical ids are Yahoo-style tickers for market data (``BTC-USD``, ``NVDA``, ``^IXIC``)
and FRED ids for macro series (``M2SL``, ``BAMLH0A0HYM2``). Matching is case-insensitive.
"""

from __future__ import annotations

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


def canonical(symbol: str) -> str:
    """Map a user-typed symbol to its canonical id (unknown symbols pass through, upper-cased
    unless they contain lower-case exchange suffixes such as ``BTC-USDT@binance``).

    Pseudo-symbol aliases map to :data:`PSEUDO_SYMBOLS` (``AI`` → ``AI_BASKET``)."""
    text = symbol.strip()
    alias = PSEUDO_ALIASES.get(text.upper()) or ALIASES.get(text.upper())
    if alias is not None:
        return alias
    return text if "@" in text else text.upper()


#: Quote currencies that make a Yahoo-style pair (``BTC-USD``, ``ETH-USDT``) a crypto pair.
CRYPTO_QUOTES: tuple[str, ...] = ("-USD", "-USDT", "-EUR", "-BTC", "-ETH", "-USDC")


def is_crypto_symbol(symbol: str) -> bool:
    """True for a crypto pair: ``BTC-USD``, ``ETH-USDT@binance:1h``, ``BTC-USD@stooq``."""
    base = symbol.split("@", 1)[0].upper()
    return base.endswith(CRYPTO_QUOTES)
