"""Every CLI command against a corpus of bad arguments and files: never a traceback.

Each command starts from a valid invocation on a private copy of the sample store; every
argument the command takes is then replaced, one at a time, by values a user gets wrong
(an unknown or hostile symbol, an impossible or out-of-range date, a negative or huge
window, a missing, empty, binary or directory path, an unknown format). The run passes
when the entry point ends with exit code 0, 1 or 2 and no traceback; an exit code 2 from
bubblelink (not a click usage error, which prints ``Usage:``) is exactly one stderr line.

Commands that fetch from the network (``ingest yahoo|fred|crypto|coingecko|cb``, ``events
fetch``), start a server (``serve``) or write to the home directory (``demo``) are left to
their own tests; a test below fails when a new command is neither covered nor excluded.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from bubblelink.cli.app import app
from tests.clirunner import CliRunner

#: commands covered elsewhere: live fetches, a server, the demo's home-directory store
EXCLUDED = {
    "demo",
    "serve",
    "ingest yahoo",
    "ingest fred",
    "ingest crypto",
    "ingest coingecko",
    "ingest cb",
    "events fetch",
}

#: a valid invocation of each command ({store}, {csv}, {flows}: filled in per test)
BASE: dict[str, list[str]] = {
    "corr": ["BTC-USD", "NVDA", "--store", "{store}"],
    "dcc": ["BTC-USD", "NVDA", "--start", "2025-01-01", "--store", "{store}"],
    "spillover": ["BTC-USD", "NVDA", "--start", "2025-01-01", "--store", "{store}"],
    "leadlag": ["BTC-USD", "NVDA", "--store", "{store}"],
    "beta": ["BTC-USD", "NVDA", "--store", "{store}"],
    "tails": ["BTC-USD", "NVDA", "--store", "{store}"],
    "contagion": [
        "BTC-USD",
        "NVDA",
        "--calm",
        "2023-06-01:2023-12-31",
        "--stress",
        "2024-08-01:2024-09-30",
        "--store",
        "{store}",
    ],
    "event": ["ORCL", "--date", "2025-12-11", "--targets", "NVDA", "--store", "{store}"],
    "perf": ["BTC-USD", "--since", "2025-12-01", "--store", "{store}"],
    "drawdowns": ["BTC-USD", "--store", "{store}"],
    "regimes": ["BTC-USD", "--start", "2025-01-01", "--store", "{store}"],
    "liquidity": ["--store", "{store}"],
    "risk": ["--store", "{store}"],
    "report": ["--out", "{out}", "--store", "{store}"],
    "claims": ["--store", "{store}"],
    "flows": ["--store", "{store}"],
    "dominance": ["--store", "{store}"],
    "valuation": ["--store", "{store}"],
    "ingest csv": ["{csv}", "--symbol", "NEWSYM", "--store", "{store}"],
    "ingest etf-flows": ["{flows}", "--store", "{store}"],
    "ingest sample": ["--start", "2025-01-01", "--end", "2025-02-01", "--store", "{scratch}"],
    "series list": ["--store", "{store}"],
    "series show": ["BTC-USD", "--store", "{store}"],
    "events list": [],
    "scenario list": [],
    "scenario run": ["ai_credit_shock", "--paths", "200", "--store", "{store}"],
    "monitor run": ["--max-iterations", "1", "--store", "{store}"],
    "fundamentals show": [],
    "store info": ["--store", "{store}"],
    "store log": ["--store", "{store}"],
    "store check": ["--store", "{store}"],
    "store diff": ["BTC-USD", "--store", "{store}"],
    "export": ["BTC-USD", "NVDA", "--out", "{outcsv}", "--force", "--store", "{store}"],
    "scan": [
        "--universe",
        "ai_complex",
        "--target",
        "BTC-USD",
        "--window",
        "20",
        "--metrics",
        "corr,beta",
        "--store",
        "{store}",
    ],
    "store export": ["{export_new}", "--overwrite", "--store", "{store}"],
    "store import": ["{export}", "--store", "{scratch}"],
}

SYMBOLS = ["ZZZZ", "X" * 300, "<script>alert(1)</script>", "BTC-USD'); DROP TABLE series; --", ""]
DATES = ["2025-13-45", "1900-01-01", "2999-01-01", "yesterday"]
INTS = ["-5", "0", "99999", "abc"]
FLOATS = ["nan", "-1", "1e308", "abc"]
PERIODS = ["2023-06-30:2023-01-01", "2023-01-01", "x:y", "1900-01-01:1900-02-01"]
FORMATS = ["xml", ""]

DATE_OPTIONS = {"--asof", "--start", "--end", "--since", "--until", "--date", "--path", "--from",
                "--to"}  # fmt: skip
INT_OPTIONS = {
    "--window", "--top", "--lags", "--horizon", "--max-lag", "--paths", "--tail", "--states",
    "--limit", "--seed", "--every", "--max-iterations", "--step", "--worst", "--order",
    "--estimation", "--gap", "--stress-k",
}  # fmt: skip
FLOAT_OPTIONS = {"--q", "--lambda", "--below", "--stress-pct", "--min-depth", "--worst-pct",
                 "--drawdown", "--wait"}  # fmt: skip
FILE_OPTIONS = {"--file", "--rules", "--weights", "--shares", "--events", "--skill"}
SYMBOL_OPTIONS = {"--targets", "--market", "--benchmark", "--versus", "--symbol", "--series",
                  "--target", "--universe"}  # fmt: skip


#: every command opens the store through one function: bad --store paths are tried on a few
STORE_MUTATED = {
    "corr", "report", "ingest csv", "ingest etf-flows", "store info", "store check", "claims",
    "scan", "store export", "store import",
}  # fmt: skip


def _commands() -> Iterator[tuple[str, object]]:
    def walk(command: object, prefix: list[str]) -> Iterator[tuple[str, object]]:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, [*prefix, name])
        else:
            yield " ".join(prefix), command

    yield from walk(typer.main.get_command(app), [])


COMMANDS = dict(_commands())


def test_every_command_is_covered_or_excluded() -> None:
    missing = sorted(set(COMMANDS) - set(BASE) - EXCLUDED)
    assert not missing, f"add a valid invocation to BASE for: {missing}"


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("corpus")
    files = {
        "missing": root / "does-not-exist.csv",
        "directory": root / "a-directory",
        "empty": root / "empty.csv",
        "binary": root / "binary.csv",
        "yaml_tag": root / "tag.yaml",
        "header_only": root / "header.csv",
        "csv": root / "good.csv",
        "flows": root / "flows.csv",
    }
    files["directory"].mkdir()
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["yaml_tag"].write_text("a: !!python/object/apply:os.system ['true']\n", "utf-8")
    files["header_only"].write_text("Date,Close\n", "utf-8")
    files["csv"].write_text("Date,Close\n2025-01-02,10\n2025-01-03,10.5\n", "utf-8")
    files["flows"].write_text("Date,IBIT,Total\n2025-01-02,10.0,10.0\n", "utf-8")
    return files


def _mutations(name: str, base: list[str], files: dict[str, Path]) -> Iterator[list[str]]:
    """Each base argument replaced, one at a time, by a bad value of its kind."""
    command = COMMANDS[name]
    params = getattr(command, "params", [])
    options = {p.opts[0] for p in params if p.param_type_name == "option"}
    bad_paths = [str(files[k]) for k in ("missing", "directory", "empty", "binary", "yaml_tag")]
    # positional arguments: symbols, scenario names, files
    positions = [i for i, a in enumerate(base) if not a.startswith("-")
                 and (i == 0 or not base[i - 1].startswith("-"))]  # fmt: skip
    for i in positions:
        values = [*bad_paths, str(files["header_only"])] if base[i].startswith("/") else SYMBOLS
        for value in values:
            yield [*base[:i], value, *base[i + 1 :]]
    for option in sorted(options):
        if option in DATE_OPTIONS:
            values = DATES
        elif option in INT_OPTIONS:
            values = INTS
        elif option in FLOAT_OPTIONS:
            values = FLOATS
        elif option in FILE_OPTIONS:
            values = bad_paths
        elif option in SYMBOL_OPTIONS:
            values = SYMBOLS[:3]
        elif option in {"--calm", "--stress"}:
            values = PERIODS
        elif option == "--store" and name in STORE_MUTATED:
            values = [str(files["directory"]), str(files["binary"]), str(files["missing"])]
        elif option == "--format":
            values = FORMATS
        else:
            continue
        for value in values:
            if option in base:
                at = base.index(option)
                yield [*base[: at + 1], value, *base[at + 2 :]]
            else:
                yield [*base, option, value]


def _problem(cli: CliRunner, args: list[str]) -> str | None:
    try:
        result = cli(*args)
    except Exception as exc:  # an exception the entry point let through
        return f"{type(exc).__name__}: {exc}"
    if "Traceback" in result.err or "Traceback" in result.out:
        return "traceback: " + result.err.strip().splitlines()[-1]
    if result.code not in (0, 1, 2):
        return f"exit code {result.code}"
    lines = result.err.strip().splitlines()
    if result.code == 2 and "Usage:" not in result.err and len(lines) != 1:
        return f"{len(lines)} stderr lines: {result.err.strip()[:300]}"
    return None


@pytest.mark.parametrize("name", sorted(BASE))
def test_bad_arguments_never_end_in_a_traceback(
    name: str,
    cli: CliRunner,
    recent_sample_store: Path,
    corpus_files: dict[str, Path],
    tmp_path: Path,
) -> None:
    store = tmp_path / "store.duckdb"
    shutil.copy(recent_sample_store, store)
    fill = {
        "{store}": str(store),
        "{scratch}": str(tmp_path / "scratch.duckdb"),
        "{out}": str(tmp_path / "report.html"),
        "{outcsv}": str(tmp_path / "export.csv"),
        "{export}": str(tmp_path / "parquet"),
        "{export_new}": str(tmp_path / "parquet-new"),
        "{csv}": str(corpus_files["csv"]),
        "{flows}": str(corpus_files["flows"]),
    }
    base = [fill.get(a, a) for a in BASE[name]]
    words = name.split()
    if "{export}" in BASE[name]:  # an export to read back
        made = _problem(cli, ["store", "export", fill["{export}"], "--store", str(store)])
        assert made is None, made
    valid = _problem(cli, [*words, *base])
    assert valid is None, f"the valid invocation {name} {base} failed: {valid}"
    problems = []
    runs = 0
    for args in _mutations(name, base, corpus_files):
        runs += 1
        problem = _problem(cli, [*words, *args])
        if problem is not None:
            problems.append(f"{name} {' '.join(args)!r}: {problem}")
    assert runs > 0
    assert not problems, "\n".join(problems)
