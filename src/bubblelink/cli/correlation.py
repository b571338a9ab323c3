"""CLI command of the correlation analytics: ``bubblelink corr A B``.

JSON output (``--format json``), stable keys::

    a, b          the two symbols (columns of the frames layer)
    method        pearson | spearman | kendall | ewma
    window        observations per window (null for ewma)
    lambda        EWMA decay (only with --method ewma)
    on            returns | levels
    calendar      equity | all-days (alignment of the frames layer)
    asof          date of the last session of the window reported: the last session
                  on or before --asof (default: the last session loaded)
    value         the correlation on that window
    ci_low        lower bound of the 95% Fisher-z interval
    ci_high       upper bound
    n             observations behind the value (EWMA: effective n = (1+λ)/(1-λ))
    notes         data notes (alignment rule, SYNTHETIC data notice, dropped dates)
    series        with --series: [{date, value, ci_low, ci_high}] up to asof
    returns_value with --on levels: the same method/window on log returns
    warning       with --on levels: the spurious-correlation warning

``--asof DATE`` also loads the data as of that date (no later observations or
revisions), so the figure is what could have been computed on that day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

import pandas as pd
import typer

from bubblelink.analytics._result import plain
from bubblelink.analytics.correlation import (
    RollingCorrelationResult,
    ewma_correlation,
    levels_correlation,
    rolling_correlation,
    spurious_warning,
)
from bubblelink.cli.options import (
    AsofOption,
    Calendar,
    CalendarOption,
    EndOption,
    FormatOption,
    OutputFormat,
    StartOption,
    StoreOption,
)
from bubblelink.cli.output import emit
from bubblelink.errors import DataError


class CorrMethod(StrEnum):
    """Correlation estimator."""

    pearson = "pearson"
    spearman = "spearman"
    kendall = "kendall"
    ewma = "ewma"


class On(StrEnum):
    """What is correlated."""

    returns = "returns"
    levels = "levels"


@dataclass(frozen=True)
class CorrReport:
    """What ``bubblelink corr`` prints: one value at ``asof`` (and optionally the series)."""

    a: str
    b: str
    method: str
    window: int | None
    on: str
    calendar: str
    asof: pd.Timestamp
    value: float
    ci_low: float
    ci_high: float
    n: float
    notes: list[str] = field(default_factory=list)
    lam: float | None = None
    series: pd.DataFrame | None = None
    returns_value: float | None = None
    warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON keys documented in the module docstring."""
        out: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "method": self.method,
            "window": self.window,
        }
        if self.method == "ewma":
            out["lambda"] = self.lam
        out.update(
            {
                "on": self.on,
                "calendar": self.calendar,
                "asof": plain(self.asof),
                "value": plain(self.value),
                "ci_low": plain(self.ci_low),
                "ci_high": plain(self.ci_high),
                "n": int(self.n) if float(self.n).is_integer() else round(self.n, 2),
                "notes": list(self.notes),
            }
        )
        if self.on == "levels":
            out["returns_value"] = plain(self.returns_value)
            out["warning"] = self.warning
        if self.series is not None:
            out["series"] = plain(self.series)
        return out

    def to_frame(self) -> pd.DataFrame:
        """The series (with --series) or the one-row summary."""
        if self.series is not None:
            return self.series
        row: dict[str, Any] = {
            "a": self.a,
            "b": self.b,
            "method": self.method,
            "window": self.window if self.window is not None else f"λ={self.lam}",
            "on": self.on,
            "asof": plain(self.asof),
            "value": self.value,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "n": self.n,
        }
        if self.on == "levels":
            row["returns_value"] = self.returns_value
        return pd.DataFrame([row])


def build_report(
    returns: pd.DataFrame,
    prices: pd.DataFrame,
    method: str = "pearson",
    window: int = 30,
    on: str = "returns",
    lam: float = 0.94,
    calendar: str = "equity",
    asof: str | None = None,
    series: bool = False,
    notes: list[str] | None = None,
) -> CorrReport:
    """Run the analytic for the first two columns and pick the value at ``asof``.

    ``asof``: the window ending on the last session on or before that date (None: the
    last session). With ``on="levels"`` the returns figure of the same method and window
    at the same date and the warning are added. EWMA on levels is refused.
    """
    if returns.shape[1] < 2:
        raise DataError(f"need two series, got {returns.shape[1]}: e.g. BTC-USD NVDA")
    col_a, col_b = returns.columns[:2]
    returns_value: float | None = None
    warning: str | None = None
    result: RollingCorrelationResult
    if method == "ewma":
        if on == "levels":
            raise DataError(
                "EWMA correlation is defined on returns (zero-mean recursion): drop --on levels"
            )
        result = ewma_correlation(returns[col_a], returns[col_b], lam=lam)
    elif on == "levels":
        both = levels_correlation(prices[col_a], prices[col_b], window, method)  # type: ignore[arg-type]
        result = both.levels
    else:
        result = rolling_correlation(returns[col_a], returns[col_b], window, method)  # type: ignore[arg-type]
    point = result.point(asof)
    if on == "levels":
        returns_value = float(both.returns.value.reindex([point.date]).iloc[0])
        warning = spurious_warning(point.value, returns_value, "log")
    frame: pd.DataFrame | None = None
    if series:
        frame = result.to_frame()[["value", "ci_low", "ci_high"]]
        frame = frame[frame.index <= point.date].dropna(subset=["value"])
    return CorrReport(
        a=str(col_a),
        b=str(col_b),
        method=method,
        window=None if method == "ewma" else window,
        on=on,
        calendar=calendar,
        asof=point.date,
        value=point.value,
        ci_low=point.ci_low,
        ci_high=point.ci_high,
        n=point.n,
        notes=[*(notes or []), *result.notes],
        lam=lam if method == "ewma" else None,
        series=frame,
        returns_value=returns_value,
        warning=warning,
    )


def corr(
    a: Annotated[str, typer.Argument(help="First symbol, e.g. BTC-USD.")],
    b: Annotated[str, typer.Argument(help="Second symbol, e.g. NVDA.")],
    window: Annotated[int, typer.Option(help="Observations per window (sessions).")] = 30,
    method: Annotated[
        CorrMethod, typer.Option(help="pearson, spearman, kendall or ewma (RiskMetrics).")
    ] = CorrMethod.pearson,
    on: Annotated[
        On, typer.Option(help="returns (default) or levels (spurious-prone; shows both).")
    ] = On.returns,
    calendar: CalendarOption = Calendar.equity,
    asof: AsofOption = None,
    start: StartOption = None,
    end: EndOption = None,
    series: Annotated[bool, typer.Option("--series", help="Print the whole series.")] = False,
    lam: Annotated[float, typer.Option("--lambda", help="EWMA decay λ.")] = 0.94,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Correlation of A and B with a 95% confidence interval (returns by default)."""
    from bubblelink.frames import load_returns

    rf = load_returns(
        [a, b],
        store=store,
        calendar=calendar.value,  # type: ignore[arg-type]
        kind="log",
        start=start,
        end=end,
        as_of=asof,
    )
    report = build_report(
        rf.returns,
        rf.prices,
        method=method.value,
        window=window,
        on=on.value,
        lam=lam,
        calendar=calendar.value,
        asof=asof,
        series=series,
        notes=list(rf.notes),
    )
    title = (
        f"{report.method} correlation of {report.a} and {report.b} on {report.on} "
        f"(95% CI), as of {plain(report.asof)}"
    )
    notes = list(report.notes)
    if report.warning:
        notes.insert(0, report.warning)
    emit(report, fmt, title=title, notes=notes)


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    app.command("corr")(corr)
