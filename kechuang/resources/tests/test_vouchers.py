"""Innovation vouchers: issue within budget and cap, redeem against used bookings (once), settlement,
expiry, and the reconciliation (selector and command), with exact messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.resources.choices import BookingStatus, RedemptionStatus, VoucherStatus
from kechuang.resources.models import Redemption, Voucher, VoucherScheme
from kechuang.resources.selectors import reconcile, reconciliation
from kechuang.resources.services.vouchers import (
    scheme_create,
    settlement_approve,
    settlement_claim,
    settlement_pay,
    voucher_expire,
    voucher_issue,
    voucher_redeem,
)
from tests import app_factories as af
from tests import factories as f
from tests.world import World

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def science(cast):  # type: ignore[no-untyped-def]
    return cast.officer.officer_assignments.get().department


@pytest.fixture
def scheme(cast, science):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return scheme_create(
        actor=cast.officer,
        department=science,
        name="2026年度长春市科技创新券",
        year=2026,
        budget=D("100000"),
        share_percent=D("50"),
        cap_per_enterprise=D("30000"),
        valid_from=today - dt.timedelta(days=10),
        valid_until=today + dt.timedelta(days=200),
    )


@pytest.fixture
def provider_admin(cast):  # type: ignore[no-untyped-def]
    university = f.OrganizationFactory(name="吉林大学", kind="university")
    return f.MembershipFactory(organization=university, user__username="jlu_admin").user


def _used(cast, provider_admin, fee="4000"):  # type: ignore[no-untyped-def]
    instrument = af.InstrumentFactory(owner=provider_admin.memberships.get().organization)
    return af.BookingFactory(
        instrument=instrument, organization=cast.org, status=BookingStatus.USED, fee=D(fee)
    )


def test_scheme_create_by_department_officer_only(cast, science, scheme):
    assert scheme.region_path == science.region.path
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        scheme_create(
            actor=cast.other_officer,
            department=science,
            name="x",
            year=2026,
            budget=D("1"),
            share_percent=D("50"),
            cap_per_enterprise=D("1"),
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate(),
        )


def test_scheme_create_refused_to_a_district_officer_of_the_department(cast, science):
    """A scheme covers the department's whole region (长春市): the bureau's officer posted to 朝阳区 may not
    open one (docs/resources.md, 谁可以设立创新券计划)."""
    district_officer = World(cast).district_officer
    with pytest.raises(ApplicationError) as exc:
        scheme_create(
            actor=district_officer,
            department=science,
            name="朝阳区窗口设立的计划",
            year=2026,
            budget=D("1000"),
            share_percent=D("50"),
            cap_per_enterprise=D("100"),
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate(),
        )
    assert exc.value.message == "创新券计划面向长春市全域，须由负责长春市科学技术局全辖区的工作人员设立。"
    assert not VoucherScheme.objects.filter(name="朝阳区窗口设立的计划").exists()


def test_issue_refused_over_cap_and_over_budget(cast, scheme):
    voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=D("20000"))
    with pytest.raises(ApplicationError) as exc:
        voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=D("10000.01"))
    assert exc.value.message == "超出每家企业每年上限：该企业本年度还可发放10,000.00元。"
    for _ in range(2):
        voucher_issue(
            actor=cast.officer, scheme=scheme, enterprise=f.OrganizationFactory(), amount=D("30000")
        )
    with pytest.raises(ApplicationError) as exc:
        voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.other_org, amount=D("20000.01"))
    assert exc.value.message == "超出创新券计划预算：剩余可发放20,000.00元。"
    with pytest.raises(ApplicationError, match=r"^发放金额必须大于零。$"):
        voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.other_org, amount=D("0"))
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        voucher_issue(actor=cast.other_officer, scheme=scheme, enterprise=cast.other_org, amount=D("1"))
    assert Voucher.objects.filter(scheme=scheme).count() == 3


def test_redeem_share_balance_and_statuses(cast, scheme, provider_admin):
    voucher = voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=D("3000"))
    first = voucher_redeem(
        actor=cast.org_member, voucher=voucher, booking=_used(cast, provider_admin, "4000")
    )
    assert first.amount == D("2000.00")  # 50% of the fee
    assert first.provider == provider_admin.memberships.get().organization
    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance) == (VoucherStatus.PARTLY_REDEEMED, D("1000.00"))
    second = voucher_redeem(
        actor=cast.org_admin, voucher=voucher, booking=_used(cast, provider_admin, "4000")
    )
    assert second.amount == D("1000.00")  # what was left
    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance) == (VoucherStatus.REDEEMED, D("0.00"))
    with pytest.raises(ApplicationError, match=r"^该创新券已用完，不能再使用。$"):
        voucher_redeem(actor=cast.org_admin, voucher=voucher, booking=_used(cast, provider_admin))


def test_redeem_refusals(cast, scheme, provider_admin):
    voucher = voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=D("3000"))
    booking = _used(cast, provider_admin)
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        voucher_redeem(actor=cast.other_org_admin, voucher=voucher, booking=booking)
    approved = _used(cast, provider_admin)
    approved.status = BookingStatus.APPROVED
    approved.save()
    with pytest.raises(ApplicationError, match=r"^只能对已使用的预约抵扣创新券。$"):
        voucher_redeem(actor=cast.org_admin, voucher=voucher, booking=approved)
    foreign = af.BookingFactory(organization=cast.other_org, status=BookingStatus.USED, fee=D("100"))
    with pytest.raises(ApplicationError, match=r"^该预约不属于持券企业。$"):
        voucher_redeem(actor=cast.org_admin, voucher=voucher, booking=foreign)
    voucher_redeem(actor=cast.org_admin, voucher=voucher, booking=booking)
    with pytest.raises(ApplicationError, match=r"^该创新券已用于此次预约，不能重复使用。$"):
        voucher_redeem(actor=cast.org_admin, voucher=voucher, booking=booking)
    other = voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=D("3000"))
    with pytest.raises(ApplicationError, match=r"^该费用可由创新券抵扣的部分已全部抵扣。$"):
        voucher_redeem(actor=cast.org_admin, voucher=other, booking=booking)
    scheme.valid_until = timezone.localdate() - dt.timedelta(days=1)
    scheme.valid_from = scheme.valid_until - dt.timedelta(days=100)
    scheme.save()
    until = f"{scheme.valid_until:%Y-%m-%d}"
    start = f"{scheme.valid_from:%Y-%m-%d}"
    with pytest.raises(ApplicationError, match=rf"^创新券不在有效期内（{start}至{until}）。$"):
        voucher_redeem(actor=cast.org_admin, voucher=other, booking=_used(cast, provider_admin))
    assert Redemption.objects.count() == 1


def test_settlement_and_voucher_settled(cast, scheme, provider_admin):
    world = World(cast)
    voucher = voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=D("2000"))
    redemption = voucher_redeem(actor=cast.org_admin, voucher=voucher, booking=_used(cast, provider_admin))
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        settlement_claim(actor=cast.org_admin, redemption=redemption)
    with pytest.raises(ApplicationError, match=r"^不能从“已抵扣”变更为“结算已审核”。$"):
        settlement_approve(actor=cast.officer, redemption=redemption)
    settlement_claim(actor=provider_admin, redemption=redemption)
    for outsider in (provider_admin, cast.other_officer, world.district_officer, world.other_dept_officer):
        with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
            settlement_approve(actor=outsider, redemption=redemption)
    settlement_approve(actor=cast.officer, redemption=redemption)
    settlement_pay(actor=cast.officer, redemption=redemption)
    redemption.refresh_from_db()
    voucher.refresh_from_db()
    assert (redemption.status, voucher.status) == (RedemptionStatus.PAID, VoucherStatus.SETTLED)


def test_expire_returns_balance_to_budget(cast, scheme, provider_admin):
    voucher = voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=D("30000"))
    voucher_redeem(actor=cast.org_admin, voucher=voucher, booking=_used(cast, provider_admin, "4000"))
    until = f"{scheme.valid_until:%Y-%m-%d}"
    with pytest.raises(ApplicationError, match=rf"^创新券有效期至{until}，尚未过期。$"):
        voucher_expire(actor=cast.officer, voucher=voucher)
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        voucher_expire(actor=cast.org_admin, voucher=voucher)
    voucher_expire(actor=cast.officer, voucher=voucher, today=scheme.valid_until + dt.timedelta(days=1))
    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance, voucher.expired_amount) == (
        VoucherStatus.EXPIRED,
        D("0.00"),
        D("28000.00"),
    )
    # the expired balance is free again, under the cap too
    voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=D("28000"))
    with pytest.raises(ApplicationError, match=r"^不能从“已过期”变更为“已过期”。$"):
        voucher_expire(actor=cast.officer, voucher=voucher)


def test_reconciliation_balances_and_reports_mismatch(cast, scheme, provider_admin, capsys):
    a = voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.org, amount=D("3000"))
    b = voucher_issue(actor=cast.officer, scheme=scheme, enterprise=cast.other_org, amount=D("5000"))
    r = voucher_redeem(actor=cast.org_admin, voucher=a, booking=_used(cast, provider_admin, "4000"))
    settlement_claim(actor=provider_admin, redemption=r)
    voucher_expire(actor=cast.officer, voucher=b, today=scheme.valid_until + dt.timedelta(days=1))
    result = reconciliation(user=cast.officer)
    [row] = result.schemes
    assert (row.issued, row.redeemed, row.expired, row.open, row.difference) == (
        D("8000.00"),
        D("2000.00"),
        D("5000.00"),
        D("1000.00"),
        D("0.00"),
    )
    [provider] = result.providers
    assert (provider.provider, provider.redeemed, provider.by_status) == (
        "吉林大学",
        D("2000.00"),
        {"claimed": D("2000.00")},
    )
    assert result.mismatches == []
    assert reconciliation(user=cast.other_officer).schemes == []
    call_command("resources_reconcile")
    out = capsys.readouterr().out
    assert "issued 8000.00 = redeemed 2000.00 + expired 5000.00 + open 1000.00" in out
    assert out.rstrip().endswith("OK")
    # money lost: a balance written behind the services' back
    Voucher.objects.filter(pk=a.pk).update(balance=D("800"))
    # and a booking paid beyond its covered share
    Redemption.objects.filter(pk=r.pk).update(amount=D("2100"))
    result = reconcile(schemes=VoucherScheme.objects.all())
    assert result.mismatches == [
        "2026年度长春市科技创新券：发放8000.00元 ≠ 已抵扣2100.00元 + 过期收回5000.00元 + 未使用800.00元",
        f"长春光华微电子有限公司的创新券（编号{a.pk}）：面额 ≠ 已抵扣 + 过期收回 + 余额",
        f"吉林大学：预约（编号{r.booking_id}）的抵扣超过了计划可补贴的费用",
    ]
    with pytest.raises(CommandError, match=r"^3 mismatch\(es\)$"):
        call_command("resources_reconcile")
    assert "MISMATCH 2026年度长春市科技创新券：发放8000.00元 ≠ 已抵扣2100.00元" in capsys.readouterr().err


def test_database_refuses_a_second_redemption_of_one_booking_by_one_voucher(cast):
    from django.db import IntegrityError, transaction

    first = af.RedemptionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Redemption.objects.create(
            voucher=first.voucher, booking=first.booking, provider=first.provider, amount=D("1")
        )


def test_issue_refused_to_an_enterprise_of_another_city(cast, scheme):
    """Issue 10: a 长春市 scheme's voucher goes to 长春市 enterprises only, not to one in 吉林市."""
    from kechuang.registry.models import Region

    jilin = f.OrganizationFactory(name="吉林市化纤科技有限公司", region=Region.objects.get(code="220202"))
    with pytest.raises(ApplicationError, match=r"^该企业不在本创新券计划的适用地区内。$"):
        voucher_issue(actor=cast.officer, scheme=scheme, enterprise=jilin, amount=D("1000"))
    assert not Voucher.objects.filter(enterprise=jilin).exists()
