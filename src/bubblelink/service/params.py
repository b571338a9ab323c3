"""The parameters of every question: one pydantic model each, shared by CLI and API.

The CLI builds these models from its options and the API from its query string, so a
parameter has the same name, default, bounds and error on both surfaces (a test compares
them). Bounds keep every request answerable in bounded time; a violation is a one-line
:class:`~bubblelink.errors.DataError` naming the parameter (the API answers 422).

Common parameters: ``as_of`` (use only data known on that date; also the last date
used), ``start``/``end`` (sample bounds), ``calendar`` (``equity``: NYSE sessions, BTC at
the close of its UTC daily bar of the same date; ``all-days``: every calendar day,
equities carried forward), ``returns`` (``log`` or ``simple``). Symbols are free text:
aliases (``BTC``, ``NASDAQ``) and pseudo-symbols (``AI_BASKET``, ``NET_LIQUIDITY``) are
accepted everywhere; the store decides whether they exist.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from bubblelink.dates import check_query_date
from bubblelink.errors import DataError
from bubblelink.symbols import AI_BASKET, DEFAULT_PRICE_SYMBOLS

Symbol = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        pattern=r"^[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$",
        description="Symbol, alias or pseudo-symbol (BTC-USD, NVDA, ^IXIC, AI_BASKET).",
    ),
]
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def query_day(value: Any) -> dt.date | None:
    """A question's date: ``YYYY-MM-DD`` (or a date) from 1970-01-01 to tomorrow.

    Numbers (``0``, Unix times) and other strings are not dates; the range is
    :func:`bubblelink.dates.query_date_bounds`.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise PydanticCustomError("date_from_datetime_inexact", "not a date")
        value = value.date()
    elif isinstance(value, str):
        text = value.strip()
        try:
            if not _ISO_DAY.fullmatch(text):
                raise ValueError(text)
            value = dt.date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError("date_parsing", "not a date") from None
    if not isinstance(value, dt.date):
        raise PydanticCustomError("date_type", "not a date")
    try:
        return check_query_date(value, "date")
    except DataError as exc:
        reason = str(exc).removeprefix("date ")
        raise PydanticCustomError("query_date_range", "{reason}", {"reason": reason}) from None


Day = Annotated[dt.date | None, BeforeValidator(query_day), Field(description="YYYY-MM-DD")]
CalendarParam = Literal["equity", "all-days"]
ReturnsParam = Literal["log", "simple"]
Window = Annotated[str, Field(pattern=r"^\s*-?\d{1,3}\s*:\s*-?\d{1,3}\s*$")]
Period = Annotated[
    str,
    Field(
        pattern=r"^\s*\d{4}-\d{2}-\d{2}\s*:\s*\d{4}-\d{2}-\d{2}\s*$",
        description="START:END, e.g. 2025-10-01:2025-12-31",
    ),
]

M = TypeVar("M", bound="Params")


def split_list(value: Any) -> Any:
    """A list parameter given repeated, comma- or space-separated, or as one value.

    ``["A,B", "C D"]`` → ``["A", "B", "C", "D"]``; ``"0.05,0.10"`` → ``["0.05", "0.10"]``
    (the model then checks each item: a symbol, a number...).
    """
    if isinstance(value, str | float | int):
        value = [value]
    if isinstance(value, list | tuple):
        out: list[Any] = []
        for item in value:
            if isinstance(item, str):
                out.extend(p for p in item.replace(",", " ").split() if p)
            else:
                out.append(item)
        return out
    return value


def validation_message(errors: Sequence[Mapping[str, Any]]) -> str:
    """``invalid parameter <name>: <reason>; ...`` for every failed parameter (one line).

    ``errors`` are pydantic's error dicts (``ValidationError.errors()``, or FastAPI's
    ``RequestValidationError.errors()``): the CLI and the API word them the same way.
    """
    parts = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        where = ".".join(loc) or "parameters"
        message = str(error.get("msg", "invalid value"))
        kind = str(error.get("type", ""))
        if kind == "extra_forbidden":
            message = "unknown parameter"
        elif kind.startswith(("date", "datetime")):
            message = f"{error.get('input')!r} is not a date: use YYYY-MM-DD"
        elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("calm", "stress"):
            message = f"{error.get('input')!r} must be START:END, e.g. 2025-10-01:2025-12-31"
        elif kind == "string_pattern_mismatch" and loc and loc[-1].endswith("_vintage"):
            message = (
                f"{error.get('input')!r} is not a vintage: use a date (YYYY-MM-DD), a UTC "
                "time as listed (YYYY-MM-DDTHH:MM:SSZ) or ingest:N"
            )
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "window":
            message = f"{error.get('input')!r} must be START:END in sessions, e.g. -1:1"
        parts.append(f"{where}: {message}")
    return "invalid parameter " + "; ".join(parts)


class Params(BaseModel):
    """Base of the parameter models: unknown parameters are errors; a stable cache key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def build(cls: type[M], **values: Any) -> M:
        """The model from keyword values; a violation is a one-line :class:`DataError`."""
        try:
            return cls(**{k: v for k, v in values.items() if v is not None})
        except ValidationError as exc:
            raise DataError(validation_message(exc.errors())) from exc

    def key(self) -> tuple[tuple[str, Any], ...]:
        """Hashable, order-independent form of the parameters."""
        return tuple(
            (k, tuple(v) if isinstance(v, list) else v)
            for k, v in sorted(self.model_dump().items())
        )


class AsofParams(Params):
    """Only an as-of date."""

    as_of: Day = Field(None, description="Use only data known on this date (YYYY-MM-DD).")


class ReturnsParams(AsofParams):
    """Calendar alignment and return kind."""

    calendar: CalendarParam = Field(
        "equity",
        description="equity: NYSE sessions (BTC close of the same UTC date); "
        "all-days: every calendar day.",
    )
    returns: ReturnsParam = Field("log", description="Return kind: log (default) or simple.")


class SampleParams(ReturnsParams):
    """Sample bounds, calendar alignment and return kind."""

    start: Day = Field(None, description="First date (YYYY-MM-DD).")
    end: Day = Field(None, description="Last date (YYYY-MM-DD).")


# -- linkage -------------------------------------------------------------------------


class CorrParams(SampleParams):
    """``corr``: correlation of A and B with a 95% confidence interval."""

    a: Symbol = "BTC-USD"
    b: Symbol = "^IXIC"
    window: int = Field(30, ge=3, le=5000, description="Observations per window.")
    method: Literal["pearson", "spearman", "kendall", "ewma"] = "pearson"
    on: Literal["returns", "levels"] = Field(
        "returns", description="returns (default) or levels (spurious-prone; shows both)."
    )
    lam: float = Field(0.94, gt=0.5, lt=1.0, description="EWMA decay λ (method=ewma).")
    series: bool = Field(False, description="Include the whole series up to as_of.")


class BetaParams(SampleParams):
    """``beta``: beta profile of ASSET on MARKET."""

    asset: Symbol = "BTC-USD"
    market: Symbol = "^IXIC"
    split: Literal["zero", "mean"] = Field(
        "zero", description="Downside/upside split: market return < 0 or < its mean."
    )
    zero_days: Literal["exclude", "up", "down"] = Field(
        "exclude",
        description="Market days exactly at the split (zero-return days): exclude "
        "(empyrical's rule), or count them as up or as down days.",
    )
    window: int | None = Field(None, ge=20, le=5000, description="Also a rolling beta.")
    stress_k: float = Field(
        1.5, gt=0, le=10, description="Stress days: market return < -k x full-sample sigma."
    )
    worst_pct: float = Field(
        10.0, gt=0, lt=50, description="Percent of worst market days for 'falls harder'."
    )


class TailsParams(SampleParams):
    """``tails``: empirical tail dependence of ASSET given MARKET."""

    asset: Symbol = "BTC-USD"
    market: Symbol = "^IXIC"
    # a quantile level below 1e-4 leaves no tail observation in any realistic sample (and
    # 5e-324 overflowed the tail count: found by schemathesis)
    q: list[Annotated[float, Field(ge=1e-4, lt=0.5)]] = Field(
        default_factory=lambda: [0.05, 0.10], min_length=1, max_length=10
    )

    _split = field_validator("q", mode="before")(split_list)


class ContagionParams(ReturnsParams):
    """``contagion``: Forbes-Rigobon test of a correlation rise in stress."""

    asset: Symbol = "BTC-USD"
    market: Symbol = "^IXIC"
    calm: Period = "2023-01-01:2023-12-31"
    stress: Period = "2022-01-01:2022-06-30"


class MultiParams(SampleParams):
    """Two to ten symbols."""

    symbols: list[Symbol] = Field(
        default_factory=lambda: ["BTC-USD", "NVDA", "^IXIC"], min_length=2, max_length=10
    )

    _split = field_validator("symbols", mode="before")(split_list)


class DccParams(MultiParams):
    """``dcc``: DCC(1,1)-GARCH(1,1) conditional correlations."""

    dist: Literal["normal", "t"] = Field(
        "normal",
        description="Innovations: normal, or Student t (t margins and a multivariate t "
        "with one shape in the correlation step).",
    )
    qbar: Literal["second_moment", "sample"] = Field(
        "second_moment",
        description="Correlation target: second_moment (e'e/T of the standardised "
        "residuals) or sample (their sample correlation).",
    )
    variance_start: Literal["backcast", "sample"] = Field(
        "backcast",
        description="GARCH recursion start: backcast (arch's, 0.94-weighted first 75 "
        "squared returns) or sample (the sample variance).",
    )


class RegimesParams(SampleParams):
    """``regimes``: Markov-switching regimes of one series."""

    symbol: Symbol = "BTC-USD"
    states: int = Field(2, ge=2, le=3, description="Number of regimes.")
    mean: Literal["switching", "constant"] = Field(
        "switching", description="Mean: switching with the regime, or constant."
    )
    variance: Literal["switching", "constant"] = Field(
        "switching", description="Variance: switching with the regime, or constant."
    )
    order: int = Field(
        0, ge=0, le=4, description="AR order p (Hamilton 1989; AR terms the same in every regime)."
    )
    versus: list[Symbol] = Field(default_factory=lambda: ["^IXIC"], max_length=5)
    seed: int = Field(0, ge=0, le=2**31 - 1)

    _split = field_validator("versus", mode="before")(split_list)


# -- transmission ----------------------------------------------------------------------


class SpilloverParams(MultiParams):
    """``spillover``: Diebold-Yilmaz spillover table (static, or rolling with a window)."""

    lags: int | None = Field(None, ge=1, le=10, description="VAR order (default: by ic).")
    horizon: int = Field(10, ge=1, le=50, description="Forecast horizon H.")
    window: int | None = Field(None, ge=30, le=5000, description="Rolling window.")
    step: int = Field(1, ge=1, le=250, description="Rolling step.")
    ic: Literal["aic", "bic"] = "aic"
    decomposition: Literal["generalized", "cholesky"] = "generalized"


class LeadLagParams(SampleParams):
    """``leadlag``: cross-correlations and Granger causality (A leads at k > 0)."""

    a: Symbol = "^IXIC"
    b: Symbol = "BTC-USD"
    max_lag: int = Field(10, ge=1, le=30)
    freq: Literal["D", "W"] = "D"
    ic: Literal["aic", "bic"] = "aic"


# -- events ----------------------------------------------------------------------------


class EventParams(AsofParams):
    """``event``: market-model event study of TARGETS around one event."""

    event_id: str | None = Field(
        None, max_length=60, description="Id in the events file (or give symbol and date)."
    )
    symbol: Symbol | None = Field(None, description="The event's asset (with date).")
    date: Day = Field(None, description="Reaction or announcement date (with symbol).")
    targets: list[Symbol] = Field(
        default_factory=lambda: ["BTC-USD", "NVDA", "AMD", "^IXIC"], min_length=1, max_length=10
    )
    market: Symbol = "^IXIC"
    window: Window = Field("-1:1", description="Event window START:END in sessions.")
    estimation: int = Field(120, ge=30, le=500)
    gap: int = Field(10, ge=0, le=60)
    returns: ReturnsParam = "log"
    value_moved: bool = Field(
        False, description="Also the event asset's largest intraday move and value moved."
    )

    _split = field_validator("targets", mode="before")(split_list)


class PerfParams(AsofParams):
    """``perf``: total return, drawdown, volatility and beta over a period."""

    symbols: list[Symbol] = Field(
        default_factory=lambda: list(DEFAULT_PRICE_SYMBOLS), min_length=1, max_length=12
    )
    since: dt.date = Field(dt.date(2025, 9, 17), description="From the last close on or before.")
    until: Day = Field(None, description="To the last close on or before (default: the last).")
    benchmark: Symbol | None = Field(
        None, description="Beta/relative benchmark (default: ^IXIC when listed)."
    )

    _split = field_validator("symbols", mode="before")(split_list)


class DrawdownsParams(AsofParams):
    """``drawdowns``: drawdown episodes of each asset."""

    symbols: list[Symbol] = Field(
        default_factory=lambda: ["BTC-USD", "^IXIC"], min_length=1, max_length=12
    )
    top: int = Field(5, ge=1, le=100)
    min_depth: float = Field(0.0, ge=0.0, lt=1.0)
    start: Day = None
    end: Day = None

    _split = field_validator("symbols", mode="before")(split_list)


# -- liquidity, risk, scenarios, claims -----------------------------------------------


class LiquidityParams(AsofParams):
    """``liquidity``: the gauges and BTC against liquidity."""

    btc: bool = Field(True, description="Also BTC vs liquidity (weekly).")
    global_m2: bool = Field(
        False,
        description="Instead: global M2 in USD by component (local value, FX month "
        "average, USD value, release dates, missing pieces, coverage, total).",
    )


class RiskParams(AsofParams):
    """``risk``: the AI-contagion risk score."""

    weights: str | None = Field(
        None, max_length=200, description="Weights file or shipped name (default shipped)."
    )
    skill: bool = Field(
        True,
        description="Also the out-of-sample skill (walk-forward AUC, Brier, reliability).",
    )


class ScenarioParams(AsofParams):
    """``scenario``: the two-phase stress scenario with optional overrides."""

    scenario: str | None = Field(
        None, max_length=200, description="Scenario file or shipped name (ai_credit_shock)."
    )
    phase1_basket_change: float | None = Field(None, gt=-0.95, le=2.0)
    phase1_sessions: int | None = Field(None, ge=1, le=250)
    phase2_basket_change: float | None = Field(None, gt=-0.95, le=2.0)
    phase2_sessions: int | None = Field(None, ge=1, le=250)
    phase2_net_liquidity_change_bn: float | None = Field(None, ge=-5000, le=5000)
    paths: int | None = Field(None, ge=100, le=200_000)
    seed: int | None = Field(None, ge=0, le=2**31 - 1)


class ScenarioRunParams(AsofParams):
    """``scenario run``: one scenario on one engine or all, with price thresholds."""

    scenario: str = Field(
        "ai_credit_shock",
        min_length=1,
        max_length=200,
        description="Scenario file or shipped name (see bubblelink scenario list).",
    )
    engine: Literal["factor", "fhs", "analogue", "all"] = Field(
        "factor", description="Engine: factor, fhs, analogue, or all (compared side by side)."
    )
    paths: int | None = Field(
        None, ge=100, le=1_000_000, description="Monte Carlo paths (overrides simulation.paths)."
    )
    seed: int | None = Field(None, ge=0, le=2**31 - 1, description="Random seed.")
    below: list[Annotated[float, Field(gt=0, allow_inf_nan=False)]] = Field(
        default_factory=list,
        max_length=12,
        description="BTC prices in USD: P(below) at any time and at the end (70000,60000).",
    )

    _split = field_validator("below", mode="before")(split_list)


class ScenarioListParams(Params):
    """``scenario list``: the shipped scenarios (no store needed)."""


class ClaimsParams(AsofParams):
    """``claims``: a narrative's numeric claims checked, or its forecasts scored."""

    file: str | None = Field(
        None, max_length=200, description="Claims file or shipped name (default: shipped)."
    )
    scorecard: bool = Field(False, description="Score the forward-looking claims.")


# -- store -----------------------------------------------------------------------------


class SeriesShowParams(AsofParams):
    """``series show``: stored values of one series."""

    symbol: Symbol = "BTC-USD"
    field: str = Field("auto", min_length=1, max_length=30, pattern=r"^[A-Za-z0-9_]+$")
    start: Day = None
    end: Day = None


class SummaryParams(AsofParams):
    """``summary``: BTC's linkage to each AI/tech asset right now."""

    target: Symbol = "BTC-USD"
    against: list[Symbol] = Field(
        default_factory=lambda: [*AI_BASKET, "^IXIC"], min_length=1, max_length=12
    )
    years: float = Field(3.0, gt=0.2, le=30)

    _split = field_validator("against", mode="before")(split_list)


# -- spot bitcoin ETF flows (issue 13) -------------------------------------------------


class FlowsParams(AsofParams):
    """``flows``: spot bitcoin ETF flows, streaks, worst tech days, lead-lag with BTC."""

    since: Day = Field(None, description="First flow date used (default: all).")
    worst: int = Field(10, ge=1, le=50, description="How many worst tech sessions to list.")


# -- market structure (issue 13) --------------------------------------------------------


class DominanceParams(AsofParams):
    """``dominance``: BTC dominance and total crypto market cap (CoinGecko + CoinMarketCap)."""

    window: list[
        Annotated[
            str,
            Field(
                pattern=r"^\s*(\d{1,4}[dwmyDWMY]|ytd|YTD|\d{4}-\d{2}-\d{2})\s*$",
                description="1w, 1m, 3m, ytd, Nd/Nw/Nm/Ny or a start date YYYY-MM-DD",
            ),
        ]
    ] = Field(
        default_factory=lambda: ["1w", "1m", "3m", "ytd"],
        min_length=1,
        max_length=8,
        description="Windows of the change (default 1w 1m 3m ytd).",
    )
    stress_pct: float = Field(
        10.0, gt=0.0, le=50.0, description="Stress days: the worst PCT% of BTC / AI-basket days."
    )
    drawdown: float = Field(
        0.2, gt=0.0, lt=1.0, description="Drawdown days: BTC at least this far below its peak."
    )
    start: Day = Field(None, description="First day of the stress-day sample and of the path.")
    path: bool = Field(True, description="Include the daily dominance and market-cap path.")

    _split = field_validator("window", mode="before")(split_list)


class ValuationParams(AsofParams):
    """``valuation``: corporate equities (Z.1) over nominal GDP, as released."""


# -- the operator's view (issue 15) -------------------------------------------------------

#: A version of a series for ``store diff``: a vintage as printed (a date, or a UTC time
#: ``...T16:51:08Z``), or ``ingest:N`` (the series as stored after ingest N).
VINTAGE_PATTERN = (
    r"^\s*(\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]00:?00)?)?"
    r"|ingest:\d{1,12})\s*$"
)
#: A stored field name (``close``, ``adj_close``, ``value``).
FIELD_PATTERN = r"^[A-Za-z0-9_]+$"


class StoreLogParams(Params):
    """``store log``: the ingest log, newest first."""

    limit: int = Field(20, ge=0, le=1_000_000, description="The newest N ingests (0: all).")


class StoreDiffParams(Params):
    """``store diff``: what changed in one series between two of its vintages."""

    symbol: Symbol
    from_vintage: str | None = Field(
        None,
        pattern=VINTAGE_PATTERN,
        description="Older vintage or ingest:N (default: the vintage before the newer one).",
    )
    to_vintage: str | None = Field(
        None,
        pattern=VINTAGE_PATTERN,
        description="Newer vintage or ingest:N (default: the last vintage).",
    )
    field: str | None = Field(
        None, min_length=1, max_length=30, pattern=FIELD_PATTERN,
        description="Compare only this field (default: every stored field).",
    )  # fmt: skip


class ExportParams(AsofParams):
    """``export``: several series as of a date, wide (date x symbol) or long."""

    symbols: list[Symbol] = Field(min_length=1, max_length=500)
    layout: Literal["wide", "long"] = Field(
        "wide", description="wide: date x symbol; long: date, symbol, field, value."
    )
    field: str = Field(
        "auto", min_length=1, max_length=30, pattern=FIELD_PATTERN,
        description="Field of every symbol (auto: adj_close, else close, else value).",
    )  # fmt: skip
    start: Day = Field(None, description="First date (YYYY-MM-DD).")
    end: Day = Field(None, description="Last date (YYYY-MM-DD).")

    _split = field_validator("symbols", mode="before")(split_list)


# -- scan (issue 17) -------------------------------------------------------------------

#: What ``scan`` can compute per asset (or ``corr`` per pair with ``pairs``).
ScanMetric = Literal["corr", "beta", "downside_beta", "tail_dependence", "granger"]


class ScanParams(SampleParams):
    """``scan``: rank a universe by its linkage to a target (or every pair of it)."""

    universe: str = Field(
        min_length=1,
        max_length=1000,
        description="A shipped universe (ai_complex, crypto_majors, liquidity) or a "
        "one-column CSV of symbols (optional weight column).",
    )
    target: Symbol = Field("BTC-USD", description="The series every asset is compared with.")
    window: int = Field(60, ge=2, le=5000, description="Observations per rolling window.")
    metrics: list[ScanMetric] = Field(
        default_factory=lambda: list[ScanMetric](["corr", "beta"]),
        min_length=1,
        max_length=5,
        description="corr, beta, downside_beta, tail_dependence, granger.",
    )
    pairs: bool = Field(False, description="Rank every pair of the universe (rolling corr).")
    top: int = Field(20, ge=1, le=100000, description="Rows shown (the output file has all).")
    rank_by: str | None = Field(
        None,
        pattern=r"^[a-z_]{1,40}$",
        description="Column ranked on: largest first (p-values: smallest first); default the "
        "first metric's first column.",
    )
    engine: Literal["local", "dask"] = Field("local", description="local or dask.")
    scheduler: str | None = Field(
        None,
        max_length=300,
        pattern=r"^(tcp|tls|inproc|ucx)://\S+$",
        description="Dask scheduler address (tcp://HOST:PORT); default: a local cluster.",
    )
    workers: int | None = Field(
        None, ge=1, le=256, description="Worker processes of the local Dask cluster."
    )
    source: str | None = Field(
        None,
        max_length=1000,
        description="Read a Parquet export (`store export`; path or fsspec URL) instead "
        "of the store; the Dask workers always read one.",
    )
    out: str | None = Field(
        None, max_length=1000, description="Write every row to this Parquet file."
    )
    strict: bool = Field(False, description="Unknown universe symbols are an error.")
    tail_q: float = Field(0.10, gt=0.0, lt=0.5, description="Tail level q of tail_dependence.")
    n_boot: int = Field(200, ge=50, le=10000, description="Bootstrap draws of tail_dependence.")
    max_lags: int = Field(5, ge=1, le=20, description="Largest Granger lag order (AIC).")
    block_size: int | None = Field(
        None, ge=1, le=100000, description="Assets per block (default: from the measured cost)."
    )
    timeout: float = Field(
        10.0, gt=0.0, le=600.0, description="Seconds to wait for the Dask scheduler."
    )

    _split = field_validator("metrics", mode="before")(split_list)
