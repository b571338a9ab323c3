"""Reliability tests at scale: crash safety under kill -9 (issue 16)."""
