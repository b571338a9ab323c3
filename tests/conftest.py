"""Suite-wide fixtures: the no-network guard, real-data location, temporary stores."""

from __future__ import annotations

import ipaddress
import os
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_DATA_DIR = Path(
    os.environ.get("BUBBLELINK_REAL_DATA", REPO_ROOT.parent / "shared" / "data" / "real")
)
SHARED_DATA_DIR = REAL_DATA_DIR.parent


warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient.*")

# Property tests and fuzzing (tests/property, tests/fuzz): in CI the examples are
# derandomized (the same inputs every run, no flaky red); locally they vary per run.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True, database=None)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    _hypothesis_settings.load_profile("ci")


class NetworkBlockedError(RuntimeError):
    """Raised when a test tries to reach a non-loopback address."""


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:
        return True  # AF_UNIX paths and the like are local
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost would need DNS: block it


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_loopback(address):
        raise NetworkBlockedError(f"tests must not use the network (tried {address!r})")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_loopback(address):
        raise NetworkBlockedError(f"tests must not use the network (tried {address!r})")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    if host not in (None, "localhost") and not _is_loopback((host,)):
        raise NetworkBlockedError(f"tests must not resolve host names (tried {host!r})")
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


def pytest_configure(config: pytest.Config) -> None:
    """Install the guard for the whole run: any non-loopback connection fails the test."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]
    os.environ.setdefault("BUBBLELINK_OFFLINE", "1")


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    """Path to ``../shared/data/real``. Fails in CI (``CI=true``) when missing, else skips."""
    if not (REAL_DATA_DIR / "symbols.csv").exists():
        message = f"real data not found at {REAL_DATA_DIR}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    return REAL_DATA_DIR


@pytest.fixture(scope="session")
def shared_data_dir(real_data_dir: Path) -> Path:
    """Path to ``../shared/data`` (real/, crosscheck/, flows/)."""
    return real_data_dir.parent


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own BUBBLELINK_HOME: nothing reads or writes ~/.bubblelink."""
    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("BUBBLELINK_STORE", raising=False)


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic sample market, 2017-2026 (read-only: never write to it)."""
    from tests.stores import sample_store as build

    return build(tmp_path_factory.getbasetemp() / "sample" / "store.duckdb")


@pytest.fixture(scope="session")
def liquidity_sample_store(sample_store: Path) -> Path:
    """The sample market (the name the liquidity, risk and monitor tests use)."""
    return sample_store


@pytest.fixture(scope="session")
def recent_sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample market from 2023-01-03 (smaller: API, browser and report tests)."""
    from tests.stores import sample_store as build

    return build(tmp_path_factory.getbasetemp() / "sample2023" / "store.duckdb", "2023-01-03")


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample market from 2023 plus a series whose id is a ``<script>`` element."""
    from tests.stores import add_hostile_series
    from tests.stores import sample_store as build

    path = tmp_path_factory.getbasetemp() / "hostile" / "store.duckdb"
    if path.exists():
        return path
    return add_hostile_series(build(path, "2023-01-03"))


@pytest.fixture(scope="session")
def liquidity_real_store(real_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real files the gauges, risk score, monitor and CLI need."""
    from tests.stores import real_store

    return real_store(real_data_dir, tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def api_store(hostile_store: Path) -> Path:
    """The sample market from 2023 (short: fast analyses) plus the hostile series."""
    return hostile_store


@pytest.fixture(scope="session")
def api_app(api_store: Path) -> Any:
    """One app for the session (its cache warms up across tests)."""
    from bubblelink.api import ApiSettings, create_app

    return create_app(ApiSettings(store=api_store))


@pytest.fixture()
def client(api_app: Any) -> Iterator[object]:
    """A TestClient of :func:`api_app`."""
    from fastapi.testclient import TestClient

    with TestClient(api_app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(name="cli")
def cli_fixture(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """``cli("series", "list", ...)`` → exit code, stdout, stderr (the real entry point)."""
    from tests.clirunner import cli

    return cli(capsys, monkeypatch)


@pytest.fixture()
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store location; BUBBLELINK_HOME points at the temp dir too."""
    monkeypatch.setenv("BUBBLELINK_HOME", str(tmp_path / "home"))
    return tmp_path / "store.duckdb"
