"""Helpers for API tests: a signed-in client and envelope assertions."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient


def client_for(user: Any | None) -> APIClient:
    """An API client signed in with a real session (so permissions are computed per request, as in use)."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def assert_error(response: Any, status: int, message: str) -> dict[str, Any]:
    """The response is the one error envelope with exactly this status and message."""
    body = response.json()
    assert response.status_code == status, (response.status_code, body)
    assert set(body) == {"message", "extra"}, body
    assert body["message"] == message, body["message"]
    return body["extra"]
