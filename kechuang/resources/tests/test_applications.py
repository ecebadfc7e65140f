"""Voucher applications: the scheme's rule (rule language) on the enterprise's registry facts, issue within
budget and cap, decline with a reason, withdrawal, the expiry of ended schemes; every refusal with its
message; and the whole money journey ending in a balanced reconciliation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.resources.choices import ApplicationStatus, RedemptionStatus, VoucherStatus
from kechuang.resources.models import Voucher, VoucherApplication
from kechuang.resources.selectors import application_queue, open_schemes, reconciliation
from kechuang.resources.services.applications import (
    application_decline,
    application_issue,
    application_withdraw,
    voucher_apply,
    vouchers_expire_due,
)
from kechuang.resources.services.bookings import booking_record_use, booking_request, booking_transition
from kechuang.resources.services.vouchers import (
    scheme_create,
    settlement_approve,
    settlement_claim,
    settlement_pay,
    voucher_redeem,
)
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.django_db
D = Decimal
SMALL_ENTERPRISES = 'kind == "enterprise" and size in ["small", "micro"]'


@pytest.fixture
def scheme(cast):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return scheme_create(
        actor=cast.officer,
        department=cast.officer.officer_assignments.get().department,
        name="2026年度长春市科技创新券",
        year=2026,
        budget=D("100000"),
        share_percent=D("50"),
        cap_per_enterprise=D("30000"),
        valid_from=today - dt.timedelta(days=10),
        valid_until=today + dt.timedelta(days=200),
        eligibility_rule=SMALL_ENTERPRISES,
    )


@pytest.fixture
def small(cast):  # type: ignore[no-untyped-def]
    cast.org.size = "small"
    cast.org.save()
    return cast.org


def _apply(cast, scheme, amount="20000"):  # type: ignore[no-untyped-def]
    return voucher_apply(
        actor=cast.org_admin,
        scheme=scheme,
        enterprise=cast.org,
        amount=D(amount),
        purpose="委托测试镁合金样品",
    )


def test_scheme_rule_is_parsed_when_the_scheme_is_opened(cast):
    with pytest.raises(ApplicationError, match=r"^申领条件规则有误：") as exc:
        scheme_create(
            actor=cast.officer,
            department=cast.officer.officer_assignments.get().department,
            name="x",
            year=2026,
            budget=D("1"),
            share_percent=D("50"),
            cap_per_enterprise=D("1"),
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate(),
            eligibility_rule="sise == 1",
        )
    assert exc.value.extra["field"] == "eligibility_rule"
    with pytest.raises(ApplicationError, match=r"^请至少选择一项创新券可支付的服务。$"):
        scheme_create(
            actor=cast.officer,
            department=cast.officer.officer_assignments.get().department,
            name="x",
            year=2026,
            budget=D("1"),
            share_percent=D("50"),
            cap_per_enterprise=D("1"),
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate(),
            pays_instrument_use=False,
            pays_services=False,
            pays_testing=False,
        )


def test_apply_refused_when_the_rule_is_not_met(cast, scheme):
    cast.org.size = "large"
    cast.org.save()
    with pytest.raises(ApplicationError) as exc:
        _apply(cast, scheme)
    assert exc.value.message.startswith("不符合本创新券计划的申领条件：")
    assert not VoucherApplication.objects.exists()


def test_apply_refusals(cast, scheme, small):
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        voucher_apply(
            actor=cast.other_org_admin, scheme=scheme, enterprise=cast.org, amount=D("1"), purpose="x"
        )
    with pytest.raises(ApplicationError, match=r"^申请金额必须大于零。$"):
        _apply(cast, scheme, "0")
    with pytest.raises(ApplicationError, match=r"^申请金额不能超过每家企业每年上限30,000.00元。$"):
        _apply(cast, scheme, "30000.01")
    with pytest.raises(ApplicationError, match=r"^请填写用途说明。$"):
        voucher_apply(actor=cast.org_admin, scheme=scheme, enterprise=cast.org, amount=D("1"), purpose=" ")
    _apply(cast, scheme)
    with pytest.raises(ApplicationError, match=r"^贵单位已有一份待审核的申领，请等待审核结果。$"):
        _apply(cast, scheme)
    scheme.valid_until = timezone.localdate() - dt.timedelta(days=1)
    scheme.save()
    with pytest.raises(ApplicationError, match=r"^该创新券计划不在申领期内（"):
        _apply(cast, scheme)
    assert VoucherApplication.objects.count() == 1


def test_apply_refused_outside_the_region_and_unverified(cast, scheme):
    from kechuang.registry.models import Region

    jilin = f.OrganizationFactory(
        name="吉林市化纤科技有限公司", region=Region.objects.get(code="220202"), size="small"
    )
    admin = f.MembershipFactory(organization=jilin).user
    with pytest.raises(ApplicationError, match=r"^贵单位不在本创新券计划的适用地区内。$"):
        voucher_apply(actor=admin, scheme=scheme, enterprise=jilin, amount=D("1"), purpose="x")
    pending = f.OrganizationFactory(verification_status="pending", size="small")
    admin = f.MembershipFactory(organization=pending).user
    with pytest.raises(ApplicationError, match=r"^贵单位尚未通过主管部门核验"):
        voucher_apply(actor=admin, scheme=scheme, enterprise=pending, amount=D("1"), purpose="x")


def test_issue_decline_withdraw(cast, scheme, small):
    application = _apply(cast, scheme)
    assert list(application_queue(user=cast.officer)) == [application]
    assert list(application_queue(user=cast.other_officer)) == []
    for outsider in (cast.org_admin, cast.other_officer):
        with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
            application_issue(actor=outsider, application=application, amount=D("1"))
    with pytest.raises(ApplicationError, match=r"^超出每家企业每年上限"):
        application_issue(actor=cast.officer, application=application, amount=D("30000.01"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED  # nothing half-written
    voucher = application_issue(actor=cast.officer, application=application, amount=D("15000"))
    application.refresh_from_db()
    assert (application.status, application.voucher, voucher.amount) == (
        ApplicationStatus.ISSUED,
        voucher,
        D("15000"),
    )
    with pytest.raises(ApplicationError, match=r"^不能从“已发券”变更为“已发券”。$"):
        application_issue(actor=cast.officer, application=application, amount=D("1"))
    second = _apply(cast, scheme, "5000")
    with pytest.raises(ApplicationError, match=r"^请填写不予发券的理由。$"):
        application_decline(actor=cast.officer, application=second, note=" ")
    application_decline(actor=cast.officer, application=second, note="本年度额度已用于前次申领")
    second.refresh_from_db()
    assert (second.status, second.note) == (ApplicationStatus.DECLINED, "本年度额度已用于前次申领")
    third = _apply(cast, scheme, "5000")
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        application_withdraw(actor=cast.officer, application=third)
    application_withdraw(actor=cast.org_member, application=third)
    with pytest.raises(ApplicationError, match=r"^不能从“已撤回”变更为“未通过”。$"):
        application_decline(actor=cast.officer, application=third, note="x")
    assert Voucher.objects.count() == 1


def test_issue_checks_the_rule_again(cast, scheme, small):
    application = _apply(cast, scheme)
    cast.org.size = "large"
    cast.org.save()
    with pytest.raises(ApplicationError, match=r"^不符合本创新券计划的申领条件："):
        application_issue(actor=cast.officer, application=application, amount=D("1000"))
    assert not Voucher.objects.exists()


def test_open_schemes_cover_the_users_region(cast, scheme):
    [(found, orgs)] = open_schemes(user=cast.org_admin)
    assert (found, orgs) == (scheme, [cast.org])
    assert open_schemes(user=cast.officer) == []


def test_expire_due_returns_balances(cast, scheme, small):
    voucher = application_issue(actor=cast.officer, application=_apply(cast, scheme), amount=D("10000"))
    assert vouchers_expire_due(actor=cast.officer, vouchers=Voucher.objects.all()) == []
    later = scheme.valid_until + dt.timedelta(days=1)
    [expired] = vouchers_expire_due(actor=cast.officer, vouchers=Voucher.objects.all(), today=later)
    assert (expired.pk, expired.status, expired.expired_amount) == (
        voucher.pk,
        VoucherStatus.EXPIRED,
        D("10000"),
    )


def test_expire_command_acts_as_the_given_officer(cast, scheme, small, capsys):
    application_issue(actor=cast.officer, application=_apply(cast, scheme), amount=D("10000"))
    scheme.valid_from = timezone.localdate() - dt.timedelta(days=30)
    scheme.valid_until = timezone.localdate() - dt.timedelta(days=1)
    scheme.save()
    call_command("resources_expire_vouchers", user=cast.other_officer.username)
    assert capsys.readouterr().out.strip() == "0 voucher(s) expired"  # not the other city's officer's
    call_command("resources_expire_vouchers", user=cast.officer.username)
    assert capsys.readouterr().out.strip().endswith("1 voucher(s) expired")
    assert reconciliation(user=cast.officer).schemes[0].expired == D("10000.00")


def test_the_whole_journey_keeps_the_money_balanced(cast, scheme, small):
    """application → issue → booking approved and used → redeem → claim → approve → paid; then the rest
    expires: issued = redeemed + expired + open at every step, per scheme, voucher and provider."""
    university = f.OrganizationFactory(name="吉林大学", kind="university")
    owner = f.MembershipFactory(organization=university).user
    instrument = af.InstrumentFactory(owner=university, name="场发射扫描电子显微镜")

    def balanced():  # type: ignore[no-untyped-def]
        result = reconciliation(user=cast.officer)
        assert result.mismatches == []
        return result

    voucher = application_issue(actor=cast.officer, application=_apply(cast, scheme), amount=D("6000"))
    start = timezone.now() + dt.timedelta(days=2)
    booking = booking_request(
        actor=cast.org_admin,
        instrument=instrument,
        organization=cast.org,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        sample_description="镁合金断口3件",
    )
    booking_transition(booking=booking, to="approved", actor=owner)
    booking_record_use(
        booking=booking, actor=owner, hours=D("3"), samples=3, fee=D("1800"), result_delivered=True
    )
    redemption = voucher_redeem(actor=cast.org_admin, voucher=voucher, booking=booking)
    assert redemption.amount == D("900.00")
    assert balanced().schemes[0].open == D("5100.00")
    settlement_claim(actor=owner, redemption=redemption)
    settlement_approve(actor=cast.officer, redemption=redemption)
    settlement_pay(actor=cast.officer, redemption=redemption)
    [provider] = balanced().providers
    assert provider.by_status == {RedemptionStatus.PAID: D("900.00")}
    vouchers_expire_due(
        actor=cast.officer, vouchers=Voucher.objects.all(), today=scheme.valid_until + dt.timedelta(days=1)
    )
    [row] = balanced().schemes
    assert (row.issued, row.redeemed, row.expired, row.open) == (
        D("6000.00"),
        D("900.00"),
        D("5100.00"),
        D("0.00"),
    )


def test_scheme_form_page_opens_a_scheme_and_shows_a_wrong_rule(client, cast):
    from django.urls import reverse

    from kechuang.resources.models import VoucherScheme

    client.force_login(cast.officer)
    science = cast.officer.officer_assignments.get().department
    data = {
        "department": science.pk, "name": "2027年度长春市科技创新券", "year": "2027", "budget": "3000000",
        "share_percent": "50", "cap_per_enterprise": "100000", "valid_from": "2027-01-01",
        "valid_until": "2027-12-31", "pays_instrument_use": "on", "eligibility_rule": "sise == 1",
    }  # fmt: skip
    page = client.post(reverse("resources:scheme_create"), data).content.decode()
    assert "申领条件规则有误" in page and not VoucherScheme.objects.exists()
    data["eligibility_rule"] = 'kind == "enterprise"'
    response = client.post(reverse("resources:scheme_create"), data)
    assert response.status_code == 302
    assert VoucherScheme.objects.get().eligibility_rule == 'kind == "enterprise"'
