"""The integrity list (失信名单): one rule for every application path, kept by the region's authority.

Rules guarded here: an organization on a list in force may not apply, and is told which list, why and
until when; before the start, after the end and after lifting it may; only the authority over the
organization's region records and lifts decisions; bad input is refused whole; every write is audited;
an automatic record (quality credit D) is lifted only by its own rule.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.registry.models import IntegrityRecord
from kechuang.registry.services import ensure_can_apply
from kechuang.registry.services_integrity import integrity_record_add, integrity_record_lift, integrity_sync

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _add(cast, **kwargs):  # type: ignore[no-untyped-def]
    values = {
        "actor": cast.officer,
        "organization": cast.org,
        "kind": "research",
        "reason": "在项目申报中提供虚假材料",
        "document": "长科发〔2026〕12号",
        "authority": "长春市科学技术局",
        "starts_on": TODAY() - dt.timedelta(days=10),
        "ends_on": TODAY() + dt.timedelta(days=365),
        **kwargs,
    }
    return integrity_record_add(**values)


def test_a_record_in_force_bars_applying_and_says_why_and_until_when(cast):
    ensure_can_apply(cast.org)  # verified, no record: may apply
    record = _add(cast)
    with pytest.raises(ApplicationError) as caught:
        ensure_can_apply(cast.org)
    message = caught.value.message
    assert "科研失信行为" in message
    assert "在项目申报中提供虚假材料" in message
    assert "长科发〔2026〕12号" in message
    end = record.ends_on
    assert f"{end.year}年{end.month}月{end.day}日" in message
    assert caught.value.extra["integrity_records"] == [record.pk]


@pytest.mark.parametrize(
    ("starts", "ends", "blocked"),
    [
        (0, 0, True),  # a one-day period: that day is barred
        (1, 30, False),  # not started yet
        (-30, -1, False),  # ended yesterday
        (-30, None, True),  # open-ended
    ],
)
def test_the_period_is_inclusive_at_both_ends(cast, starts, ends, blocked):
    today = TODAY()
    _add(
        cast,
        starts_on=today + dt.timedelta(days=starts),
        ends_on=None if ends is None else today + dt.timedelta(days=ends),
    )
    if blocked:
        with pytest.raises(ApplicationError):
            ensure_can_apply(cast.org)
    else:
        ensure_can_apply(cast.org)


def test_lifting_restores_the_right_to_apply_and_keeps_the_record(cast):
    record = _add(cast)
    integrity_record_lift(actor=cast.officer, record=record, reason="处理决定已被撤销")
    ensure_can_apply(cast.org)
    record.refresh_from_db()
    assert record.lifted_on == TODAY() and record.lifted_reason == "处理决定已被撤销"
    assert list(
        AuditRecord.objects.filter(target_id=str(record.pk)).order_by("id").values_list("action", flat=True)
    ) == [
        "integrity.add",
        "integrity.lift",
    ]
    with pytest.raises(ApplicationError, match="已于"):
        integrity_record_lift(actor=cast.officer, record=record, reason="再次移出")


def test_only_the_authority_over_the_region_records_and_lifts(cast):
    for outsider in (cast.other_officer, cast.org_admin, cast.norole):
        with pytest.raises(ApplicationError, match="无权"):
            _add(cast, actor=outsider)
    assert not IntegrityRecord.objects.exists()
    record = _add(cast, actor=cast.admin)  # platform admin may
    with pytest.raises(ApplicationError, match="无权"):
        integrity_record_lift(actor=cast.other_officer, record=record, reason="越权")
    record.refresh_from_db()
    assert record.lifted_on is None


def test_bad_input_is_refused_whole_with_every_reason(cast):
    today = TODAY()
    with pytest.raises(ApplicationError) as caught:
        _add(
            cast,
            kind="nonsense",
            reason="\u200b\u200b",
            starts_on=today,
            ends_on=today - dt.timedelta(days=1),
        )
    message = caught.value.message
    assert "请选择失信类别" in message
    assert "请填写失信事实" in message
    assert "截止日不能早于起始日" in message
    with pytest.raises(ApplicationError, match="限制申报起始日应在"):
        _add(cast, starts_on=dt.date(1900, 1, 1))
    assert not IntegrityRecord.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="integrity.").exists()


def test_sync_keeps_one_open_record_per_source_and_lifts_it(cast):
    first = integrity_sync(
        actor=None,
        organization=cast.org,
        source_key="quality_credit",
        kind="quality_credit",
        listed=True,
        reason="a",
    )
    again = integrity_sync(
        actor=None,
        organization=cast.org,
        source_key="quality_credit",
        kind="quality_credit",
        listed=True,
        reason="a",
    )
    assert first is not None and again is not None and first.pk == again.pk
    assert IntegrityRecord.objects.count() == 1
    with pytest.raises(ApplicationError, match="自动列入"):
        integrity_record_lift(actor=cast.officer, record=first, reason="手工移出")
    integrity_sync(
        actor=None, organization=cast.org, source_key="quality_credit", kind="quality_credit", listed=False
    )
    first.refresh_from_db()
    assert first.lifted_on == TODAY()
    ensure_can_apply(cast.org)


# ------------------------------------------------------------------------------------------ pages


def test_officer_adds_by_uscc_sees_it_and_lifts_it(client, cast):
    client.force_login(cast.officer)
    today = TODAY()
    response = client.post(
        reverse("registry:integrity_add"),
        {
            "uscc": cast.org.uscc.lower(),
            "kind": "research",
            "reason": "项目结题材料造假",
            "starts_on": today.isoformat(),
            "ends_on": "",
        },
    )
    assert response.status_code == 302
    record = IntegrityRecord.objects.get()
    assert record.ends_on is None and record.recorded_by == cast.officer
    page = client.get(reverse("registry:integrity_list")).content.decode()
    assert cast.org.name in page and "项目结题材料造假" in page and "另行通知" in page
    detail = client.get(reverse("registry:organization_detail", args=[cast.org.pk])).content.decode()
    assert "限制申报中" in detail
    client.post(reverse("registry:integrity_lift", args=[record.pk]), {"reason": "复核后撤销"})
    record.refresh_from_db()
    assert record.lifted_reason == "复核后撤销"


def test_the_form_refuses_an_organization_outside_the_region_like_a_missing_one(client, cast):
    client.force_login(cast.other_officer)  # 吉林市
    response = client.post(
        reverse("registry:integrity_add"),
        {"uscc": cast.org.uscc, "kind": "research", "reason": "x", "starts_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert "您辖区内没有统一社会信用代码为" in response.content.decode()
    assert not IntegrityRecord.objects.exists()


def test_the_organization_sees_its_own_record_and_no_one_elses(client, cast):
    _add(cast)
    client.force_login(cast.org_member)
    detail = client.get(reverse("registry:organization_detail", args=[cast.org.pk])).content.decode()
    assert "在项目申报中提供虚假材料" in detail
    api = client.get(reverse("api-integrity")).json()
    assert [r["organization"] for r in api["results"]] == [cast.org.pk]
    client.force_login(cast.other_org_admin)
    assert client.get(reverse("api-integrity")).json()["results"] == []


def test_api_create_and_lift(cast):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.officer)
    created = api.post(
        reverse("api-integrity"),
        {
            "organization": cast.org.pk,
            "kind": "serious",
            "reason": "拒不履行法定义务",
            "starts_on": "2026-01-01",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["kind_display"] == "严重违法失信"
    bad = api.post(
        reverse("api-integrity"),
        {
            "organization": cast.org.pk,
            "kind": "serious",
            "reason": "x",
            "starts_on": "2026-01-01",
            "extra": 1,
        },
        format="json",
    )
    assert bad.status_code == 400
    lifted = api.post(
        reverse("api-integrity-lift", args=[created.json()["id"]]), {"reason": "已履行"}, format="json"
    )
    assert lifted.status_code == 200 and lifted.json()["lifted_reason"] == "已履行"
