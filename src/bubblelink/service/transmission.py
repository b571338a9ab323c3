"""Transmission: does tech lead BTC or the reverse, and how much spills over?

``leadlag`` (cross-correlations at lags −K..K and Granger causality both ways) and
``spillover`` (Diebold-Yilmaz connectedness from a VAR, static or rolling).
"""

from __future__ import annotations

from typing import Any

from bubblelink.analytics.leadlag import lead_lag
from bubblelink.analytics.spillover import RollingSpillover, VARSpillover
from bubblelink.service._compose import answer, at_least_two
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreLike, store_data
from bubblelink.service.params import LeadLagParams, SpilloverParams


def leadlag(store: StoreLike, params: LeadLagParams | None = None, **kw: Any) -> ServiceResult:
    """Cross-correlations and Granger causality of A and B (``leadlag``).

    Lag k > 0 is corr(A[t-k], B[t]): A leads B. Weekly (``freq="W"``) uses W-FRI sums of
    daily log returns.
    """
    p = params or LeadLagParams.build(**kw)
    with store_data(store, p.as_of) as data:
        rf = data.returns([p.a, p.b], p.start, p.end, p.calendar, p.returns)
        x, y = rf.pair(p.a, p.b)
        result = lead_lag(x, y, p.max_lag, freq=p.freq, ic=p.ic)
        ccf = result.cross_correlation
        views = [
            (
                f"cross-correlation ({'weekly' if p.freq == 'W' else 'daily'}, n={ccf.n}); "
                f"{ccf.convention}",
                ccf.to_frame(),
            ),
            (f"Granger causality, {result.granger.lag_selection}", result.granger.to_frame()),
        ]
        title = f"lead-lag of {x.name} and {y.name}"
        return answer("leadlag", result, data, rf.notes, title=title, views=views)


def spillover(store: StoreLike, params: SpilloverParams | None = None, **kw: Any) -> ServiceResult:
    """Diebold-Yilmaz spillover index from a VAR with a generalized FEVD (``spillover``).

    With ``window`` the table is re-estimated on rolling windows (``step`` apart).
    """
    p = params or SpilloverParams.build(**kw)
    with store_data(store, p.as_of) as data:
        rf = data.returns(p.symbols, p.start, p.end, p.calendar, p.returns)
        at_least_two(rf.returns, "spillover")
        if p.window is None:
            result = VARSpillover(
                lags=p.lags, horizon=p.horizon, ic=p.ic, decomposition=p.decomposition
            ).fit(rf.returns)
            title = (
                f"spillover table: VAR({result.lags}), H={p.horizon}, total {result.total:.2f}% "
                "(row i: % of i's forecast error variance due to column j)"
            )
            return answer("spillover", result, data, rf.notes, title=title)
        rolling = RollingSpillover(
            window=p.window,
            step=p.step,
            lags=p.lags,
            horizon=p.horizon,
            ic=p.ic,
            decomposition=p.decomposition,
        ).fit(rf.returns)
        title = (
            f"rolling spillover: window {p.window}, step {p.step}, VAR({rolling.lags}), "
            f"H={p.horizon}"
        )
        return answer("spillover", rolling, data, rf.notes, title=title)
