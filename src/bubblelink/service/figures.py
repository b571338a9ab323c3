"""Which figure draws a result: the registry behind :meth:`ServiceResult.plot`.

The service layer answers questions; it does not draw (plotly figures are built by the
report, :mod:`bubblelink.report.charts`, and the layer contracts forbid the service layer
to import an output). So the drawing is inverted: an output *registers* one builder per
question (``ServiceResult -> Figure``) here, and :meth:`ServiceResult.plot` looks the
result's question up. The report registers its builders in
:mod:`bubblelink.report.figures` (the same functions its sections, the dashboard's
``/api/charts/<name>`` and the notebook API draw with); ``import bubblelink as bl``
imports that module the first time a service function or a notebook function is looked
up, so ``bl.corr(...).plot()`` is the report's figure.

A question with no chart in the report (``claims``, ``tails``...) has no builder: its
``plot()`` is a one-line :class:`~bubblelink.errors.DataError` that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bubblelink.errors import DataError

if TYPE_CHECKING:
    from bubblelink.service._envelope import ServiceResult

#: ``ServiceResult -> plotly Figure`` (typed ``Any``: the service layer does not import plotly)
FigureBuilder = Callable[["ServiceResult"], Any]

_BUILDERS: dict[str, FigureBuilder] = {}


def register_figure(question: str, builder: FigureBuilder) -> None:
    """Draw results of ``question`` (``corr``, ``beta``...) with ``builder``.

    Registering a question again replaces its builder (re-importing the registering
    module is harmless).
    """
    _BUILDERS[question] = builder


def registered_figures() -> tuple[str, ...]:
    """The questions that have a figure, sorted."""
    return tuple(sorted(_BUILDERS))


def figure(result: ServiceResult) -> Any:
    """The registered figure of ``result`` (a plotly ``Figure``).

    Raises
    ------
    DataError
        When no builder is registered for the result's question: no output registered
        any (import :mod:`bubblelink.report.figures`), or the question has no chart.
    """
    builder = _BUILDERS.get(result.question)
    if builder is not None:
        return builder(result)
    if not _BUILDERS:
        raise DataError(
            f"no figure builders are registered, so {result.question!r} cannot be drawn: "
            "`import bubblelink as bl` (or import bubblelink.report.figures) registers "
            "the report's"
        )
    raise DataError(
        f"{result.question!r} results have no chart (the report shows them as tables): "
        "use to_frame(), or display the result for its table"
    )
