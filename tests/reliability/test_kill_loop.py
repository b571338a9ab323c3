"""Crash safety at scale: a seeded loop of 50 ``kill -9`` at random points of real writers.

Three kinds of writer, each a real ``bubblelink`` command in its own process, forked
from a warmed-up zygote (``_kill_worker.py``) so the kill lands in the command, not in
Python's start-up:

* ``ingest csv`` of a directory of small CSVs cut from ``/work/shared/data/real`` (BTC-USD
  and NVDA daily bars, M2SL, WALCL): into a fresh path (the first ingest creates
  the store) or, on a store holding the first cut, a second cut with newer rows and
  revised values (NVDA volumes and the last M2SL values changed: revisions, including a
  revised provider vintage);
* ``ingest fred`` through FRED's CSV endpoint replayed from ``tests/providers/fixtures``;
* ``monitor run`` writing its state (evaluations, alerts, deliveries) into the store.

Each kill is followed by ``store check`` (every check must pass) and the interrupted
command run again to completion; the store must then equal a clean run's: the same
registry and the same observations (series, date, field, value, vintage, where a
revision's ingest-time vintage is compared as "stamped at ingest"; ingest ids and
``ingested_at`` ignored), or for the monitor the same evaluations, alerts and deliveries.

The workers mark each store phase (open, BEGIN, COMMIT, committed) with the time in a
file, so the test counts where the kills landed, among them those inside the COMMIT
window. One clean run per kind through the CLI times the command; half the kills fall
anywhere in such a run up to just after its last COMMIT, half in the part of that span
where the store is open.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import responses
from responses import matchers

import bubblelink
from bubblelink.store import Store
from bubblelink.store.integrity import check_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

SEED = 20261203
KILLS = 50
#: kills per kind (csv into a fresh path, csv top-up, fred replay, monitor run)
PLAN = {"csv-first": 8, "csv": 17, "fred": 12, "monitor": 13}
WORKER = Path(__file__).with_name("_kill_worker.py")
FRED_FIXTURES = Path(__file__).parents[1] / "providers" / "fixtures" / "fred"

#: (file in real/, symbol, kind, rows in the first cut ending on CUT, rows of overlap)
FILES = [
    ("btc_usd.csv", "BTC-USD", "price", 90),
    ("nvda.csv", "NVDA", "price", 60),
    ("fred_M2SL.csv", "M2SL", "macro", 24),
    ("fred_WALCL.csv", "WALCL", "macro", 40),
]
CUT = "2026-06-30"
RULES = """version: 1
rules:
  - name: nvda_listed
    when: level(NVDA) > 0
    message: NVDA has a price
  - name: nvda_drawdown
    when: drawdown(NVDA) < -5
    message: NVDA more than 5% below its high
  - name: btc_nvda_coupling
    when: corr30(BTC-USD, NVDA) > -1
    message: BTC-NVDA correlation defined
  - name: m2_level
    when: level(M2SL) > 1000
    message: M2 above 1000
"""


def _cuts(real: Path, out: Path) -> tuple[Path, Path]:
    """``out/a`` (rows up to CUT) and ``out/b`` (the last 30 rows of a, revised, and the
    rows after CUT), each with its symbols.csv."""
    a, b = out / "a", out / "b"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    mapping = ["file,symbol,kind,source"]
    for name, symbol, kind, rows in FILES:
        frame = pd.read_csv(real / name)
        dates = frame.iloc[:, 0].astype(str)
        first = frame[dates <= CUT].tail(rows)
        later = frame[dates > CUT]
        second = pd.concat([first.tail(30).copy(), later.head(rows // 2)])
        if symbol == "NVDA":  # revised volumes on three overlapping days
            second.loc[second.index[:3], "volume"] = second["volume"].iloc[:3] * 1.01
        if symbol == "M2SL":  # the last two months revised
            column = second.columns[1]
            second.loc[first.index[-2:], column] = first[column].iloc[-2:] + 5.0
        first.to_csv(a / name, index=False)
        second.to_csv(b / name, index=False)
        mapping.append(f"{name},{symbol},{kind},{'fred' if kind == 'macro' else 'yahoo'}")
    for folder in (a, b):
        (folder / "symbols.csv").write_text("\n".join(mapping) + "\n")
    return a, b


@dataclass
class Kind:
    """One kind of interrupted command: its CLI arguments, how to finish it in-process,
    the store it starts from and the clean result to compare with."""

    name: str
    args: list[str]
    base: Path | None  # None: a fresh path
    reference: dict[str, pd.DataFrame] = field(default_factory=dict)
    duration: float = 0.0  # of a clean run, from "go" to the end
    store_from: float = 0.0  # when that run first opened (or created) the store
    store_until: float = 0.0  # just after its last COMMIT


def _observations(path: Path) -> dict[str, pd.DataFrame]:
    """What a clean run and a killed-then-finished run must share."""
    with Store(path, read_only=True, wait=0) as st:
        out = {
            "series": st.query(
                "SELECT id, kind, unit, frequency, source, calendar, synthetic, metadata "
                "FROM series ORDER BY id"
            ),
            "observations": st.query(
                "SELECT series_id, date, field, value, CASE WHEN vintage = "
                "timezone('UTC', ingested_at) THEN NULL ELSE vintage END AS vintage "
                "FROM observations ORDER BY ALL"
            ),
        }
        tables = set(st.query("SELECT table_name FROM information_schema.tables")["table_name"])
        if "monitor_alerts" in tables:
            out["evaluations"] = st.query(
                "SELECT rule, data_date, holds, detail FROM monitor_evaluations ORDER BY ALL"
            )
            out["alerts"] = st.query(
                "SELECT alert_id, rule, episode_start, payload FROM monitor_alerts ORDER BY ALL"
            )
            out["deliveries"] = st.query(
                "SELECT alert_id, sink, status, attempts, last_error FROM monitor_deliveries "
                "ORDER BY ALL"
            )
    return out


def _same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert sorted(a) == sorted(b)
    for key in a:
        pd.testing.assert_frame_equal(
            a[key].reset_index(drop=True), b[key].reset_index(drop=True), obj=key
        )


@contextlib.contextmanager
def _fred_replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """FRED's CSV endpoint replayed from the fixtures (as ``_kill_worker.py`` does)."""
    from bubblelink.providers.fred import FRED_CSV_URL
    from bubblelink.providers.http import RateLimiter

    monkeypatch.setattr(RateLimiter, "acquire", lambda self: 0.0)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as replay:
        for sid, name in (
            ("DFF", "fredgraph_DFF.csv"),
            ("DEXUSEU", "fredgraph_DEXUSEU.csv"),
            ("M2SL", "fredgraph_M2SL_legacy.csv"),
        ):
            replay.add(
                responses.GET,
                FRED_CSV_URL,
                body=(FRED_FIXTURES / name).read_text(encoding="utf-8"),
                match=[matchers.query_param_matcher({"id": sid})],
            )
        yield


def _env() -> dict[str, str]:
    src = str(Path(str(bubblelink.__file__)).parents[1])
    root = str(Path(__file__).parents[2])
    extra = os.pathsep.join([src, root, os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": extra}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Zygote:
    """``_kill_worker.py``: warmed up on ``warm`` commands, forks one child per run."""

    def __init__(self, scratch: Path, warm: list[list[str]]) -> None:
        scratch.mkdir()
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(scratch)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=_env(),
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout
        self.stdin.write(json.dumps(warm) + "\n")
        self.stdin.flush()
        assert self.stdout.readline().strip() == "ready"

    def start(self, args: list[str], marks: Path) -> int:
        """Fork a child running ``bubblelink ARGS``; its pid."""
        self.stdin.write(json.dumps({"marks": str(marks), "args": args}) + "\n")
        self.stdin.flush()
        return int(self.stdout.readline())

    def close(self) -> None:
        self.stdin.close()
        self.proc.wait(timeout=30)


@dataclass
class Setup:
    """The kinds of writer, how to finish each in-process, where the cycles live."""

    kinds: dict[str, Kind]
    finish: dict[str, Callable[[Path], object]]
    root: Path


@pytest.fixture(scope="module")
def setup(real_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    from bubblelink.service.ingest import ingest_csv, ingest_fred
    from bubblelink.service.risk import monitor_run

    root = tmp_path_factory.mktemp("kill-loop")
    a, b = _cuts(real_data_dir, root / "data")
    rules = root / "rules.yaml"
    rules.write_text(RULES)
    sink = f"jsonl:{root / 'alerts.jsonl'}"
    base = root / "base.duckdb"
    ingest_csv(base, [a])
    fred_ids = ["DFF", "DEXUSEU", "M2SL"]
    kinds = {
        "csv-first": Kind("csv-first", ["ingest", "csv", str(a), "--store", "{store}"], None),
        "csv": Kind("csv", ["ingest", "csv", str(b), "--store", "{store}"], base),
        "fred": Kind("fred", ["ingest", "fred", *fred_ids, "--store", "{store}"], base),
        "monitor": Kind(
            "monitor",
            ["monitor", "run", "--rules", str(rules), "--sink", sink, "--store", "{store}"],
            base,
        ),
    }
    finish: dict[str, Callable[[Path], object]] = {
        "csv-first": lambda p: ingest_csv(p, [a]),
        "csv": lambda p: ingest_csv(p, [b]),
        "fred": lambda p: ingest_fred(p, fred_ids),
        "monitor": lambda p: monitor_run(p, str(rules), sink=sink),
    }
    with pytest.MonkeyPatch.context() as mp, _fred_replay(mp):
        for kind in kinds.values():
            clean = root / f"clean-{kind.name}.duckdb"
            if kind.base is not None:
                shutil.copy(kind.base, clean)
            finish[kind.name](clean)
            kind.reference = _observations(clean)
        yield Setup(kinds, finish, root)


def _phase(marks: list[str]) -> str:
    """Where the kill landed, from the worker's last mark after "go"."""
    names = [m.split()[0] for m in marks]
    after = names[names.index("go") + 1 :] if "go" in names else []
    if not after:
        return "before opening the store (fetch, parse)"
    return {
        "create": "creating the store file",
        "open": "store open, outside a transaction",
        "begin": "inside a transaction, before COMMIT",
        "commit": "during COMMIT",
        "committed": "between transactions (after a COMMIT)",
    }[after[-1]]


def test_fifty_kills_leave_a_store_that_checks_and_finishes_clean(setup: Setup) -> None:
    rng = random.Random(SEED)
    queue = [name for name, n in PLAN.items() for _ in range(n)]
    rng.shuffle(queue)
    started = time.monotonic()
    # warm up on the ingests only: the monitor's statistics start GNU OpenMP, and a
    # process that did so must not fork (its children abort)
    warm = [k.args for k in setup.kinds.values() if k.name != "monitor"]
    zygote = Zygote(setup.root / "scratch", warm)
    attempt = 0

    def run(name: str) -> tuple[Path, Path, int, float]:
        """Fork the command of ``name`` on a fresh cycle store; (store, marks, pid, t0)."""
        nonlocal attempt
        attempt += 1
        cycle = setup.root / f"cycle{attempt:03d}"
        cycle.mkdir()
        kind, store = setup.kinds[name], cycle / "store.duckdb"
        if kind.base is not None:
            shutil.copy(kind.base, store)
        args = [a.replace("{store}", str(store)) for a in kind.args]
        t0 = time.monotonic()
        return store, cycle / "marks", zygote.start(args, cycle / "marks"), t0

    def lines(marks: Path) -> list[str]:
        return marks.read_text().splitlines() if marks.exists() else []

    kills: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    finished_first = checks_passed = no_store = 0
    try:
        # calibration: one uninterrupted run per kind (also a clean run through the CLI)
        for name, kind in setup.kinds.items():
            store, marks, pid, t0 = run(name)
            while _alive(pid):
                time.sleep(0.01)
            kind.duration = time.monotonic() - t0
            parts = [m.split() for m in lines(marks)]
            assert parts[-1][:2] in (["exit", "0"], ["exit", "None"]), (name, parts)
            stamps = {m[0]: float(m[-1]) for m in reversed(parts)}  # first time of each
            kind.store_from = min(stamps.get("create", 1e18), stamps["open"]) - stamps["go"]
            last_commit = max(float(m[-1]) for m in parts if m[0] == "committed")
            kind.store_until = last_commit - stamps["go"] + 0.05
            _same(_observations(store), kind.reference)
        while sum(kills.values()) < KILLS:
            assert attempt < 4 * KILLS, "too many runs finished before their kill"
            name = queue.pop(0) if queue else rng.choice(list(PLAN))
            kind = setup.kinds[name]
            # half the kills anywhere up to the last commit, half while the store is open
            low = 0.0 if rng.random() < 0.5 else kind.store_from
            delay = rng.uniform(low, kind.store_until)
            store, marks, pid, t0 = run(name)
            time.sleep(max(0.0, delay - (time.monotonic() - t0)))
            with contextlib.suppress(ProcessLookupError):  # gone already: it finished
                os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.005)
            seen = lines(marks)
            if any(m.startswith("exit ") for m in seen):
                finished_first += 1  # it finished before the kill: that kind again
                queue.append(name)
            else:
                kills[name] += 1
                phases[_phase(seen)] += 1
            # store check: every check passes (a store file exists only with its schema)
            if store.exists():
                with Store(store, read_only=True, wait=0) as st:
                    failed = [c for c in check_store(st) if not c.ok]
                assert failed == [], (name, seen, failed)
                checks_passed += 1
            else:
                assert kind.base is None, "a copied store vanished"
                no_store += 1
            # finish the interrupted command: the store equals a clean run's
            setup.finish[name](store)
            _same(_observations(store), kind.reference)
    finally:
        zygote.close()

    elapsed = time.monotonic() - started
    report = (
        f"kill loop (seed {SEED}): {sum(kills.values())} kills {dict(kills)}; "
        f"landed {dict(phases)}; {finished_first} runs finished before their kill; "
        f"{checks_passed} store checks passed ({no_store} kills left no store file); "
        "clean runs "
        + ", ".join(f"{k.name} {k.duration:.2f}s" for k in setup.kinds.values())
        + f"; {elapsed:.0f}s"
    )
    print(report)
    (setup.root / "report.txt").write_text(report + "\n")
    assert sum(kills.values()) == KILLS
    assert set(kills) == set(PLAN)
    # the kills reached the transactions, not only the fetch and parse phases
    inside = phases["inside a transaction, before COMMIT"] + phases["during COMMIT"]
    assert inside >= 2, report
    assert checks_passed + no_store == attempt - len(setup.kinds)
