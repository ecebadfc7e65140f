"""Production settings pass Django's security deployment checklist with the documented environment, and
refuse to start without a secret key or host names.

CI runs the complete ``check --deploy`` (which also includes third-party deploy checks such as
drf-spectacular's schema warnings); this test pins what the settings are responsible for.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTED = {
    "DJANGO_SETTINGS_MODULE": "config.django.production",
    "DJANGO_SECRET_KEY": "k" * 10 + "-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "kechuang.example.cn",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://kechuang.example.cn",
}


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "security", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_security_deploy_checks_pass_without_warnings_when_the_environment_is_set():
    result = _check(DOCUMENTED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_missing_secret_key_or_hosts_refuses_to_start():
    no_key = _check({k: v for k, v in DOCUMENTED.items() if k != "DJANGO_SECRET_KEY"})
    assert no_key.returncode != 0
    assert "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters." in no_key.stderr
    no_hosts = _check({k: v for k, v in DOCUMENTED.items() if k != "DJANGO_ALLOWED_HOSTS"})
    assert no_hosts.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must list the host names the site is served under." in no_hosts.stderr
