"""The REST API: answers, errors, caching, authentication, binding rule."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from bubblelink.api import ApiSettings, check_bind, create_app, resolve_token
from bubblelink.errors import ConfigError
from bubblelink.service._envelope import ENVELOPE_KEYS, PROVENANCE_KEYS
from tests.stores import XSS_SYMBOL

ANALYSES = [
    "/api/corr?a=BTC-USD&b=NVDA&window=30",
    "/api/beta?asset=BTC-USD&market=%5EIXIC",
    "/api/dcc?symbols=BTC-USD,NVDA",
    "/api/spillover?symbols=BTC-USD&symbols=NVDA&symbols=%5EIXIC",
    "/api/leadlag?a=%5EIXIC&b=BTC-USD&max_lag=5",
    "/api/event?event_id=nvda-fy26q3",
    "/api/perf?symbols=BTC-USD,NVDA",
    "/api/risk",
    "/api/liquidity",
    "/api/scenario?paths=200",
    "/api/claims",
]


@pytest.mark.parametrize("url", ANALYSES)
def test_analyses_answer_json_marked_synthetic(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body)[: len(ENVELOPE_KEYS)] == list(ENVELOPE_KEYS)  # envelope first
    assert "result" not in body and "analysis" not in body  # no wrapper any more
    assert set(body) - set(ENVELOPE_KEYS)  # then the result's own fields
    assert body["synthetic"] is True
    assert any("SYNTHETIC" in note for note in body["notes"])
    assert body["provenance"] and all(set(p) == set(PROVENANCE_KEYS) for p in body["provenance"])
    assert any(p["synthetic"] for p in body["provenance"])


def test_corr_mirrors_the_analytics(client: Any, api_store: Path) -> None:
    from bubblelink.analytics.correlation import rolling_correlation
    from bubblelink.frames import load_returns

    body = client.get("/api/corr?a=BTC-USD&b=NVDA&window=90").json()
    rf = load_returns(["BTC-USD", "NVDA"], store=api_store)
    expected = rolling_correlation(rf.returns["BTC-USD"], rf.returns["NVDA"], 90).point()
    assert body["value"] == pytest.approx(expected.value, rel=1e-12)
    assert body["ci_low"] == pytest.approx(expected.ci_low, rel=1e-12)
    assert body["ci_high"] == pytest.approx(expected.ci_high, rel=1e-12)
    assert body["window"] == 90 and body["n"] == 90
    assert body["as_of"] == expected.date.date().isoformat()


def test_corr_json_equals_the_cli_json(client: Any, cli: Any, api_store: Path) -> None:
    """One envelope on both surfaces: the API body is the CLI's ``--format json``."""
    import json

    body = client.get("/api/corr?a=BTC-USD&b=NVDA&window=60").json()
    result = cli(
        "corr", "BTC-USD", "NVDA", "--window", "60", "--store", str(api_store), "-f", "json"
    )
    assert result.code == 0, result.err
    assert json.loads(result.out) == body


def test_chart_endpoint_returns_a_labelled_plotly_figure(client: Any) -> None:
    fig = client.get("/api/charts/corr?a=BTC&b=AI_BASKET&window=30").json()
    assert fig["layout"]["title"]["text"].startswith("[SYNTHETIC]")
    assert len(fig["data"]) == 3
    # no bare "AI" alias any more: it is C3.ai's ticker, which the store does not hold
    missing = client.get("/api/charts/corr?a=BTC&b=AI&window=30")
    assert missing.status_code == 404 and "unknown series 'AI'" in missing.json()["detail"]


def test_unknown_symbol_is_404_with_the_store_message(client: Any) -> None:
    response = client.get("/api/corr", params={"a": "NOPE", "b": "NVDA"})
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert "unknown series 'NOPE'" in detail and "ingest" in detail


def test_bad_parameters_are_422_with_a_message(client: Any) -> None:
    for url, word in (
        ("/api/corr?window=1", "window"),
        ("/api/corr?start=2024-13-40", "start"),
        ("/api/dcc?symbols=BTC-USD", "symbols"),
        ("/api/corr?bogus=1", "bogus"),
        ("/api/event?window=5:1", "event window"),
    ):
        response = client.get(url)
        assert response.status_code == 422, (url, response.text)
        detail = response.json()["detail"]
        assert isinstance(detail, str) and word in detail, (url, detail)
        assert "Traceback" not in response.text


def test_unexpected_error_is_500_without_a_trace(
    api_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from fastapi.testclient import TestClient

    from bubblelink.api.routes import analyses

    # the router binds each Endpoint when the app is built: replace the entry's service
    endpoints = tuple(
        dataclasses.replace(e, service="tests.api.test_api:broken_service")
        if e.name == "corr"
        else e
        for e in analyses.ENDPOINTS
    )
    monkeypatch.setattr(analyses, "ENDPOINTS", endpoints)
    with TestClient(create_app(ApiSettings(store=api_store)), raise_server_exceptions=False) as c:
        response = c.get("/api/corr")
        chart = c.get("/api/charts/corr")
    for answer in (response, chart):
        assert answer.status_code == 500
        assert answer.json() == {"detail": "internal error (RuntimeError): see the server log"}
        assert "secret internals" not in answer.text and "Traceback" not in answer.text


@pytest.mark.parametrize(
    "url",
    [
        "/api/scenario?scenario=no_such_scenario",
        "/api/scenario?scenario=/etc/passwd",
        "/api/scenario?scenario=../scenarios/ai_credit_shock.yaml",
        "/api/scenario?scenario=scenarios/ai_credit_shock",
        "/api/risk?weights=no_such_weights",
        "/api/risk?weights=/tmp/risk_weights.yaml",
        "/api/risk?weights=./risk_weights.yaml",
        "/api/charts/risk?weights=../risk_weights.yaml",
        "/api/claims?file=no_such_claims",
        "/api/claims?file=/etc/passwd",
        "/api/claims?file=claims/narrative_2025-12.yaml",
    ],
)
def test_config_parameters_take_only_shipped_names(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, (url, response.text)
    detail = response.json()["detail"]
    assert "only a shipped name is accepted" in detail
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/api/scenario?scenario=ai_credit_shock&paths=200",
        "/api/scenario?scenario=ai_credit_shock.yaml&paths=200",
        "/api/risk?weights=risk_weights",
        "/api/claims?file=narrative_2025-12",
    ],
)
def test_shipped_config_names_are_answered(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text)
    assert response.json()["synthetic"] is True


def test_shipped_scenario_name_is_the_default_file(client: Any) -> None:
    named = client.get("/api/scenario?scenario=ai_credit_shock&paths=200&seed=7").json()
    default = client.get("/api/scenario?paths=200&seed=7").json()
    assert named == default


def test_health_does_not_return_the_store_path(client: Any) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and "store" not in body


def test_health_does_not_leak_the_store_path_anywhere(client: Any, api_store: Path) -> None:
    text = client.get("/api/health").text
    assert str(api_store) not in text and api_store.name not in text


def test_results_are_cached_per_parameters_and_store_state(api_store: Path) -> None:
    from fastapi.testclient import TestClient

    app = create_app(ApiSettings(store=api_store))
    service = app.state.service
    with TestClient(app) as c:
        first = c.get("/api/corr?window=30").content
        misses = service.cache.misses
        assert c.get("/api/corr?window=30").content == first
        assert service.cache.misses == misses  # served from the cache
        c.get("/api/corr?window=60")
        assert service.cache.misses > misses  # other parameters: computed
        misses = service.cache.misses
        token = service.access.state_token()
        service.access.state_token = lambda: token + ":changed"  # the store changed
        assert c.get("/api/corr?window=30").content == first
        assert service.cache.misses > misses  # recomputed for the new state


def test_openapi_schema_lists_every_endpoint(client: Any) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for name in (
        "corr",
        "beta",
        "dcc",
        "spillover",
        "leadlag",
        "event",
        "perf",
        "liquidity",
        "risk",
        "scenario",
        "claims",
        "series",
    ):
        assert f"/api/{name}" in paths
    assert "/api/charts/corr" in paths


def test_token_required_on_every_request(api_store: Path) -> None:
    from fastapi.testclient import TestClient

    app = create_app(ApiSettings(store=api_store, token="s3cret"))
    with TestClient(app) as c:
        for url in ("/api/health", "/openapi.json", "/static/plotly-finance.min.js"):
            response = c.get(url)
            assert response.status_code == 401, url
            assert "bearer" in response.json()["detail"]
        page = c.get("/", follow_redirects=False)  # the dashboard sends a browser to log in
        assert page.status_code == 303 and page.headers["location"] == "/login"
        assert c.get("/api/health", headers={"Authorization": "Bearer nope"}).status_code == 401
        ok = c.get("/api/health", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200


def test_non_loopback_bind_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUBBLELINK_API_TOKEN", raising=False)
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    check_bind("localhost", None)
    with pytest.raises(ConfigError, match="token"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "t" * 16)
    monkeypatch.setenv("BUBBLELINK_API_TOKEN", "from-env")
    assert resolve_token(None) == "from-env"
    assert resolve_token("given") == "given"


def test_cli_serve_refuses_public_bind_without_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], api_store: Path
) -> None:
    from bubblelink.cli.app import main

    monkeypatch.delenv("BUBBLELINK_API_TOKEN", raising=False)
    monkeypatch.setattr(
        sys, "argv", ["bubblelink", "serve", "--host", "0.0.0.0", "--store", str(api_store)]
    )
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    assert "token" in capsys.readouterr().err


def test_dashboard_page_and_local_plotly(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<script src="/static/plotly-finance.min.js"' in page.text  # async: no waiting
    assert "http" not in page.text.replace("http-equiv", "")
    assert client.get("/static/dashboard.js").status_code == 200


def test_hostile_symbol_comes_back_as_data(client: Any) -> None:
    listing = client.get("/api/series").json()
    assert XSS_SYMBOL in [row["series"] for row in listing["series"]]
    response = client.get("/api/corr", params={"a": "<script>nope</script>"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")


def test_liquidity_chart_without_the_btc_part_is_an_error_message(client: Any) -> None:
    response = client.get("/api/charts/liquidity?btc=false")
    assert response.status_code == 422, response.text
    assert "Traceback" not in response.text


def test_corr_asof_tomorrow_is_the_last_session(client: Any) -> None:
    import datetime as dt

    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    latest = client.get("/api/corr?a=BTC-USD&b=NVDA").json()
    response = client.get(f"/api/corr?a=BTC-USD&b=NVDA&as_of={tomorrow}")
    assert response.status_code == 200, response.text
    assert response.json()["as_of"] == latest["as_of"]


def test_dates_beyond_the_supported_years_are_422(client: Any) -> None:
    for url in ("/api/corr?a=BTC-USD&b=NVDA&as_of=6707-06-13", "/api/liquidity?as_of=2437-02-15"):
        response = client.get(url)
        assert response.status_code == 422, (url, response.text)
        assert "out of range: use a date from 1970-01-01 to " in response.json()["detail"]


def broken_service(*args: object, **kwargs: object) -> Any:
    """A service function that fails with an unexpected error (for the 500 test)."""
    raise RuntimeError("secret internals")


def test_a_new_user_events_file_is_served_without_a_restart(
    api_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results are cached per (parameters, store state, user files): an ``events fetch``
    while the server runs is seen by the next request."""
    from fastapi.testclient import TestClient

    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path))
    with TestClient(create_app(ApiSettings(store=api_store))) as c:
        before = {e["id"] for e in c.get("/api/events").json()["events"]}
        (tmp_path / "events.yaml").write_text(
            "version: 1\nevents:\n"
            "  - {id: x-user-1, name: X results, symbol: NVDA, kind: earnings,\n"
            "     announced_date: 2025-12-10, timing: after_close, source: test}\n",
            encoding="utf-8",
        )
        after = {e["id"] for e in c.get("/api/events").json()["events"]}
    assert after - before == {"x-user-1"}
