"""Fixtures of the API tests live in ``tests/conftest.py`` (api_store, api_app, client)."""
