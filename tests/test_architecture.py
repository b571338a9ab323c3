"""The layers hold, and the CLI starts without loading the data stack.

``make lint`` runs the same import contracts (pyproject ``[tool.importlinter]``); this
test makes the suite fail too when an output composes analytics itself, an analytics
module reads the store or a file, or a composition opens a store.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def _modules_after(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        f"sys.argv = ['bubblelink', *{args!r}]\n"
        "from bubblelink.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return set(done.stdout.split())


def test_help_and_version_do_not_import_the_data_stack() -> None:
    heavy = {"pandas", "numpy", "scipy", "statsmodels", "arch", "numba", "duckdb", "plotly"}
    for args in (["--help"], ["--version"], ["corr", "--help"], ["ingest", "--help"]):
        loaded = _modules_after(args)
        assert not heavy & loaded, (args, sorted(heavy & loaded))
