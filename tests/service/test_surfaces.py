"""Every question has the same parameters on the CLI and the API (one model, two surfaces).

For each API endpoint, the CLI command of the same name takes exactly the fields of the
endpoint's parameter model, except the differences listed (and justified) below.
"""

from __future__ import annotations

from typing import Any

import typer

from bubblelink.api.routes.registry import ENDPOINTS
from bubblelink.cli.app import app

#: CLI-only options: output formatting and the store (the API serves one store).
CLI_ONLY_COMMON = {"fmt", "store"}
#: Per command: (CLI name → model field) renames, CLI-only options, API-only fields.
DIFFERENCES: dict[str, tuple[dict[str, str], set[str], set[str]]] = {
    # the event study's files are local paths: the API reads only the shipped catalog
    "event": ({"more": "targets"}, {"events_file", "shares"}, {"event_id"}),
    # how many rows of a long rolling table a terminal shows
    "spillover": ({}, {"tail"}, set()),
    # --file names a scenario file or shipped name; the model calls it ``scenario``
    "scenario": ({"file": "scenario"}, set(), set()),
    # ``--below 70000 60000``: the prices after the first arrive as extra arguments
    "scenario-run": ({}, {"more_below"}, set()),
    # BTC vs liquidity alone is the ``--btc`` part of ``liquidity``; global M2 alone
    # (/api/liquidity/global) is its ``--global`` part (also ``global_m2`` on /api/liquidity)
    "liquidity": ({}, set(), set()),
}
#: Endpoints without a CLI command of the same parameters.
NOT_CLI = {"liquidity-btc", "liquidity-global", "summary"}


def _commands() -> dict[str, Any]:
    """The CLI's commands (typer's click group; typer vendors its own click)."""
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _command(name: str) -> Any:
    """A command, or a subcommand written with a space (``scenario run``)."""
    group, *sub = name.split()
    command = _commands()[group]
    for part in sub:
        command = command.commands[part]
    return command


def test_cli_options_equal_the_api_parameters() -> None:
    for endpoint in ENDPOINTS:
        if endpoint.name in NOT_CLI:
            continue
        renames, cli_only, api_only = DIFFERENCES.get(endpoint.name, ({}, set(), set()))
        command = _command(endpoint.command or endpoint.name)
        cli = {renames.get(p.name or "", p.name) for p in command.params}
        cli -= CLI_ONLY_COMMON | cli_only
        fields = set(endpoint.params.model_fields) - api_only
        assert cli == fields, (endpoint.name, sorted(cli ^ fields))


def test_every_cli_read_command_has_asof() -> None:
    commands = _commands()
    for name in ("corr", "beta", "tails", "contagion", "dcc", "regimes", "spillover",
                 "leadlag", "event", "perf", "drawdowns", "liquidity", "risk", "scenario",
                 "claims", "report"):  # fmt: skip
        options = {o for p in commands[name].params for o in p.opts}
        assert "--asof" in options, name
    for name in ("corr", "beta", "tails", "contagion", "dcc", "regimes", "spillover",
                 "leadlag", "event"):  # fmt: skip
        options = {o for p in commands[name].params for o in p.opts}
        assert "--returns" in options, name
