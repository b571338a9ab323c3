r"""Out-of-sample skill of the risk score: does it warn of BTC drawdowns?

**The event.** :math:`E_t = 1\{\mathrm{FMDD}_t < x\}`: BTC's worst peak-to-trough loss
over the next :math:`h` = 21 sessions (:func:`~bubblelink.risk.forward_max_drawdown`,
about one month) is worse than :math:`x` = −15 % (:data:`SKILL_THRESHOLD`). Both were
fixed before any result was seen and are not tuned. Prices are BTC's closes on the
score's calendar (NYSE sessions, BTC's UTC close of the same date), so a low reached
between two sessions (a weekend) counts only through the next session's close.

**Walk-forward predictions** (nothing fitted on the future). The label of session *s*
needs the closes to *s + h*, so at session *t* only labels of sessions
:math:`s \le t - h` are known and used. Models are refitted every
:data:`REFIT_EVERY` sessions on an expanding window (everything known so far), from the
first session with :data:`MIN_TRAIN` known labels including :data:`MIN_EVENTS` events
and as many non-events, and at least :data:`EVENTS_PER_PARAMETER` = 10 events and
non-events per fitted slope (the usual events-per-variable rule; Peduzzi et al., 1996):

* ``weighted_score``: the transparent score :math:`S_t` (fixed weights, nothing fitted)
  mapped to a probability by a logistic calibration :math:`\Lambda(a + b\,S_t/100)`;
* ``logistic_components``: :math:`\Lambda(a + \sum_i b_i q_{i,t})` on the components'
  risk percentiles (a missing percentile counts as 0.5, its median; a component without
  variation in the training window is left out of that fit);
* ``btc_volatility`` (baseline): :math:`\Lambda(a + b\,\sigma_t)`, BTC's trailing
  21-session volatility of log returns, annualised with √252 (:data:`VOL_WINDOW`);
* ``unconditional`` (baseline): the event rate among the labels known at *t*.

Logistic fits are statsmodels ``Logit``'s Newton steps (maximum likelihood, no penalty;
:func:`newton_logit`, equal to statsmodels to the bit); a fit
that fails or does not converge (perfect separation in a short early window, a singular
design) keeps the previous fit, and before a first good fit there is no prediction.

**Scores**, on the sessions where every model has a prediction and the label is known
(one common sample): AUC (Mann–Whitney: the probability that an event session got a
higher prediction than a non-event session, ties counted half), Brier score
:math:`\overline{(p_t - E_t)^2}`, Brier skill :math:`1 - \mathrm{Brier}/\mathrm{Brier}_
{\mathrm{unconditional}}` (> 0: better than the base rate), and a reliability table (ten
equal-width probability bins: mean prediction against the observed event rate).
Intervals (95 %): stationary block bootstrap of the evaluation sessions with mean block
:math:`h` = 21 sessions (the labels overlap over 21 sessions), predictions held fixed,
:data:`N_BOOT` resamples, seed 0.

The AUC of the raw score itself (its ranking; nothing fitted) is reported beside them.

**Headline rule.** The transparent weighted score stays the headline unless the fitted
component model beats it out of sample: a higher AUC *and* a lower Brier score whose
bootstrap interval of the difference lies below zero. Then ``headline`` names the fitted
model and the verdict says so; either way the result is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics._block_bootstrap import bootstrap_draws, percentile_interval
from bubblelink.results import ResultBase
from bubblelink.risk._backtest import forward_max_drawdown

#: The event: forward max drawdown worse than this (a fraction; −0.15 = −15 %).
SKILL_THRESHOLD = -0.15
#: Sessions between refits of the walk-forward models (about a month).
REFIT_EVERY = 21
#: Known labels needed before the first fit (about a year of sessions).
MIN_TRAIN = 252
#: Events (and non-events) needed among the known labels before the first fit.
MIN_EVENTS = 20
#: Events (and non-events) per fitted slope a fit needs (Peduzzi et al., 1996: 10).
EVENTS_PER_PARAMETER = 10
#: Sessions of BTC's trailing volatility (the volatility baseline).
VOL_WINDOW = 21
#: Sessions per year used to annualise that volatility.
SESSIONS_PER_YEAR = 252
#: Bootstrap resamples of the evaluation sessions.
N_BOOT = 500
#: Probability bins of the reliability table.
RELIABILITY_BINS = 10

#: The four predictions, in table order.
MODELS = ("weighted_score", "logistic_components", "btc_volatility", "unconditional")


def auc(events: np.ndarray, predictions: np.ndarray) -> float:
    r"""Area under the ROC curve (Mann–Whitney), ties counted half.

    .. math::

        \mathrm{AUC} = \frac{R_1 - n_1(n_1 + 1)/2}{n_1 n_0},

    :math:`R_1` the sum of the average ranks of the :math:`n_1` event predictions among
    all :math:`n_1 + n_0`. NaN when either class is empty.
    """
    y = np.asarray(events, dtype=bool)[None, :]
    p = np.asarray(predictions, dtype=float)[None, :]
    return float(_auc_rows(y, p)[0])


def brier_score(events: np.ndarray, predictions: np.ndarray) -> float:
    """Mean squared difference between the predicted probability and the 0/1 outcome."""
    y = np.asarray(events, dtype=float)[None, :]
    p = np.asarray(predictions, dtype=float)[None, :]
    return float(_brier_rows(y, p)[0])


def _auc_rows(events: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """:func:`auc` of each row of ``(b, n)`` arrays (bootstrap resamples at once)."""
    y = np.asarray(events, dtype=bool)
    ranks = stats.rankdata(np.asarray(predictions, dtype=float), axis=-1)
    n1 = y.sum(axis=-1)
    n0 = y.shape[-1] - n1
    with np.errstate(invalid="ignore", divide="ignore"):
        out = ((ranks * y).sum(axis=-1) - n1 * (n1 + 1) / 2.0) / (n1 * n0)
    return np.where((n1 > 0) & (n0 > 0), out, np.nan)


def _brier_rows(events: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """:func:`brier_score` of each row of ``(b, n)`` arrays."""
    y = np.asarray(events, dtype=float)
    p = np.asarray(predictions, dtype=float)
    return np.asarray(np.mean((p - y) ** 2, axis=-1))


def reliability_table(
    events: np.ndarray, predictions: np.ndarray, bins: int = RELIABILITY_BINS
) -> pd.DataFrame:
    """Observed event rate against the mean prediction, in equal-width probability bins.

    Bin *k* holds predictions in :math:`[k/B, (k+1)/B)` (the last bin includes 1).
    Columns ``bin_low``, ``bin_high``, ``n``, ``mean_predicted``, ``observed_rate``;
    empty bins are left out.
    """
    y = np.asarray(events, dtype=float)
    p = np.asarray(predictions, dtype=float)
    which = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for k in range(bins):
        inside = which == k
        if inside.any():
            rows.append(
                {
                    "bin_low": k / bins,
                    "bin_high": (k + 1) / bins,
                    "n": int(inside.sum()),
                    "mean_predicted": float(p[inside].mean()),
                    "observed_rate": float(y[inside].mean()),
                }
            )
    return pd.DataFrame(rows, columns=["bin_low", "bin_high", "n", "mean_predicted",
                                       "observed_rate"])  # fmt: skip


def walk_forward_logit(
    features: pd.DataFrame,
    events: pd.Series,
    horizon: int,
    refit_every: int = REFIT_EVERY,
    min_train: int = MIN_TRAIN,
    min_events: int = MIN_EVENTS,
) -> pd.Series:
    r"""Out-of-sample probabilities of a logistic model refitted on the past only.

    At refit session *r* (every ``refit_every`` sessions) the model
    :math:`\Lambda(a + x_s^\top b)` is fitted (statsmodels ``Logit``, Newton) on the
    sessions :math:`s \le r - h` whose label is known, then predicts sessions *r* to
    *r + refit_every − 1* from their own features. No prediction before the first
    session with ``min_train`` known labels including ``min_events`` events and
    non-events (and :data:`EVENTS_PER_PARAMETER` of each per slope); columns constant
    over the training rows are left out of that fit; a failed or non-converged fit
    keeps the previous one.

    Parameters
    ----------
    features : DataFrame
        One row per session (rows with a missing feature are neither fitted nor
        predicted).
    events : Series
        1.0 / 0.0 per session, NaN where the outcome is not known yet (same index).
    horizon : int
        Sessions until a label is known (the forward window).
    """
    x = features.to_numpy(dtype=float)
    y = events.reindex(features.index).to_numpy(dtype=float)
    usable = np.isfinite(x).all(axis=1)
    out = np.full(len(x), np.nan)
    params: np.ndarray | None = None
    columns: np.ndarray | None = None
    next_refit = 0
    for r in range(len(x)):
        if r >= next_refit:
            known = usable[: max(0, r - horizon + 1)] & np.isfinite(y[: max(0, r - horizon + 1)])
            train_y = y[: len(known)][known]
            n_events = int(train_y.sum())
            if (
                len(train_y) >= min_train
                and n_events >= min_events
                and len(train_y) - n_events >= min_events
            ):
                train_x = x[: len(known)][known]
                varying = np.ptp(train_x, axis=0) > 0
                enough = min(n_events, len(train_y) - n_events) >= EVENTS_PER_PARAMETER * int(
                    varying.sum()
                )
                fitted = _logit(train_y, train_x[:, varying]) if enough else None
                if fitted is not None:
                    params, columns = fitted, varying
                next_refit = r + refit_every
        if params is not None and columns is not None and usable[r]:
            design = np.concatenate([[1.0], x[r, columns]])
            out[r] = 1.0 / (1.0 + np.exp(-float(design @ params)))
    return pd.Series(out, index=features.index)


def trailing_event_rate(events: pd.Series, horizon: int, min_train: int = MIN_TRAIN) -> pd.Series:
    """The event rate among the labels known at each session (``s <= t - horizon``).

    NaN until ``min_train`` labels are known.
    """
    y = events.to_numpy(dtype=float)
    known = np.isfinite(y)
    hits = np.cumsum(np.where(known, y, 0.0))
    count = np.cumsum(known)
    out = np.full(len(y), np.nan)
    lagged = np.arange(len(y)) - horizon
    ok = lagged >= 0
    n = np.where(ok, count[np.clip(lagged, 0, None)], 0)
    rate = np.where(n > 0, hits[np.clip(lagged, 0, None)] / np.maximum(n, 1), np.nan)
    out[ok & (n >= min_train)] = rate[ok & (n >= min_train)]
    return pd.Series(out, index=events.index)


@dataclass(frozen=True, eq=False)
class RiskSkillResult(ResultBase):
    """How well the risk score warned of BTC drawdowns, out of sample (module docstring).

    Attributes
    ----------
    horizon, threshold : int, float
        The event: BTC's forward ``horizon``-session max drawdown below ``threshold``.
    first, last : Timestamp
        The evaluation sessions (every prediction and the label known).
    n, n_events : int
        Evaluation sessions and events among them.
    table : DataFrame
        Index ``model``; ``n``, ``n_events``, ``auc``, ``auc_ci_low``, ``auc_ci_high``,
        ``brier``, ``brier_skill``, ``brier_skill_ci_low``, ``brier_skill_ci_high``.
    reliability : DataFrame
        ``model``, ``bin_low``, ``bin_high``, ``n``, ``mean_predicted``,
        ``observed_rate``.
    brier_difference, brier_difference_ci_low, brier_difference_ci_high : float
        Brier of the fitted component model minus Brier of the weighted score, with
        its bootstrap interval (below zero: the fitted model is better).
    score_auc, score_auc_ci_low, score_auc_ci_high : float
        AUC of the raw score itself (its ranking, nothing fitted), same sessions.
    headline : str
        ``weighted_score`` unless the fitted model beat it (the headline rule).
    verdict : str
        One sentence: the result, whatever it is.
    predictions : DataFrame
        Per session: each model's probability, the raw ``score`` and ``event`` (left
        out of the JSON).
    """

    horizon: int
    threshold: float
    first: pd.Timestamp
    last: pd.Timestamp
    n: int
    n_events: int
    table: pd.DataFrame
    reliability: pd.DataFrame
    brier_difference: float
    brier_difference_ci_low: float
    brier_difference_ci_high: float
    score_auc: float
    score_auc_ci_low: float
    score_auc_ci_high: float
    headline: str
    verdict: str
    predictions: pd.DataFrame
    refit_every: int = REFIT_EVERY
    min_train: int = MIN_TRAIN
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The skill table."""
        return self.table

    def to_dict(self) -> dict[str, Any]:
        """Everything but the per-session predictions."""
        out = super().to_dict()
        out.pop("predictions")
        return out


def score_skill(
    score: pd.Series,
    percentiles: pd.DataFrame,
    btc: pd.Series,
    horizon: int,
    threshold: float = SKILL_THRESHOLD,
    n_boot: int = N_BOOT,
    seed: int = 0,
) -> RiskSkillResult | str:
    """Walk-forward skill of the score against the two baselines (module docstring).

    Parameters
    ----------
    score : Series
        The transparent score (0-100) per session.
    percentiles : DataFrame
        The components' risk percentiles per session (same index), weighted ones only.
    btc : Series
        BTC session closes (the forward drawdown and the volatility baseline).
    horizon, threshold
        The event.

    Returns
    -------
    RiskSkillResult, or a one-line reason when the history is too short to test.
    """
    sessions = score.index
    closes = btc.reindex(sessions)
    fmdd = forward_max_drawdown(closes.dropna(), horizon).reindex(sessions)
    events = (fmdd < threshold).astype(float).where(fmdd.notna())
    vol = np.log(closes).diff().rolling(VOL_WINDOW).std() * np.sqrt(SESSIONS_PER_YEAR)
    predictions = pd.DataFrame(
        {
            "weighted_score": walk_forward_logit((score / 100.0).to_frame(), events, horizon),
            "logistic_components": walk_forward_logit(
                percentiles.fillna(0.5).where(score.notna(), axis=0), events, horizon
            ),
            "btc_volatility": walk_forward_logit(vol.to_frame(), events, horizon),
            "unconditional": trailing_event_rate(events, horizon),
        },
        index=sessions,
    )
    predictions["score"] = score
    predictions["event"] = events
    sample = predictions.dropna()
    y = sample["event"].to_numpy(dtype=float)
    if len(sample) < 2 * MIN_TRAIN or y.sum() < MIN_EVENTS or (1 - y).sum() < MIN_EVENTS:
        return (
            f"out-of-sample skill not measured: {len(sample)} evaluation sessions with "
            f"{int(y.sum())} events; needs {2 * MIN_TRAIN} sessions with {MIN_EVENTS} events "
            f"and non-events after {MIN_TRAIN} labelled sessions of training"
        )
    table, reliability, gap, raw = _scores(sample, n_boot, seed, horizon)
    headline, verdict = _verdict(table, gap, raw)
    return RiskSkillResult(
        horizon=horizon,
        threshold=threshold,
        first=sample.index[0],
        last=sample.index[-1],
        n=len(sample),
        n_events=int(y.sum()),
        table=table,
        reliability=reliability,
        brier_difference=gap[0],
        brier_difference_ci_low=gap[1],
        brier_difference_ci_high=gap[2],
        score_auc=raw[0],
        score_auc_ci_low=raw[1],
        score_auc_ci_high=raw[2],
        headline=headline,
        verdict=verdict,
        predictions=predictions,
        notes=(
            f"skill: event = BTC's forward {horizon}-session max drawdown below "
            f"{threshold:.0%}; walk-forward (refit every {REFIT_EVERY} sessions on labels "
            f"known by then, expanding window from {MIN_TRAIN}); AUC, Brier and reliability "
            f"on {len(sample)} common out-of-sample sessions {sample.index[0].date()} to "
            f"{sample.index[-1].date()}; 95% stationary block bootstrap (mean block "
            f"{horizon}), {n_boot} resamples",
        ),
    )


def _logit(y: np.ndarray, x: np.ndarray) -> np.ndarray | None:
    """Logit parameters (constant first), or None when the fit fails or does not converge.

    Newton from statsmodels' default start every time (no warm start from the previous
    fit: near-separated early windows would then depend on the path), computed by
    :func:`newton_logit`.
    """
    design = np.column_stack([np.ones(len(y)), x])
    try:
        params, converged = newton_logit(y, design)
    except np.linalg.LinAlgError:
        return None
    return params if converged and np.isfinite(params).all() else None


def newton_logit(
    y: np.ndarray, design: np.ndarray, maxiter: int = 100, tol: float = 1e-8
) -> tuple[np.ndarray, bool]:
    r"""Maximum-likelihood logit by Newton's method, as statsmodels computes it.

    The steps of ``Logit(y, design).fit(method="newton", maxiter=maxiter)`` with the same
    arithmetic: start at zero; at each step the Hessian and score of the mean negative
    log-likelihood,

    .. math::

        H = \frac{1}{n} X^\top \mathrm{diag}\bigl(\Lambda (1 - \Lambda)\bigr) X
            + 10^{-10} I, \qquad
        g = -\frac{1}{n} X^\top (y - \Lambda), \qquad
        \beta \leftarrow \beta - H^{-1} g,

    until no parameter moves more than ``tol``; not converged when ``maxiter`` steps
    were taken. Without statsmodels' model and results objects around it (and its
    perfect-prediction check, which only warns), it is faster for the walk-forward's
    hundreds of small fits (``bench/bench_logit.py``) and equal to the bit
    (``tests/risk/test_logit.py``).

    Returns
    -------
    params : ndarray
        :math:`\hat\beta`, one per column of ``design``.
    converged : bool

    Raises
    ------
    numpy.linalg.LinAlgError
        A singular Hessian at a step or at the end (statsmodels raises the same, the
        latter when it inverts the Hessian for the covariance).
    """
    nobs = y.shape[0]
    xt = design.T
    old: np.ndarray | float = np.inf
    params = np.asarray([0.0] * design.shape[1])
    iterations = 0
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        while iterations < maxiter and np.any(np.abs(params - old) > tol):
            fitted = 1 / (1 + np.exp(-(np.dot(design, params) + 0.0)))
            # statsmodels' -(hessian) with hessian = -X'ΛX: negation is exact, so X'ΛX
            hess = np.dot(fitted * (1 - fitted) * xt, design) / nobs
            hess[np.diag_indices(hess.shape[0])] += 1e-10
            old = params
            params = old - np.linalg.solve(hess, -np.dot(y - fitted, design) / nobs)
            iterations += 1
        # statsmodels then inverts the final Hessian (without the ridge) for the
        # covariance: a singular one raises there
        fitted = 1 / (1 + np.exp(-(np.dot(design, params) + 0.0)))
        np.linalg.inv(np.dot(fitted * (1 - fitted) * xt, design) / nobs)
    return params, iterations != maxiter


def _resampled(
    sample: pd.DataFrame,
    n_boot: int,
    seed: int,
    horizon: int,
    statistic: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
) -> np.ndarray:
    """``statistic(events, predictions, indices)`` on block-bootstrap resamples of the rows.

    ``statistic`` gets the base sample's events ``(n,)`` and predictions
    ``(n, models + 1)`` (:data:`MODELS` then the raw score) and the row indices
    ``(b, n)`` of ``b`` resamples at once, and returns one row per resample.
    """
    y = sample["event"].to_numpy(dtype=float)
    p = sample[[*MODELS, "score"]].to_numpy(dtype=float)

    def draw(indices: np.ndarray) -> np.ndarray:
        return statistic(y, p, indices)

    return bootstrap_draws(len(y), n_boot, float(horizon), seed, draw)


def _auc_resampled(events: np.ndarray, predictions: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """:func:`_auc_rows` of ``events[indices]`` and ``predictions[indices]`` (each row a
    resample of the base sample), without sorting every row.

    The base sample's distinct predictions are ranked once; a row's average rank of a
    value is the number of the row's elements below it plus half of (its copies + 1),
    from the row's count of each distinct value. The ranks are the same half-integers
    :func:`scipy.stats.rankdata` gives and every sum is exact in float64, so the AUC is
    the same to the bit (``tests/risk/test_skill.py``); a sort of each of the resampled
    rows was most of the risk score's bootstrap. NaN predictions take the row sort.
    """
    if np.isnan(predictions).any():
        return _auc_rows(events[indices], predictions[indices])
    _, dense = np.unique(predictions, return_inverse=True)
    distinct = int(dense.max()) + 1
    rows, n = indices.shape
    cells = (dense[indices] + (np.arange(rows) * distinct)[:, None]).ravel()
    y = events[indices] != 0
    counts = np.bincount(cells, minlength=rows * distinct).reshape(rows, distinct)
    hits = np.bincount(cells, weights=y.ravel(), minlength=rows * distinct)
    below = np.cumsum(counts, axis=1) - counts
    rank_sum = (hits.reshape(rows, distinct) * (below + (counts + 1) / 2.0)).sum(axis=1)
    n1 = y.sum(axis=1)
    n0 = n - n1
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (rank_sum - n1 * (n1 + 1) / 2.0) / (n1 * n0)
    return np.where((n1 > 0) & (n0 > 0), out, np.nan)


def _scores(
    sample: pd.DataFrame, n_boot: int, seed: int, horizon: int
) -> tuple[pd.DataFrame, pd.DataFrame, tuple[float, float, float], tuple[float, float, float]]:
    """The skill table, the reliability table, the Brier difference (fitted − weighted)
    and the AUC of the raw score, each with its interval, from one set of resamples."""
    y = sample["event"].to_numpy(dtype=float)
    base = brier_score(y, sample["unconditional"].to_numpy())
    ref = MODELS.index("unconditional")
    a, b = MODELS.index("weighted_score"), MODELS.index("logistic_components")

    def per_model(y0: np.ndarray, p0: np.ndarray, indices: np.ndarray) -> np.ndarray:
        yy = y0[indices]
        briers = np.stack([_brier_rows(yy, p0[:, j][indices]) for j in range(len(MODELS))], axis=-1)
        aucs = np.stack(
            [_auc_resampled(y0, p0[:, j], indices) for j in range(len(MODELS) + 1)], axis=-1
        )
        gap = briers[:, [b]] - briers[:, [a]]
        return np.concatenate([aucs, 1.0 - briers / briers[:, [ref]], gap], axis=1)

    draws = _resampled(sample, n_boot, seed, horizon, per_model)
    rows = []
    reliability = []
    for j, model in enumerate(MODELS):
        p = sample[model].to_numpy(dtype=float)
        auc_low, auc_high = percentile_interval(draws[:, j], 0.95)
        skill_low, skill_high = percentile_interval(draws[:, len(MODELS) + 1 + j], 0.95)
        rows.append(
            {
                "model": model,
                "n": len(y),
                "n_events": int(y.sum()),
                "auc": auc(y, p),
                "auc_ci_low": auc_low,
                "auc_ci_high": auc_high,
                "brier": brier_score(y, p),
                "brier_skill": 1.0 - brier_score(y, p) / base,
                "brier_skill_ci_low": skill_low,
                "brier_skill_ci_high": skill_high,
            }
        )
        reliability.append(reliability_table(y, p).assign(model=model))
    table = pd.DataFrame(rows).set_index("model")
    rel = pd.concat(reliability, ignore_index=True)
    gap = float(table["brier"].iloc[b] - table["brier"].iloc[a])
    gap_low, gap_high = percentile_interval(draws[:, -1], 0.95)
    raw_low, raw_high = percentile_interval(draws[:, len(MODELS)], 0.95)
    raw = auc(y, sample["score"].to_numpy(dtype=float))
    return (
        table,
        rel[["model", *[c for c in rel.columns if c != "model"]]],
        (gap, gap_low, gap_high),
        (raw, raw_low, raw_high),
    )


def _verdict(
    table: pd.DataFrame, gap: tuple[float, float, float], raw: tuple[float, float, float]
) -> tuple[str, str]:
    """The headline rule and one sentence saying what the test found."""
    fitted, w = table.loc["logistic_components"], table.loc["weighted_score"]
    _, gap_low, gap_high = gap
    beats = bool(fitted["auc"] > w["auc"] and fitted["brier"] < w["brier"] and gap_high < 0)
    headline = "logistic_components" if beats else "weighted_score"
    skill = "beats" if w["brier_skill_ci_low"] > 0 and w["auc_ci_low"] > 0.5 else "does not beat"
    verdict = (
        f"out of sample the weighted score {skill} the unconditional rate (AUC "
        f"{w['auc']:.3f} [{w['auc_ci_low']:.3f}, {w['auc_ci_high']:.3f}], Brier skill "
        f"{w['brier_skill']:+.3f} [{w['brier_skill_ci_low']:+.3f}, "
        f"{w['brier_skill_ci_high']:+.3f}]; the raw score ranks with AUC {raw[0]:.3f} "
        f"[{raw[1]:.3f}, {raw[2]:.3f}]; BTC volatility AUC "
        f"{table.loc['btc_volatility', 'auc']:.3f}); the fitted component model "
        + ("beats it" if beats else "does not")
        + f" (AUC {fitted['auc']:.3f}, Brier {fitted['brier']:.4f} vs {w['brier']:.4f}, "
        f"difference [{gap_low:+.4f}, {gap_high:+.4f}])"
        + (
            ": the fitted model is the better forecast"
            if beats
            else ": the transparent weighted score stays the headline"
        )
    )
    return headline, verdict
