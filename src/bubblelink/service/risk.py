"""Risk: the AI-contagion risk score, and the alert monitor on stored data.

The score's inputs are read here, the one place where the store and the risk
configuration meet: session closes of BTC, tech and the AI-basket members
(NYSE sessions, BTC at its UTC close of the same date), and macro inputs as known on
each session (release-dated, the one stale-data rule): HY OAS, the dollar (DTWEXBGS,
else DXY), Fed net liquidity (:meth:`~bubblelink.service.data.StoreData.net_liquidity`)
and global M2 in USD (:meth:`~bubblelink.service.data.StoreData.global_m2`; its impulse
is switched off, with the reason, when global M2's coverage on the score date is below
:data:`~bubblelink.analytics.liquidity.GLOBAL_M2_MIN_COVERAGE` or cannot be measured).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from bubblelink.dates import DateLike
from bubblelink.errors import DataError
from bubblelink.frames.source import DataSource
from bubblelink.risk import RiskConfig, RiskInputs, load_risk_config, risk_from_inputs
from bubblelink.service._compose import answer
from bubblelink.service._envelope import ServiceResult
from bubblelink.service.data import StoreData, StoreLike, store_data
from bubblelink.service.params import RiskParams


def risk_inputs(data: StoreData, config: RiskConfig, start: DateLike = None) -> RiskInputs:
    """The score's inputs as known on ``data.as_of`` (see the module docstring)."""
    symbols = [config.btc, config.tech, *config.ai_basket]
    rf = data.returns(symbols, start=start, calendar="equity")
    prices = rf.prices
    sessions = prices.index
    notes = list(rf.notes)
    hy = data.known_on("BAMLH0A0HYM2", sessions)
    if hy is None:
        notes.append("HY OAS (BAMLH0A0HYM2) missing: its components are left out")
    dollar = data.known_on("DTWEXBGS", sessions)
    if dollar is None:
        dollar = data.known_on("DX-Y.NYB", sessions)
        if dollar is not None:
            notes.append("dollar: DTWEXBGS missing, DXY (DX-Y.NYB) used")
    try:
        nl = data.net_liquidity(end=sessions[-1])
    except DataError as exc:
        net = None
        notes.append(f"net liquidity missing: {exc}")
    else:
        net = nl.value
        notes.extend(nl.notes)
    global_m2, off = _global_liquidity(data, config, sessions)
    if off:
        notes.extend(f"{name} switched off: {why}" for name, why in off.items())
    ids = list(prices.columns)
    return RiskInputs(
        btc=prices[ids[0]],
        tech=prices[ids[1]],
        basket=prices[ids[2:]],
        hy_oas=hy,
        net_liquidity=net,
        dollar=dollar,
        global_m2=global_m2,
        off=off,
        notes=tuple(notes),
    )


def _global_liquidity(
    data: StoreData, config: RiskConfig, sessions: pd.DatetimeIndex
) -> tuple[pd.Series | None, dict[str, str]]:
    """Global M2 as known each day, or why its impulse is switched off.

    Only when the component has a positive weight. On the score date (the last session)
    global M2 must be sufficient (coverage measured and at least the threshold); the
    daily history then sums the components used that day, as known each day.
    """
    name = "global_liquidity_impulse"
    if not any(s.name == name and s.weight > 0 for s in config.components):
        return None, {}
    gm2 = data.global_m2()
    if gm2 is None:
        return None, {name: "no broad-money series in the store"}
    try:
        now = gm2.at(sessions[-1])
    except DataError as exc:
        return None, {name: str(exc)}
    if not now.sufficient:
        why = (
            now.coverage_note
            if now.coverage is None
            else f"global M2 coverage {now.coverage:.1%} < {now.min_coverage:.0%}"
        )
        return None, {name: why}
    days = pd.date_range(sessions[0], sessions[-1], freq="D")
    return gm2.history(days, list(now.components_used)), {}


def risk(store: StoreLike, params: RiskParams | None = None, **kw: Any) -> ServiceResult:
    """The AI-contagion risk score (0-100) as of ``as_of`` (``risk``).

    Components, their percentiles in their own history (expanding, no look-ahead),
    weights and contributions; missing components are reported and the weights
    re-normalised. The headline says on how many components the score rests and the
    last session on which all were fresh (with the score then); the out-of-sample skill
    (:mod:`bubblelink.risk._skill`) is in the result unless ``skill=False`` (it adds
    about a second on the real data). ``weights``: a weights file or shipped name
    (default: the shipped ``risk_weights.yaml``).
    """
    p = params or RiskParams.build(**kw)
    config = load_risk_config(p.weights)
    with store_data(store, p.as_of, basket=config.ai_basket) as data:
        inputs = risk_inputs(data, config)
        result = risk_from_inputs(
            inputs, config, synthetic=data.synthetic, notes=list(inputs.notes), skill=p.skill
        )
        title = f"AI-contagion risk as of {result.as_of.date()}: {result.headline}"
        views = [(title, result.to_frame())]
        study = result.forward_drawdown
        if study is not None:
            views.append(
                (
                    f"Score vs BTC forward {study.horizon}-session max drawdown ({study.label}; "
                    f"Spearman {study.spearman:.3f}, Pearson {study.pearson:.3f}, n={study.n})",
                    study.to_frame(),
                )
            )
        skill = result.skill
        if skill is not None:
            views.append(
                (
                    f"Out-of-sample skill: P(BTC forward {skill.horizon}-session max drawdown "
                    f"< {skill.threshold:.0%}), walk-forward, {skill.first.date()} to "
                    f"{skill.last.date()}, n={skill.n}, {skill.n_events} events — "
                    f"{skill.verdict}",
                    skill.to_frame(),
                )
            )
            views.append(
                (
                    "Reliability (out of sample): observed event rate by predicted probability",
                    skill.reliability.set_index("model"),
                )
            )
        return answer("risk", result, data, as_of=result.as_of, title=title, views=views)


def monitor_run(
    store_path: str | Path | None,
    rules: str | Path | None = None,
    sink: str = "stdout",
    every: str | None = None,
    max_iterations: int | None = None,
    on_result: Callable[[ServiceResult], None] | None = None,
    wait: float | None = None,
) -> list[ServiceResult]:
    """Evaluate the alert rules once, or every ``every`` (``monitor run``).

    Rules read series, aliases and pseudo-symbols (``AI_BASKET``, ``NET_LIQUIDITY``)
    through :class:`StoreData`; each alert fires once per episode and is delivered to
    the sink (stdout, ``jsonl:PATH``, ``webhook:URL``); state lives in the store, which
    each pass opens for writing, retrying ``wait`` seconds while another process holds
    its lock (None: :data:`bubblelink.config.WRITE_WAIT_SECONDS`).
    """
    from bubblelink.monitor import load_rules, parse_period, parse_sink, run_every

    parsed = load_rules(rules)
    target = parse_sink(sink)
    period = parse_period(every) if every else 0.0
    iterations = max_iterations if every else 1
    results: list[ServiceResult] = []

    def wrap(result: Any, data: DataSource) -> None:
        assert isinstance(data, StoreData)  # run_every's data_source below
        wrapped = answer("monitor", result, data, title="Monitor pass")
        results.append(wrapped)
        if on_result is not None:
            on_result(wrapped)

    run_every(
        store_path,
        parsed,
        target,
        period,
        max_iterations=iterations,
        data_source=StoreData,
        on_result=wrap,
        wait=wait,
    )
    return results
