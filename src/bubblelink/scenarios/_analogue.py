r"""Historical analogues: replay named episodes, rescaled to the scenario's basket shock.

Episodes
--------
:data:`EPISODES` names four episodes, each with a *shock window* and an *end date*
(the dates and where they come from are in the table). For an episode, on the stored
daily history (the scenario's basket, so the turning points are those of *this* basket):

* **phase 1** = the basket's largest peak-to-trough fall (maximum drawdown of its
  closes) inside the shock window: the sessions after that peak up to and including that
  trough;
* **phase 2** = the sessions after that trough up to and including the end date.

An episode is used only when the stored history covers its shock window start and its
end date; otherwise it is skipped with a note naming the dates it needs. When no episode
is usable, :func:`prepare_analogue` raises a :class:`~bubblelink.errors.DataError`
listing every reason.

Replay
------
Factors: BTC and basket daily log returns (``btc``, ``basket``); the HY OAS change
(``credit``, percentage points) where stored is rescaled the same way and reported in the
notes (a :class:`~bubblelink.scenarios._engine.PathBlock` carries BTC and the basket
only). The dollar is stored weekly only and is not replayed.

*Time scaling* (episode phase :math:`k` has :math:`L_k` sessions, the scenario
:math:`T_k`): the episode's cumulative log path :math:`C(j) = \sum_{i \le j} x_i`,
:math:`C(0) = 0`, is linearly interpolated at :math:`j = t L_k / T_k`,
:math:`t = 0..T_k`, and differenced. The phase total and the shape are kept; a
compressed episode (:math:`L_k > T_k`) has multi-day moves per session, a stretched one
smoother moves. When :math:`L_k = T_k` the returns are used as stored (no interpolation).

*Shock scaling*: with :math:`D_k = \ln(1 + \text{basket\_change}_k)` and
:math:`E_k` the episode's basket log change over phase :math:`k`, every factor's
phase-:math:`k` returns are multiplied by :math:`s_k = D_k / E_k`, so every replay hits the
scenario's basket change exactly and BTC keeps its episode beta. Guards (the episode is
skipped, with the reason in the notes): :math:`|E_k| <` :data:`MIN_EPISODE_MOVE`,
:math:`E_k` and :math:`D_k` of opposite sign, :math:`D_k = 0` (scaling would erase the
episode), or :math:`s_k >` :data:`MAX_SCALE`.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import numpy as np
import pandas as pd

from bubblelink.errors import DataError
from bubblelink.scenarios._engine import PathBlock
from bubblelink.scenarios._history import ScenarioHistory
from bubblelink.scenarios._spec import ScenarioSpec

#: Smallest episode basket log change (absolute) over a phase that may be rescaled.
MIN_EPISODE_MOVE = 0.02
#: Largest shock scale factor: an episode is not amplified more than this.
MAX_SCALE = 5.0


@dataclasses.dataclass(frozen=True)
class Episode:
    """A named historical episode (see the module docstring for how it is split)."""

    name: str
    description: str
    shock_start: str
    shock_end: str
    end: str
    source: str


#: The named episodes, in replay order.
EPISODES: tuple[Episode, ...] = (
    Episode(
        "covid_crash_qe_2020",
        "Feb-Mar 2020 COVID crash, then zero rates and open-ended QE into 2021",
        "2020-02-03",
        "2020-04-30",
        "2021-03-31",
        "S&P 500 peak 2020-02-19, trough 2020-03-23; Fed cut to 0-0.25% with $700bn of "
        "purchases on 2020-03-15 and made QE open-ended on 2020-03-23 (Fed press releases)",
    ),
    Episode(
        "tightening_2022",
        "2022 Fed tightening: hikes from March, balance-sheet runoff from June",
        "2021-11-01",
        "2022-12-30",
        "2023-06-30",
        "Nasdaq Composite record close 2021-11-19; FOMC first hike 2022-03-16, runoff "
        "from 2022-06-01 (FOMC statements of 2022-03-16 and 2022-05-04)",
    ),
    Episode(
        "carry_unwind_2024",
        "August 2024 yen carry-trade unwind after the Bank of Japan hike",
        "2024-07-01",
        "2024-08-30",
        "2024-10-31",
        "BoJ hike 2024-07-31; Nikkei 225 -12.4% on 2024-08-05; FOMC cut 50 bp on "
        "2024-09-18 (BoJ and Fed statements)",
    ),
    Episode(
        "ai_credit_wobble_2025",
        "2025-10/12 AI-credit wobble: AI-capex debt and Oracle credit worries",
        "2025-10-01",
        "2025-12-31",
        "2026-02-27",
        "Oracle credit spreads and CDS widened on AI data-centre debt, Oct-Dec 2025 (press "
        "coverage); BTC -20% from the 2025-09-17 Fed cut to 2025-12-11 "
        "(claims/narrative_2025-12.yaml)",
    ),
)


@dataclasses.dataclass(frozen=True)
class EpisodeReplay:
    """One usable episode: its phase dates and its returns rescaled to the scenario."""

    episode: Episode
    phase_dates: tuple[tuple[pd.Timestamp, pd.Timestamp], ...]
    episode_sessions: tuple[int, ...]
    basket_change: tuple[float, ...]
    scale: tuple[float, ...]
    btc: np.ndarray
    basket: np.ndarray
    credit_change_pp: tuple[float, ...] | None


def rescale_time(returns: np.ndarray, sessions: int) -> np.ndarray:
    """Resample a phase's returns (``L`` rows) to ``sessions`` rows (module docstring).

    The cumulative path is linearly interpolated at ``t L / sessions``; returned as-is
    (a copy) when ``L == sessions``.
    """
    length = returns.shape[0]
    if length == sessions:
        return returns.copy()
    level = np.concatenate([[0.0], np.cumsum(returns)])
    grid = np.arange(sessions + 1) * (length / sessions)
    grid[-1] = length
    return np.diff(np.interp(grid, np.arange(length + 1), level))


def _timestamp(value: str, index: pd.DatetimeIndex) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return stamp.tz_localize(index.tz) if index.tz is not None else stamp


def split_episode(
    daily: pd.DataFrame, episode: Episode
) -> tuple[tuple[pd.DataFrame, pd.DataFrame] | None, str]:
    """The episode's phase-1 and phase-2 rows of ``daily``, or ``None`` and the reason."""
    index = pd.DatetimeIndex(daily.index)
    start, shock_end = _timestamp(episode.shock_start, index), _timestamp(episode.shock_end, index)
    end = _timestamp(episode.end, index)
    if len(index) == 0 or index[0] > start or index[-1] < end:
        covered = f"{index[0].date()}..{index[-1].date()}" if len(index) else "nothing"
        return None, (
            f"{episode.name} skipped: needs daily BTC and basket history "
            f"{episode.shock_start}..{episode.end}, the stored history covers {covered}"
        )
    level = daily["basket"].cumsum()
    window = level[(index >= start) & (index <= shock_end)]
    drawdown = window - window.cummax()
    trough = drawdown.idxmin()
    if drawdown.loc[trough] >= 0.0:
        return None, f"{episode.name} skipped: the basket never fell inside its shock window"
    peak = window.loc[:trough].idxmax()
    phase1 = daily[(index > peak) & (index <= trough)]
    phase2 = daily[(index > trough) & (index <= end)]
    if phase2.empty:
        return None, f"{episode.name} skipped: no session after the basket trough {trough.date()}"
    return (phase1, phase2), ""


def replay_episode(
    daily: pd.DataFrame, episode: Episode, spec: ScenarioSpec
) -> tuple[EpisodeReplay | None, str]:
    """Split, time-scale and shock-scale one episode (``None`` and the reason when skipped)."""
    parts, reason = split_episode(daily, episode)
    if parts is None:
        return None, reason
    phases = (spec.phase1, spec.phase2)
    btc, basket, scales, moves, credit = [], [], [], [], []
    has_credit = "credit" in daily and all(p["credit"].notna().all() for p in parts)
    for k, (rows, phase) in enumerate(zip(parts, phases, strict=True), start=1):
        target = float(np.log1p(phase.basket_change))
        move = float(rows["basket"].sum())
        when = f"{rows.index[0].date()}..{rows.index[-1].date()}"
        if abs(move) < MIN_EPISODE_MOVE:
            return None, (
                f"{episode.name} skipped: its basket moved only {np.expm1(move):+.1%} over "
                f"phase {k} ({when}); too small to rescale"
            )
        if target == 0.0:
            return None, (
                f"{episode.name} skipped: phase{k}.basket_change is 0, and rescaling by "
                "0 would erase the episode"
            )
        if np.sign(target) != np.sign(move):
            return None, (
                f"{episode.name} skipped: its basket moved {np.expm1(move):+.1%} over phase "
                f"{k} ({when}), the opposite sign of the scenario's {phase.basket_change:+.1%}"
            )
        scale = target / move
        if scale > MAX_SCALE:
            return None, (
                f"{episode.name} skipped: phase {k} would need scaling by {scale:.2f} "
                f"(episode basket {np.expm1(move):+.1%} vs {phase.basket_change:+.1%}), "
                f"above {MAX_SCALE:g}"
            )
        sessions = phase.sessions
        btc.append(scale * rescale_time(rows["btc"].to_numpy(dtype=float), sessions))
        basket.append(scale * rescale_time(rows["basket"].to_numpy(dtype=float), sessions))
        scales.append(scale)
        moves.append(move)
        if has_credit:
            credit.append(scale * float(rows["credit"].sum()))
    return (
        EpisodeReplay(
            episode=episode,
            phase_dates=tuple((p.index[0], p.index[-1]) for p in parts),
            episode_sessions=tuple(len(p) for p in parts),
            basket_change=tuple(moves),
            scale=tuple(scales),
            btc=np.concatenate(btc),
            basket=np.concatenate(basket),
            credit_change_pp=tuple(credit) if has_credit else None,
        ),
        "",
    )


@dataclasses.dataclass(eq=False)
class AnalogueEngine:
    """A prepared analogue engine (:class:`~bubblelink.scenarios._engine.PreparedEngine`)."""

    name: ClassVar[str] = "analogue"
    model: str
    sessions: tuple[int, ...]
    deterministic_paths: int | None
    notes: tuple[str, ...]
    replays: tuple[EpisodeReplay, ...]

    def block(self, n_paths: int, rng: np.random.Generator) -> PathBlock:
        """Every usable episode once (``rng`` is ignored; ``n_paths`` must be their number)."""
        if n_paths != len(self.replays):
            raise ValueError(
                f"the analogue engine has {len(self.replays)} paths (one per episode), "
                f"asked for {n_paths}"
            )
        return PathBlock(
            btc=np.vstack([r.btc for r in self.replays]),
            basket=np.vstack([r.basket for r in self.replays]),
            labels=tuple(r.episode.name for r in self.replays),
        )


def prepare_analogue(
    spec: ScenarioSpec,
    history: ScenarioHistory,
    episodes: tuple[Episode, ...] = EPISODES,
) -> AnalogueEngine:
    """Split and rescale every episode the history covers (see the module docstring).

    Raises
    ------
    DataError
        When no episode is usable (each one's reason in the message).
    """
    daily = history.daily
    replays: list[EpisodeReplay] = []
    notes: list[str] = []
    skipped: list[str] = []
    for episode in episodes:
        replay, reason = replay_episode(daily, episode, spec)
        if replay is None:
            skipped.append(reason)
            continue
        replays.append(replay)
        phases = "; ".join(
            f"phase {k} {a.date()}..{b.date()} ({n} sessions -> "
            f"{(spec.phase1, spec.phase2)[k - 1].sessions}), basket {np.expm1(move):+.1%}, "
            f"scale {s:.3f}"
            for k, ((a, b), n, move, s) in enumerate(
                zip(
                    replay.phase_dates,
                    replay.episode_sessions,
                    replay.basket_change,
                    replay.scale,
                    strict=True,
                ),
                start=1,
            )
        )
        credit = ""
        if replay.credit_change_pp is not None:
            credit = "; HY OAS change after scaling " + ", ".join(
                f"phase {k} {100 * c:+.0f} bp (scenario {p.credit_spread_bp:+.0f} bp)"
                for k, (c, p) in enumerate(
                    zip(replay.credit_change_pp, (spec.phase1, spec.phase2), strict=True),
                    start=1,
                )
            )
        notes.append(f"{episode.name} ({episode.description}): {phases}{credit}")
    notes.extend(skipped)
    if not replays:
        raise DataError(
            f"no analogue episode is usable for scenario {spec.name!r}: "
            + " | ".join(skipped)
            + ": ingest the missing history or change the scenario's basket changes"
        )
    notes.append(
        "analogues replay BTC and basket daily log returns; credit, liquidity and dollar "
        "shocks of the scenario are not imposed (the episode's own moves, rescaled, are "
        "what the replay contains); the dollar is not replayed (stored weekly only)"
    )
    model = (
        "Historical analogues: each named episode's BTC and basket daily log returns, split "
        "into phase 1 = the basket's maximum drawdown (peak to trough) inside the episode's "
        "shock window and "
        "phase 2 = the sessions after the trough to the episode's end date; each phase "
        "time-scaled to the scenario's sessions by linear interpolation of the cumulative "
        "log path (unchanged when the lengths match) and multiplied by s_k = "
        "ln(1 + basket_change_k) / (episode basket log change over phase k), so every "
        "replay hits the scenario's basket change; episodes with a basket move under "
        f"{MIN_EPISODE_MOVE:g} in log, of the opposite sign, or needing s_k > {MAX_SCALE:g} "
        "are skipped. One path per episode."
    )
    return AnalogueEngine(
        model=model,
        sessions=(spec.phase1.sessions, spec.phase2.sessions),
        deterministic_paths=len(replays),
        notes=tuple(notes),
        replays=tuple(replays),
    )
