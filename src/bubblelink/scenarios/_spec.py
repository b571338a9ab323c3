"""The scenario file: a declarative, versioned YAML description of the two-phase stress test.

The schema is the pydantic model :class:`ScenarioModel`; :func:`load_scenario` reads a file
(a path, or the name of a shipped scenario such as ``ai_credit_wobble``) through the one
loader of :mod:`bubblelink.config.files` and :func:`parse_scenario` validates an already
parsed document with the same model. Every problem raises one
:class:`~bubblelink.errors.ConfigError` line naming the file, line, column and key and what
it expects, e.g. ``my.yaml:41:3: phase1.basket_change: must be > -1, got -1.5``.

Schema (version 1)
------------------
``name`` (str), ``title`` (str, optional: one line for ``bubblelink scenario list``),
``description`` (str, optional: what the scenario assumes), ``version`` (1).

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
    ``assumed_elasticity_std_error`` (BTC log change per unit log change of the measure, used when
    the measure's data are missing); ``assumed_dollar_elasticity`` and
    ``assumed_dollar_elasticity_std_error`` (used when the dollar series is missing);
    ``assumed_credit_sensitivity`` and ``assumed_credit_sensitivity_std_error`` (BTC log return
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
    "survived" when its max drawdown is better than minus this); ``below_prices`` (list
    of positive BTC prices in USD, default none: P(BTC below each) at any time and at the
    end, reported by ``bubblelink scenario run``, added to ``--below``).

Every key is optional except ``name``; unknown keys are errors (a typo must not silently
fall back to a default). A section left empty (``report:`` with every key commented
out) takes its defaults.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from bubblelink.config.files import (
    ConfigDocument,
    Source,
    load_config,
    resolve_config_path,
    shipped_config_path,
    validate_config,
)
from bubblelink.config.models import ConfigModel, Date, Number, Text, ValueErrorAt, VersionedFile
from bubblelink.symbols import AI_BASKET

Measure = Literal["net_liquidity", "m2"]
ResidualMethod = Literal["bootstrap", "student_t", "normal", "none"]

MEASURES: tuple[str, ...] = ("net_liquidity", "m2")
RESIDUAL_METHODS: tuple[str, ...] = ("bootstrap", "student_t", "normal", "none")
DEFAULT_SCENARIO = "ai_credit_shock"
KIND = "scenario"
FOLDER = "scenarios"


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
    assumed_elasticity_std_error: float = 0.5
    assumed_dollar_elasticity: float = -1.0
    assumed_dollar_elasticity_std_error: float = 0.5
    assumed_credit_sensitivity: float = -0.05
    assumed_credit_sensitivity_std_error: float = 0.03


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
    below_prices: tuple[float, ...] = ()


@dataclasses.dataclass(frozen=True)
class ScenarioSpec:
    """A validated scenario file (see the module docstring for the schema)."""

    name: str
    phase1: PhaseSpec
    phase2: PhaseSpec
    description: str = ""
    title: str = ""
    symbols: SymbolsSpec = dataclasses.field(default_factory=SymbolsSpec)
    estimation: EstimationSpec = dataclasses.field(default_factory=EstimationSpec)
    liquidity: LiquiditySpec = dataclasses.field(default_factory=LiquiditySpec)
    simulation: SimulationSpec = dataclasses.field(default_factory=SimulationSpec)
    report: ReportSpec = dataclasses.field(default_factory=ReportSpec)
    origin: str = "scenario file"

    def with_overrides(
        self, paths: int | None = None, seed: int | None = None, end: str | None = None
    ) -> ScenarioSpec:
        """A copy with the number of paths, the seed or the estimation end replaced.

        The values are checked by the same rules as the file's (ConfigError naming the
        key, e.g. ``simulation.paths``).
        """
        if isinstance(end, dt.datetime):
            end = end.date().isoformat()
        document = {"simulation": {"paths": paths, "seed": seed}, "estimation": {"end": end}}
        given = validate_config(ConfigDocument(self.origin, document), _OverridesModel)
        simulation = dataclasses.replace(
            self.simulation,
            paths=self.simulation.paths if paths is None else paths,
            seed=self.simulation.seed if seed is None else seed,
        )
        estimation = self.estimation
        if given.estimation.end is not None:
            estimation = dataclasses.replace(estimation, end=given.estimation.end.isoformat())
        return dataclasses.replace(self, simulation=simulation, estimation=estimation)

    def to_dict(self) -> dict[str, Any]:
        """The assumptions as plain values (what the result reports)."""
        out = dataclasses.asdict(self)
        out.pop("origin")
        out["symbols"]["basket_weights"] = list(self.symbols.weights)
        return out


def default_scenario_path(name: str = DEFAULT_SCENARIO) -> Path:
    """Path of a scenario file shipped in ``bubblelink/data/scenarios``."""
    return shipped_config_path(f"{name}.yaml", folder=FOLDER)


def shipped_scenarios() -> tuple[str, ...]:
    """Names of the scenario files shipped in ``bubblelink/data/scenarios`` (sorted)."""
    folder = default_scenario_path().parent
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def load_scenario(path: Source = None) -> ScenarioSpec:
    """Read and validate a scenario file (the shipped ``ai_credit_shock`` when ``None``).

    Parameters
    ----------
    path
        A scenario YAML file, or the name of a shipped one (``ai_credit_wobble``).

    Raises
    ------
    ConfigError
        When the file is missing (the message lists the shipped scenarios), is not YAML,
        or breaks the schema (``FILE:LINE:COL: KEY: problem``).
    """
    file = resolve_config_path(path, kind=KIND, folder=FOLDER, default=f"{DEFAULT_SCENARIO}.yaml")
    return load_config(file, ScenarioModel, kind=KIND).to_spec(origin=str(file))


def parse_scenario(document: Any, origin: str = "scenario file") -> ScenarioSpec:
    """Validate a parsed scenario document (see :class:`ScenarioModel` for the schema).

    Raises
    ------
    ConfigError
        ``ORIGIN: KEY: problem`` for the first key that breaks the schema.
    """
    model = validate_config(ConfigDocument(origin, document), ScenarioModel)
    return model.to_spec(origin=origin)


# --- the schema -------------------------------------------------------------------------------

#: A number in the open interval (0, 1).
Fraction = Annotated[Number, Field(gt=0, lt=1)]
#: A total simple change over a phase: above -1 (a fall of 100% or more is impossible).
Change = Annotated[Number, Field(gt=-1)]
Paths = Annotated[int, Field(ge=100, le=1_000_000)]
Seed = Annotated[int, Field(ge=0)]


class _Section(ConfigModel):
    """A scenario section; ``null`` (every key commented out) means all defaults."""

    @model_validator(mode="before")
    @classmethod
    def _null_is_empty(cls, data: Any) -> Any:
        return {} if data is None else data


class SymbolsModel(_Section):
    """``symbols``: which stored series play which role."""

    btc: Text = "BTC-USD"
    basket: list[Text] = Field(default_factory=lambda: list(AI_BASKET), min_length=1)
    basket_weights: list[Annotated[Number, Field(gt=0)]] | None = None
    credit_spread: Text | None = "BAMLH0A0HYM2"
    dollar: Text | None = "DX-Y.NYB"

    @model_validator(mode="after")
    def _consistent(self) -> SymbolsModel:
        for position, symbol in enumerate(self.basket):
            if symbol in self.basket[:position]:
                raise ValueErrorAt(f"{symbol!r} is listed twice", at=("basket", position))
        weights = self.basket_weights
        if weights is not None:
            if len(weights) != len(self.basket):
                raise ValueErrorAt(
                    f"must be a list of {len(self.basket)} numbers (one per basket symbol) "
                    f"or null, got {len(weights)}",
                    at=("basket_weights",),
                )
            if not math.isclose(sum(weights), 1.0, abs_tol=1e-6):
                raise ValueErrorAt(f"must sum to 1, got {sum(weights):.6g}", at=("basket_weights",))
        return self

    def to_spec(self) -> SymbolsSpec:
        """The frozen :class:`SymbolsSpec`."""
        weights = self.basket_weights
        return SymbolsSpec(
            btc=self.btc,
            basket=tuple(self.basket),
            basket_weights=None if weights is None else tuple(weights),
            credit_spread=self.credit_spread,
            dollar=self.dollar,
        )


class EstimationModel(_Section):
    """``estimation``: the window (dates or null) and the stress-day rule."""

    start: Date | None = None
    end: Date | None = None
    stress_quantile: Fraction = 0.10
    stress_drawdown: Annotated[Number, Field(gt=-1, lt=0)] = -0.10
    stress_peak_window: Annotated[int, Field(ge=2)] = 21
    min_stress_days: Annotated[int, Field(ge=10)] = 40

    @model_validator(mode="after")
    def _ordered(self) -> EstimationModel:
        if self.start and self.end and self.start >= self.end:
            raise ValueErrorAt(f"must be before 'end' ({self.end})", at=("start",))
        return self

    def to_spec(self) -> EstimationSpec:
        """The frozen :class:`EstimationSpec` (dates as ``YYYY-MM-DD`` text)."""
        return EstimationSpec(
            start=None if self.start is None else self.start.isoformat(),
            end=None if self.end is None else self.end.isoformat(),
            stress_quantile=self.stress_quantile,
            stress_drawdown=self.stress_drawdown,
            stress_peak_window=self.stress_peak_window,
            min_stress_days=self.min_stress_days,
        )


NonNegative = Annotated[Number, Field(ge=0)]


class LiquidityModel(_Section):
    """``liquidity``: the measure and the assumptions used when data are missing."""

    measure: Measure = "net_liquidity"
    assumed_level_bn: Annotated[Number, Field(gt=0)] = 5800.0
    assumed_elasticity: Number = 1.0
    assumed_elasticity_std_error: NonNegative = 0.5
    assumed_dollar_elasticity: Number = -1.0
    assumed_dollar_elasticity_std_error: NonNegative = 0.5
    assumed_credit_sensitivity: Number = -0.05
    assumed_credit_sensitivity_std_error: NonNegative = 0.03


class PhaseModel(_Section):
    """``phase1`` / ``phase2``: length and total shocks of one phase."""

    sessions: Annotated[int, Field(ge=1, le=2520)]
    basket_change: Change
    vol_multiplier: NonNegative = 1.0
    credit_spread_bp: Number = 0.0
    net_liquidity_change_bn: Number = 0.0
    m2_growth: Change = 0.0
    dollar_change: Change = 0.0


class SimulationModel(_Section):
    """``simulation``: Monte Carlo settings."""

    paths: Paths = 10_000
    seed: Seed = 7
    residuals: ResidualMethod = "bootstrap"
    parameter_uncertainty: bool = True


class ReportModel(_Section):
    """``report``: which probabilities the result reports."""

    drawdown_thresholds: list[Fraction] = Field(
        default_factory=lambda: [0.2, 0.3, 0.5], min_length=1
    )
    survival_drawdown: Fraction = 0.35
    below_prices: list[Annotated[Number, Field(gt=0)]] = Field(default_factory=list)


class ScenarioModel(VersionedFile):
    """A scenario file (schema version 1; see the module docstring)."""

    name: Text
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] = ""
    description: Annotated[str, StringConstraints(strip_whitespace=True)] = ""
    symbols: SymbolsModel = Field(default_factory=SymbolsModel)
    estimation: EstimationModel = Field(default_factory=EstimationModel)
    liquidity: LiquidityModel = Field(default_factory=LiquidityModel)
    phase1: PhaseModel
    phase2: PhaseModel
    simulation: SimulationModel = Field(default_factory=SimulationModel)
    report: ReportModel = Field(default_factory=ReportModel)

    def to_spec(self, origin: str) -> ScenarioSpec:
        """The frozen :class:`ScenarioSpec` read from ``origin``."""
        return ScenarioSpec(
            name=self.name,
            title=self.title,
            description=self.description,
            symbols=self.symbols.to_spec(),
            estimation=self.estimation.to_spec(),
            liquidity=LiquiditySpec(**self.liquidity.model_dump()),
            phase1=PhaseSpec(**self.phase1.model_dump()),
            phase2=PhaseSpec(**self.phase2.model_dump()),
            simulation=SimulationSpec(**self.simulation.model_dump()),
            report=ReportSpec(
                drawdown_thresholds=tuple(self.report.drawdown_thresholds),
                survival_drawdown=self.report.survival_drawdown,
                below_prices=tuple(self.report.below_prices),
            ),
            origin=origin,
        )


class _SimulationOverrides(ConfigModel):
    paths: Paths | None = None
    seed: Seed | None = None


class _EstimationOverrides(ConfigModel):
    end: Date | None = None


class _OverridesModel(ConfigModel):
    """What :meth:`ScenarioSpec.with_overrides` may replace, checked like the file's keys."""

    simulation: _SimulationOverrides
    estimation: _EstimationOverrides
