"""Evaluate parsed rules on stored data (what each function means, numerically)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.correlation import rolling_correlation
from bubblelink.analytics.performance import drawdown
from bubblelink.errors import ConfigError, DataError
from bubblelink.frames.source import DataSource
from bubblelink.monitor._expr import BoolOp, Call, Compare, Negate, Node, Not, Number, SeriesRef
from bubblelink.monitor._rules import Rule
from bubblelink.symbols import canonical

_COMPARE = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


@dataclass(frozen=True)
class Evaluation:
    """One rule evaluated on the latest data.

    ``data_date`` is the latest observation date among the data the rule read (the key
    of idempotence: the same data gives the same date). ``values`` maps each function
    call's text to its number.
    """

    rule: str
    data_date: pd.Timestamp
    holds: bool
    values: dict[str, float]
    synthetic: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


class RuleData:
    """What rules read: series through a :class:`~bubblelink.frames.source.DataSource`.

    Series may be aliases or pseudo-symbols (``AI_BASKET``: the basket's index level;
    ``NET_LIQUIDITY``: Fed net liquidity as released, missing once an input is stale).
    Loads are cached by the source for the pass.
    """

    def __init__(self, source: DataSource) -> None:
        self.source = source

    def check(self, rule: Rule) -> None:
        """Raise ConfigError naming the rule when it uses a series the store lacks."""
        for name in rule.series:
            if not self.source.has(name):
                shown = ", ".join(sorted(self.source.series_ids())[:15])
                raise ConfigError(
                    f"rule {rule.name!r} (line {rule.line}) uses unknown series {name!r}; "
                    f"the store holds: {shown or 'nothing'}: ingest it or fix the rule"
                )

    def level(self, name: str) -> pd.Series:
        """Stored values of ``name`` as known (missing values dropped)."""
        sid = canonical(name)
        return self.source.prices([sid])[sid].dropna()

    def correlation(self, a: str, b: str, window: int) -> tuple[float, pd.Timestamp]:
        """Last ``window``-session Pearson correlation of the log returns of ``a`` and ``b``."""
        rf = self.source.returns([a, b], calendar="equity")
        if rf.returns.shape[1] < 2:
            raise DataError(f"corr of {a} with itself: use two different series")
        corr = rolling_correlation(rf.returns.iloc[:, 0], rf.returns.iloc[:, 1], window=window)
        return float(corr.value.iloc[-1]), corr.value.index[-1]

    @property
    def synthetic(self) -> bool:
        """True when any series read is synthetic."""
        return self.source.synthetic


def _call(call: Call, data: RuleData, dates: list[pd.Timestamp]) -> float:
    names = [a.name for a in call.args if isinstance(a, SeriesRef)]
    nums = [int(a.value) for a in call.args if isinstance(a, Number)]
    if call.function in ("corr30", "corr90"):
        value, date = data.correlation(names[0], names[1], int(call.function[4:]))
        dates.append(date)
        return value
    series = data.level(names[0])
    dates.append(series.index[-1])
    last = float(series.iloc[-1])
    if call.function == "level":
        return last
    if call.function == "drawdown":
        return 100.0 * float(drawdown(series).iloc[-1])
    n = nums[0]
    if len(series) <= n:
        return float("nan")
    before = float(series.iloc[-1 - n])
    if call.function == "change":
        return last - before
    return 100.0 * (last / before - 1.0)  # pct_change


def _value(node: Node, data: RuleData, dates: list[pd.Timestamp], values: dict[str, float]) -> Any:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Call):
        key = node.text()
        if key not in values:
            values[key] = _call(node, data, dates)
        return values[key]
    if isinstance(node, Negate):
        return -_value(node.operand, data, dates, values)
    if isinstance(node, Compare):
        left = _value(node.left, data, dates, values)
        right = _value(node.right, data, dates, values)
        if not (np.isfinite(left) and np.isfinite(right)):
            return False  # a missing value never triggers an alert
        return bool(_COMPARE[node.op](left, right))
    if isinstance(node, Not):
        return not _value(node.operand, data, dates, values)
    if isinstance(node, BoolOp):
        results = [_value(item, data, dates, values) for item in node.operands]
        return all(results) if node.op == "and" else any(results)
    raise ConfigError(f"cannot evaluate {node!r}")  # pragma: no cover


def evaluate_rule(rule: Rule, data: RuleData) -> Evaluation:
    """Evaluate ``rule`` on the latest data in ``data`` (all function calls evaluated).

    A comparison with a missing value (NaN: too little history) is false.
    """
    data.check(rule)
    dates: list[pd.Timestamp] = []
    values: dict[str, float] = {}
    holds = bool(_value(rule.tree, data, dates, values))
    # evaluate every call so the record shows all inputs, even after a short circuit
    return Evaluation(
        rule=rule.name,
        data_date=max(dates),
        holds=holds,
        values=values,
        synthetic=data.synthetic,
    )
