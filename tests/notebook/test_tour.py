"""The worked notebook (docs/notebooks/tour.ipynb) runs top to bottom, so it cannot go stale.

It is executed in a real Jupyter kernel (nbclient, ipykernel) on the sample store it builds
itself (offline); every code cell must run, the results must render as HTML tables flagged
SYNTHETIC, and every ``plot()`` must give a plotly figure titled ``[SYNTHETIC]``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebooks" / "tour.ipynb"


def test_the_tour_notebook_runs(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), (
        "commit the notebook without outputs (they are made here)"
    )
    client = nbclient.NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    tables = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    results = [t for t in tables if t.startswith('<div class="bubblelink-result">')]
    assert len(results) == 2  # the correlation, the event study
    assert all("SYNTHETIC" in t for t in results)
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "ingest sample:" in printed and "synthetic: True" in printed
    figures = [
        o.data["application/vnd.plotly.v1+json"]
        for o in outputs
        if "application/vnd.plotly.v1+json" in o.get("data", {})
    ]
    assert len(figures) == 4
    assert all(f["layout"]["title"]["text"].startswith("[SYNTHETIC]") for f in figures)
