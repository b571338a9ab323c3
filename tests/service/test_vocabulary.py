"""One vocabulary on every surface: each CLI command and API endpoint, walked.

For every question: the CLI's ``--format json`` and the API's answer are the same JSON
document; it starts with the envelope (``as_of``, ``synthetic``, ``provenance``,
``notes``); no key uses another name for a standard statistic (``asof``, ``ci_lower``,
``std_err``, ``nobs``, ``*_se``...); every ``n`` is an integer; and every column of the
table (``--format csv``) is a key of the JSON (a table label equals its JSON key).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bubblelink.service._envelope import ENVELOPE_KEYS, PROVENANCE_KEYS
from tests.clirunner import CliRunner

ASOF = "2026-06-30"

#: (CLI arguments, API path) of the same question with the same parameters.
QUESTIONS: list[tuple[list[str], str]] = [
    (["corr", "BTC-USD", "AI_BASKET"], "/api/corr?a=BTC-USD&b=AI_BASKET"),
    (["corr", "BTC", "NVDA", "--method", "ewma"], "/api/corr?a=BTC&b=NVDA&method=ewma"),
    (["corr", "BTC", "NVDA", "--on", "levels"], "/api/corr?a=BTC&b=NVDA&on=levels"),
    (["beta", "BTC-USD", "^IXIC", "--window", "60"], "/api/beta?window=60"),
    (["tails", "BTC-USD", "AI_BASKET"], "/api/tails?market=AI_BASKET"),
    (
        [
            "contagion",
            "BTC-USD",
            "NVDA",
            "--calm",
            "2023-03-01:2023-12-31",
            "--stress",
            "2024-01-01:2024-06-30",
        ],
        "/api/contagion?market=NVDA&calm=2023-03-01:2023-12-31&stress=2024-01-01:2024-06-30",
    ),
    (["dcc", "BTC-USD", "NVDA"], "/api/dcc?symbols=BTC-USD,NVDA"),
    (["regimes", "BTC-USD"], "/api/regimes?symbol=BTC-USD"),
    (["spillover", "BTC-USD", "NVDA", "^IXIC"], "/api/spillover?symbols=BTC-USD,NVDA,%5EIXIC"),
    (
        ["spillover", "BTC-USD", "NVDA", "--window", "200", "--step", "20"],
        "/api/spillover?symbols=BTC-USD,NVDA&window=200&step=20",
    ),
    (["leadlag", "^IXIC", "BTC-USD", "--max-lag", "5"], "/api/leadlag?max_lag=5"),
    (
        ["event", "NVDA", "--date", "2025-11-20", "--value-moved"],
        "/api/event?symbol=NVDA&date=2025-11-20&value_moved=true",
    ),
    (
        ["perf", "BTC-USD", "AI_BASKET", "--since", "2025-09-17"],
        "/api/perf?symbols=BTC-USD,AI_BASKET&since=2025-09-17",
    ),
    (["drawdowns", "BTC-USD", "^IXIC"], "/api/drawdowns?symbols=BTC-USD,%5EIXIC"),
    (["liquidity"], "/api/liquidity"),
    (["liquidity", "--global"], "/api/liquidity/global"),
    (["risk"], "/api/risk"),
    (["scenario", "--paths", "300"], "/api/scenario?paths=300"),
    (
        ["scenario", "run", "ai_credit_wobble", "--paths", "300", "--below", "50000"],
        "/api/scenario/run?scenario=ai_credit_wobble&paths=300&below=50000",
    ),
    (["claims"], "/api/claims"),
    (["claims", "--scorecard"], "/api/claims?scorecard=true"),
    (["series", "show", "NVDA", "--tail", "0"], "/api/series/NVDA"),
]
#: Questions without an as-of date (and whether they read the store).
PLAIN: list[tuple[list[str], str, bool]] = [
    (["series", "list"], "/api/series", True),
    (["fundamentals", "show"], "/api/fundamentals", False),
    (["events", "list"], "/api/events", False),
    (["scenario", "list"], "/api/scenario/list", False),
]

#: Other names for the standard keys (ci_low/ci_high, std_error, p_value, n, as_of).
FORBIDDEN = {
    "asof",
    "ci_lower",
    "ci_upper",
    "ci_lo",
    "ci_hi",
    "std_err",
    "stderr",
    "se",
    "pvalue",
    "pval",
    "nobs",
    "n_obs",
}


def _keys(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key), item
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def _check_document(doc: dict[str, Any]) -> None:
    assert list(doc)[: len(ENVELOPE_KEYS)] == list(ENVELOPE_KEYS)
    assert isinstance(doc["synthetic"], bool) and isinstance(doc["notes"], list)
    for entry in doc["provenance"]:
        assert tuple(entry) == PROVENANCE_KEYS
        assert entry["n"] is None or isinstance(entry["n"], int)
    bad = sorted({k for k, _ in _keys(doc) if k in FORBIDDEN or k.endswith("_se")})
    assert not bad, f"non-standard keys: {bad}"
    for key, value in _keys(doc):
        if key == "n":
            assert value is None or (isinstance(value, int) and not isinstance(value, bool)), (
                key,
                value,
            )


def _check_labels(doc: dict[str, Any], table: str) -> None:
    header = next(csv.reader(io.StringIO(table)), [])
    keys = {k for k, _ in _keys(doc)}
    missing = [c for c in header if c and c not in keys]
    assert not missing, f"table columns that are no JSON key: {missing}"


def _cli_json(cli: CliRunner, args: list[str], store: Path | None) -> dict[str, Any]:
    where = ["--store", str(store)] if store is not None else []
    result = cli(*args, *where, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("args", "url"), QUESTIONS, ids=lambda v: str(v)[:60])
def test_cli_and_api_answer_the_same_document(
    cli: CliRunner, client: Any, api_store: Path, args: list[str], url: str
) -> None:
    with_asof = [*args, "--asof", ASOF]
    doc = _cli_json(cli, with_asof, api_store)
    sep = "&" if "?" in url else "?"
    answer = client.get(f"{url}{sep}as_of={ASOF}")
    assert answer.status_code == 200, answer.text
    assert answer.json() == doc
    _check_document(doc)
    assert doc["as_of"] is None or doc["as_of"] <= ASOF
    table = cli(*with_asof, "--store", str(api_store), "--format", "csv")
    assert table.code == 0, table.err
    _check_labels(doc, table.out)


@pytest.mark.parametrize(("args", "url", "reads"), PLAIN, ids=lambda v: str(v)[:60])
def test_listings_answer_the_same_document(
    cli: CliRunner, client: Any, api_store: Path, args: list[str], url: str, reads: bool
) -> None:
    store = api_store if reads else None
    doc = _cli_json(cli, args, store)
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    assert answer.json() == doc
    _check_document(doc)
    where = ["--store", str(store)] if store is not None else []
    table = cli(*args, *where, "--format", "csv")
    assert table.code == 0, table.err
    _check_labels(doc, table.out)


def test_every_endpoint_is_walked() -> None:
    from bubblelink.api.routes.registry import ENDPOINTS
    from tests.service.test_market_structure import MARKET_STRUCTURE_QUESTIONS

    walked = {url.split("?")[0] for _, url in QUESTIONS} | {url for _, url, _ in PLAIN}
    walked |= {url.split("?")[0] for _, url in MARKET_STRUCTURE_QUESTIONS}
    served = {e.url for e in ENDPOINTS if e.name != "liquidity-btc"}
    # /api/flows needs a store with ETF flows: tests/service/test_flows.py walks it
    assert served <= walked | {"/api/summary", "/api/flows"}, served - walked
