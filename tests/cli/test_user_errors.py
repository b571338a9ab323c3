"""User errors through the real CLI entry point: exit code 2, one stderr line, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bubblelink.monitor._sinks import check_webhook_url
from bubblelink.providers.http import redact_url
from tests.clirunner import CliResult, CliRunner


def _one_line_error(result: CliResult) -> str:
    assert result.code == 2, (result.code, result.err)
    assert "Traceback" not in result.err and "Traceback" not in result.out
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    return lines[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shares_outstanding: [unclosed\n", "invalid YAML"),
        ("shares_outstanding: !!python/object:os.system {}\n", "is not allowed"),
        ("shares_outstanding: !custom 1\n", "is not allowed"),
        ("shares_outstanding:\n  NVDA:\n    - {date: 2025-02-30, shares: 5}\n", "valid date"),
    ],
)
def test_event_shares_file_bad_yaml(
    cli: CliRunner, sample_store: Path, tmp_path: Path, text: str, expected: str
) -> None:
    shares = tmp_path / "shares.yaml"
    shares.write_text(text, encoding="utf-8")
    result = cli("event", "ORCL", "--date", "2025-12-11", "--targets", "NVDA", "--value-moved",
                 "--shares", shares, "--store", sample_store)  # fmt: skip
    line = _one_line_error(result)
    assert str(shares) in line and expected in line


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http:///etc/passwd", "no valid host"),
        ("https://", "no valid host"),
        ("ftp://user:hunter2@example.com/x", "must start with http:// or https://"),
        ("http://user:hunter2@example.com:99999/x", "not a valid URL"),
        ("http://user:hunter2@example.com:port/x", "not a valid URL"),
    ],
)
def test_monitor_webhook_url_checked_and_masked(
    cli: CliRunner, store_path: Path, url: str, expected: str
) -> None:
    result = cli("monitor", "run", "--sink", f"webhook:{url}", "--store", store_path)
    line = _one_line_error(result)
    assert expected in line
    assert "hunter2" not in result.err + result.out


def test_unknown_sink_masks_credentials(cli: CliRunner, store_path: Path) -> None:
    result = cli(
        "monitor", "run", "--sink", "webhooks:https://u:hunter2@h/x", "--store", store_path
    )
    line = _one_line_error(result)
    assert "unknown sink" in line and "hunter2" not in line


def test_redact_url_masks_userinfo_and_secret_params() -> None:
    assert redact_url("https://u:p@h.example:8443/a?token=t&x=1") == (
        "https://***@h.example:8443/a?token=***&x=1"
    )
    assert redact_url("https://h.example/a") == "https://h.example/a"
    assert check_webhook_url("https://me:pw@hooks.example/x") == "https://***@hooks.example/x"
