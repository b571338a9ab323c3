"""The dashboard with a token: /login sets a session cookie, / redirects there, /logout;
dates outside the stored data; credentials masked in messages."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bubblelink.api import ApiSettings, create_app
from bubblelink.api.auth import COOKIE

TOKEN = "k9-Vq2xLr7Tz4mWp8Yb3"


@pytest.fixture()
def locked(api_store: Path) -> Any:
    with TestClient(create_app(ApiSettings(store=api_store, token=TOKEN))) as c:
        yield c


def test_unauthenticated_dashboard_redirects_to_the_login_form(locked: Any) -> None:
    page = locked.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"
    form = locked.get("/login")
    assert form.status_code == 200
    assert '<form method="post" action="/login">' in form.text
    assert 'name="token" type="password"' in form.text
    assert "default-src 'none'" in form.headers["content-security-policy"]
    assert 'class="error"' not in form.text
    assert locked.get("/api/health").status_code == 401  # the API still answers 401


def test_wrong_token_shows_one_error_and_sets_no_cookie(locked: Any) -> None:
    answer = locked.post("/login", data={"token": TOKEN + "x"}, follow_redirects=False)
    assert answer.status_code == 401
    assert answer.text.count('class="error"') == 1 and "Wrong token" in answer.text
    assert COOKIE not in answer.headers.get("set-cookie", "")
    assert TOKEN not in answer.text
    empty = locked.post("/login", data={}, follow_redirects=False)
    assert empty.status_code == 401
    huge = locked.post("/login", data={"token": "x" * 10_000}, follow_redirects=False)
    assert huge.status_code == 401


def test_login_sets_a_strict_httponly_cookie_that_opens_page_and_api(locked: Any) -> None:
    answer = locked.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/"):
        assert attribute.lower() in cookie.lower()
    value = cookie.split(";")[0].split("=", 1)[1]
    expected = hmac.new(TOKEN.encode(), b"bubblelink session", hashlib.sha256).hexdigest()
    assert value == expected and TOKEN not in cookie  # an HMAC of the token, not the token
    assert locked.get("/").status_code == 200  # the client keeps the cookie
    assert locked.get("/api/health").status_code == 200
    assert locked.get("/api/corr?window=30").status_code == 200
    out = locked.get("/logout", follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert f'{COOKIE}=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
    locked.cookies.clear()
    assert locked.get("/", follow_redirects=False).status_code == 303


def test_a_forged_or_stale_cookie_is_refused(api_store: Path) -> None:
    with TestClient(create_app(ApiSettings(store=api_store, token=TOKEN))) as c:
        for forged in (TOKEN, "0" * 64, "", "a;b"):
            c.cookies.set(COOKIE, forged)
            assert c.get("/api/health").status_code == 401, forged
            c.cookies.clear()
    old = hmac.new(b"the-previous-token-1234", b"bubblelink session", hashlib.sha256).hexdigest()
    with TestClient(create_app(ApiSettings(store=api_store, token=TOKEN))) as c:
        c.cookies.set(COOKIE, old)
        assert c.get("/api/health").status_code == 401  # a new token ends old sessions


def test_without_a_token_login_leads_to_the_dashboard(client: Any) -> None:
    assert client.get("/login", follow_redirects=False).headers["location"] == "/"
    assert client.get("/").status_code == 200


def test_bearer_header_still_works_with_cookies_around(locked: Any) -> None:
    ok = locked.get("/api/health", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200


# -- dates outside the stored data ----------------------------------------------------------


def _stored_range(client: Any, series: str) -> tuple[str, str]:
    rows = client.get("/api/series").json()["series"]
    row = next(r for r in rows if r["series"] == series)
    return str(row["first"])[:10], str(row["last"])[:10]


@pytest.mark.parametrize("where", ["end_before_first", "start_after_last", "as_of_before_first"])
def test_a_window_outside_the_stored_data_is_a_422_naming_the_range(
    client: Any, where: str
) -> None:
    import datetime as dt

    first, last = _stored_range(client, "BTC-USD")
    before = (dt.date.fromisoformat(first) - dt.timedelta(days=30)).isoformat()
    after = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()
    query = {
        "end_before_first": {"end": before},
        "start_after_last": {"start": after},
        "as_of_before_first": {"as_of": before},
    }[where]
    for path in ("/api/corr", "/api/beta", "/api/tails"):
        answer = client.get(path, params=query)
        assert answer.status_code == 422, (path, answer.text)
        detail = answer.json()["detail"]
        assert f"BTC-USD: {first}..{last}" in detail, detail
        assert "pick dates inside the stored range" in detail and len(detail.splitlines()) == 1


def test_claims_as_of_before_their_periods_say_so(client: Any) -> None:
    notes = client.get("/api/claims?as_of=1999-01-04").json()["notes"]
    checkable = [n for n in notes if "not_checkable" in n]
    assert checkable and not any("swap them" in n for n in notes)
    assert any("after the as-of date 1999-01-04" in n for n in checkable)


# -- credentials in URLs ----------------------------------------------------------------------


def test_credentials_in_a_url_parameter_are_masked_in_the_answer(client: Any) -> None:
    answer = client.get(
        "/api/claims", params={"file": "https://me:hunter2@evil.example/x.yaml?token=abc"}
    )
    assert answer.status_code == 422
    assert "hunter2" not in answer.text and "abc" not in answer.text
    assert "https://***@evil.example/x.yaml?token=***" in answer.json()["detail"]


def test_redact_urls_masks_every_url_in_a_text() -> None:
    from bubblelink.service.redaction import redact_urls

    text = "a https://u:p@h.example/x?key=k&b=1 and ftp://x@y, not this@that"
    assert redact_urls(text) == (
        "a https://***@h.example/x?key=***&b=1 and ftp://***@y, not this@that"
    )
    assert redact_urls("no url here") == "no url here"
