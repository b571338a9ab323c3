"""The alert monitor: YAML rules in a small safe expression language, evaluated on stored
data, one alert per episode, delivered to stdout, a JSON-lines file or a webhook.

State (evaluations, alerts, pending deliveries) lives in the monitor's own tables of the
store, so runs are idempotent and a killed loop restarts without duplicate alerts.
"""

from bubblelink.monitor._evaluate import Evaluation, RuleData, evaluate_rule
from bubblelink.monitor._expr import FUNCTIONS, RuleSyntaxError, parse_rule, series_in
from bubblelink.monitor._rules import Rule, default_rules_path, load_rules
from bubblelink.monitor._runner import MonitorRunResult, parse_period, run_every, run_once
from bubblelink.monitor._sinks import (
    DeliveryError,
    JsonlSink,
    Sink,
    StdoutSink,
    WebhookSink,
    parse_sink,
)
from bubblelink.monitor._state import ensure_schema, table

__all__ = [
    "FUNCTIONS",
    "DeliveryError",
    "Evaluation",
    "JsonlSink",
    "MonitorRunResult",
    "Rule",
    "RuleData",
    "RuleSyntaxError",
    "Sink",
    "StdoutSink",
    "WebhookSink",
    "default_rules_path",
    "ensure_schema",
    "evaluate_rule",
    "load_rules",
    "parse_period",
    "parse_rule",
    "parse_sink",
    "run_every",
    "run_once",
    "series_in",
    "table",
]
