"""Issue 10: the chain's head anchored outside the database; ``audit_verify --anchor`` detects a chain cut
after the anchor (which the chain alone cannot see) and a rebuilt chain, and refuses a forged anchor."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from kechuang.core.audit import audit_log, audit_verify
from kechuang.core.models import AuditRecord
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
KEY = "k" * 40


def _write(n: int) -> None:
    actor = UserFactory()
    org = OrganizationFactory()
    for i in range(n):
        with transaction.atomic():
            audit_log(actor=actor, action="test.write", target=org, after={"i": i})


@pytest.fixture
def anchored(tmp_path):  # type: ignore[no-untyped-def]
    with override_settings(KECHUANG_AUDIT_ANCHOR_KEY=KEY):
        _write(4)
        call_command("audit_anchor", str(tmp_path))
        (path,) = tmp_path.glob("audit-anchor-*.json")
        yield path


def test_the_anchor_names_the_head_and_verifies(anchored):
    data = json.loads(anchored.read_text())
    head = AuditRecord.objects.order_by("-id").first()
    assert (data["sequence"], data["hash"], data["records"]) == (head.pk, head.record_hash, 4)
    _write(2)  # the chain grows after the anchor: still fine
    call_command("audit_verify", "--anchor", str(anchored))


def test_truncation_after_the_anchor_is_detected(anchored):
    """Deleting the newest records leaves a chain that verifies on its own — but not against the anchor."""
    head = AuditRecord.objects.order_by("-id").first()
    AuditRecord.objects.filter(pk__gte=head.pk - 1).delete()
    assert audit_verify()[1] is None  # the chain alone cannot tell
    with pytest.raises(CommandError, match="is missing: the chain was truncated or rebuilt after the anchor"):
        call_command("audit_verify", "--anchor", str(anchored))


def test_a_rebuilt_chain_is_detected(anchored):
    head = AuditRecord.objects.order_by("-id").first()
    AuditRecord.objects.filter(pk=head.pk).update(record_hash="f" * 64)
    with pytest.raises(CommandError):
        call_command("audit_verify", "--anchor", str(anchored))
    AuditRecord.objects.filter(pk=head.pk).delete()
    _write(1)  # a new head with another id is not the anchored record
    with pytest.raises(CommandError, match="is missing"):
        call_command("audit_verify", "--anchor", str(anchored))


def test_a_forged_or_foreign_anchor_is_refused(anchored):
    data = json.loads(anchored.read_text())
    data["sequence"] = 1
    anchored.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="the signature does not match"):
        call_command("audit_verify", "--anchor", str(anchored))
    with (
        override_settings(KECHUANG_AUDIT_ANCHOR_KEY="z" * 40),
        pytest.raises(CommandError, match="another key"),
    ):
        call_command("audit_verify", "--anchor", str(anchored))


def test_no_key_no_anchor(tmp_path):
    with override_settings(KECHUANG_AUDIT_ANCHOR_KEY=""), pytest.raises(CommandError, match="at least 32"):
        call_command("audit_anchor", str(tmp_path))
    assert not list(tmp_path.iterdir())
