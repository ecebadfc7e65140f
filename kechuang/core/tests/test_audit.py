import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from kechuang.core.audit import audit_log, audit_verify
from kechuang.core.models import AuditRecord
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _write(n: int) -> None:
    actor = UserFactory()
    org = OrganizationFactory()
    for i in range(n):
        with transaction.atomic():
            audit_log(actor=actor, action="test.write", target=org, before={"i": i}, after={"i": i + 1})


def test_chain_verifies_when_untouched():
    _write(5)
    checked, broken = audit_verify()
    assert broken is None and checked == AuditRecord.objects.count() >= 5


def test_edit_in_the_middle_is_reported_at_that_record():
    _write(5)
    ids = list(AuditRecord.objects.order_by("id").values_list("id", flat=True))
    AuditRecord.objects.filter(id=ids[2]).update(after={"i": 999})
    checked, broken = audit_verify()
    assert broken is not None and broken.record_id == ids[2] and checked == 2
    assert broken.reason == "content does not match its hash"


def test_deleted_record_breaks_the_next_link():
    _write(4)
    ids = list(AuditRecord.objects.order_by("id").values_list("id", flat=True))
    AuditRecord.objects.filter(id=ids[1]).delete()
    _checked, broken = audit_verify()
    assert broken is not None and broken.record_id == ids[2]
    with pytest.raises(CommandError, match=f"audit chain broken at record {ids[2]}"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_audit_log_outside_transaction_is_refused():
    org = OrganizationFactory()
    with pytest.raises(RuntimeError):
        audit_log(actor=None, action="x", target=org)
