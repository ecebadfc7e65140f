"""Every application path asks the one integrity rule (registry.services.ensure_can_apply): an organization
on a 失信 list in force is refused — a policy claim, a program application, a voucher issued to it — and a
quality credit grade D puts it on the list by itself and takes it off when the grade improves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.registry.models import IntegrityRecord
from kechuang.registry.services import ensure_can_apply
from kechuang.registry.services_integrity import integrity_record_add
from tests import app_factories as af

pytestmark = pytest.mark.django_db


def _block(cast):  # type: ignore[no-untyped-def]
    return integrity_record_add(
        actor=cast.officer,
        organization=cast.org,
        kind="research",
        reason="在项目申报中提供虚假材料",
        starts_on=timezone.localdate(),
    )


def test_program_application_refused(cast):
    from kechuang.programs import services

    topic = af.TopicFactory(funding_cap=Decimal("100"), co_funding_ratio=Decimal("1"))
    _block(cast)
    with pytest.raises(ApplicationError, match="科研失信行为"):
        services.application_create(
            topic=topic,
            organization=cast.org,
            actor=cast.org_admin,
            title="车规级功率芯片研发及产业化",
            leader_name="李四",
            leader_identifier="220102198001011234",
        )


def test_policy_claim_refused(cast):
    from kechuang.policies.services.claims import claim_start

    measure = af.MeasureFactory(mode="apply")
    _block(cast)
    with pytest.raises(ApplicationError, match="科研失信行为"):
        claim_start(measure=measure, organization=cast.org, actor=cast.org_admin)


def test_voucher_not_issued_to_a_listed_enterprise(cast):
    from kechuang.resources.services.vouchers import scheme_create, voucher_issue

    today = timezone.localdate()
    scheme = scheme_create(
        actor=cast.officer,
        department=cast.officer.officer_assignments.get().department,
        name="2026年度长春市科技创新券",
        year=2026,
        budget=Decimal("100000"),
        share_percent=Decimal("50"),
        cap_per_enterprise=Decimal("30000"),
        valid_from=today - dt.timedelta(days=10),
        valid_until=today + dt.timedelta(days=200),
    )
    _block(cast)
    with pytest.raises(ApplicationError, match=cast.org.name):
        voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=Decimal("1000"))
    assert not scheme.vouchers.exists()


def test_quality_credit_d_lists_and_a_better_grade_lifts(cast):
    from kechuang.quality.services.credit import credit_event_create, credit_event_delete

    event = credit_event_create(
        organization=cast.org,
        actor=cast.officer,
        kind="major_penalty",
        occurred_on=timezone.localdate() - dt.timedelta(days=30),
        source="长市监罚〔2026〕8号",
    )
    record = IntegrityRecord.objects.get(organization=cast.org)
    assert record.kind == "quality_credit" and record.source_key == "quality_credit"
    with pytest.raises(ApplicationError, match="质量信用D级"):
        ensure_can_apply(cast.org)
    credit_event_delete(event=event, actor=cast.officer)
    record.refresh_from_db()
    assert record.lifted_on is not None
    ensure_can_apply(cast.org)
