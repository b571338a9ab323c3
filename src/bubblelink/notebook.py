"""The Python API for notebooks: the CLI's commands as functions.

``import bubblelink as bl`` gives these functions at the package root. Each one takes the
CLI command's arguments positionally (``bl.corr("BTC-USD", "^IXIC")`` is ``bubblelink corr
BTC-USD ^IXIC``) and its options as keywords named as the options in snake_case
(``--as-of`` → ``as_of``, ``--zero-days`` → ``zero_days``), builds the same parameter model
(:mod:`bubblelink.service.params`) and calls the same service function, so
``bl.corr(...).to_dict()`` is the document ``bubblelink corr ... --format json`` prints::

    import bubblelink as bl
    store = bl.open_store("sample.duckdb")          # or pass store="path", or nothing
    r = bl.corr("BTC-USD", "^IXIC", window=30, as_of="2025-12-10", store=store)
    r.to_frame(); r.to_dict(); r.plot()             # table, JSON document, report figure

Every function returns a :class:`~bubblelink.service._envelope.ServiceResult`:
``to_frame()`` (the CLI's table), ``to_dict()`` (its JSON), ``plot()`` (the plotly figure
the HTML report draws) and an HTML rendering for Jupyter (the tables, then the data used
and the notes). ``store`` is an open store (:func:`open_store`), a path, or None for the
default store (``$BUBBLELINK_STORE``, else ``$BUBBLELINK_HOME/store.duckdb``).

Two names predate this module and keep working: ``bl.beta(store, asset=..., ...)`` and
``bl.scenario(store, ...)`` (the service functions, store first). A call whose first
argument is a store (an open store, a path object, None, a ``*.duckdb`` path) or that
passes a parameter model is sent to the service function unchanged.

This is an output layer, like the CLI: it parses and calls; the service layer computes.
Importing it registers the report's figures (:mod:`bubblelink.report.figures`).
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bubblelink.report.figures  # noqa: F401  (registers the figures ServiceResult.plot draws)
from bubblelink.service import claims as _claims
from bubblelink.service import events as _events
from bubblelink.service import linkage as _linkage
from bubblelink.service import scenarios as _scenarios
from bubblelink.service.data import StoreLike, open_read_only
from bubblelink.service.params import (
    BetaParams,
    ClaimsParams,
    CorrParams,
    EventParams,
    Params,
    ScenarioParams,
)

if TYPE_CHECKING:
    from bubblelink.service._envelope import ServiceResult
    from bubblelink.store import Store

__all__ = ["beta", "claims", "corr", "event_study", "open_store", "scenario"]


def open_store(path: str | Path | None = None) -> Store:
    """Open a store read-only for a session of questions (faster than a path per call).

    Parameters
    ----------
    path : str or Path, optional
        The DuckDB store file (default: ``$BUBBLELINK_STORE``, else
        ``$BUBBLELINK_HOME/store.duckdb``, ``~/.bubblelink/``).

    Returns
    -------
    Store
        Pass it as ``store=``; close it with ``.close()`` (or use it in a ``with`` block).

    Raises
    ------
    StoreError
        When the file does not exist or is not a bubblelink store.
    """
    return open_read_only(path)


def _listed(value: str | Sequence[str] | None) -> list[str]:
    """A list option given as one string or a sequence (the CLI's repeated option)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _store_first(args: tuple[Any, ...], kw: dict[str, Any], first_argument: str) -> bool:
    """True when a call is the store-first service form (see the module docstring).

    That is: a parameter model is passed; or the first positional argument is not a
    string (an open store, a path object, None), or is a ``*.duckdb`` path, or the
    command's first argument (``first_argument``, e.g. ``asset``) is also given by
    keyword, so the positional one cannot be it.
    """
    if "params" in kw or any(isinstance(a, Params) for a in args):
        return True
    if not args:
        return False
    first = args[0]
    if not isinstance(first, str):
        return True
    return first.endswith(".duckdb") or first_argument in kw


def corr(
    a: str = "BTC-USD",
    b: str = "^IXIC",
    *,
    window: int = 30,
    method: str = "pearson",
    on: str = "returns",
    calendar: str = "equity",
    returns: str = "log",
    as_of: str | None = None,
    start: str | None = None,
    end: str | None = None,
    series: bool = False,
    lam: float = 0.94,
    store: StoreLike = None,
) -> ServiceResult:
    """Correlation of A and B with a 95% confidence interval (``bubblelink corr A B``).

    Parameters
    ----------
    a, b : str
        Symbols, aliases or pseudo-symbols (``BTC-USD``, ``NVDA``, ``AI_BASKET``).
    window : int
        Observations per window (sessions), 3 to 5000.
    method : {"pearson", "spearman", "kendall", "ewma"}
        Estimator; ``ewma`` is RiskMetrics with decay ``lam``.
    on : {"returns", "levels"}
        What is correlated; ``levels`` also reports the returns value and a warning.
    calendar : {"equity", "all-days"}
        NYSE sessions (BTC's close of the same UTC date), or every calendar day.
    returns : {"log", "simple"}
        Return kind.
    as_of : str, optional
        ``YYYY-MM-DD``: use only data known on that date; also the last date used.
    start, end : str, optional
        Sample bounds (``YYYY-MM-DD``).
    series : bool
        Return the whole rolling series instead of the last value.
    lam : float
        EWMA decay λ (the CLI's ``--lambda``; ``lambda`` is a Python keyword).
    store : Store, str or Path, optional
        An open store, a path, or None for the default store.

    Returns
    -------
    ServiceResult
        ``to_dict()`` equals ``bubblelink corr A B ... --format json``.
    """
    params = CorrParams.build(
        a=a, b=b, window=window, method=method, on=on, calendar=calendar, returns=returns,
        as_of=as_of, start=start, end=end, series=series, lam=lam,
    )  # fmt: skip
    return _linkage.correlation(store, params)


def beta(*args: Any, **kw: Any) -> ServiceResult:
    """Beta profile of ASSET on MARKET (``bubblelink beta ASSET MARKET``).

    ``bl.beta(asset="BTC-USD", market="^IXIC", *, split="zero", zero_days="exclude",
    window=None, start=None, end=None, as_of=None, calendar="equity", returns="log",
    stress_k=1.5, worst_pct=10.0, store=None)``: OLS beta with HAC errors, downside vs
    upside beta, capture ratios, stress-day correlation and "falls harder"; ``window``
    adds a rolling beta. The store-first form ``bl.beta(store, asset=..., ...)`` is the
    service function :func:`bubblelink.service.linkage.beta` (see the module docstring).

    Returns
    -------
    ServiceResult
        ``to_dict()`` equals ``bubblelink beta ASSET MARKET ... --format json``.
    """
    if _store_first(args, kw, "asset"):
        return _linkage.beta(*args, **kw)
    return _beta(*args, **kw)


def _beta(
    asset: str = "BTC-USD",
    market: str = "^IXIC",
    *,
    split: str = "zero",
    zero_days: str = "exclude",
    window: int | None = None,
    start: str | None = None,
    end: str | None = None,
    as_of: str | None = None,
    calendar: str = "equity",
    returns: str = "log",
    stress_k: float = 1.5,
    worst_pct: float = 10.0,
    store: StoreLike = None,
) -> ServiceResult:
    params = BetaParams.build(
        asset=asset, market=market, split=split, zero_days=zero_days, window=window,
        start=start, end=end, as_of=as_of, calendar=calendar, returns=returns,
        stress_k=stress_k, worst_pct=worst_pct,
    )  # fmt: skip
    return _linkage.beta(store, params)


def event_study(
    symbol: str,
    *more: str,
    date: str,
    targets: str | Sequence[str] | None = None,
    market: str = "^IXIC",
    window: str = "-1:1",
    estimation: int = 120,
    gap: int = 10,
    events: str | Path | None = None,
    value_moved: bool = False,
    shares: str | Path | None = None,
    as_of: str | None = None,
    returns: str = "log",
    store: StoreLike = None,
) -> ServiceResult:
    """Abnormal response of TARGETS to an event of SYMBOL (``bubblelink event SYMBOL``).

    Market-model event study (MacKinlay 1997): each target's abnormal return over the
    event window, its CAR with a t-test, around the event's reaction session.

    Parameters
    ----------
    symbol : str
        The asset the event belongs to (``ORCL``); with ``date`` it names a catalogue
        event (else an ad-hoc one).
    *more : str
        More targets (the CLI's symbols after ``--targets``).
    date : str
        Reaction (or announcement) date of the event, ``YYYY-MM-DD``.
    targets : str or sequence of str, optional
        Assets whose response is measured (default ``BTC-USD NVDA AMD ^IXIC``).
    market : str
        Market of the market model.
    window : str
        Event window ``START:END`` in sessions (``-1:1``).
    estimation, gap : int
        Estimation window length, and its end this many sessions before day 0.
    events : str or Path, optional
        Events YAML (default: the shipped file plus ``$BUBBLELINK_HOME/events.yaml``).
    value_moved : bool
        Also SYMBOL's largest intraday move and, with ``shares``, the value moved.
    shares : str or Path, optional
        Shares-outstanding file (implies ``value_moved``).
    as_of : str, optional
        Use only data known on that date.
    returns : {"log", "simple"}
        Return kind.
    store : Store, str or Path, optional
        An open store, a path, or None for the default store.

    Returns
    -------
    ServiceResult
        ``to_dict()`` equals ``bubblelink event SYMBOL --date D ... --format json``.
    """
    params = EventParams.build(
        symbol=symbol, date=date, targets=[*_listed(targets), *more] or None, market=market,
        window=window, estimation=estimation, gap=gap, as_of=as_of, returns=returns,
        value_moved=value_moved or shares is not None,
    )  # fmt: skip
    return _events.event(store, params, events_file=events, shares_file=shares)


def claims(
    *,
    file: str | None = None,
    as_of: str | None = None,
    scorecard: bool = False,
    store: StoreLike = None,
) -> ServiceResult:
    """A narrative's numeric claims reproduced from data, or its forecasts scored
    (``bubblelink claims``).

    Parameters
    ----------
    file : str, optional
        Claims YAML or shipped name (default: the shipped December 2025 narrative).
    as_of : str, optional
        Use only data known on that date.
    scorecard : bool
        Score the forward-looking claims instead.
    store : Store, str or Path, optional
        An open store, a path, or None for the default store.

    Returns
    -------
    ServiceResult
        ``to_dict()`` equals ``bubblelink claims ... --format json``.
    """
    params = ClaimsParams.build(file=file, as_of=as_of, scorecard=scorecard)
    return _claims.claims(store, params)


def scenario(*args: Any, **kw: Any) -> ServiceResult:
    """The two-phase stress scenario (``bubblelink scenario``).

    ``bl.scenario(*, file=None, paths=None, seed=None, phase1_basket_change=None,
    phase1_sessions=None, phase2_basket_change=None, phase2_sessions=None,
    phase2_net_liquidity_change_bn=None, as_of=None, store=None)``: an AI-credit shock
    then easing (``file``: a scenario YAML or shipped name, default ``ai_credit_shock``),
    with the CLI's overrides. The store-first form ``bl.scenario(store, ...)`` (or a
    ``scenario=`` keyword) is the service function
    :func:`bubblelink.service.scenarios.scenario`.

    Returns
    -------
    ServiceResult
        ``to_dict()`` equals ``bubblelink scenario ... --format json``.
    """
    if args or "params" in kw or "scenario" in kw:
        return _scenarios.scenario(*args, **kw)
    return _scenario(**kw)


def _scenario(
    *,
    file: str | None = None,
    paths: int | None = None,
    seed: int | None = None,
    phase1_basket_change: float | None = None,
    phase1_sessions: int | None = None,
    phase2_basket_change: float | None = None,
    phase2_sessions: int | None = None,
    phase2_net_liquidity_change_bn: float | None = None,
    as_of: str | None = None,
    store: StoreLike = None,
) -> ServiceResult:
    params = ScenarioParams.build(
        scenario=file, paths=paths, seed=seed, phase1_basket_change=phase1_basket_change,
        phase1_sessions=phase1_sessions, phase2_basket_change=phase2_basket_change,
        phase2_sessions=phase2_sessions,
        phase2_net_liquidity_change_bn=phase2_net_liquidity_change_bn, as_of=as_of,
    )  # fmt: skip
    return _scenarios.scenario(store, params)


# ``help()``, ``inspect.signature`` and Jupyter's completion show the notebook form
beta.__signature__ = inspect.signature(_beta)  # type: ignore[attr-defined]
scenario.__signature__ = inspect.signature(_scenario)  # type: ignore[attr-defined]
