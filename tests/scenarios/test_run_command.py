"""``bubblelink scenario list|run`` and ``/api/scenario/run``: end to end on the sample store,
bad input as one-line errors, the first-generation command kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bubblelink.errors import ConfigError, DataError
from bubblelink.scenarios import available_engines, resolve_engines
from bubblelink.service.scenarios import scenario_list, scenario_run
from tests.clirunner import CliRunner


def test_run_on_sample_store(sample_store: Path) -> None:
    out = scenario_run(
        sample_store,
        scenario="ai_credit_wobble",
        paths=3000,
        seed=3,
        below=[20_000],
        as_of="2026-06-30",
    )
    run = out.result
    assert run.synthetic and run.start_date <= "2026-06-30"
    factor = run.engine("factor")
    assert factor.n_paths == 3000 and factor.kind == "monte_carlo"
    assert factor.fan.loc[0, "q50"] == pytest.approx(run.start_price, rel=1e-6)
    assert factor.parameters is not None and "stress_beta" in factor.parameters.index
    assert [row["price"] for row in factor.thresholds] == [20_000.0]
    assert {(r["window"], r["level"]) for r in factor.risk} == {
        (w, lv) for w in ("phase1", "phase2", "horizon") for lv in (0.95, 0.99)
    }
    for row in factor.risk:
        assert row["es"] >= row["var"]
    again = scenario_run(
        sample_store,
        scenario="ai_credit_wobble",
        paths=3000,
        seed=3,
        below=[20_000],
        as_of="2026-06-30",
    ).result
    assert again.comparison.equals(run.comparison)


def test_cli_run_json_and_list(sample_store: Path, cli: CliRunner) -> None:
    result = cli(
        "scenario",
        "run",
        "ai_credit_wobble",
        "--paths",
        "500",
        "--below",
        "70000",
        "60000",
        "--engine",
        "all",
        "--store",
        sample_store,
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert list(payload)[:4] == ["as_of", "synthetic", "provenance", "notes"]
    assert payload["below"] == [70000.0, 60000.0]
    assert [e["engine"] for e in payload["engines"]] == list(available_engines())
    assert payload["comparison"][0]["engine"] == "factor"
    listed = cli("scenario", "list", "--format", "csv")
    assert listed.code == 0
    names = {line.split(",")[0] for line in listed.out.splitlines()[1:]}
    assert {
        "ai_mild_correction",
        "oracle_credit_event",
        "ai_bust_slow_easing",
        "ai_bust_fast_qe",
        "ai_credit_shock",
        "ai_credit_wobble",
    } <= names
    old = cli("scenario", "--paths", "300", "--store", sample_store, "--format", "csv")
    assert old.code == 0 and "p_end_above_start" in old.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "garch"], "Input should be 'factor', 'fhs', 'analogue' or 'all'"),
        (["--below", "abc"], "below"),
        (["--below", "-5"], "below"),
        (["--paths", "2000000"], "paths"),
        (["--paths", "500", "60000"], "prices go after --below"),
    ],
)
def test_cli_bad_input_is_one_line(
    sample_store: Path, cli: CliRunner, args: list[str], message: str
) -> None:
    result = cli("scenario", "run", "ai_credit_wobble", *args, "--store", sample_store)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err


def test_unavailable_engine_names_what_is_available(monkeypatch: pytest.MonkeyPatch) -> None:
    from bubblelink.scenarios import _registry

    assert available_engines() == ("factor", "fhs", "analogue")
    assert resolve_engines("all") == available_engines()
    assert resolve_engines(None) == ("factor",)
    # an installation without an engine (e.g. a build that leaves one out) says what it has
    monkeypatch.setattr(_registry, "ENGINES", {"factor": _registry.ENGINES["factor"]})
    with pytest.raises(
        ConfigError, match=r"'analogue' is not available.*available engines are factor"
    ):
        resolve_engines("analogue")


def test_bad_scenario_file_names_key_and_line(tmp_path: Path, sample_store: Path) -> None:
    base = Path(__file__).parents[2] / "src/bubblelink/data/scenarios/ai_credit_wobble.yaml"
    text = base.read_text()
    cases = {
        "unknown_factor.yaml": (
            text.replace(
                "  credit_spread_bp: 100\n", "  credit_spread_bp: 100\n  oil_change: -0.2\n"
            ),
            r":\d+:\d+: phase1.oil_change",
        ),
        "negative.yaml": (
            text.replace("  sessions: 20\n", "  sessions: -20\n"),
            r":\d+:\d+: phase1.sessions",
        ),
        "broken.yaml": (text.replace("phase1:\n", "phase1: [\n"), r"invalid YAML"),
        "threshold.yaml": (
            text.replace("report:\n", "report:\n  below_prices: [70000, abc]\n"),
            r":\d+:\d+: report.below_prices.1",
        ),
    }
    for name, (content, pattern) in cases.items():
        path = tmp_path / name
        path.write_text(content)
        with pytest.raises(ConfigError, match=pattern) as info:
            scenario_run(sample_store, scenario=str(path), paths=200)
        assert "\n" not in str(info.value)


def test_paths_above_budget_refused_before_reading(tmp_path: Path) -> None:
    # the store path does not exist: the plan is checked before any data are read
    with pytest.raises(DataError, match="paths"):
        scenario_run(tmp_path / "nothing.duckdb", paths=5_000_000)


def test_list_needs_no_store() -> None:
    listing = scenario_list().result.to_dict()["scenarios"]
    assert all(row["title"] and row["description"] for row in listing)


def test_api_scenario_run_equals_cli_json(sample_store: Path, cli: CliRunner) -> None:
    from fastapi.testclient import TestClient

    from bubblelink.api.app import create_app
    from bubblelink.api.settings import ApiSettings

    client = TestClient(create_app(ApiSettings(store=sample_store)), raise_server_exceptions=False)
    api = client.get(
        "/api/scenario/run",
        params={
            "scenario": "ai_credit_wobble",
            "paths": 400,
            "below": "60000",
            "as_of": "2026-06-30",
        },
    )
    assert api.status_code == 200, api.text
    result = cli(
        "scenario",
        "run",
        "ai_credit_wobble",
        "--paths",
        "400",
        "--below",
        "60000",
        "--asof",
        "2026-06-30",
        "--store",
        sample_store,
        "--format",
        "json",
    )
    assert api.json() == json.loads(result.out)
    chart = client.get(
        "/api/charts/scenario-run", params={"scenario": "ai_credit_wobble", "paths": 400}
    )
    assert chart.status_code == 200 and chart.json()["data"]
    bad = client.get("/api/scenario/run", params={"engine": "garch"})
    assert bad.status_code == 422, bad.text
    assert client.get("/api/scenario/list").json()["scenarios"]


def test_plugging_an_engine_is_one_registry_line(
    sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bubblelink.scenarios import _registry

    engines = {
        "factor": _registry.ENGINES["factor"],
        "analogue": "tests.scenarios._engines:prepare_replay",
    }
    monkeypatch.setattr(_registry, "ENGINES", engines)
    run = scenario_run(
        sample_store, scenario="ai_credit_wobble", engine="all", paths=500, below=[20_000]
    ).result
    assert [o.engine for o in run.engines] == ["factor", "analogue"]
    replay = run.engine("analogue")
    assert replay.kind == "deterministic" and replay.n_paths == 2
    assert replay.per_label is not None and list(replay.per_label.index) == ["worst", "best"]
    assert (
        replay.per_label.loc["worst", "horizon_return"]
        < replay.per_label.loc["best", "horizon_return"]
    )
    assert list(run.comparison.index) == ["factor", "analogue"]
    only = scenario_run(sample_store, scenario="ai_credit_wobble", engine="analogue").result
    assert [o.engine for o in only.engines] == ["analogue"]


def test_correlation_path_chart_draws_the_engines_that_model_it(sample_store: Path) -> None:
    """FHS supplies the BTC–basket correlation along its paths; the report charts its mean
    and band (the factor engine has none, so only FHS is drawn)."""
    import numpy as np

    from bubblelink.report import charts

    run = scenario_run(sample_store, scenario="ai_credit_wobble", engine="all", paths=500).result
    fhs = run.engine("fhs")
    assert fhs.correlation is not None and run.engine("factor").correlation is None
    fig = charts.scenario_correlation_chart(run, synthetic=True)
    assert fig is not None
    mean = [t for t in fig.data if t.name == "fhs mean"]
    assert len(mean) == 1
    np.testing.assert_allclose(np.asarray(mean[0].y, dtype=float), fhs.correlation["mean"])
    only_factor = scenario_run(sample_store, scenario="ai_credit_wobble", paths=200).result
    assert charts.scenario_correlation_chart(only_factor, synthetic=True) is None
