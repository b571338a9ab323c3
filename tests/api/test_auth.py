"""Bearer auth: case-insensitive scheme, token strength on public binds, token from env/file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bubblelink.api import ApiSettings, check_bind, create_app, resolve_token
from bubblelink.api.settings import MIN_TOKEN_LENGTH
from bubblelink.errors import ConfigError
from tests.clirunner import CliRunner

TOKEN = "k9-Vq2xLr7Tz4mWp8Yb3"


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (f"Bearer {TOKEN}", 200),
        (f"bearer {TOKEN}", 200),
        (f"BEARER {TOKEN}", 200),
        (f"bEaReR   {TOKEN}", 200),
        (f"Bearer {TOKEN}x", 401),
        (f"Bearer {TOKEN[:-1]}", 401),
        (f"Basic {TOKEN}", 401),
        (TOKEN, 401),
        ("Bearer", 401),
        ("", 401),
    ],
)
def test_bearer_scheme_is_case_insensitive(api_store: Path, header: str, status: int) -> None:
    app = create_app(ApiSettings(store=api_store, token=TOKEN))
    headers = {"Authorization": header} if header else {}
    with TestClient(app) as c:
        assert c.get("/api/health", headers=headers).status_code == status


def test_public_bind_needs_a_strong_token() -> None:
    assert MIN_TOKEN_LENGTH == 16
    check_bind("127.0.0.1", "short")  # loopback: any token, or none
    for weak in ("t", "x" * 15, "has a space in it!!"):
        with pytest.raises(ConfigError, match="at least 16 characters"):
            check_bind("0.0.0.0", weak)
    check_bind("0.0.0.0", "x" * 16)
    check_bind("192.0.2.7", TOKEN)


def test_token_from_file_env_or_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUBBLELINK_API_TOKEN", "  from-env-0123456789  \n")
    assert resolve_token(None) == "from-env-0123456789"
    file = tmp_path / "token"
    file.write_text(TOKEN + "\n", encoding="utf-8")
    assert resolve_token(None, file) == TOKEN
    assert resolve_token("given", None) == "given"
    with pytest.raises(ConfigError, match="not both"):
        resolve_token("given", file)
    with pytest.raises(ConfigError, match="cannot read the token file"):
        resolve_token(None, tmp_path / "missing")
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is empty"):
        resolve_token(None, tmp_path / "empty")
    monkeypatch.setenv("BUBBLELINK_API_TOKEN", "   ")
    assert resolve_token(None) is None


def test_cli_serve_rejects_weak_or_unreadable_tokens(
    cli: CliRunner, api_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUBBLELINK_API_TOKEN", "weak")
    result = cli("serve", "--host", "0.0.0.0", "--store", api_store)
    assert result.code == 2 and "at least 16 characters" in result.err
    assert len(result.err.strip().splitlines()) == 1 and "weak" not in result.err
    monkeypatch.delenv("BUBBLELINK_API_TOKEN")
    result = cli(
        "serve", "--host", "0.0.0.0", "--token-file", tmp_path / "nope", "--store", api_store
    )
    assert result.code == 2 and "cannot read the token file" in result.err
