"""The audited-update helpers every app's services share: ``diff``, ``audit_changes``, ``set_flag``."""

import pytest
from django.db import transaction

from kechuang.core.audit import audit_changes, diff, set_flag, snapshot
from kechuang.core.models import AuditRecord
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_diff_keeps_only_changed_fields_and_leaves_out_the_ignored():
    before = {"name": "甲", "kind": "a", "updated_at": 1, "version": 1}
    after = {"name": "乙", "kind": "a", "updated_at": 2, "version": 2, "hosts": "丙"}
    assert diff(before, after) == (
        {"name": "甲", "version": 1, "hosts": None},
        {"name": "乙", "version": 2, "hosts": "丙"},
    )
    assert diff(before, after, ignore=("updated_at", "version", "hosts")) == ({"name": "甲"}, {"name": "乙"})
    assert diff(before, dict(before)) == ({}, {})


def test_audit_changes_records_the_changed_fields_once_and_nothing_when_nothing_changed():
    actor = UserFactory()
    department = DepartmentFactory()
    with transaction.atomic():
        before = snapshot(department)
        department.name = "新名称"
        department.save()
        assert audit_changes(actor=actor, action="test.update", target=department, before=before) == {
            "name": "新名称"
        }
        assert (
            audit_changes(actor=actor, action="test.update", target=department, before=snapshot(department))
            == {}
        )
    record = AuditRecord.objects.get(action="test.update")
    assert record.after == {"name": "新名称"} and record.before == {"name": before["name"]}


def test_set_flag_writes_and_audits_only_a_real_change():
    actor = UserFactory()
    department = DepartmentFactory(is_active=True)
    with transaction.atomic():
        assert set_flag(department, value=True, actor=actor, action="test.on") is False
        assert set_flag(department, value=False, actor=actor, action="test.off") is True
    department.refresh_from_db()
    assert department.is_active is False
    assert list(
        AuditRecord.objects.filter(action__startswith="test.").values_list("action", "before", "after")
    ) == [("test.off", {"is_active": True}, {"is_active": False})]
