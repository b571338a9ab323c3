"""The risk-score configuration: component weights and windows from YAML.

The schema is the pydantic model :class:`RiskWeightsModel`; files are read by the one
loader of :mod:`bubblelink.config.files` (a path, or the shipped name ``risk_weights``), so
a bad file raises one :class:`~bubblelink.errors.ConfigError` line naming the file, line,
column and key, e.g. ``w.yaml:4:13: components.hy_oas_level.weight: must be >= 0, got -1``.

Keys: ``version`` (1), ``btc``, ``tech``, ``ai_basket`` (non-empty list of symbols),
``min_history`` (whole number >= 20), ``components`` (a mapping of known component names
to ``{weight: number >= 0, window: whole number >= 2 or null}`` or to a bare weight; at
least one weight must be positive; a window left out takes the component's default).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from bubblelink.config.files import Source, load_config, resolve_config_path
from bubblelink.config.models import ConfigModel, Number, Text, ValueErrorAt, VersionedFile
from bubblelink.symbols import AI_BASKET

KIND = "risk weights"
DEFAULT_FILE = "risk_weights.yaml"


@dataclass(frozen=True)
class ComponentSpec:
    """One component: name, weight, window (sessions or days), risk direction."""

    name: str
    weight: float
    window: int | None
    direction: int
    unit: str
    description: str


#: Every known component: (default window, direction: +1 higher = riskier, unit, text).
COMPONENTS: dict[str, tuple[int | None, int, str, str]] = {
    "btc_tech_corr_30": (30, +1, "corr", "rolling correlation of BTC and tech log returns"),
    "btc_tech_corr_90": (90, +1, "corr", "rolling correlation of BTC and tech log returns"),
    "btc_downside_beta": (252, +1, "beta", "BTC beta to the AI basket on its down days"),
    "ai_drawdown": (252, +1, "fraction", "AI basket depth below its rolling high"),
    "ai_volatility": (21, +1, "annualised", "AI basket realised volatility"),
    "hy_oas_level": (None, +1, "percent", "HY OAS level"),
    "hy_oas_change": (20, +1, "bp", "HY OAS change over the window (sessions)"),
    "net_liquidity_impulse": (
        91,
        -1,
        "billions USD",
        "change of Fed net liquidity over the window (calendar days); falling = risk",
    ),
    "dollar_trend": (63, +1, "log change", "dollar log change over the window (sessions)"),
    "global_liquidity_impulse": (
        91,
        -1,
        "log change",
        "log growth of global M2 in USD over the window (calendar days), as known then; "
        "falling = risk; switched off when its coverage is below 90%",
    ),
}


@dataclass(frozen=True)
class RiskConfig:
    """Parsed weights file."""

    btc: str
    tech: str
    ai_basket: tuple[str, ...]
    min_history: int
    components: tuple[ComponentSpec, ...]
    source: str = "built-in"
    notes: tuple[str, ...] = field(default_factory=tuple)


def default_weights_path() -> Path:
    """The shipped ``bubblelink/data/risk_weights.yaml``."""
    return resolve_config_path(None, kind=KIND, default=DEFAULT_FILE)


def load_risk_config(path: Source = None) -> RiskConfig:
    """Read and validate a weights file (default: the shipped one).

    Parameters
    ----------
    path
        A weights YAML file, or the shipped name ``risk_weights``; None for the shipped file.

    Raises
    ------
    ConfigError
        Unknown or unreadable file, bad YAML, unknown component, negative or non-numeric
        weight, all weights zero, a window that is not a whole number >= 2, a bad basket
        (``FILE:LINE:COL: KEY: problem``).
    """
    file = resolve_config_path(path, kind=KIND, default=DEFAULT_FILE)
    model = load_config(file, RiskWeightsModel, kind=KIND)
    return model.to_config(str(file) if path is not None else f"built-in {DEFAULT_FILE}")


# --- the schema -------------------------------------------------------------------------------


class ComponentModel(ConfigModel):
    """One component: ``{weight, window}``, or a bare weight."""

    weight: Annotated[Number, Field(ge=0)]
    window: Annotated[int, Field(ge=2)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_weight(cls, data: Any) -> Any:
        if isinstance(data, int | float | str) and not isinstance(data, bool):
            return {"weight": data}
        return data


class RiskWeightsModel(VersionedFile):
    """A weights file (see the module docstring)."""

    btc: Text = "BTC-USD"
    tech: Text = "^IXIC"
    ai_basket: list[Text] = Field(default_factory=lambda: list(AI_BASKET), min_length=1)
    min_history: Annotated[int, Field(ge=20)] = 252
    components: dict[str, ComponentModel]

    @field_validator("components")
    @classmethod
    def _known_and_weighted(
        cls, components: dict[str, ComponentModel]
    ) -> dict[str, ComponentModel]:
        for name in components:
            if name not in COMPONENTS:
                raise ValueErrorAt(
                    f"unknown component {name!r} (known: {', '.join(COMPONENTS)})", at=(name,)
                )
        if sum(c.weight for c in components.values()) <= 0:
            raise ValueError("at least one component needs a positive weight")
        return components

    def to_config(self, source: str) -> RiskConfig:
        """The frozen :class:`RiskConfig`; a window left out takes the component's default."""
        comps = []
        for name, body in self.components.items():
            default_window, direction, unit, text = COMPONENTS[name]
            window = body.window if "window" in body.model_fields_set else default_window
            comps.append(ComponentSpec(name, float(body.weight), window, direction, unit, text))
        return RiskConfig(
            btc=self.btc,
            tech=self.tech,
            ai_basket=tuple(self.ai_basket),
            min_history=self.min_history,
            components=tuple(comps),
            source=source,
        )
