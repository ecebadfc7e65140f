"""Helpers for the ``transaction=True`` tests of writes that must be all or nothing (issue 19).

Inside pytest-django's usual per-test transaction a missing ``@transaction.atomic`` goes unnoticed: the
test's own transaction rolls everything back. These tests commit for real, make the service fail at its
last step — right after it wrote its audit record — and check that nothing it wrote is left.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from django.db import models

from kechuang.core.audit import audit_verify
from kechuang.core.models import AuditRecord


class Boom(Exception):
    """The failure injected after the service's audit record."""


def fail_after_audit(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str = "audit_log") -> None:
    """Make ``module.<name>`` write its audit record(s), then raise :class:`Boom`."""
    real: Callable[..., Any] = getattr(module, name)

    def audit_then_fail(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise Boom

    monkeypatch.setattr(module, name, audit_then_fail)


def counts(*models_: type[models.Model]) -> tuple[int, ...]:
    """Row counts of the given models and of the audit log."""
    return (*(m._default_manager.count() for m in models_), AuditRecord.objects.count())


def assert_chain_intact() -> None:
    """The audit chain still verifies (no orphan or half-written record)."""
    assert audit_verify()[1] is None
