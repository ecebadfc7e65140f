"""Content-Security-Policy and Permissions-Policy headers; templates that keep to the policy; the admin
site's path from DJANGO_ADMIN_PATH."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_pages_send_csp_with_a_fresh_nonce_and_permissions_policy():
    first = Client().get("/")
    second = Client().get("/")
    csp = first["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert re.search(r"script-src 'self' 'nonce-[\w-]{20,}'(;|$)", csp)
    assert "unsafe-eval" not in csp and "script-src 'self' 'unsafe-inline'" not in csp
    assert csp != second["Content-Security-Policy"]  # a new nonce per response
    assert "camera=()" in first["Permissions-Policy"] and "geolocation=()" in first["Permissions-Policy"]
    api = Client().get("/api/v1/no-such/")
    assert "default-src 'self'" in api["Content-Security-Policy"]


def test_templates_keep_to_the_policy():
    """No inline event handlers (refused by the CSP), and every inline <script> carries the nonce."""
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)
    bad = []
    for path in (ROOT / "kechuang").rglob("*.html"):
        if "api_redoc" in path.name:
            continue  # the API docs page: its own policy (see kechuang/core/security_headers.py)
        text = path.read_text(encoding="utf-8")
        if handler.search(text):
            bad.append(f"{path.relative_to(ROOT)}: inline event handler")
        for attrs in inline_script.findall(text):
            if "{{ request.csp_nonce }}" not in attrs and "json_script" not in attrs:
                bad.append(f"{path.relative_to(ROOT)}: inline <script> without nonce")
    assert bad == []


def test_admin_path_from_the_environment():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.django.test", "DJANGO_ADMIN_PATH": "ops-7f3a"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "/ops-7f3a/", out.stderr[-2000:]
    env.pop("DJANGO_ADMIN_PATH")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "/admin/", out.stderr[-2000:]
