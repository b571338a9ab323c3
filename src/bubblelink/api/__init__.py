"""The REST API and dashboard (FastAPI): ``create_app(ApiSettings(store=..., token=...))``."""

from bubblelink.api.app import create_app
from bubblelink.api.settings import ApiSettings, check_bind, resolve_token

__all__ = ["ApiSettings", "check_bind", "create_app", "resolve_token"]
