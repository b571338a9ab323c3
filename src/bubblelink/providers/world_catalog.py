"""What bubblelink knows about the non-FRED series it uses: central-bank money, FX, crypto.

One entry per stored series id (``EA_M2``, ``JP_M2``, …): the publisher and the
publisher's own key, the unit *as stored* and its scale (the shared files and the live
providers keep each publisher's unit: EUR millions, JPY 100 millions, …; nothing is
rescaled at ingest), the currency, frequency, seasonal adjustment, whether a value is an
end-of-period stock or a period average, and a conservative publication lag.

This module has no I/O (the CSV importer, the live providers and the service layer all
read it), and it is the only place these facts are written.

Publication lag
---------------
Counted in days from the observation *date as stored* (the 1st of the month for the ECB,
BoJ, PBoC, BoC and SNB month labels; the month's last day for the Bank of England, whose
files date a month by its end), to the first UTC midnight after the usual release, rounded
up, as in :mod:`bubblelink.providers.fred_catalog`:

* ECB monetary developments in the euro area: ~28th working day after the month →
  60 from the month's 1st.
* BoJ money stock: ~7th business day of the next month → 45.
* PBoC financial statistics: ~10th–15th of the next month → 50.
* BoE Money and credit: ~29 days after the month-end date it is stamped with → 35.
* Bank of Canada monetary aggregates (M2++): about five weeks after the month → 70.
* SNB monthly monetary aggregates: near the end of the next month → 65.
* Bank of Canada daily FX (published 16:30 ET the same day) → 1.
* CoinMarketCap / CoinGecko global metrics (daily snapshot) → 1.
* IMF Monetary and Financial Statistics (broad money reported by national central banks
  and posted by the IMF one to three months after the month) → 120.
"""

from __future__ import annotations

from dataclasses import dataclass

from bubblelink.providers.base import Frequency


@dataclass(frozen=True)
class WorldSeriesInfo:
    """Catalog entry of one non-FRED series.

    Attributes
    ----------
    id : str
        Store id (``EA_M2``).
    title : str
    publisher : str
        Who publishes the number (``"European Central Bank"``).
    provider : str
        bubblelink provider name that fetches it live (``ecb``, ``boj``, ``boe``, ``boc``,
        ``snb``, ``imf``, ``coingecko``) or the file source (``pboc``, ``coinmarketcap``).
    key : str
        The publisher's own series key.
    economy : str
        ``euro_area``, ``japan``, ``china``, ``uk``, ``canada``, ``switzerland``, ``us``,
        ``world`` (crypto).
    currency : str
        ISO currency of the values (``EUR``); ``""`` for ratios and percentages.
    unit : str
        Unit as stored, readable by :func:`bubblelink.analytics.liquidity.billions_factor`
        (``"millions EUR"``, ``"100 millions JPY"``).
    scale : float
        Currency units per stored unit (1e6 for millions, 1e8 for 100 millions).
    frequency : Frequency
    seasonal_adjustment : str
        ``"seasonally adjusted"`` or ``"not seasonally adjusted"``.
    observation : str
        ``"end of period"`` or ``"period average"``.
    lag_days : int
        Conservative publication lag counted from the stored observation date.
    release : str
        Where and when the number is published.
    """

    id: str
    title: str
    publisher: str
    provider: str
    key: str
    economy: str
    currency: str
    unit: str
    scale: float
    frequency: Frequency
    seasonal_adjustment: str
    observation: str
    lag_days: int
    release: str

    def metadata(self) -> dict[str, object]:
        """What a stored batch of this series carries in ``SeriesMeta.metadata``.

        The CSV importer and every live provider use this one dict, so a file and a live
        fetch of the same series are described identically.
        """
        return {
            "title": self.title,
            "publisher": self.publisher,
            "publisher_key": self.key,
            "economy": self.economy,
            "currency": self.currency,
            "scale": self.scale,
            "seasonal_adjustment": self.seasonal_adjustment,
            "observation": self.observation,
        }


_ENTRIES: tuple[WorldSeriesInfo, ...] = (
    WorldSeriesInfo(
        "EA_M2",
        "Euro area M2, outstanding amounts, working-day and seasonally adjusted",
        "European Central Bank",
        "ecb",
        "BSI.M.U2.Y.V.M20.X.1.U2.2300.Z01.E",
        "euro_area",
        "EUR",
        "millions EUR",
        1e6,
        "monthly",
        "seasonally adjusted",
        "end of period",
        60,
        "ECB monetary developments, ~28th working day after the month",
    ),
    WorldSeriesInfo(
        "JP_M2",
        "Japan M2, average amounts outstanding",
        "Bank of Japan",
        "boj",
        "MD02'MAM1NAM2M2MO",
        "japan",
        "JPY",
        "100 millions JPY",
        1e8,
        "monthly",
        "not seasonally adjusted",
        "period average",
        45,
        "BoJ money stock, ~7th business day of the next month",
    ),
    WorldSeriesInfo(
        "CN_M2",
        "China M2 (money and quasi-money), end of month",
        "People's Bank of China",
        "pboc",
        "china-m2-money-supply",
        "china",
        "CNY",
        "100 millions CNY",
        1e8,
        "monthly",
        "not seasonally adjusted",
        "end of period",
        50,
        "PBoC financial statistics, ~10th-15th of the next month",
    ),
    WorldSeriesInfo(
        "GB_M4",
        "UK M4 money stock, amounts outstanding (LPMAUYM)",
        "Bank of England",
        "boe",
        "LPMAUYM",
        "uk",
        "GBP",
        "millions GBP",
        1e6,
        "monthly",
        "not seasonally adjusted",
        "end of period",
        35,
        "BoE Money and credit, ~29 days after the month-end date",
    ),
    WorldSeriesInfo(
        "CA_M2PP",
        "Canada M2++ (gross), seasonally adjusted (Valet V41552801)",
        "Bank of Canada",
        "boc",
        "V41552801",
        "canada",
        "CAD",
        "millions CAD",
        1e6,
        "monthly",
        "seasonally adjusted",
        "end of period",
        70,
        "Bank of Canada monetary aggregates, about five weeks after the month",
    ),
    WorldSeriesInfo(
        "CH_M2",
        "Switzerland M2, end of month (SNB cube snbmonagg, GM2)",
        "Swiss National Bank",
        "snb",
        "snbmonagg/GM2",
        "switzerland",
        "CHF",
        "millions CHF",
        1e6,
        "monthly",
        "not seasonally adjusted",
        "end of period",
        65,
        "SNB monthly monetary aggregates, near the end of the next month",
    ),
    WorldSeriesInfo(
        "FXUSDCAD",
        "USD/CAD daily average exchange rate (CAD per USD)",
        "Bank of Canada",
        "boc",
        "FXUSDCAD",
        "canada",
        "",
        "CAD per USD",
        1.0,
        "business",
        "not seasonally adjusted",
        "period average",
        1,
        "Bank of Canada Valet, 16:30 ET the same day",
    ),
    WorldSeriesInfo(
        "BTC_DOMINANCE_CMC",
        "BTC dominance (BTC market cap / all assets CoinMarketCap tracks)",
        "CoinMarketCap",
        "coinmarketcap",
        "v1/global-metrics/quotes/latest btc_dominance",
        "world",
        "",
        "percent",
        1.0,
        "daily",
        "not seasonally adjusted",
        "end of period",
        1,
        "CoinMarketCap global metrics, daily snapshot ~01:20-03:30 UTC",
    ),
    WorldSeriesInfo(
        "CRYPTO_TOTAL_MCAP_CMC",
        "Total crypto market capitalisation (CoinMarketCap)",
        "CoinMarketCap",
        "coinmarketcap",
        "v1/global-metrics/quotes/latest total_market_cap",
        "world",
        "USD",
        "USD",
        1.0,
        "daily",
        "not seasonally adjusted",
        "end of period",
        1,
        "CoinMarketCap global metrics, daily snapshot ~01:20-03:30 UTC",
    ),
    WorldSeriesInfo(
        "CN_BM_IMF",
        "China broad money, end of month (IMF Monetary and Financial Statistics, BM_MAI)",
        "International Monetary Fund",
        "imf",
        "IMF.STA,MFS_MA/CHN.BM_MAI.XDC.M",
        "china",
        "CNY",
        "CNY",
        1.0,
        "monthly",
        "not seasonally adjusted",
        "end of period",
        120,
        "IMF MFS monetary aggregates, reported by the PBoC and posted one to three months later",
    ),
    WorldSeriesInfo(
        "ETH_DOMINANCE_CMC",
        "ETH dominance (ETH market cap / all assets CoinMarketCap tracks)",
        "CoinMarketCap",
        "coinmarketcap",
        "v1/global-metrics/quotes/latest eth_dominance",
        "world",
        "",
        "percent",
        1.0,
        "daily",
        "not seasonally adjusted",
        "end of period",
        1,
        "CoinMarketCap global metrics, daily snapshot ~01:20-03:30 UTC",
    ),
    WorldSeriesInfo(
        "ALTCOIN_MCAP_CMC",
        "Altcoin market capitalisation (total minus BTC, CoinMarketCap)",
        "CoinMarketCap",
        "coinmarketcap",
        "v1/global-metrics/quotes/latest altcoin_market_cap",
        "world",
        "USD",
        "USD",
        1.0,
        "daily",
        "not seasonally adjusted",
        "end of period",
        1,
        "CoinMarketCap global metrics, daily snapshot ~01:20-03:30 UTC",
    ),
    WorldSeriesInfo(
        "STABLECOIN_MCAP_CMC",
        "Stablecoin market capitalisation (CoinMarketCap)",
        "CoinMarketCap",
        "coinmarketcap",
        "v1/global-metrics/quotes/latest stablecoin_market_cap",
        "world",
        "USD",
        "USD",
        1.0,
        "daily",
        "not seasonally adjusted",
        "end of period",
        1,
        "CoinMarketCap global metrics, daily snapshot ~01:20-03:30 UTC",
    ),
    WorldSeriesInfo(
        "CRYPTO_VOLUME_24H_CMC",
        "Total crypto 24-hour trading volume (CoinMarketCap)",
        "CoinMarketCap",
        "coinmarketcap",
        "v1/global-metrics/quotes/latest total_volume_24h",
        "world",
        "USD",
        "USD",
        1.0,
        "daily",
        "not seasonally adjusted",
        "period average",
        1,
        "CoinMarketCap global metrics, daily snapshot ~01:20-03:30 UTC",
    ),
)

_BY_ID: dict[str, WorldSeriesInfo] = {e.id: e for e in _ENTRIES}

#: Every catalogued id, in catalog order.
WORLD_SERIES: tuple[str, ...] = tuple(_BY_ID)


def world_series_info(series_id: str) -> WorldSeriesInfo | None:
    """The catalog entry of ``series_id``, or None when it is not catalogued."""
    return _BY_ID.get(series_id)
