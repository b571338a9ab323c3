r"""The chunked runner: prepared engines → :class:`ScenarioRun` (fan in price, drawdowns,
threshold probabilities, VaR/ES, correlation path, engine comparison).

Blocks and chunks
-----------------
Paths are drawn block by block (:data:`~bubblelink.scenarios._engine.BLOCK_PATHS` paths,
block ``i`` from :func:`~bubblelink.scenarios._engine.block_rng` ``(seed, i)``). A *chunk*
is the group of blocks computed at the same time (on ``threads`` worker threads); its
size is set from the memory budget (:func:`plan_run`). Every block writes its per-path
values at fixed rows and sums are added in block order, so the same seed gives
bit-for-bit identical results whatever the chunk size or the number of threads. The
blocks of a chunk are drawn concurrently: an engine's ``block`` must not change shared
state (the prepared engine is read-only; each call uses only its own ``rng``).

What is kept (memory flat as paths grow)
----------------------------------------
* per path, six float64 scalars (48 bytes): the phase-1 max drawdown, the log level at
  the end of phase 1 and at the end, the lowest log level over phase 1 and over the
  horizon; everything the probabilities, VaR/ES and the drawdown distribution need, so
  they are **exact over all paths**;
* the **fan**: BTC prices (float32) on the fan days (:func:`fan_days`: every session when
  the horizon has at most :data:`FAN_POINTS` sessions, else 64 evenly spaced ones plus
  the end of phase 1) of the first ``fan_paths`` paths (all paths when they fit
  :data:`FAN_BUDGET_BYTES`, else the first ones in block order — a fixed subset that
  does not depend on the chunk size). On each fan day the fan is the exact
  5/25/50/75/95% quantiles (numpy ``linear`` method) of those paths' prices, and the
  result says how many paths it used; the mean path is over all paths;
* the BTC–basket correlation path when the engine supplies one: its mean over all
  paths per session, and its quantiles over the same subset as the fan.

``--paths`` is bounded by :data:`MAX_PATHS` and by the budget: a request that does not
fit is refused with one line before any work (:func:`plan_run`).

Conventions
-----------
Start price :math:`S_0` = the last BTC close as of the run's date. Price on day
:math:`t`: :math:`S_t = S_0 \exp(\sum_{u \le t} r_u)`, day 0 is the start.

* phase-1 max drawdown: :math:`\min_{t \le T_1} S_t / \max_{u \le t} S_u - 1` (the start
  is a peak);
* ``p_below_any_time``: :math:`\Pr(\min_{1 \le t \le T} S_t < K)`; ``..._phase1`` the
  same over :math:`t \le T_1`; ``p_below_end``: :math:`\Pr(S_T < K)`;
* ``p_end_above_start``: :math:`\Pr(S_T > S_0)`;
* VaR/ES: the loss over a window (phase 1, phase 2, whole horizon) is
  :math:`L = 1 - S_{end}/S_{begin}`, a positive fraction of the window's start value;
  :math:`\mathrm{VaR}_\alpha` = the :math:`\alpha`-quantile of :math:`L` (numpy
  ``linear``), :math:`\mathrm{ES}_\alpha` = the mean of :math:`L` over paths with
  :math:`L \ge \mathrm{VaR}_\alpha`;
* every probability carries its Monte Carlo standard error :math:`\sqrt{p(1-p)/N}`.

Deterministic engines (``deterministic_paths`` set, e.g. historical analogues) run once
with exactly that many paths; their results are reported **per label** (one row per
replayed episode) — no quantiles, probabilities or VaR pretending to be a distribution.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from bubblelink.analytics.performance import max_drawdown
from bubblelink.errors import ConfigError
from bubblelink.results import ResultBase, plain
from bubblelink.scenarios._engine import BLOCK_PATHS, PathBlock, PreparedEngine, block_rng
from bubblelink.scenarios._spec import ScenarioSpec

#: Largest ``--paths`` accepted (also the scenario file's ``simulation.paths`` maximum).
MAX_PATHS = 1_000_000
#: Default working-memory budget of one run (bytes), below the 2 GB target with Python.
MEMORY_BUDGET_BYTES = 1 << 30
#: Share of the budget for the fan's float32 prices (and correlation quantiles).
FAN_BUDGET_BYTES = 256 << 20
#: float64 arrays of ``(paths, sessions)`` an engine and the runner hold per block.
WORK_ARRAYS = 8
#: Most sessions the fan is computed on (evenly spaced; see :func:`fan_days`).
FAN_POINTS = 64
#: Per-path float64 scalars kept over the whole run.
SCALARS = 6
QUANTILES = (0.05, 0.25, 0.50, 0.75, 0.95)
QUANTILE_NAMES = ("q05", "q25", "q50", "q75", "q95")
RISK_LEVELS = (0.95, 0.99)
DEFAULT_THREADS = 2

RISK_CONVENTION = (
    "VaR/ES: loss = 1 - price at the window's end / price at its start (a positive "
    "fraction of the window's start value); VaR at level a = the a-quantile of the loss "
    "across paths (numpy linear); ES = the mean loss over paths with loss >= VaR"
)


@dataclasses.dataclass(frozen=True)
class RunPlan:
    """How a run is cut into blocks and chunks within the memory budget."""

    paths: int
    sessions: int
    blocks: int
    chunk_blocks: int
    threads: int
    fan_paths: int
    budget_bytes: int
    estimated_peak_bytes: int


def plan_run(
    n_paths: int,
    sessions: int,
    chunk_blocks: int | None = None,
    threads: int = DEFAULT_THREADS,
    budget_bytes: int = MEMORY_BUDGET_BYTES,
    correlation: bool = True,
) -> RunPlan:
    """Blocks, chunk size and fan subset for ``n_paths`` × ``sessions`` within the budget.

    Raises
    ------
    ConfigError
        When ``n_paths`` exceeds :data:`MAX_PATHS` or the run cannot fit the budget
        (one line, before any work).
    """
    if n_paths < 1:
        raise ConfigError(f"--paths must be at least 1, got {n_paths}")
    if n_paths > MAX_PATHS:
        raise ConfigError(
            f"--paths {n_paths:,} is above the maximum of {MAX_PATHS:,} paths: ask for fewer"
        )
    block_bytes = BLOCK_PATHS * sessions * 8 * WORK_ARRAYS
    fan_row = min(sessions + 1, FAN_POINTS + 1) * 4 * (2 if correlation else 1)
    fan_paths = min(n_paths, max(BLOCK_PATHS, FAN_BUDGET_BYTES // fan_row))
    fixed = n_paths * SCALARS * 8 + fan_paths * fan_row
    room = budget_bytes - fixed
    if room < block_bytes:
        need = (fixed + block_bytes) / 2**20
        raise ConfigError(
            f"--paths {n_paths:,} x {sessions} sessions needs about {need:,.0f} MiB, above "
            f"the memory budget of {budget_bytes / 2**20:,.0f} MiB: ask for fewer paths or "
            "shorter phases"
        )
    fit = int(room // block_bytes)
    blocks = -(-n_paths // BLOCK_PATHS)
    chosen = max(1, threads) if chunk_blocks is None else chunk_blocks
    if chosen < 1:
        raise ConfigError(f"chunk size must be at least 1 block, got {chosen}")
    chosen = min(chosen, fit, blocks)
    return RunPlan(
        paths=n_paths,
        sessions=sessions,
        blocks=blocks,
        chunk_blocks=chosen,
        threads=max(1, threads),
        fan_paths=fan_paths,
        budget_bytes=budget_bytes,
        estimated_peak_bytes=fixed + chosen * block_bytes,
    )


@dataclasses.dataclass(frozen=True)
class EngineOutcome:
    """One engine's results on the scenario (see the module docstring for definitions).

    Attributes
    ----------
    engine, model, kind
        Engine name, its model paragraph, ``monte_carlo`` or ``deterministic``.
    n_paths, fan_paths
        Paths simulated, and paths behind the fan quantiles.
    fan
        Monte Carlo: index ``day``, columns ``q05 .. q95`` and ``mean`` (BTC price).
        Deterministic: index ``day``, one column per label (each replayed path).
    phase1_drawdown
        Quantiles ``q05 .. q95`` and ``mean`` of the phase-1 max drawdown (Monte Carlo).
    end_price
        Quantiles ``q05 .. q95`` and ``mean`` of BTC's price on the last session, over
        all paths (Monte Carlo; the fan's last row may use a subset).
    thresholds
        Rows ``price, p_below_any_time, p_below_any_time_phase1, p_below_end`` with
        ``std_error`` of each (Monte Carlo).
    probabilities
        Rows ``event, definition, probability, std_error``.
    risk
        Rows ``window, level, var, es, n`` (Monte Carlo).
    moves
        Rows ``window, mean_log_move, std_log_move, std_error, n``: BTC's log move over
        phase 1, phase 2 and the horizon across paths (``std_error`` of the mean).
    correlation
        Index ``day`` (1..T), ``mean`` and ``q05 .. q95`` of the conditional BTC–basket
        correlation, or None when the engine does not supply it.
    per_label
        Deterministic engines: one row per label (returns per phase, drawdown, end price,
        thresholds crossed); None otherwise.
    parameters
        The engine's estimated parameters where it exposes a table (factor), else None.
    notes
        What the preparation found.
    """

    engine: str
    model: str
    kind: str
    n_paths: int
    fan_paths: int
    fan: pd.DataFrame
    phase1_drawdown: dict[str, float]
    end_price: dict[str, float]
    thresholds: list[dict[str, Any]]
    probabilities: list[dict[str, Any]]
    risk: list[dict[str, Any]]
    moves: list[dict[str, Any]]
    correlation: pd.DataFrame | None
    per_label: pd.DataFrame | None
    parameters: pd.DataFrame | None
    notes: list[str]

    def probability(self, event: str) -> tuple[float, float]:
        """``(probability, std_error)`` of a named event."""
        for row in self.probabilities:
            if row["event"] == event:
                return row["probability"], row["std_error"]
        raise KeyError(event)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: frames as lists of records (``day`` kept as a field)."""
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, pd.DataFrame):
                frame = value.reset_index() if value.index.name else value
                out[field.name] = plain(frame)
            else:
                out[field.name] = plain(value)
        return out


@dataclasses.dataclass(frozen=True)
class ScenarioRun(ResultBase):
    """A scenario run on one or more engines (``bubblelink scenario run``).

    Attributes
    ----------
    name, title, description
        From the scenario file.
    start_date, start_price
        The last BTC close as of the run's date (the price paths start there).
    seed, paths_requested
        Monte Carlo settings.
    sessions
        ``{"phase1": T1, "phase2": T2}``.
    below
        The price thresholds asked (``--below`` or ``report.below_prices``).
    engines
        One :class:`EngineOutcome` per engine, in the order asked.
    comparison
        One row per engine on the same scenario and seed.
    conventions
        The definitions the numbers follow.
    plan
        Blocks, chunk size, threads, fan subset, memory budget.
    """

    name: str
    title: str
    description: str
    start_date: str
    start_price: float
    seed: int
    paths_requested: int
    sessions: dict[str, int]
    below: list[float]
    engines: list[EngineOutcome]
    comparison: pd.DataFrame
    conventions: list[str]
    plan: dict[str, Any]
    assumptions: dict[str, Any]
    notes: list[str]
    provenance: list[dict[str, Any]]
    synthetic: bool

    def engine(self, name: str) -> EngineOutcome:
        """The outcome of engine ``name``."""
        for outcome in self.engines:
            if outcome.engine == name:
                return outcome
        raise KeyError(name)

    def to_frame(self) -> pd.DataFrame:
        """Long table: engine, section, statistic, value, std_error (the CSV)."""
        rows: list[tuple[str, str, str, float, float]] = []
        for o in self.engines:
            for row in o.probabilities:
                rows.append(
                    (o.engine, "probability", row["event"], row["probability"], row["std_error"])
                )
            for row in o.thresholds:
                price = f"{row['price']:,.0f}"
                for key in ("p_below_any_time", "p_below_any_time_phase1", "p_below_end"):
                    rows.append(
                        (o.engine, "threshold", f"{key}_{price}", row[key], row[f"{key}_std_error"])
                    )
            for row in o.risk:
                level = f"{row['level']:.0%}"
                rows.append((o.engine, "risk", f"var_{level}_{row['window']}", row["var"], np.nan))
                rows.append((o.engine, "risk", f"es_{level}_{row['window']}", row["es"], np.nan))
            for key, value in o.phase1_drawdown.items():
                rows.append((o.engine, "phase1_max_drawdown", key, value, np.nan))
            for key, value in o.end_price.items():
                rows.append((o.engine, "end_price", key, value, np.nan))
            if o.per_label is not None:
                for label, row in o.per_label.iterrows():
                    for key in (
                        "phase1_return",
                        "phase2_return",
                        "horizon_return",
                        "phase1_max_drawdown",
                        "end_price",
                    ):
                        rows.append((o.engine, f"label {label}", key, row[key], np.nan))
        return pd.DataFrame.from_records(
            rows, columns=["engine", "section", "statistic", "value", "std_error"]
        )

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        """The comparison first, then each engine's thresholds, VaR/ES and labels."""
        out = [
            (
                f"{self.title}: engines compared (same scenario, seed {self.seed})",
                self.comparison.reset_index(),
            )
        ]
        for o in self.engines:
            if o.thresholds:
                out.append((f"{o.engine}: P(BTC below price)", pd.DataFrame(o.thresholds)))
            if o.risk:
                out.append(
                    (
                        f"{o.engine}: VaR and ES (loss, fraction of the window's start)",
                        pd.DataFrame(o.risk),
                    )
                )
            if o.per_label is not None:
                out.append(
                    (
                        f"{o.engine}: one row per replayed path (not a distribution)",
                        o.per_label.reset_index(),
                    )
                )
        return out

    def to_dict(self) -> dict[str, Any]:
        """Full JSON: each engine's outcome, the comparison as records, the summary table."""
        out = {f.name: plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
        out["engines"] = [o.to_dict() for o in self.engines]
        out["comparison"] = plain(self.comparison.reset_index())
        out["summary"] = plain(self.to_frame())
        return out

    def summary(self) -> str:
        """Headline line, then the comparison table."""
        return f"{self.title}\n" + self.comparison.to_string()


# --- accumulation -------------------------------------------------------------------------------


def fan_days(t1: int, sessions: int, points: int | None = None) -> np.ndarray:
    """The sessions the fan is computed on: every day when ``sessions + 1 <= points``
    (default :data:`FAN_POINTS`), else ``points`` evenly spaced days plus the end of
    phase 1 (day 0 and the last day always included)."""
    points = FAN_POINTS if points is None else points
    if sessions + 1 <= points:
        return np.arange(sessions + 1)
    grid = np.rint(np.linspace(0, sessions, points)).astype(int)
    return np.unique(np.concatenate([grid, [t1]]))


@dataclasses.dataclass
class _Accumulator:
    """Per-path scalars (all paths), fan prices (first ``fan_paths``), sums in block order.

    The fan and correlation arrays are stored day-major ``(days, paths)`` so the final
    per-day quantiles read contiguous memory.
    """

    n_paths: int
    t1: int
    sessions: int
    fan_paths: int
    start_price: float
    days: np.ndarray
    dd: np.ndarray = dataclasses.field(init=False)
    end1: np.ndarray = dataclasses.field(init=False)
    end: np.ndarray = dataclasses.field(init=False)
    low1: np.ndarray = dataclasses.field(init=False)
    low: np.ndarray = dataclasses.field(init=False)
    fan: np.ndarray = dataclasses.field(init=False)
    level_sum: np.ndarray = dataclasses.field(init=False)
    corr: np.ndarray | None = None
    corr_sum: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.dd, self.end1, self.end, self.low1, self.low = (
            np.empty(self.n_paths) for _ in range(5)
        )
        self.fan = np.empty((self.days.size, self.fan_paths), dtype=np.float32)
        self.level_sum = np.zeros(self.days.size)

    @property
    def corr_days(self) -> np.ndarray:
        """Fan days with a correlation (day 0 has none)."""
        return self.days[self.days >= 1]

    def add(self, offset: int, cum: dict[str, np.ndarray], block: PathBlock) -> None:
        """Store block rows ``offset ..`` (``cum`` from :func:`_reduce_block`)."""
        n = cum["end"].size
        rows = slice(offset, offset + n)
        for key in ("dd", "end1", "end", "low1", "low"):
            getattr(self, key)[rows] = cum[key]
        self.level_sum += cum["level_sum"]
        keep = max(0, min(n, self.fan_paths - offset))
        if keep:
            self.fan[:, offset : offset + keep] = cum["prices"][:keep].T
        if block.correlation is not None:
            columns = self.corr_days - 1
            if self.corr is None:
                self.corr = np.empty((columns.size, self.fan_paths), dtype=np.float32)
                self.corr_sum = np.zeros(self.sessions)
            assert self.corr_sum is not None
            self.corr_sum += block.correlation.sum(axis=0)
            if keep:
                self.corr[:, offset : offset + keep] = block.correlation[:keep, columns].T


def _reduce_block(
    block: PathBlock, t1: int, start_price: float, days: np.ndarray
) -> dict[str, np.ndarray]:
    """Per-path scalars and fan-day prices of one block (run in a worker thread)."""
    r = np.asarray(block.btc, dtype=float)
    n, t = r.shape
    log_level = np.zeros((n, t + 1))
    np.cumsum(r, axis=1, out=log_level[:, 1:])
    on_days = np.exp(log_level[:, days])
    return {
        "dd": np.asarray(max_drawdown(np.exp(log_level[:, : t1 + 1]), axis=1)),
        "end1": log_level[:, t1].copy(),
        "end": log_level[:, t].copy(),
        "low1": log_level[:, 1 : t1 + 1].min(axis=1),
        "low": log_level[:, 1:].min(axis=1),
        "level_sum": on_days.sum(axis=0),
        "prices": (start_price * on_days).astype(np.float32),
    }


def _check_block(block: PathBlock, engine: PreparedEngine, n: int, sessions: int) -> None:
    if block.btc.shape != (n, sessions):
        raise ValueError(
            f"engine {engine.name!r} returned a block of shape {block.btc.shape}, "
            f"expected {(n, sessions)}"
        )


def simulate_engine(
    engine: PreparedEngine,
    n_paths: int,
    seed: int,
    start_price: float,
    plan: RunPlan | None = None,
) -> tuple[_Accumulator, tuple[str, ...] | None]:
    """Draw every block of ``engine`` chunk by chunk into an accumulator."""
    t1 = engine.sessions[0]
    sessions = int(sum(engine.sessions))
    if engine.deterministic_paths is not None:
        n_paths = engine.deterministic_paths
        plan = plan_run(n_paths, sessions, chunk_blocks=1, threads=1)
        block = engine.block(n_paths, block_rng(seed, 0))
        _check_block(block, engine, n_paths, sessions)
        days = np.arange(sessions + 1)
        acc = _Accumulator(n_paths, t1, sessions, n_paths, start_price, days)
        acc.add(0, _reduce_block(block, t1, start_price, days), block)
        return acc, block.labels
    plan = plan or plan_run(n_paths, sessions)
    days = fan_days(t1, sessions)
    acc = _Accumulator(n_paths, t1, sessions, plan.fan_paths, start_price, days)
    sizes = [min(BLOCK_PATHS, n_paths - i * BLOCK_PATHS) for i in range(plan.blocks)]

    def work(i: int) -> tuple[PathBlock, dict[str, np.ndarray]]:
        block = engine.block(sizes[i], block_rng(seed, i))
        _check_block(block, engine, sizes[i], sessions)
        return block, _reduce_block(block, t1, start_price, days)

    with ThreadPoolExecutor(max_workers=plan.threads) as pool:
        for first in range(0, plan.blocks, plan.chunk_blocks):
            chunk = range(first, min(first + plan.chunk_blocks, plan.blocks))
            for i, (block, reduced) in zip(chunk, pool.map(work, chunk), strict=True):
                acc.add(i * BLOCK_PATHS, reduced, block)
                del block, reduced
    return acc, None


# --- summaries ----------------------------------------------------------------------------------


def _probability(mask: np.ndarray) -> tuple[float, float]:
    p = float(mask.mean())
    return p, float(np.sqrt(p * (1.0 - p) / mask.size))


def value_at_risk(losses: np.ndarray, level: float) -> tuple[float, float]:
    """``(VaR, ES)`` at ``level`` of ``losses`` (see the module docstring's convention)."""
    var = float(np.quantile(losses, level))
    return var, float(losses[losses >= var].mean())


def _quantiles(values: np.ndarray) -> dict[str, float]:
    q = np.quantile(values, QUANTILES)
    return {name: float(v) for name, v in zip(QUANTILE_NAMES, q, strict=True)}


def _window_moves(acc: _Accumulator) -> dict[str, np.ndarray]:
    return {"phase1": acc.end1, "phase2": acc.end - acc.end1, "horizon": acc.end}


def _window_returns(acc: _Accumulator) -> dict[str, np.ndarray]:
    return {window: np.expm1(move) for window, move in _window_moves(acc).items()}


def summarise_monte_carlo(
    engine: PreparedEngine, acc: _Accumulator, below: Sequence[float]
) -> EngineOutcome:
    """The Monte Carlo outputs of one engine's accumulator."""
    fan = pd.DataFrame(
        np.quantile(acc.fan, QUANTILES, axis=1).T.astype(float),
        columns=list(QUANTILE_NAMES),
        index=pd.Index(acc.days, name="day"),
    )
    fan["mean"] = acc.start_price * acc.level_sum / acc.n_paths
    log_start = np.log(acc.start_price)
    thresholds = []
    for price in below:
        k = np.log(price) - log_start
        row: dict[str, Any] = {"price": float(price)}
        for key, values in (
            ("p_below_any_time", acc.low),
            ("p_below_any_time_phase1", acc.low1),
            ("p_below_end", acc.end),
        ):
            p, se = _probability(values < k)
            row[key], row[f"{key}_std_error"] = p, se
        thresholds.append(row)
    p, se = _probability(acc.end > 0.0)
    probabilities = [
        {
            "event": "p_end_above_start",
            "definition": "P(BTC at the end > BTC at the start)",
            "probability": p,
            "std_error": se,
        },
    ]
    end_price = acc.start_price * np.exp(acc.end)
    moves = []
    for window, log_move in _window_moves(acc).items():
        sd = float(log_move.std(ddof=1)) if log_move.size > 1 else float("nan")
        moves.append(
            {
                "window": window,
                "mean_log_move": float(log_move.mean()),
                "std_log_move": sd,
                "std_error": sd / np.sqrt(log_move.size),
                "n": int(log_move.size),
            }
        )
    risk = []
    for window, ret in _window_returns(acc).items():
        for level in RISK_LEVELS:
            var, es = value_at_risk(-ret, level)
            risk.append(
                {"window": window, "level": level, "var": var, "es": es, "n": int(ret.size)}
            )
    correlation = None
    if acc.corr is not None and acc.corr_sum is not None:
        correlation = pd.DataFrame(
            np.quantile(acc.corr, QUANTILES, axis=1).T.astype(float),
            columns=list(QUANTILE_NAMES),
            index=pd.Index(acc.corr_days, name="day"),
        )
        correlation.insert(0, "mean", (acc.corr_sum / acc.n_paths)[acc.corr_days - 1])
    notes = list(engine.notes)
    if acc.fan_paths < acc.n_paths:
        notes.append(
            f"fan quantiles from the first {acc.fan_paths:,} of {acc.n_paths:,} paths (memory "
            "budget); probabilities, VaR/ES, drawdowns and the mean path use all paths"
        )
    return EngineOutcome(
        engine=engine.name,
        model=engine.model,
        kind="monte_carlo",
        n_paths=acc.n_paths,
        fan_paths=acc.fan_paths,
        fan=fan,
        phase1_drawdown={**_quantiles(acc.dd), "mean": float(acc.dd.mean())},
        end_price={**_quantiles(end_price), "mean": float(end_price.mean())},
        thresholds=thresholds,
        probabilities=probabilities,
        risk=risk,
        moves=moves,
        correlation=correlation,
        per_label=None,
        parameters=_parameters(engine),
        notes=notes,
    )


def summarise_deterministic(
    engine: PreparedEngine,
    acc: _Accumulator,
    labels: tuple[str, ...] | None,
    below: Sequence[float],
) -> EngineOutcome:
    """One row per labelled path: no quantiles, probabilities or VaR (not a distribution)."""
    names = list(labels) if labels else [f"path {i + 1}" for i in range(acc.n_paths)]
    fan = pd.DataFrame(acc.fan.astype(float), columns=names, index=pd.Index(acc.days, name="day"))
    returns = _window_returns(acc)
    per_label = pd.DataFrame(
        {
            "phase1_return": returns["phase1"],
            "phase2_return": returns["phase2"],
            "horizon_return": returns["horizon"],
            "phase1_max_drawdown": acc.dd,
            "end_price": acc.start_price * np.exp(acc.end),
        },
        index=pd.Index(names, name="label"),
    )
    log_start = np.log(acc.start_price)
    for price in below:
        k = np.log(price) - log_start
        per_label[f"below_{price:.0f}_any_time"] = acc.low < k
        per_label[f"below_{price:.0f}_end"] = acc.end < k
    correlation = None
    if acc.corr is not None:
        correlation = pd.DataFrame(
            acc.corr.astype(float), columns=names, index=pd.Index(acc.corr_days, name="day")
        )
    return EngineOutcome(
        engine=engine.name,
        model=engine.model,
        kind="deterministic",
        n_paths=acc.n_paths,
        fan_paths=acc.n_paths,
        fan=fan,
        phase1_drawdown={},
        end_price={},
        thresholds=[],
        probabilities=[],
        risk=[],
        moves=[],
        correlation=correlation,
        per_label=per_label,
        parameters=_parameters(engine),
        notes=[
            *engine.notes,
            f"deterministic engine: {acc.n_paths} replayed paths reported one "
            "by one (not a distribution: no quantiles, probabilities or VaR)",
        ],
    )


def _parameters(engine: PreparedEngine) -> pd.DataFrame | None:
    params = getattr(engine, "params", None)
    table = getattr(params, "table", None)
    return table if isinstance(table, pd.DataFrame) else None


COMPARISON_COLUMNS = (
    "kind",
    "paths",
    "median_end_price",
    "p_end_above_start",
    "median_phase1_max_drawdown",
    "var_99_horizon",
    "es_99_horizon",
)


def comparison_table(outcomes: Sequence[EngineOutcome], below: Sequence[float]) -> pd.DataFrame:
    """One row per engine. Deterministic engines: medians and shares over their labelled
    paths (a summary of a handful of episodes, not probabilities); VaR/ES left empty."""
    rows = []
    for o in outcomes:
        row: dict[str, Any] = {"engine": o.engine, "kind": o.kind, "paths": o.n_paths}
        if o.kind == "monte_carlo":
            row["median_end_price"] = o.end_price["q50"]
            row["p_end_above_start"] = o.probability("p_end_above_start")[0]
            row["median_phase1_max_drawdown"] = o.phase1_drawdown["q50"]
            horizon = {r["level"]: r for r in o.risk if r["window"] == "horizon"}
            row["var_99_horizon"] = horizon[0.99]["var"]
            row["es_99_horizon"] = horizon[0.99]["es"]
            for t in o.thresholds:
                row[f"p_below_{t['price']:.0f}_any_time"] = t["p_below_any_time"]
        else:
            assert o.per_label is not None
            labels = o.per_label
            row["median_end_price"] = float(labels["end_price"].median())
            row["p_end_above_start"] = float((labels["horizon_return"] > 0).mean())
            row["median_phase1_max_drawdown"] = float(labels["phase1_max_drawdown"].median())
            row["var_99_horizon"] = np.nan
            row["es_99_horizon"] = np.nan
            for price in below:
                row[f"p_below_{price:.0f}_any_time"] = float(
                    labels[f"below_{price:.0f}_any_time"].mean()
                )
        rows.append(row)
    return pd.DataFrame(rows).set_index("engine")


def run_engines(
    spec: ScenarioSpec,
    engines: Sequence[PreparedEngine],
    start_price: float,
    start_date: str,
    below: Sequence[float] = (),
    n_paths: int | None = None,
    seed: int | None = None,
    chunk_blocks: int | None = None,
    threads: int = DEFAULT_THREADS,
    notes: Sequence[str] = (),
    provenance: Sequence[dict[str, Any]] = (),
    synthetic: bool = False,
) -> ScenarioRun:
    """Run prepared engines on one scenario and seed and summarise (module docstring).

    The plan (:func:`plan_run`) is checked for every Monte Carlo engine before any path
    is drawn, so a request that does not fit fails at once.
    """
    if not np.isfinite(start_price) or start_price <= 0:
        raise ConfigError(f"BTC start price must be positive, got {start_price}")
    paths = spec.simulation.paths if n_paths is None else n_paths
    seed = spec.simulation.seed if seed is None else seed
    sessions = spec.phase1.sessions + spec.phase2.sessions
    plan = plan_run(paths, sessions, chunk_blocks=chunk_blocks, threads=threads)
    thresholds = sorted({float(b) for b in below}, reverse=True)
    outcomes = []
    for engine in engines:
        acc, labels = simulate_engine(engine, paths, seed, start_price, plan)
        if engine.deterministic_paths is None:
            outcomes.append(summarise_monte_carlo(engine, acc, thresholds))
        else:
            outcomes.append(summarise_deterministic(engine, acc, labels, thresholds))
    title = (
        f"Scenario {spec.name}: {', '.join(o.engine for o in outcomes)}; BTC from "
        f"{start_price:,.0f} on {start_date}, {spec.phase1.sessions} + "
        f"{spec.phase2.sessions} sessions"
    )
    return ScenarioRun(
        name=spec.name,
        title=title,
        description=spec.description,
        start_date=start_date,
        start_price=float(start_price),
        seed=seed,
        paths_requested=paths,
        sessions={"phase1": spec.phase1.sessions, "phase2": spec.phase2.sessions},
        below=thresholds,
        engines=outcomes,
        comparison=comparison_table(outcomes, thresholds),
        conventions=[
            "price paths start at the last BTC close as of the run's date (day 0)",
            "fan: exact per-session 5/25/50/75/95% quantiles (numpy linear) of BTC price",
            "P(below K) any time: lowest price over sessions 1..T below K; at the end: "
            "price on the last session below K",
            RISK_CONVENTION,
            "probabilities carry Monte Carlo standard errors sqrt(p(1-p)/N)",
            f"blocks of {BLOCK_PATHS} paths, block i seeded by SeedSequence(seed, "
            "spawn_key=(i,)): identical results for any chunk size or thread count",
        ],
        plan=dataclasses.asdict(plan),
        assumptions=spec.to_dict(),
        notes=list(
            dict.fromkeys(
                [
                    *notes,
                    *(f"{o.engine} model: {o.model}" for o in outcomes),
                    *(f"{o.engine}: {note}" for o in outcomes for note in o.notes),
                ]
            )
        ),
        provenance=list(provenance),
        synthetic=synthetic,
    )
