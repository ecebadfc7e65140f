"""Bad input on every page form: the exact message is shown and nothing is written (no row, no audit)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.accounts.models import User
from kechuang.core.models import AuditRecord
from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Designation, Invitation, Organization, Park, Region, YearlyStatistics
from kechuang.registry.tests.helpers import org_form
from kechuang.registry.validators import uscc_check_digit
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _wrong_check_digit(code: str) -> tuple[str, str]:
    right = uscc_check_digit(code[:17])
    wrong = "0" if right != "0" else "1"
    return code[:17] + wrong, right


class Unchanged:
    """Asserts that the audit chain did not grow and the organization's row is as before."""

    def __init__(self, org: Organization) -> None:
        self.org = org

    def __enter__(self) -> Unchanged:
        self.audit = AuditRecord.objects.count()
        self.before = Organization.objects.filter(pk=self.org.pk).values().get()
        return self

    def __exit__(self, *exc: object) -> None:
        assert AuditRecord.objects.count() == self.audit
        assert Organization.objects.filter(pk=self.org.pk).values().get() == self.before


# ---------------------------------------------------------------------------------------------------------
# Organization edit


def _edit(user, org, **changes):  # type: ignore[no-untyped-def]
    url = reverse("registry:organization_edit", args=[org.pk])
    return client_for(user).post(url, org_form(org, **changes))


def test_edit_wrong_check_digit(cast):
    wrong, right = _wrong_check_digit(cast.org.uscc)
    with Unchanged(cast.org):
        response = _edit(cast.officer, cast.org, uscc=wrong)
    assert response.status_code == 200
    assert (
        f"统一社会信用代码校验位错误：第18位应为“{right}”，而不是“{wrong[-1]}”。请核对后重新输入。"
        in text(response)
    )


def test_edit_duplicate_uscc(cast):
    with Unchanged(cast.org):
        response = _edit(cast.officer, cast.org, uscc=cast.other_org.uscc)
    assert (
        f"统一社会信用代码{cast.other_org.uscc}已登记，请勿重复注册；如需加入该机构，请联系其管理员邀请。"
        in text(response)
    )


@pytest.mark.parametrize(
    ("who", "changes", "message"),
    [
        # A verified organization's identity fields are its officers' (services.EDITABLE_FIELDS).
        ("officer", {"region": "999999"}, "行政区划代码“999999”不存在。"),
        ("officer", {"region": "火星市"}, "找不到地区“火星市”。"),
        ("org_admin", {"industry": "X99"}, "国民经济行业代码或名称“X99”不存在。"),
        ("org_admin", {"registered_capital": "-5"}, "注册资本不能为负数。"),
        (
            "org_admin",
            {"registered_capital": "1e14"},
            "注册资本数值过大（超过10万亿元），请检查单位是否为元。",
        ),
        ("org_admin", {"registered_capital": "很多"}, "注册资本必须是数字。"),
        ("org_admin", {"founded_on": "2999-01-01"}, "成立日期不能晚于今天。"),
        ("org_admin", {"founded_on": "2020-13-45"}, "成立日期“2020-13-45”不是有效日期（例如 2020-05-01）。"),
        ("officer", {"name": "   "}, "该字段是必填项。"),
    ],
)
def test_edit_bad_values(cast, who, changes, message):
    with Unchanged(cast.org):
        response = _edit(getattr(cast, who), cast.org, **changes)
    assert response.status_code == 200
    assert message in text(response)


def test_org_admin_cannot_become_a_department(cast):
    cast.org.verification_status = VerificationStatus.PENDING  # else the kind is not theirs to change at all
    cast.org.save()
    with Unchanged(cast.org):
        response = _edit(cast.org_admin, cast.org, kind="government")
    assert "government" in text(response)  # Django's "not one of the available choices" for the select


def test_edit_success_is_audited(cast):
    before = AuditRecord.objects.count()
    response = _edit(cast.officer, cast.org, registered_capital="12,345,600", industry="C39")
    assert response.status_code == 302
    cast.org.refresh_from_db()
    assert cast.org.registered_capital == Decimal("12345600.00") and cast.org.industry_id == "39"
    record = AuditRecord.objects.order_by("-id").first()
    assert AuditRecord.objects.count() == before + 1 and record.action == "organization.update"
    page = text(client_for(cast.officer).get(reverse("registry:organization_detail", args=[cast.org.pk])))
    assert "1,234.56万元" in page


# ---------------------------------------------------------------------------------------------------------
# Yearly statistics


def _stats(user, org, url_year=None, **values):  # type: ignore[no-untyped-def]
    if url_year is None:
        url = reverse("registry:statistics_add", args=[org.pk])
    else:
        url = reverse("registry:statistics_edit", args=[org.pk, url_year])
    data = {"year": "2025", "revenue": "50000000", "employees": "120", "rd_staff": "20"}
    data.update(values)
    return client_for(user).post(url, data)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"revenue": "-1"}, "营业收入不能为负数。"),
        ({"rd_expenditure": "-0.01"}, "研发费用不能为负数。"),
        ({"employees": "10", "rd_staff": "11"}, "研发人员数不能超过从业人员数。"),
        ({"revenue": "1e14"}, "营业收入数值过大（超过10万亿元），请检查单位是否为元。"),
        ({"employees": "6000000"}, "从业人员数值过大，请检查。"),
        ({"employees": "12.5"}, "从业人员必须是整数。"),
        ({"revenue": "五千万"}, "营业收入必须是数字。"),
        ({"year": "1800"}, "年度1800无效：应在1949年至今年之间。"),
        ({"year": ""}, "该字段是必填项。"),
        ({"valid_invention_patents": "-3"}, "有效发明专利不能为负数。"),
    ],
)
def test_statistics_bad_values_write_nothing(cast, values, message):
    audit = AuditRecord.objects.count()
    response = _stats(cast.org_admin, cast.org, **values)
    assert response.status_code == 200
    assert message in text(response)
    assert not YearlyStatistics.objects.filter(organization=cast.org).exists()
    assert AuditRecord.objects.count() == audit


def test_statistics_add_existing_year_is_refused(cast):
    f.StatisticsFactory(organization=cast.org, year=2025, revenue=1)
    response = _stats(cast.org_admin, cast.org)
    assert "该年度的统计数据已存在，请在统计表中点击“修改”。" in text(response)
    assert YearlyStatistics.objects.get(organization=cast.org, year=2025).revenue == 1


def test_statistics_edit_bad_value_keeps_the_old_figures(cast):
    f.StatisticsFactory(organization=cast.org, year=2025, employees=100, rd_staff=10)
    response = _stats(cast.org_admin, cast.org, url_year=2025, employees="100", rd_staff="101")
    assert "研发人员数不能超过从业人员数。" in text(response)
    stats = YearlyStatistics.objects.get(organization=cast.org, year=2025)
    assert (stats.employees, stats.rd_staff) == (100, 10)


def test_statistics_add_and_edit(cast):
    response = _stats(cast.org_admin, cast.org, revenue="12,345,600", rd_expenditure="617280")
    assert response.status_code == 302
    stats = YearlyStatistics.objects.get(organization=cast.org, year=2025)
    assert stats.revenue == Decimal("12345600.00")
    # The year in the URL wins over a forged year field when editing.
    response = _stats(
        cast.org_admin, cast.org, url_year=2025, revenue="20000000", rd_expenditure="617280", year="2024"
    )
    assert response.status_code == 302
    assert not YearlyStatistics.objects.filter(organization=cast.org, year=2024).exists()
    stats.refresh_from_db()
    assert stats.revenue == Decimal("20000000.00")
    page = text(client_for(cast.org_member).get(reverse("registry:organization_detail", args=[cast.org.pk])))
    assert "2,000.00" in page and "3.09%" in page  # 万元 figure and R&D intensity


# ---------------------------------------------------------------------------------------------------------
# Verification and designations


def test_reject_without_reason_shows_message(cast):
    pending = f.OrganizationFactory(verification_status=VerificationStatus.PENDING)
    with Unchanged(pending):
        response = client_for(cast.officer).post(
            reverse("registry:organization_verify", args=[pending.pk]), {"decision": "reject", "note": " "}
        )
    assert "不予通过时请填写理由。" in text(response)


def test_reject_with_reason_via_htmx_returns_the_row_and_notifies_the_admin(cast):
    pending = f.OrganizationFactory(verification_status=VerificationStatus.PENDING)
    admin = f.MembershipFactory(organization=pending).user
    response = client_for(cast.officer).post(
        reverse("registry:organization_verify", args=[pending.pk]),
        {"decision": "reject", "note": "名称与营业执照不一致"},
        HTTP_HX_REQUEST="true",
    )
    body = text(response)
    assert "<html" not in body and "未通过核验" in body and "名称与营业执照不一致" in body
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.REJECTED
    assert admin.notifications.get().title == f"{pending.name}未通过核验：名称与营业执照不一致"


def test_reject_without_reason_via_htmx_keeps_the_form(cast):
    pending = f.OrganizationFactory(verification_status=VerificationStatus.PENDING)
    response = client_for(cast.officer).post(
        reverse("registry:organization_verify", args=[pending.pk]),
        {"decision": "reject", "note": ""},
        HTTP_HX_REQUEST="true",
    )
    body = text(response)
    assert "不予通过时请填写理由。" in body and 'name="note"' in body


def test_designation_bad_range(cast):
    url = reverse("registry:designation_add", args=[cast.org.pk])
    response = client_for(cast.officer).post(
        url, {"kind": "high_tech", "valid_from": "2025-01-01", "valid_to": "2024-01-01"}
    )
    assert "有效期止不能早于有效期起。" in text(response)
    assert not Designation.objects.exists()
    response = client_for(cast.officer).post(url, {"kind": "high_tech", "valid_from": "明年"})
    assert "输入一个有效的日期。" in text(response)
    response = client_for(cast.officer).post(
        url, {"kind": "high_tech", "valid_from": "2025-01-01", "certificate_no": "GR202522000123"}
    )
    assert response.status_code == 302
    assert Designation.objects.get().certificate_no == "GR202522000123"


# ---------------------------------------------------------------------------------------------------------
# Parks


def test_park_create_bad_input(cast):
    f.ParkFactory(name="长春新区")
    url = reverse("registry:park_create")
    base = {"name": "长春新区", "level": "national", "kind": "high_tech_zone", "region": "220100"}
    count = Park.objects.count()
    assert "园区“长春新区”已存在。" in text(client_for(cast.officer).post(url, base))
    other = {**base, "name": "吉林高新区", "region": "220200"}
    assert "您只能管理本辖区内的园区。" in text(client_for(cast.officer).post(url, other))
    bad_region = {**base, "name": "某园区", "region": "000000"}
    assert "行政区划代码“000000”不存在。" in text(client_for(cast.officer).post(url, bad_region))
    assert Park.objects.count() == count
    response = client_for(cast.other_officer).post(url, other)
    assert response.status_code == 302
    assert Park.objects.get(name="吉林高新区").region_id == "220200"


def test_park_member_add_bad_input(cast):
    park = f.ParkFactory()
    url = reverse("registry:park_member_add", args=[park.pk])
    client = client_for(cast.officer)
    unknown = f.make_uscc(999_001)
    response = client.post(url, {"uscc": unknown}, follow=True)
    assert f"找不到统一社会信用代码为{unknown}的主体，或该主体不在您的辖区。" in text(response)
    jilin_org = f.OrganizationFactory(region=Region.objects.get(code="220202"))
    response = client.post(url, {"uscc": jilin_org.uscc}, follow=True)
    assert f"找不到统一社会信用代码为{jilin_org.uscc}的主体，或该主体不在您的辖区。" in text(response)
    response = client.post(url, {"uscc": cast.org.uscc, "entered_on": "2020-13-45"}, follow=True)
    assert "入园日期“2020-13-45”不是有效日期（例如 2020-05-01）。" in text(response)
    assert not park.memberships.exists()
    response = client.post(url, {"uscc": cast.org.uscc.lower(), "entered_on": "2021-03-01"}, follow=True)
    assert f"已将{cast.org.name}加入园区。" in text(response)
    assert park.memberships.get().entered_on == dt.date(2021, 3, 1)
    response = client.post(url, {"uscc": cast.org.uscc}, follow=True)
    assert "该主体已在此园区。" in text(response)
    assert park.memberships.count() == 1


# ---------------------------------------------------------------------------------------------------------
# Invitations and sign-up


def test_invitation_bad_email_and_success(cast):
    url = reverse("members:organization_members", args=[cast.org.pk])
    client = client_for(cast.org_admin)
    response = client.post(url, {"email": "not-an-email", "role": "member"})
    assert "请输入合法的邮件地址。" in text(response)
    response = client.post(url, {"email": "x@example.cn", "role": "owner"})
    assert "owner" in text(response)
    assert not Invitation.objects.exists()
    response = client.post(url, {"email": "norole@example.cn", "role": "member"})
    invitation = Invitation.objects.get()
    assert invitation.token in text(response)
    # The invitee already has an account with that email: it appears in their notifications.
    assert cast.norole.notifications.get().link == reverse(
        "members:invitation_accept", args=[invitation.token]
    )


def test_invitation_accept_flow(cast):
    client_for(cast.org_admin).post(
        reverse("members:organization_members", args=[cast.org.pk]),
        {"email": "norole@example.cn", "role": "member"},
    )
    invitation = Invitation.objects.get()
    url = reverse("members:invitation_accept", args=[invitation.token])
    home = text(client_for(cast.norole).get(reverse("core:home")))
    assert url in home  # the home page of a user without a role offers the invitation
    response = client_for(cast.norole).post(url)
    assert response.status_code == 302
    assert cast.org.memberships.filter(user=cast.norole).exists()
    again = client_for(cast.norole).get(url)
    assert "该邀请已被使用。" in text(again)
    other = client_for(cast.other_org_admin).post(url)
    assert "该邀请已被使用。" in text(other)


def test_signup_page_wrong_check_digit_writes_nothing(db):
    valid = "91340600MA2PBM9HXD"
    data = {
        "uscc": valid[:-1] + "A",
        "name": "淮北测试有限公司",
        "kind": "enterprise",
        "region": "340600",
        "industry": "",
        "display_name": "张三",
        "username": "zhangsan",
        "email": "zs@example.cn",
        "password": "Kechuang-2026",
        "password2": "Kechuang-2026",
    }
    response = client_for(None).post(reverse("members:signup"), data)
    assert "统一社会信用代码校验位错误：第18位应为“D”，而不是“A”。请核对后重新输入。" in text(response)
    assert not Organization.objects.exists() and not User.objects.filter(username="zhangsan").exists()
    data["uscc"] = valid
    response = client_for(None).post(reverse("members:signup"), data)
    assert response.status_code == 302
    assert Organization.objects.get(uscc=valid).verification_status == VerificationStatus.PENDING


def _invite(cast, email="newcomer@example.cn"):  # type: ignore[no-untyped-def]
    client_for(cast.org_admin).post(
        reverse("members:organization_members", args=[cast.org.pk]), {"email": email, "role": "member"}
    )
    return Invitation.objects.get(email=email)


def test_invitee_without_account_signs_up_and_joins(cast):
    invitation = _invite(cast)
    url = reverse("members:invitation_accept", args=[invitation.token])
    client = client_for(None)
    page = text(client.get(url))
    assert "newcomer@example.cn" in page and cast.org.name in page
    data = {
        "display_name": "王五",
        "username": "wangwu",
        "password": "Wangwu-2026x",
        "password2": "Wangwu-2026x",
    }
    response = client.post(url, {**data, "username": "org_admin"})
    assert "用户名“org_admin”已被使用。" in text(response)
    response = client.post(url, {**data, "password2": "different"})
    assert "两次输入的密码不一致。" in text(response)
    assert not User.objects.filter(username="wangwu").exists()
    response = client.post(url, data)
    assert response.status_code == 302
    user = User.objects.get(username="wangwu")
    assert user.email == "newcomer@example.cn"
    assert cast.org.memberships.get(user=user).role == "member"
    assert client.get(reverse("registry:organization_detail", args=[cast.org.pk])).status_code == 200


def test_used_or_expired_invitation_creates_no_account(cast):
    invitation = _invite(cast)
    url = reverse("members:invitation_accept", args=[invitation.token])
    data = {
        "display_name": "王五",
        "username": "wangwu",
        "password": "Wangwu-2026x",
        "password2": "Wangwu-2026x",
    }
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    assert "邀请已过期，请联系机构管理员重新邀请。" in text(client_for(None).get(url))
    response = client_for(None).post(url, data)
    assert "邀请已过期，请联系机构管理员重新邀请。" in text(response)
    assert not User.objects.filter(username="wangwu").exists()


def test_signup_page_duplicate_uscc_and_unknown_region(cast):
    data = {
        "uscc": cast.org.uscc,
        "name": "重复注册公司",
        "kind": "enterprise",
        "region": "220102",
        "industry": "",
        "display_name": "赵六",
        "username": "zhaoliu",
        "email": "zl@example.cn",
        "password": "Kechuang-2026",
        "password2": "Kechuang-2026",
    }
    response = client_for(None).post(reverse("members:signup"), data)
    assert (
        f"统一社会信用代码{cast.org.uscc}已登记，请勿重复注册；如需加入该机构，请联系其管理员邀请。"
        in text(response)
    )
    response = client_for(None).post(
        reverse("members:signup"), {**data, "uscc": f.make_uscc(777), "region": "990000"}
    )
    assert "行政区划代码“990000”不存在。" in text(response)
    assert not User.objects.filter(username="zhaoliu").exists()
    assert not Organization.objects.filter(name="重复注册公司").exists()


def test_login_with_a_wrong_password_says_so(cast):
    response = client_for(None).post(
        reverse("accounts:login"), {"username": "org_admin", "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码。注意，两者都区分大小写。" in text(response)


def test_officer_registers_an_organization_in_the_region_only(cast):
    url = reverse("registry:organization_create")
    data = {
        "name": "长春新登记科技有限公司",
        "uscc": f.make_uscc(4242),
        "kind": "enterprise",
        "region": "220202",
    }
    audit = AuditRecord.objects.count()
    response = client_for(cast.officer).post(url, data)
    assert "您只能登记本辖区内的主体，“吉林省吉林市昌邑区”不在您的管辖范围内。" in text(response)
    wrong, right = _wrong_check_digit(data["uscc"])
    response = client_for(cast.officer).post(url, {**data, "uscc": wrong, "region": "220102"})
    assert f"第18位应为“{right}”" in text(response)
    response = client_for(cast.officer).post(url, {**data, "uscc": cast.org.uscc, "region": "220102"})
    assert f"统一社会信用代码{cast.org.uscc}已登记" in text(response)
    response = client_for(cast.officer).post(url, {**data, "kind": "government", "region": "220102"})
    assert "government" in text(response)
    assert AuditRecord.objects.count() == audit
    assert not Organization.objects.filter(name=data["name"]).exists()
    response = client_for(cast.officer).post(url, {**data, "region": "220102", "industry": "C39"})
    assert response.status_code == 302
    org = Organization.objects.get(name=data["name"])
    assert org.verification_status == VerificationStatus.VERIFIED and org.industry_id == "39"


def test_invitation_is_refused_to_a_user_with_another_email(cast):
    invitation = _invite(cast, email="norole@example.cn")
    url = reverse("members:invitation_accept", args=[invitation.token])
    response = client_for(cast.other_org_admin).post(url)
    assert (
        "该邀请是发给norole@example.cn的，与当前登录账号的邮箱不符，不能接受。"
        "请使用该邮箱的账号登录，或请机构管理员邀请您的邮箱。"
    ) in text(response)
    assert not cast.org.memberships.filter(user=cast.other_org_admin).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    # The invited address (any case) still joins with the same link.
    User.objects.filter(pk=cast.norole.pk).update(email="NoRole@Example.cn")
    assert client_for(cast.norole).post(url).status_code == 302
    assert cast.org.memberships.get(user=cast.norole).role == "member"


def test_statistics_add_offers_the_year_the_workbench_asks_for(cast):
    """The workbench says "2025年度统计数据未填报"; its form opens on 2025, and on no year once it is filed."""
    last = timezone.localdate().year - 1
    url = reverse("registry:statistics_add", args=[cast.org.pk])
    page = client_for(cast.org_admin).get(url).content.decode()
    assert f'name="year" value="{last}"' in page
    f.StatisticsFactory(organization=cast.org, year=last)
    page = client_for(cast.org_admin).get(url).content.decode()
    assert f'name="year" value="{last}"' not in page
