"""Next-day lead-lag between ETF flows and BTC returns."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.stats import pearsonr

from bubblelink.analytics._checks import check_min_obs, check_not_constant
from bubblelink.analytics.correlation._fisher import fisher_ci
from bubblelink.results import ResultBase

#: Newey-West lags of the HAC slope test.
HAC_LAGS = 5
#: Pairs needed for each relation.
MIN_PAIRS = 30
#: The relations, in table order: (name, x, y, how y is shifted against x).
RELATIONS: tuple[tuple[str, str, str, int], ...] = (
    ("same day", "flow_t", "r_t", 0),
    ("flows lead", "flow_t", "r_t+1", 1),
    ("returns lead", "r_t", "flow_t+1", 1),
)


@dataclasses.dataclass(frozen=True, eq=False)
class FlowLeadLagResult(ResultBase):
    """Correlations and slopes of flows and returns at lag 0 and ±1 session.

    Attributes
    ----------
    table : DataFrame
        Index ``relation`` (``same day``, ``flows lead``, ``returns lead``); columns
        ``x``, ``y``, ``n``, ``corr`` with the Fisher ``ci_low``/``ci_high`` and the
        t-test ``p_value``, ``slope`` (y on x by OLS: return per US$ 1 bn of flow, or
        US$ m of flow per unit of log return), ``std_error`` and ``p_value_hac``
        (Newey-West, :data:`HAC_LAGS` lags).
    flows, returns : str
        Names of the two series.
    alignment : str
        How a session's flow and a return are dated.
    """

    table: pd.DataFrame
    flows: str
    returns: str
    alignment: str

    def to_frame(self) -> pd.DataFrame:
        return self.table


def _pairs(x: pd.Series, y: pd.Series, shift: int) -> pd.DataFrame:
    """x_t beside y_{t+shift} on the union of their sessions (next row = next session)."""
    index = x.index.union(y.index)
    frame = pd.DataFrame({"x": x.reindex(index), "y": y.reindex(index).shift(-shift)})
    return frame.dropna()


def flow_return_lead_lag(
    flows: pd.Series,
    returns: pd.Series,
    alignment: str,
    hac_lags: int = HAC_LAGS,
) -> FlowLeadLagResult:
    r"""corr(flow_t, r_t), corr(flow_t, r_{t+1}) and corr(r_t, flow_{t+1}).

    Both series are keyed by NYSE session; ``t+1`` is the next session present in
    either series (the caller gives them on one calendar). For each relation: Pearson
    :math:`r` with its Fisher-z 95% interval
    (:func:`bubblelink.analytics.correlation._fisher.fisher_ci`) and t-test p-value
    (``scipy.stats.pearsonr``), and the OLS slope of y on x with a Newey-West (HAC)
    standard error — flows are autocorrelated, so the plain p-value is optimistic and the
    HAC one is the one to read. Flows are in US$ millions; the slope of a return on a
    flow is given per US$ 1 bn (×1000).

    Raises
    ------
    DataError
        Fewer than :data:`MIN_PAIRS` pairs, or a constant series.
    """
    f = flows.astype(float).dropna()
    r = returns.astype(float).dropna()
    series = {"flow": f, "r": r}
    rows = []
    for name, x_name, y_name, shift in RELATIONS:
        x = series[x_name.split("_")[0]]
        y = series[y_name.split("_")[0]]
        pair = _pairs(x, y, shift)
        check_min_obs(len(pair), MIN_PAIRS, f"{x_name}/{y_name}", "the flow lead-lag")
        check_not_constant(pair["x"], x_name)
        check_not_constant(pair["y"], y_name)
        xv = pair["x"].to_numpy()
        yv = pair["y"].to_numpy()
        corr, p_value = pearsonr(xv, yv)
        low, high = fisher_ci(float(corr), len(pair))
        scale = 1000.0 if x_name.startswith("flow") else 1.0
        fit = sm.OLS(yv, sm.add_constant(xv)).fit(cov_type="HAC", cov_kwds={"maxlags": hac_lags})
        rows.append(
            {
                "relation": name,
                "x": x_name,
                "y": y_name,
                "n": len(pair),
                "corr": float(corr),
                "ci_low": float(low),
                "ci_high": float(high),
                "p_value": float(p_value),
                "slope": float(fit.params[1]) * scale,
                "std_error": float(fit.bse[1]) * scale,
                "p_value_hac": float(fit.pvalues[1]),
            }
        )
    table = pd.DataFrame(rows).set_index("relation")
    table["n"] = table["n"].astype(np.int64)
    return FlowLeadLagResult(
        table=table,
        flows=str(flows.name or "flows"),
        returns=str(returns.name or "returns"),
        alignment=alignment,
    )
