r"""Estimate the scenario's sensitivities from history (pure; no I/O).

Model
-----
Stress days :math:`S` are the sessions whose basket return is in the worst
``stress_quantile`` of the window, or on which the basket is more than
``|stress_drawdown|`` below its highest level of the last ``stress_peak_window``
sessions (a rolling peak: a crash years ago does not make today a stress day). A caller
may pass its own mask instead (e.g. the sell-off state of a Markov-switching model). On them, with White (HC0) standard errors (the stress days are not consecutive,
so no Newey–West lags):

.. math:: r^{btc}_t = a_1 + \beta_s\, b_t + \delta\, \Delta OAS_t + \varepsilon_t,
          \quad t \in S

(:math:`\delta` is dropped, and replaced by the file's assumption, when no spread is
stored). On the other sessions the recovery beta is the plain OLS beta of BTC on the
basket (:func:`bubblelink.analytics.beta.ols_beta`, HC0):

.. math:: r^{btc}_t = a_2 + \beta_r\, b_t + \eta_t, \quad t \notin S

The liquidity and dollar elasticities come from one regression on weekly (net
liquidity) or monthly (M2) log changes, controlling for the basket so the equity channel
is not counted twice, with Newey–West errors (consecutive periods):

.. math:: \Delta \ln BTC_w = c + \phi\, \Delta \ln B_w + \gamma_L\, \Delta \ln L_w
          + \gamma_D\, \Delta \ln DXY_w + u_w

When the measure (or the dollar) is missing or has fewer than ``MIN_LIQUIDITY_OBS``
periods, :math:`\gamma_L` (or :math:`\gamma_D`) and its standard error are the file's
``assumed_*`` values, and a note says so.

The residual scale :math:`\hat\sigma` is the sample standard deviation of the fitted
residuals; its standard error :math:`\hat\sigma/\sqrt{2n}` assumes normality (it is too
small for fat tails). ``student_t`` residuals use the degrees of freedom of a
maximum-likelihood Student-t fit (location fixed at 0), clipped to [2.5, 100]. The
intercepts are estimated (so the slopes are unbiased) but not simulated: the scenario
is driven by its shocks, not by historical drift.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from scipy import stats

from bubblelink.analytics._checks import check_sample_size
from bubblelink.analytics.beta import hac_ols, ols_beta
from bubblelink.scenarios._history import ScenarioHistory
from bubblelink.scenarios._spec import ScenarioSpec

#: Fewest weekly/monthly periods for the liquidity regression.
MIN_LIQUIDITY_OBS = 24
#: Fewest non-stress sessions for the recovery beta.
MIN_RECOVERY_OBS = 60
DOF_BOUNDS = (2.5, 100.0)
TABLE_COLUMNS = ("estimate", "std_error", "n", "source")


@dataclasses.dataclass(frozen=True)
class ScenarioParameters:
    """Everything the simulation needs, with its uncertainty.

    Attributes
    ----------
    stress_mean, stress_cov
        :math:`(\\beta_s, \\delta)` and their 2×2 sampling covariance.
    recovery_beta, recovery_beta_std_error
        :math:`\\beta_r` and its standard error.
    liquidity_mean, liquidity_cov
        :math:`(\\gamma_L, \\gamma_D)` and their 2×2 sampling covariance.
    basket_vol
        Daily standard deviation of the basket's log return over the window.
    stress_residuals, recovery_residuals
        Fitted residuals (bootstrapped by the simulation).
    stress_dof, recovery_dof
        Student-t degrees of freedom (``nan`` unless fitted).
    liquidity_level_bn
        Net liquidity level ($bn) converting a $bn impulse into a log change.
    table
        One row per parameter: estimate, std_error, n, source.
    notes
        Fallbacks and choices the reader must know.
    """

    stress_mean: np.ndarray
    stress_cov: np.ndarray
    recovery_beta: float
    recovery_beta_std_error: float
    liquidity_mean: np.ndarray
    liquidity_cov: np.ndarray
    basket_vol: float
    stress_residuals: np.ndarray
    recovery_residuals: np.ndarray
    stress_dof: float
    recovery_dof: float
    liquidity_level_bn: float
    table: pd.DataFrame
    notes: tuple[str, ...] = ()

    @classmethod
    def from_values(
        cls,
        stress_beta: float,
        recovery_beta: float,
        basket_vol: float,
        credit_sensitivity: float = 0.0,
        liquidity_elasticity: float = 0.0,
        dollar_elasticity: float = 0.0,
        residual_vol: float = 0.0,
        liquidity_level_bn: float = 5800.0,
        n_residuals: int = 1000,
        seed: int = 0,
    ) -> ScenarioParameters:
        """Hand-set parameters without estimation uncertainty (what-if runs, tests).

        Residual samples are ``n_residuals`` normal draws with standard deviation
        ``residual_vol`` (exactly zero when it is 0); every standard error is 0.
        """
        rng = np.random.default_rng(seed)
        resid = residual_vol * rng.standard_normal(n_residuals)
        if residual_vol > 0:
            resid = (resid - resid.mean()) * residual_vol / resid.std(ddof=1)
        values = {
            "stress_beta": stress_beta,
            "credit_sensitivity_per_pp": credit_sensitivity,
            "recovery_beta": recovery_beta,
            "liquidity_elasticity": liquidity_elasticity,
            "dollar_elasticity": dollar_elasticity,
            "basket_vol_daily": basket_vol,
            "residual_vol_daily": residual_vol,
            "net_liquidity_level_bn": liquidity_level_bn,
        }
        table = pd.DataFrame(
            {"estimate": values, "std_error": 0.0, "n": 0, "source": "given"},
            columns=list(TABLE_COLUMNS),
        )
        table.index.name = "parameter"
        return cls(
            stress_mean=np.array([stress_beta, credit_sensitivity]),
            stress_cov=np.zeros((2, 2)),
            recovery_beta=recovery_beta,
            recovery_beta_std_error=0.0,
            liquidity_mean=np.array([liquidity_elasticity, dollar_elasticity]),
            liquidity_cov=np.zeros((2, 2)),
            basket_vol=basket_vol,
            stress_residuals=resid,
            recovery_residuals=resid,
            stress_dof=np.nan,
            recovery_dof=np.nan,
            liquidity_level_bn=liquidity_level_bn,
            table=table,
        )

    @property
    def stress_beta(self) -> float:
        """:math:`\\beta_s`, BTC's beta to the basket on stress days."""
        return float(self.stress_mean[0])

    @property
    def credit_sensitivity(self) -> float:
        """:math:`\\delta`, BTC log return per percentage point of HY OAS widening."""
        return float(self.stress_mean[1])

    @property
    def liquidity_elasticity(self) -> float:
        """:math:`\\gamma_L`."""
        return float(self.liquidity_mean[0])

    @property
    def dollar_elasticity(self) -> float:
        """:math:`\\gamma_D`."""
        return float(self.liquidity_mean[1])


def stress_days(
    basket: pd.Series, quantile: float, drawdown: float, peak_window: int = 21
) -> pd.Series:
    """Boolean mask of stress sessions (worst-quantile days or basket in drawdown).

    ``basket`` holds log returns with cumulative level :math:`B_t` (:math:`B_0 = 0`
    before the first day, so a fall from the first price counts). Day :math:`t` is a
    stress day when :math:`b_t \\le` the ``quantile`` of :math:`b`, or when
    :math:`e^{B_t - \\max_{t-w \\le u \\le t} B_u} - 1 \\le` ``drawdown`` with
    :math:`w` = ``peak_window`` (the window includes :math:`B_0` near the start).
    """
    values = basket.to_numpy(dtype=float)
    worst = values <= np.quantile(values, quantile)
    level = pd.Series(np.concatenate([[0.0], np.cumsum(values)]))
    peak = level.rolling(peak_window + 1, min_periods=1).max().to_numpy()
    below_peak = np.expm1(level.to_numpy() - peak)[1:] <= drawdown
    return pd.Series(worst | below_peak, index=basket.index, name="stress")


def estimate_parameters(
    history: ScenarioHistory, spec: ScenarioSpec, stress: pd.Series | None = None
) -> ScenarioParameters:
    """Fit the stress, recovery and liquidity equations (see the module docstring).

    Parameters
    ----------
    history
        From :func:`~bubblelink.scenarios.load_history` (or built by hand in tests).
    spec
        The scenario (estimation rule, assumptions used as fallbacks).
    stress
        Optional boolean mask over ``history.daily``'s index replacing the stress-day
        rule (missing dates count as not stressed).

    Raises
    ------
    DataError
        Fewer than ``min_stress_days`` stress days or 60 other sessions.
    """
    est, liq = spec.estimation, spec.liquidity
    fit_dof = spec.simulation.residuals == "student_t"
    notes: list[str] = []
    rows: dict[str, tuple[float, float, float, str]] = {}
    daily = history.daily
    if stress is None:
        stress = stress_days(
            daily["basket"], est.stress_quantile, est.stress_drawdown, est.stress_peak_window
        )
        rule = (
            f"worst {est.stress_quantile:.0%} basket sessions or basket "
            f"{abs(est.stress_drawdown):.0%}+ below its {est.stress_peak_window}-session peak"
        )
    else:
        stress = stress.reindex(daily.index).fillna(False).astype(bool)
        rule = "stress days given by the caller"
    check_sample_size(
        int(stress.sum()),
        est.min_stress_days,
        f"stress days ({rule})",
        "use a longer estimation window or relax estimation.stress_quantile/stress_drawdown",
    )

    # phase 1: stress beta (and credit sensitivity)
    on_stress = daily[stress.to_numpy()]
    use_credit = "credit" in on_stress and (
        on_stress["credit"].notna().sum() >= est.min_stress_days
    )
    if use_credit:
        sample = on_stress.dropna(subset=["credit"])
        x = np.column_stack([np.ones(len(sample)), sample["basket"], sample["credit"]])
    else:
        sample = on_stress
        x = np.column_stack([np.ones(len(sample)), sample["basket"]])
        notes.append(
            "credit channel: no HY OAS history on enough stress days; BTC's sensitivity "
            f"to spreads is the scenario file's assumption ({liq.assumed_credit_sensitivity:g} "
            "per percentage point)"
        )
    fit = hac_ols(sample["btc"].to_numpy(dtype=float), x, lags=0)
    stress_cov = np.diag([0.0, liq.assumed_credit_sensitivity_std_error**2])
    stress_cov[0, 0] = fit.cov[1, 1]
    if use_credit:
        stress_cov = fit.cov[1:, 1:].copy()
        delta, delta_se = float(fit.params[2]), float(np.sqrt(fit.cov[2, 2]))
        delta_source = f"estimated on stress days with the basket, HC0 ({rule})"
    else:
        delta, delta_se = liq.assumed_credit_sensitivity, liq.assumed_credit_sensitivity_std_error
        delta_source = "ASSUMPTION from scenario file (liquidity.assumed_credit_sensitivity)"
    n_stress = fit.n_obs
    stress_resid = fit.resid
    rows["stress_beta"] = (
        float(fit.params[1]),
        float(np.sqrt(fit.cov[1, 1])),
        n_stress,
        f"OLS on stress days, HC0 ({rule})",
    )
    rows["credit_sensitivity_per_pp"] = (
        delta,
        delta_se,
        n_stress if use_credit else 0,
        delta_source,
    )
    _residual_rows(rows, "stress", stress_resid, fit_dof)

    # phase 2: recovery beta on the other sessions
    calm = daily[~stress.to_numpy()]
    check_sample_size(
        len(calm), MIN_RECOVERY_OBS, "non-stress sessions", "use a longer estimation window"
    )
    recovery = ols_beta(calm["btc"], calm["basket"], lags=0)
    recovery_resid = (
        calm["btc"].to_numpy() - recovery.alpha - recovery.beta * calm["basket"].to_numpy()
    )
    rows["recovery_beta"] = (
        recovery.beta,
        recovery.beta_std_error,
        recovery.n,
        "OLS on non-stress sessions, HC0 (analytics.beta.ols_beta)",
    )
    _residual_rows(rows, "recovery", recovery_resid, fit_dof)

    # phase 2: liquidity and dollar elasticities
    liquidity_mean, liquidity_cov = _liquidity(history, spec, rows, notes)

    basket = daily["basket"].to_numpy(dtype=float)
    basket_vol = float(np.std(basket, ddof=1))
    rows["basket_vol_daily"] = (
        basket_vol,
        basket_vol / np.sqrt(2 * len(basket)),
        len(basket),
        "standard deviation of basket log returns over the window",
    )
    if history.liquidity_level_bn is not None:
        level = history.liquidity_level_bn
        rows["net_liquidity_level_bn"] = (level, np.nan, 1, "last WALCL - WTREGEN - RRPONTSYD")
    else:
        level = liq.assumed_level_bn
        if liq.measure == "net_liquidity":
            rows["net_liquidity_level_bn"] = (
                level,
                np.nan,
                0,
                "ASSUMPTION from scenario file (liquidity.assumed_level_bn)",
            )
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(TABLE_COLUMNS))
    table.index.name = "parameter"
    return ScenarioParameters(
        stress_mean=np.array([rows["stress_beta"][0], delta]),
        stress_cov=stress_cov,
        recovery_beta=recovery.beta,
        recovery_beta_std_error=recovery.beta_std_error,
        liquidity_mean=liquidity_mean,
        liquidity_cov=liquidity_cov,
        basket_vol=basket_vol,
        stress_residuals=np.asarray(stress_resid, dtype=float),
        recovery_residuals=np.asarray(recovery_resid, dtype=float),
        stress_dof=rows.get("stress_residual_t_dof", (np.nan,))[0],
        recovery_dof=rows.get("recovery_residual_t_dof", (np.nan,))[0],
        liquidity_level_bn=level,
        table=table,
        notes=tuple(notes),
    )


def _residual_rows(
    rows: dict[str, tuple[float, float, float, str]],
    prefix: str,
    resid: np.ndarray,
    fit_dof: bool,
) -> None:
    sigma = float(np.std(resid, ddof=1))
    n = len(resid)
    rows[f"{prefix}_residual_vol_daily"] = (
        sigma,
        sigma / np.sqrt(2 * n),
        n,
        "standard deviation of the fitted residuals (SE assumes normality)",
    )
    if fit_dof:
        dof = float(stats.t.fit(resid, floc=0.0)[0])
        rows[f"{prefix}_residual_t_dof"] = (
            float(np.clip(dof, *DOF_BOUNDS)),
            np.nan,
            n,
            "Student-t maximum likelihood (location 0), clipped to [2.5, 100]",
        )


def _liquidity(
    history: ScenarioHistory,
    spec: ScenarioSpec,
    rows: dict[str, tuple[float, float, float, str]],
    notes: list[str],
) -> tuple[np.ndarray, np.ndarray]:
    liq = spec.liquidity
    measure = (
        "net liquidity (WALCL - WTREGEN - RRPONTSYD)"
        if liq.measure == "net_liquidity"
        else "M2 (M2SL)"
    )
    frame = history.liquidity
    if frame is not None and len(frame) < MIN_LIQUIDITY_OBS:
        notes.append(
            f"liquidity: only {len(frame)} {history.frequency} observations of {measure} "
            f"(need {MIN_LIQUIDITY_OBS})"
        )
        frame = None
    gamma_l = (liq.assumed_elasticity, liq.assumed_elasticity_std_error)
    gamma_d = (liq.assumed_dollar_elasticity, liq.assumed_dollar_elasticity_std_error)
    cov = np.diag([gamma_l[1] ** 2, gamma_d[1] ** 2])
    source_l = "ASSUMPTION from scenario file (liquidity.assumed_elasticity)"
    source_d = "ASSUMPTION from scenario file (liquidity.assumed_dollar_elasticity)"
    n_l = n_d = 0
    if frame is None:
        notes.append(
            f"liquidity: {measure} history missing or too short; BTC's liquidity elasticity "
            f"is the scenario file's ASSUMPTION ({gamma_l[0]:g} ± {gamma_l[1]:g}), not an estimate"
        )
    else:
        has_dollar = "dollar" in frame
        columns = ["basket", "liquidity", *(["dollar"] if has_dollar else [])]
        x = np.column_stack([np.ones(len(frame)), frame[columns].to_numpy(dtype=float)])
        fit = hac_ols(frame["btc"].to_numpy(dtype=float), x)
        how = f"{history.frequency} log changes, controlling for the basket, Newey-West {fit.lags} lags"
        gamma_l = (float(fit.params[2]), float(np.sqrt(fit.cov[2, 2])))
        source_l, n_l = f"OLS of BTC on {measure}, {how}", fit.n_obs
        cov[0, 0] = fit.cov[2, 2]
        if has_dollar:
            gamma_d = (float(fit.params[3]), float(np.sqrt(fit.cov[3, 3])))
            source_d, n_d = f"OLS of BTC on the dollar, {how}", fit.n_obs
            cov = fit.cov[2:4, 2:4].copy()
    if n_d == 0:
        notes.append(
            f"dollar: {spec.symbols.dollar or 'no dollar series'} not estimated; BTC's dollar "
            f"elasticity is the scenario file's ASSUMPTION ({gamma_d[0]:g} ± {gamma_d[1]:g})"
        )
    rows["liquidity_elasticity"] = (*gamma_l, n_l, source_l)
    rows["dollar_elasticity"] = (*gamma_d, n_d, source_d)
    return np.array([gamma_l[0], gamma_d[0]]), cov
