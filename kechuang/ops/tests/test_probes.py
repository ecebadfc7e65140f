"""/healthz, /readyz, /metrics (hidden unless the token or an allowed address), request ids, JSON logs."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.cache import cache
from django.test import Client

from kechuang.ops.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_liveness_and_readiness_answer_with_each_dependency():
    client = Client()
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert set(checks) == {"database", "cache", "tasks", "indexes"}
    assert all(c["ok"] for c in checks.values())
    assert set(checks["indexes"]) >= {"achievements", "demands", "experts"}


def test_readiness_is_503_when_the_cache_does_not_answer(monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *a, **k: None)  # a cache that loses what it was given
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["checks"]["cache"]["ok"] is False


def test_metrics_are_hidden_without_the_token_or_an_allowed_address(settings):
    client = Client()
    assert client.get("/metrics").status_code == 404  # defaults: no token, no address
    settings.KECHUANG_METRICS_TOKEN = "s3cret-token-for-the-scraper"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    client.get("/healthz")  # something measured
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-for-the-scraper")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'kechuang_http_request_duration_seconds_bucket{le="0.01",method="GET",route="ops:healthz"' in text
    assert "kechuang_index_lag_changes" in text and "kechuang_task_queue_depth" in text


def test_metrics_from_an_allowed_address(settings):
    settings.KECHUANG_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="192.168.1.9").get("/metrics").status_code == 404


def test_every_answer_carries_a_request_id_and_keeps_a_sane_one_given():
    client = Client()
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-abc12345")["X-Request-ID"] == "nginx-abc12345"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n<script>")["X-Request-ID"] != "bad id\n<script>"


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord("kechuang.x", logging.ERROR, __file__, 1, "出错了 %s", ("一",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "出错了 一" and line["level"] == "ERROR" and line["request_id"] == "-"
