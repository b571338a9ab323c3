"""Diebold-Yilmaz connectedness measures from a row-normalised variance decomposition."""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclasses.dataclass(frozen=True, eq=False)
class Connectedness:
    """Connectedness measures, all in percent (see :func:`connectedness`)."""

    table: FloatArray
    total: float
    from_others: FloatArray
    to_others: FloatArray
    net: FloatArray
    pairwise_net: FloatArray


def connectedness(theta_tilde: FloatArray) -> Connectedness:
    r"""Total, directional, net and pairwise-net spillovers (Diebold & Yilmaz, 2012).

    With ``θ̃`` row-normalised (rows sum to one) and ``k`` variables, in percent:

    - table: ``100 θ̃_ij`` (row ``i`` receives from column ``j``);
    - from others to ``i``: ``F_i = 100 Σ_{j≠i} θ̃_ij``;
    - to others from ``j``: ``T_j = 100 Σ_{i≠j} θ̃_ij``;
    - total: ``S = 100 Σ_{i≠j} θ̃_ij / k`` (= mean of ``F`` = mean of ``T``);
    - net: ``N_i = T_i - F_i`` (sums to zero);
    - pairwise net: ``P_ij = 100 (θ̃_ji - θ̃_ij)``, what ``i`` transmits to ``j`` minus
      what it receives from ``j`` (antisymmetric).

    Directional and pairwise figures are on the connectedness-table scale
    (Diebold & Yilmaz 2012, Table 2; 2014), i.e. **not** divided by ``k``; DY (2012)
    eq. for pairwise net divides by ``k``, which only rescales it.
    """
    k = theta_tilde.shape[0]
    table = 100.0 * theta_tilde
    off = table - np.diag(np.diag(table))
    from_others = off.sum(axis=1)
    to_others = off.sum(axis=0)
    return Connectedness(
        table=table,
        total=float(off.sum() / k),
        from_others=from_others,
        to_others=to_others,
        net=to_others - from_others,
        pairwise_net=table.T - table,
    )
