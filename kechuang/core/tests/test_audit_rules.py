"""Rules of the audit chain beyond tamper detection (``kechuang/core/audit.py``), one rule per test.

Written as properties of the chain: what is stored is what is hashed, the hash format is stable, every
writer (single, bulk, bulk without ids, security events) links to the record before it, and the
verifier walks the whole chain whatever its batch size.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from types import SimpleNamespace

import pytest
from django.db import transaction

from kechuang.core.audit import (
    GENESIS_HASH,
    AuditEntry,
    audit_log,
    audit_log_many,
    audit_verify,
    compute_hash,
    security_event,
    snapshot,
    to_jsonable,
)
from kechuang.core.models import AuditRecord
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_rule_stored_values_are_plain_json_of_each_python_type():
    org = OrganizationFactory()
    when = dt.datetime(2026, 12, 5, 8, 30, tzinfo=dt.UTC)
    value = to_jsonable(
        {
            "when": when,
            "day": dt.date(2026, 12, 5),
            "at": dt.time(8, 30),
            "money": decimal.Decimal("12.50"),
            "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
            "org": org,
            "tags": {"b", "a", "c"},
            "frozen": frozenset({2, 1}),
            "other": SimpleNamespace(x=1),
            "名称": "光华",
        }
    )
    assert value == {
        "when": "2026-12-05T08:30:00+00:00",
        "day": "2026-12-05",
        "at": "08:30:00",
        "money": "12.50",
        "id": "12345678-1234-5678-1234-567812345678",
        "org": org.pk,
        "tags": ["a", "b", "c"],
        "frozen": [1, 2],
        "other": "namespace(x=1)",
        "名称": "光华",
    }
    assert to_jsonable(None) is None
    assert to_jsonable({}) == {}


def test_rule_snapshot_takes_concrete_fields_by_column_and_only_those_asked():
    org = OrganizationFactory()
    full = snapshot(org)
    assert full["id"] == org.pk and full["region_id"] == org.region_id and "region" not in full
    assert full["name"] == org.name
    assert snapshot(org, ["name"]) == {"name": org.name}
    assert snapshot(org, ["name", "region"]) == {"name": org.name, "region_id": org.region_id}
    assert snapshot(org, []) == {}


def test_rule_the_hash_format_is_fixed_so_stored_chains_stay_verifiable():
    # sha256 of prev + canonical JSON (keys sorted, no spaces, UTF-8 kept): pinned digest.
    payload = {"b": 1, "a": "光华", "c": [1, 2]}
    digest = compute_hash(prev_hash=GENESIS_HASH, payload=payload)
    assert digest == "6a284db1e62a926fa4f5d8a511659269f3b35bfb35e014baf78ce43c3418b740"
    assert digest == compute_hash(prev_hash=GENESIS_HASH, payload={"c": [1, 2], "a": "光华", "b": 1})
    assert digest != compute_hash(prev_hash="1" * 64, payload=payload)
    assert digest != compute_hash(prev_hash=GENESIS_HASH, payload={**payload, "b": 2})


def test_rule_first_record_links_to_genesis_and_each_next_to_the_one_before():
    assert GENESIS_HASH == "0" * 64
    org = OrganizationFactory()
    AuditRecord.objects.all().delete()
    with transaction.atomic():
        first = audit_log(actor=None, action="test.a", target=org)
    with transaction.atomic():
        second = audit_log(actor=None, action="test.b", target=org)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.record_hash != second.record_hash


def test_rule_a_bulk_write_chains_its_records_in_order():
    org = OrganizationFactory()
    with transaction.atomic():
        before = audit_log(actor=None, action="test.a", target=org)
        records = audit_log_many(
            actor=None,
            entries=[AuditEntry("test.b", org, before={"i": 1}), AuditEntry("test.c", org, after={"i": 2})],
        )
    assert [r.action for r in records] == ["test.b", "test.c"]
    assert records[0].prev_hash == before.record_hash
    assert records[1].prev_hash == records[0].record_hash
    assert all(r.pk for r in records)
    stored = list(AuditRecord.objects.filter(action__in=["test.b", "test.c"]).order_by("id"))
    assert [(r.before, r.after) for r in stored] == [({"i": 1}, None), (None, {"i": 2})]
    assert audit_verify()[1] is None


def test_rule_a_bulk_write_without_ids_is_still_in_the_verified_chain():
    org = OrganizationFactory()
    with transaction.atomic():
        audit_log(actor=None, action="test.a", target=org)
        records = audit_log_many(
            actor=None,
            entries=[AuditEntry("test.bulk", org, after={"i": i}) for i in range(3)],
            need_ids=False,
        )
        audit_log(actor=None, action="test.z", target=org)
    assert len(records) == 3 and all(r.pk is None for r in records)
    assert AuditRecord.objects.filter(action="test.bulk").count() == 3
    checked, broken = audit_verify()
    assert broken is None and checked == AuditRecord.objects.count()


def test_rule_a_bulk_write_outside_a_transaction_is_refused():
    org = OrganizationFactory()
    with pytest.raises(RuntimeError, match=r"^audit_log must be called inside a transaction$"):
        # pytest-django wraps the test in an atomic block; step outside it to check the guard.
        connection = transaction.get_connection()
        saved = connection.in_atomic_block
        connection.in_atomic_block = False
        try:
            audit_log_many(actor=None, entries=[AuditEntry("test.x", org)])
        finally:
            connection.in_atomic_block = saved


def test_rule_the_record_names_who_did_it():
    org = OrganizationFactory(name="光华科技")
    named = UserFactory(display_name="张三")
    unnamed = UserFactory(display_name="", username="li_si")
    with transaction.atomic():
        by_named = audit_log(actor=named, action="test.a", target=org)
        by_unnamed = audit_log(actor=unnamed, action="test.a", target=org)
        by_system = audit_log(actor=None, action="test.a", target=org)
        unsaved = UserFactory.build(display_name="王五")
        by_unsaved = audit_log(actor=unsaved, action="test.a", target=org)
    assert (by_named.actor_id, by_named.actor_label) == (named.pk, "张三")
    assert (by_unnamed.actor_id, by_unnamed.actor_label) == (unnamed.pk, "li_si")
    assert (by_system.actor_id, by_system.actor_label) == (None, "system")
    assert (by_unsaved.actor_id, by_unsaved.actor_label) == (None, "王五")
    assert by_named.target_type == "registry.organization"
    assert by_named.target_id == str(org.pk) and by_named.target_label == str(org)


def test_rule_a_long_target_name_is_cut_to_the_column():
    org = OrganizationFactory()
    org.name = "长" * 300
    with transaction.atomic():
        record = audit_log(actor=None, action="test.a", target=org)
    assert record.target_label == str(org)[:255] and len(record.target_label) == 255


@pytest.mark.parametrize("batch_size", [1, 2, 3, 5000])
def test_rule_verify_walks_the_whole_chain_whatever_the_batch(batch_size):
    org = OrganizationFactory()
    for i in range(5):
        with transaction.atomic():
            audit_log(actor=None, action="test.a", target=org, after={"i": i})
    total = AuditRecord.objects.count()
    assert audit_verify(batch_size=batch_size) == (total, None)
    last = AuditRecord.objects.order_by("-id").first()
    AuditRecord.objects.filter(id=last.id).update(after={"i": -1})
    checked, broken = audit_verify(batch_size=batch_size)
    assert broken is not None and (broken.record_id, checked) == (last.id, total - 1)


def test_rule_a_security_event_joins_the_chain_with_or_without_a_target():
    org = OrganizationFactory()
    user = UserFactory(display_name="张三")
    with transaction.atomic():
        audit_log(actor=None, action="test.a", target=org)
    unknown = security_event(
        action="security.signin_failed", label="nobody" + "x" * 300, details={"ip": "1.2.3.4"}
    )
    known = security_event(action="security.locked", target=user, actor=user)
    assert (unknown.target_type, unknown.target_id) == ("security", "")
    assert unknown.target_label == ("nobody" + "x" * 300)[:255]
    assert (unknown.actor_id, unknown.actor_label, unknown.before, unknown.after) == (
        None,
        "system",
        None,
        {"ip": "1.2.3.4"},
    )
    assert (known.target_type, known.target_id, known.target_label) == (
        "accounts.user",
        str(user.pk),
        str(user),
    )
    assert (known.actor_id, known.actor_label) == (user.pk, "张三")
    assert known.prev_hash == unknown.record_hash and AuditRecord.objects.filter(pk=known.pk).exists()
    assert audit_verify()[1] is None


def test_rule_an_actor_without_a_display_name_is_named_by_username():
    org = OrganizationFactory()
    robot = SimpleNamespace(pk=None, get_username=lambda: "importer")
    with transaction.atomic():
        record = audit_log(actor=robot, action="test.a", target=org)
    assert (record.actor_id, record.actor_label) == (None, "importer")


def test_rule_a_security_event_names_what_happened_and_who_without_a_saved_account():
    event = security_event(action="security.refused", actor=UserFactory.build(display_name="王五"))
    assert (event.action, event.actor_id, event.actor_label, event.target_label) == (
        "security.refused",
        None,
        "王五",
        "",
    )
    assert AuditRecord.objects.get(pk=event.pk).action == "security.refused"


class _Cursor:
    def __init__(self, calls):
        self.calls = calls

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql, params):
        self.calls.append((sql, params))


def test_rule_on_postgresql_the_chain_is_locked_before_the_previous_hash_is_read(monkeypatch):
    from kechuang.core import audit

    calls: list = []
    fake = SimpleNamespace(vendor="postgresql", cursor=lambda: _Cursor(calls))
    monkeypatch.setattr(audit, "connection", fake)
    assert audit._lock_chain() in {GENESIS_HASH, *AuditRecord.objects.values_list("record_hash", flat=True)}
    assert calls == [("SELECT pg_advisory_xact_lock(%s)", [audit._ADVISORY_LOCK_KEY])]
    calls.clear()
    monkeypatch.setattr(audit, "connection", SimpleNamespace(vendor="sqlite", cursor=lambda: _Cursor(calls)))
    audit._lock_chain()
    assert calls == []  # SQLite writes are serialised already


def test_rule_a_record_keeps_the_before_and_after_it_was_given():
    org = OrganizationFactory()
    with transaction.atomic():
        record = audit_log(actor=None, action="test.a", target=org, before={"n": 1}, after={"n": 2})
    stored = AuditRecord.objects.get(pk=record.pk)
    assert (stored.action, stored.before, stored.after) == ("test.a", {"n": 1}, {"n": 2})


def test_rule_the_hashed_time_is_utc_so_the_chain_verifies_in_any_time_zone():
    from kechuang.core.audit import _payload

    shanghai = dt.timezone(dt.timedelta(hours=8))
    record = AuditRecord(created_at=dt.datetime(2026, 12, 5, 16, 30, tzinfo=shanghai))
    assert _payload(record)["created_at"] == "2026-12-05T08:30:00.000000+00:00"
