"""The risk-score configuration: component weights and windows from YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from bubblelink.errors import ConfigError
from bubblelink.symbols import AI_BASKET


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
    return Path(str(resources.files("bubblelink") / "data" / "risk_weights.yaml"))


def load_risk_config(path: str | Path | None = None) -> RiskConfig:
    """Read and validate a weights file (default: the shipped one).

    Raises
    ------
    ConfigError
        Unreadable file or YAML, unknown component, negative or non-numeric weight,
        all weights zero, a window that is not a positive integer, a bad basket.
    """
    file = Path(path) if path is not None else default_weights_path()
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the weights file {file}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{file} is not valid YAML{where}: fix the syntax") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("components"), dict):
        raise ConfigError(
            f"{file}: expected a mapping with a 'components' mapping (see the shipped file)"
        )
    comps = []
    for name, body in raw["components"].items():
        if name not in COMPONENTS:
            raise ConfigError(f"{file}: unknown component {name!r}; known: {', '.join(COMPONENTS)}")
        default_window, direction, unit, text = COMPONENTS[name]
        body = body if isinstance(body, dict) else {"weight": body}
        weight = body.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise ConfigError(f"{file}: weight of {name} must be a number >= 0, got {weight!r}")
        window = body.get("window", default_window)
        if window is not None and (
            isinstance(window, bool) or not isinstance(window, int) or window < 2
        ):
            raise ConfigError(f"{file}: window of {name} must be an integer >= 2, got {window!r}")
        comps.append(ComponentSpec(name, float(weight), window, direction, unit, text))
    if not comps or sum(c.weight for c in comps) <= 0:
        raise ConfigError(f"{file}: at least one component needs a positive weight")
    basket = raw.get("ai_basket", list(AI_BASKET))
    if not isinstance(basket, list) or not basket or not all(isinstance(s, str) for s in basket):
        raise ConfigError(f"{file}: ai_basket must be a list of symbols, got {basket!r}")
    min_history = raw.get("min_history", 252)
    if isinstance(min_history, bool) or not isinstance(min_history, int) or min_history < 20:
        raise ConfigError(f"{file}: min_history must be an integer >= 20, got {min_history!r}")
    return RiskConfig(
        btc=str(raw.get("btc", "BTC-USD")),
        tech=str(raw.get("tech", "^IXIC")),
        ai_basket=tuple(basket),
        min_history=min_history,
        components=tuple(comps),
        source=str(file) if path is not None else "built-in risk_weights.yaml",
    )
