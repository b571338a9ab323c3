"""The scenario file: a declarative, versioned YAML description of the two-phase stress test.

Loading the file is the only I/O here; :func:`parse_scenario` validates a parsed document
and raises :class:`~bubblelink.errors.ConfigError` naming the key and what it expects.

Schema (version 1)
------------------
``name`` (str), ``description`` (str, optional), ``version`` (1).

``symbols``
    ``btc`` (str, default ``BTC-USD``); ``basket`` (list of str, the shock factor, default
    ``[NVDA, ORCL, AMD]``; use ``["^IXIC"]`` for the Nasdaq); ``basket_weights`` (list of
    positive numbers summing to 1, or null for equal weights); ``credit_spread`` (str or
    null, default ``BAMLH0A0HYM2``, in percent); ``dollar`` (str or null, default
    ``DX-Y.NYB``).
``estimation``
    ``start``/``end`` (``YYYY-MM-DD`` or null: all stored history); ``stress_quantile``
    (0..1, default 0.10: the worst decile of basket days is a stress day);
    ``stress_drawdown`` (-1..0, default -0.10: so is every day with the basket more than 10%
    below its peak of the last ``stress_peak_window`` sessions, int ≥ 2, default 21);
    ``min_stress_days`` (int ≥ 10, default 40).
``liquidity``
    ``measure`` (``net_liquidity`` | ``m2``); ``assumed_level_bn`` (net liquidity level in
    $bn used when WALCL/WTREGEN/RRPONTSYD are missing); ``assumed_elasticity`` and
    ``assumed_elasticity_se`` (BTC log change per unit log change of the measure, used when
    the measure's data are missing); ``assumed_dollar_elasticity`` and
    ``assumed_dollar_elasticity_se`` (used when the dollar series is missing);
    ``assumed_credit_sensitivity`` and ``assumed_credit_sensitivity_se`` (BTC log return
    per percentage point of HY OAS, used when the spread is missing).
``phase1`` (AI-credit shock)
    ``sessions`` (int ≥ 1); ``basket_change`` (total simple return over the phase, > -1,
    e.g. -0.30); ``vol_multiplier`` (≥ 0, on the historical basket volatility);
    ``credit_spread_bp`` (HY OAS change over the phase, bp).
``phase2`` (easing)
    ``sessions``, ``basket_change``, ``vol_multiplier``, ``credit_spread_bp`` as above;
    ``net_liquidity_change_bn`` (Fed net liquidity change, $bn; used with
    ``measure: net_liquidity``); ``m2_growth`` (total M2 growth, e.g. 0.02; used with
    ``measure: m2``); ``dollar_change`` (total simple change of the dollar index).
``simulation``
    ``paths`` (int ≥ 100), ``seed`` (int ≥ 0), ``residuals`` (``bootstrap`` | ``student_t``
    | ``normal`` | ``none``), ``parameter_uncertainty`` (bool).
``report``
    ``drawdown_thresholds`` (list of numbers in (0, 1), e.g. ``[0.2, 0.3, 0.5]`` for
    P(max drawdown worse than -20%...)); ``survival_drawdown`` (in (0, 1): phase 1 is
    "survived" when its max drawdown is better than minus this).

Every key is optional except ``name``; unknown keys are errors (a typo must not silently
fall back to a default).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from bubblelink.errors import ConfigError
from bubblelink.symbols import AI_BASKET

Measure = Literal["net_liquidity", "m2"]
ResidualMethod = Literal["bootstrap", "student_t", "normal", "none"]

MEASURES: tuple[str, ...] = ("net_liquidity", "m2")
RESIDUAL_METHODS: tuple[str, ...] = ("bootstrap", "student_t", "normal", "none")
DEFAULT_SCENARIO = "ai_credit_shock"


@dataclasses.dataclass(frozen=True)
class SymbolsSpec:
    """Which stored series play which role (canonical ids or aliases)."""

    btc: str = "BTC-USD"
    basket: tuple[str, ...] = AI_BASKET
    basket_weights: tuple[float, ...] | None = None
    credit_spread: str | None = "BAMLH0A0HYM2"
    dollar: str | None = "DX-Y.NYB"

    @property
    def weights(self) -> tuple[float, ...]:
        """Basket weights (equal when not given)."""
        if self.basket_weights is not None:
            return self.basket_weights
        return tuple(1.0 / len(self.basket) for _ in self.basket)


@dataclasses.dataclass(frozen=True)
class EstimationSpec:
    """The estimation window and the stress-day rule."""

    start: str | None = None
    end: str | None = None
    stress_quantile: float = 0.10
    stress_drawdown: float = -0.10
    stress_peak_window: int = 21
    min_stress_days: int = 40


@dataclasses.dataclass(frozen=True)
class LiquiditySpec:
    """The liquidity measure and the explicit assumptions used when data are missing."""

    measure: Measure = "net_liquidity"
    assumed_level_bn: float = 5800.0
    assumed_elasticity: float = 1.0
    assumed_elasticity_se: float = 0.5
    assumed_dollar_elasticity: float = -1.0
    assumed_dollar_elasticity_se: float = 0.5
    assumed_credit_sensitivity: float = -0.05
    assumed_credit_sensitivity_se: float = 0.03


@dataclasses.dataclass(frozen=True)
class PhaseSpec:
    """One phase: its length and the shocks applied over it (totals, spread evenly)."""

    sessions: int
    basket_change: float
    vol_multiplier: float = 1.0
    credit_spread_bp: float = 0.0
    net_liquidity_change_bn: float = 0.0
    m2_growth: float = 0.0
    dollar_change: float = 0.0


@dataclasses.dataclass(frozen=True)
class SimulationSpec:
    """Monte Carlo settings."""

    paths: int = 10_000
    seed: int = 7
    residuals: ResidualMethod = "bootstrap"
    parameter_uncertainty: bool = True


@dataclasses.dataclass(frozen=True)
class ReportSpec:
    """Which probabilities the result reports."""

    drawdown_thresholds: tuple[float, ...] = (0.2, 0.3, 0.5)
    survival_drawdown: float = 0.35


@dataclasses.dataclass(frozen=True)
class ScenarioSpec:
    """A validated scenario file (see the module docstring for the schema)."""

    name: str
    phase1: PhaseSpec
    phase2: PhaseSpec
    description: str = ""
    symbols: SymbolsSpec = dataclasses.field(default_factory=SymbolsSpec)
    estimation: EstimationSpec = dataclasses.field(default_factory=EstimationSpec)
    liquidity: LiquiditySpec = dataclasses.field(default_factory=LiquiditySpec)
    simulation: SimulationSpec = dataclasses.field(default_factory=SimulationSpec)
    report: ReportSpec = dataclasses.field(default_factory=ReportSpec)
    origin: str = "scenario file"

    def with_overrides(
        self, paths: int | None = None, seed: int | None = None, end: str | None = None
    ) -> ScenarioSpec:
        """A copy with the number of paths, the seed or the estimation end replaced."""
        simulation = self.simulation
        if paths is not None:
            _check_int(paths, "simulation.paths", self.origin, low=100)
            simulation = dataclasses.replace(simulation, paths=paths)
        if seed is not None:
            _check_int(seed, "simulation.seed", self.origin, low=0)
            simulation = dataclasses.replace(simulation, seed=seed)
        estimation = self.estimation
        if end is not None:
            estimation = dataclasses.replace(
                estimation, end=_date_text(end, "estimation.end", self.origin)
            )
        return dataclasses.replace(self, simulation=simulation, estimation=estimation)

    def to_dict(self) -> dict[str, Any]:
        """The assumptions as plain values (what the result reports)."""
        out = dataclasses.asdict(self)
        out.pop("origin")
        out["symbols"]["basket_weights"] = list(self.symbols.weights)
        return out


def default_scenario_path(name: str = DEFAULT_SCENARIO) -> Path:
    """Path of a scenario file shipped in ``bubblelink/data/scenarios``."""
    return Path(str(resources.files("bubblelink") / "data" / "scenarios" / f"{name}.yaml"))


def load_scenario(path: str | Path | None = None) -> ScenarioSpec:
    """Read and validate a scenario file (the shipped ``ai_credit_shock`` when ``None``).

    Raises
    ------
    ConfigError
        When the file is missing, is not YAML, or breaks the schema.
    """
    file = Path(path) if path is not None else default_scenario_path()
    if not file.is_file():
        raise ConfigError(f"scenario file {file} does not exist: check the path given to --file")
    try:
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise ConfigError(f"{file}: not valid YAML ({first}): fix the syntax") from exc
    return parse_scenario(document, origin=str(file))


def parse_scenario(document: Any, origin: str = "scenario file") -> ScenarioSpec:
    """Validate a parsed scenario document (see the module docstring for the schema)."""
    top = _mapping(document, "top level", origin)
    _known(
        top,
        (
            "version",
            "name",
            "description",
            "symbols",
            "estimation",
            "liquidity",
            "phase1",
            "phase2",
            "simulation",
            "report",
        ),
        "top level",
        origin,
    )
    version = top.get("version", 1)
    if version != 1:
        raise ConfigError(f"{origin}: 'version' is {version!r}; this bubblelink reads 1")
    if "name" not in top:
        raise ConfigError(f"{origin}: 'name' is missing: give the scenario a name")
    name = _text(top["name"], "name", origin)
    description = _text(top.get("description", ""), "description", origin, empty_ok=True)
    for key in ("phase1", "phase2"):
        if key not in top:
            raise ConfigError(f"{origin}: '{key}' is missing: give its sessions and basket_change")
    phase1 = _phase(top["phase1"], "phase1", origin)
    phase2 = _phase(top["phase2"], "phase2", origin)
    return ScenarioSpec(
        name=name,
        description=description,
        symbols=_symbols(top.get("symbols", {}), origin),
        estimation=_estimation(top.get("estimation", {}), origin),
        liquidity=_liquidity(top.get("liquidity", {}), origin),
        phase1=phase1,
        phase2=phase2,
        simulation=_simulation(top.get("simulation", {}), origin),
        report=_report(top.get("report", {}), origin),
        origin=origin,
    )


# --- sections -------------------------------------------------------------------------------


def _symbols(value: Any, origin: str) -> SymbolsSpec:
    d = _mapping(value, "symbols", origin)
    _known(d, ("btc", "basket", "basket_weights", "credit_spread", "dollar"), "symbols", origin)
    default = SymbolsSpec()
    basket = d.get("basket", list(default.basket))
    if not isinstance(basket, list) or not basket:
        raise ConfigError(
            f"{origin}: 'symbols.basket' must be a non-empty list of symbols, got {basket!r}"
        )
    basket_t = tuple(_text(s, "symbols.basket[]", origin) for s in basket)
    if len(set(basket_t)) != len(basket_t):
        raise ConfigError(f"{origin}: 'symbols.basket' lists a symbol twice: {list(basket_t)}")
    weights = d.get("basket_weights")
    weights_t: tuple[float, ...] | None = None
    if weights is not None:
        if not isinstance(weights, list) or len(weights) != len(basket_t):
            raise ConfigError(
                f"{origin}: 'symbols.basket_weights' must be a list of {len(basket_t)} "
                f"numbers (one per basket symbol) or null, got {weights!r}"
            )
        weights_t = tuple(
            _number(w, "symbols.basket_weights[]", origin, low=0.0, low_open=True) for w in weights
        )
        if not math.isclose(sum(weights_t), 1.0, abs_tol=1e-6):
            raise ConfigError(
                f"{origin}: 'symbols.basket_weights' must sum to 1, got {sum(weights_t):.6g}"
            )
    return SymbolsSpec(
        btc=_text(d.get("btc", default.btc), "symbols.btc", origin),
        basket=basket_t,
        basket_weights=weights_t,
        credit_spread=_optional_text(d, "credit_spread", default.credit_spread, "symbols", origin),
        dollar=_optional_text(d, "dollar", default.dollar, "symbols", origin),
    )


def _estimation(value: Any, origin: str) -> EstimationSpec:
    d = _mapping(value, "estimation", origin)
    keys = [f.name for f in dataclasses.fields(EstimationSpec)]
    _known(d, keys, "estimation", origin)
    default = EstimationSpec()
    start = d.get("start")
    end = d.get("end")
    spec = EstimationSpec(
        start=None if start is None else _date_text(start, "estimation.start", origin),
        end=None if end is None else _date_text(end, "estimation.end", origin),
        stress_quantile=_number(
            d.get("stress_quantile", default.stress_quantile),
            "estimation.stress_quantile",
            origin,
            low=0.0,
            high=1.0,
            low_open=True,
            high_open=True,
        ),
        stress_drawdown=_number(
            d.get("stress_drawdown", default.stress_drawdown),
            "estimation.stress_drawdown",
            origin,
            low=-1.0,
            high=0.0,
            low_open=True,
            high_open=True,
        ),
        stress_peak_window=_check_int(
            d.get("stress_peak_window", default.stress_peak_window),
            "estimation.stress_peak_window",
            origin,
            low=2,
        ),
        min_stress_days=_check_int(
            d.get("min_stress_days", default.min_stress_days),
            "estimation.min_stress_days",
            origin,
            low=10,
        ),
    )
    if spec.start and spec.end and spec.start >= spec.end:
        raise ConfigError(
            f"{origin}: 'estimation.start' ({spec.start}) must be before 'estimation.end' "
            f"({spec.end})"
        )
    return spec


def _liquidity(value: Any, origin: str) -> LiquiditySpec:
    d = _mapping(value, "liquidity", origin)
    fields = [f.name for f in dataclasses.fields(LiquiditySpec)]
    _known(d, fields, "liquidity", origin)
    default = LiquiditySpec()
    measure = d.get("measure", default.measure)
    if measure not in MEASURES:
        raise ConfigError(
            f"{origin}: 'liquidity.measure' must be one of {', '.join(MEASURES)}, got {measure!r}"
        )
    numbers: dict[str, float] = {}
    for key in fields[1:]:
        positive = key == "assumed_level_bn" or key.endswith("_se")
        numbers[key] = _number(
            d.get(key, getattr(default, key)),
            f"liquidity.{key}",
            origin,
            low=0.0 if positive else None,
            low_open=key == "assumed_level_bn",
        )
    return LiquiditySpec(measure=measure, **numbers)


def _phase(value: Any, key: str, origin: str) -> PhaseSpec:
    d = _mapping(value, key, origin)
    fields = [f.name for f in dataclasses.fields(PhaseSpec)]
    _known(d, fields, key, origin)
    for required in ("sessions", "basket_change"):
        if required not in d:
            raise ConfigError(f"{origin}: '{key}.{required}' is missing")
    return PhaseSpec(
        sessions=_check_int(d["sessions"], f"{key}.sessions", origin, low=1, high=2520),
        basket_change=_number(
            d["basket_change"], f"{key}.basket_change", origin, low=-1.0, low_open=True
        ),
        vol_multiplier=_number(
            d.get("vol_multiplier", 1.0), f"{key}.vol_multiplier", origin, low=0.0
        ),
        credit_spread_bp=_number(d.get("credit_spread_bp", 0.0), f"{key}.credit_spread_bp", origin),
        net_liquidity_change_bn=_number(
            d.get("net_liquidity_change_bn", 0.0), f"{key}.net_liquidity_change_bn", origin
        ),
        m2_growth=_number(
            d.get("m2_growth", 0.0), f"{key}.m2_growth", origin, low=-1.0, low_open=True
        ),
        dollar_change=_number(
            d.get("dollar_change", 0.0), f"{key}.dollar_change", origin, low=-1.0, low_open=True
        ),
    )


def _simulation(value: Any, origin: str) -> SimulationSpec:
    d = _mapping(value, "simulation", origin)
    _known(d, ("paths", "seed", "residuals", "parameter_uncertainty"), "simulation", origin)
    default = SimulationSpec()
    residuals = d.get("residuals", default.residuals)
    if residuals not in RESIDUAL_METHODS:
        raise ConfigError(
            f"{origin}: 'simulation.residuals' must be one of {', '.join(RESIDUAL_METHODS)}, "
            f"got {residuals!r}"
        )
    uncertainty = d.get("parameter_uncertainty", default.parameter_uncertainty)
    if not isinstance(uncertainty, bool):
        raise ConfigError(
            f"{origin}: 'simulation.parameter_uncertainty' must be true or false, "
            f"got {uncertainty!r}"
        )
    return SimulationSpec(
        paths=_check_int(
            d.get("paths", default.paths), "simulation.paths", origin, low=100, high=1_000_000
        ),
        seed=_check_int(d.get("seed", default.seed), "simulation.seed", origin, low=0),
        residuals=residuals,
        parameter_uncertainty=uncertainty,
    )


def _report(value: Any, origin: str) -> ReportSpec:
    d = _mapping(value, "report", origin)
    _known(d, ("drawdown_thresholds", "survival_drawdown"), "report", origin)
    default = ReportSpec()
    thresholds = d.get("drawdown_thresholds", list(default.drawdown_thresholds))
    if not isinstance(thresholds, list) or not thresholds:
        raise ConfigError(
            f"{origin}: 'report.drawdown_thresholds' must be a non-empty list of numbers in "
            f"(0, 1), e.g. [0.2, 0.3, 0.5], got {thresholds!r}"
        )
    unit = {"low": 0.0, "high": 1.0, "low_open": True, "high_open": True}
    return ReportSpec(
        drawdown_thresholds=tuple(
            _number(t, "report.drawdown_thresholds[]", origin, **unit) for t in thresholds
        ),
        survival_drawdown=_number(
            d.get("survival_drawdown", default.survival_drawdown),
            "report.survival_drawdown",
            origin,
            **unit,
        ),
    )


# --- value checks ---------------------------------------------------------------------------


def _mapping(value: Any, key: str, origin: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ConfigError(
            f"{origin}: '{key}' must be a mapping of keys to values, got {type(value).__name__}"
        )
    return value


def _known(d: Mapping[str, Any], allowed: Any, section: str, origin: str) -> None:
    unknown = [str(k) for k in d if k not in allowed]
    if unknown:
        raise ConfigError(
            f"{origin}: unknown key(s) {', '.join(unknown)} in {section}; "
            f"allowed: {', '.join(allowed)}"
        )


def _text(value: Any, key: str, origin: str, empty_ok: bool = False) -> str:
    if not isinstance(value, str) or (not empty_ok and not value.strip()):
        raise ConfigError(f"{origin}: '{key}' must be a non-empty string, got {value!r}")
    return value.strip()


def _optional_text(
    d: Mapping[str, Any], key: str, default: str | None, section: str, origin: str
) -> str | None:
    if key not in d:
        return default
    value = d[key]
    return None if value is None else _text(value, f"{section}.{key}", origin)


def _date_text(value: Any, key: str, origin: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ConfigError(f"{origin}: '{key}' must be a date YYYY-MM-DD or null, got {value!r}")


def _number(
    value: Any,
    key: str,
    origin: str,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"{origin}: '{key}' must be a number, got {value!r}")
    number = float(value)
    too_low = low is not None and (number <= low if low_open else number < low)
    too_high = high is not None and (number >= high if high_open else number > high)
    if too_low or too_high:
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        bounds = f"{'(' if low_open or low is None else '['}{lo}, {hi}{')' if high_open or high is None else ']'}"
        raise ConfigError(f"{origin}: '{key}' must be in {bounds}, got {value!r}")
    return number


def _check_int(
    value: Any, key: str, origin: str, low: int | None = None, high: int | None = None
) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{origin}: '{key}' must be a whole number, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else '-inf'}..{high if high is not None else 'inf'}"
        raise ConfigError(f"{origin}: '{key}' must be in {bounds}, got {value!r}")
    return value
