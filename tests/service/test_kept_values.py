"""Derived data kept by a read-only store across requests: same answers, same provenance.

A read-only store keeps its reads and the service's derived data (macro loads, net
liquidity, global M2: ``StoreData._kept``), so the API's worker answering the liquidity
panel, the risk score and the claims builds them once. Every answer, its provenance and
its notes included, must equal the answer of a store that keeps nothing, whatever the
order of the questions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bubblelink.providers.base import SeriesBatch, SeriesMeta
from bubblelink.service.claims import claims
from bubblelink.service.data import store_data, warm_reads
from bubblelink.service.liquidity import liquidity, liquidity_global
from bubblelink.service.risk import risk
from bubblelink.store import Store

QUESTIONS: list[tuple[str, Callable[..., Any], dict[str, Any]]] = [
    ("liquidity", liquidity, {}),
    ("risk", risk, {}),
    ("claims", claims, {}),
    ("liquidity-global", liquidity_global, {}),
    ("liquidity as of", liquidity, {"as_of": "2025-06-30"}),
    ("risk as of", risk, {"as_of": "2025-06-30"}),
]


@pytest.fixture(scope="module")
def fresh_answers(liquidity_sample_store: Path) -> dict[str, str]:
    answers = {}
    for name, question, kw in QUESTIONS:
        with Store(liquidity_sample_store, read_only=True, cache_reads=False) as st:
            answers[name] = question(st, **kw).to_json()
    return answers


@pytest.mark.parametrize("order", [1, -1])
def test_answers_on_a_keeping_store_equal_fresh_ones(
    liquidity_sample_store: Path, fresh_answers: dict[str, str], order: int
) -> None:
    with Store(liquidity_sample_store, read_only=True) as st:
        for _ in range(2):  # the second round answers from what the first kept
            for name, question, kw in QUESTIONS[::order]:
                assert question(st, **kw).to_json() == fresh_answers[name], name
        assert st._reads is not None and st._reads._values  # something was kept


def test_a_kept_value_replays_what_it_read(liquidity_sample_store: Path) -> None:
    with Store(liquidity_sample_store, read_only=True) as st:
        with store_data(st) as first:
            first.global_m2()
            read_first = first.provenance
        with store_data(st) as second:
            calls: list[object] = []
            original = st.read_vintages
            st.read_vintages = lambda *a, **k: calls.append(a) or original(*a, **k)  # type: ignore[method-assign]
            second.global_m2()
            assert calls == []  # nothing read again
            assert second.provenance == read_first
            assert second.provenance  # and the reads are still listed


def test_answers_after_the_warm_up_equal_fresh_ones(
    liquidity_sample_store: Path, fresh_answers: dict[str, str]
) -> None:
    """A worker's start-up reads (:func:`warm_reads`) change no answer, its provenance
    and notes included, and the questions then read nothing the warm-up read."""
    with Store(liquidity_sample_store, read_only=True) as st:
        done = warm_reads(st)
        assert {"net liquidity", "gauge series", "BTC vs liquidity series", "prices"} <= set(done)
        queries: list[object] = []
        for method in ("_read_latest", "_read_every_vintage"):
            original = getattr(st, method)

            def counted(*a: Any, _original: Any = original, **k: Any) -> Any:
                queries.append((a[0], a[1]))
                return _original(*a, **k)

            setattr(st, method, counted)
        for name, question, kw in QUESTIONS:
            if "as_of" not in kw:
                assert question(st, **kw).to_json() == fresh_answers[name], name
        assert queries == []


def test_warm_up_skips_what_the_store_lacks_and_a_writable_store(tmp_path: Path) -> None:
    path = tmp_path / "prices.duckdb"
    closes = pd.DataFrame(
        {"date": pd.date_range("2024-01-01", periods=30), "field": "close", "value": 1.0}
    )
    with Store(path) as st:  # prices only: no macro series
        st.write([SeriesBatch(SeriesMeta(id="NVDA"), closes)], "test")
    with Store(path, read_only=True) as st:
        assert warm_reads(st, ["NVDA", "NOT-STORED"]) == ["prices"]
    with Store(path) as st:  # writable, outside cached_reads: nothing kept, nothing read
        assert warm_reads(st) == []
