import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from kechuang.core.audit import _payload, audit_log, audit_verify
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


# Rule guarded: every column that goes into a record's hash is covered by the chain — changing any one of
# them, in any record, is reported by audit_verify at that record.
TAMPERS = {
    "actor_id": lambda r: {"actor_id": UserFactory().pk},
    "actor_label": lambda r: {"actor_label": r.actor_label + "x"},
    "action": lambda r: {"action": "test.forged"},
    "target_type": lambda r: {"target_type": "registry.department"},
    "target_id": lambda r: {"target_id": r.target_id + "0"},
    "target_label": lambda r: {"target_label": r.target_label + "x"},
    "before": lambda r: {"before": {"i": 999}},
    "after": lambda r: {"after": {"i": 999}},
    "created_at": lambda r: {"created_at": r.created_at + dt.timedelta(microseconds=1)},
}


def test_every_hashed_column_is_in_the_tamper_list():
    record = AuditRecord.objects.none().model(created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert set(_payload(record)) == {
        "actor_id",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "before",
        "after",
        "created_at",
    }
    assert set(_payload(record)) == set(TAMPERS)


@pytest.mark.parametrize("column", sorted(TAMPERS))
def test_tampering_any_hashed_column_is_detected(column):
    _write(5)
    ids = list(AuditRecord.objects.order_by("id").values_list("id", flat=True))
    target = AuditRecord.objects.get(id=ids[2])
    AuditRecord.objects.filter(id=target.id).update(**TAMPERS[column](target))
    checked, broken = audit_verify()
    assert broken is not None, f"tampering {column} went unnoticed"
    assert broken.record_id == ids[2] and checked == 2
    assert broken.reason == "content does not match its hash"


@pytest.mark.parametrize("column", ["prev_hash", "record_hash"])
def test_tampering_a_link_is_detected(column):
    _write(4)
    ids = list(AuditRecord.objects.order_by("id").values_list("id", flat=True))
    AuditRecord.objects.filter(id=ids[1]).update(**{column: "f" * 64})
    checked, broken = audit_verify()
    assert broken is not None and checked == 1
    if column == "prev_hash":
        assert (broken.record_id, broken.reason) == (ids[1], "prev_hash does not match the previous record")
    else:
        assert (broken.record_id, broken.reason) == (ids[1], "content does not match its hash")


def test_an_emptied_before_is_detected():
    _write(3)
    ids = list(AuditRecord.objects.order_by("id").values_list("id", flat=True))
    AuditRecord.objects.filter(id=ids[0]).update(before=None)
    _checked, broken = audit_verify()
    assert broken is not None and broken.record_id == ids[0]
