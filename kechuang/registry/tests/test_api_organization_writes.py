"""The organization endpoints, writing: register, update, verify and reject — permission matrix, exact
messages, nothing written on refusal."""

from __future__ import annotations

import pytest

from kechuang.core.models import AuditRecord
from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Organization
from kechuang.registry.tests.helpers import (
    FORBIDDEN_ORG,
    LIST,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    item,
    matrix,
    who,
    writes,
)
from kechuang.registry.validators import uscc_check_digit
from tests import factories as f
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------
# Create

NEW_USCC = f.make_uscc(987_654)


def _new(**overrides):  # type: ignore[no-untyped-def]
    return {
        "uscc": NEW_USCC,
        "name": "长春新登记科技有限公司",
        "region": "220102",
        "industry": "C33",
        "kind": "enterprise",
        "size": "small",
        "founded_on": "2019年3月8日",
        "registered_capital": "5000000",
        **overrides,
    }


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("anonymous", 401, NOT_AUTHENTICATED),
        ("norole", 403, "只有政府工作人员和平台管理员可以直接登记主体。"),
        ("org_admin", 403, "只有政府工作人员和平台管理员可以直接登记主体。"),
        ("other_officer", 400, "您只能登记本辖区内的主体，“吉林省长春市南关区”不在您的管辖范围内。"),
        ("officer", 201, None),
        ("admin", 201, None),
    ],
)
def test_create_matrix(cast, name, status, message):
    before = writes(cast)
    response = client_for(who(cast, name)).post(LIST, _new(), format="json")
    if message:
        assert_error(response, status, message)
        assert writes(cast) == before
    else:
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["verification_status"] == "verified"
        assert body["industry"] == {"code": "33", "code_with_section": "C33", "name": "金属制品业"}
        org = Organization.objects.get(uscc=NEW_USCC)
        assert org.region_path == "220000/220100/220102/" and org.founded_on.isoformat() == "2019-03-08"
        assert str(org.registered_capital) == "5000000.00"
        assert AuditRecord.objects.filter(action="organization.create", target_id=str(org.pk)).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        (
            {"uscc": NEW_USCC[:-1] + ("A" if NEW_USCC[-1] != "A" else "B")},
            "统一社会信用代码校验位错误：第18位应为“{d}”，而不是“{g}”。请核对后重新输入。",
            "uscc",
        ),
        ({"uscc": "91220102"}, "统一社会信用代码应为18位，您输入了8位。", "uscc"),
        ({"uscc": ""}, "请填写统一社会信用代码。", "uscc"),
        ({"region": "999999"}, "行政区划代码“999999”不存在。", "region"),
        ({"region": ""}, "请填写所在地区。", "region"),
        ({"industry": "Z9999"}, "国民经济行业代码或名称“Z9999”不存在。", "industry"),
        ({"name": "  "}, "请填写主体名称。", "name"),
        ({"kind": "bank"}, "主体类型“bank”无效。", "kind"),
        ({"size": "huge"}, "企业规模“huge”无效。", "size"),
        ({"registered_capital": "-1"}, "注册资本不能为负数。", "registered_capital"),
        (
            {"registered_capital": 1e20},
            "注册资本数值过大（超过10万亿元），请检查单位是否为元。",
            "registered_capital",
        ),
        ({"registered_capital": "12万"}, "注册资本必须是数字。", "registered_capital"),
        ({"founded_on": "2099-01-01"}, "成立日期不能晚于今天。", "founded_on"),
        ({"founded_on": "去年"}, "成立日期“去年”不是有效日期（例如 2020-05-01）。", "founded_on"),
    ],
)
def test_create_bad_input_exact_message_nothing_written(cast, overrides, message, field):
    if "{d}" in message:
        message = message.format(d=uscc_check_digit(NEW_USCC[:17]), g=overrides["uscc"][-1])
    before = writes(cast)
    body = _new(**overrides)
    extra = assert_error(client_for(cast.officer).post(LIST, body, format="json"), 400, message)
    assert extra["field"] == field
    assert writes(cast) == before


def test_create_duplicate_uscc(cast):
    before = writes(cast)
    response = client_for(cast.officer).post(LIST, _new(uscc=cast.org.uscc), format="json")
    extra = assert_error(
        response,
        400,
        f"统一社会信用代码{cast.org.uscc}已登记，请勿重复注册；如需加入该机构，请联系其管理员邀请。",
    )
    assert extra == {"field": "uscc", "code": "duplicate"}
    assert writes(cast) == before


def test_create_unknown_field_and_wrong_types(cast):
    c = client_for(cast.officer)
    assert_error(
        c.post(LIST, {**_new(), "verified": True, "owner": 1}, format="json"),
        400,
        "不支持的字段：owner、verified。",
    )
    assert_error(
        c.post(LIST, _new(region={"code": "220102"}), format="json"),
        400,
        "region: 应为文本或数字。",
    )
    assert_error(c.post(LIST, [1, 2], format="json"), 400, "无效数据。期待为字典类型，得到的是 list 。")
    response = c.post(LIST, "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["message"].startswith("JSON parse error")


def test_only_platform_admins_register_government_organizations(cast):
    before = writes(cast)
    response = client_for(cast.officer).post(LIST, _new(kind="政府部门"), format="json")
    assert assert_error(response, 400, "只有平台管理员可以设置政府部门类型的主体。")["field"] == "kind"
    assert writes(cast) == before
    response = client_for(cast.admin).post(LIST, _new(kind="government"), format="json")
    assert response.status_code == 201 and response.json()["kind_display"] == "政府部门"


def test_empty_patch_changes_nothing(cast):
    before = writes(cast)
    response = client_for(cast.org_admin).patch(item(cast.org), {}, format="json")
    assert response.status_code == 200 and response.json()["id"] == cast.org.pk
    assert writes(cast) == before


def test_create_with_industry_name_and_region_name(cast):
    response = client_for(cast.officer).post(
        LIST, _new(region="吉林省长春市朝阳区", industry="计算机、通信和其他电子设备制造业"), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["region"]["code"] == "220104"
    assert response.json()["industry"]["code_with_section"] == "C39"


# ---------------------------------------------------------------------------------------------------------
# Update


@pytest.mark.parametrize(("name", "status"), matrix(org_member=403, org_admin=200, officer=200, admin=200))
def test_update_matrix(cast, name, status):
    before = writes(cast)
    response = client_for(who(cast, name)).patch(item(cast.org), {"address": "人民大街1号"}, format="json")
    assert response.status_code == status
    cast.org.refresh_from_db()
    if status == 200:
        assert response.json()["address"] == "人民大街1号" == cast.org.address
        assert AuditRecord.objects.filter(action="organization.update").count() == 1
    else:
        assert cast.org.address == "" and writes(cast) == before
        expected = {401: NOT_AUTHENTICATED, 403: FORBIDDEN_ORG, 404: NOT_FOUND}[status]
        assert_error(response, status, expected)


def test_update_only_touches_sent_fields(cast):
    cast.org.contact_person = "王五"
    cast.org.save()
    response = client_for(cast.officer).patch(
        item(cast.org), {"name": "长春光华微电子股份有限公司"}, format="json"
    )
    assert response.status_code == 200
    cast.org.refresh_from_db()
    assert cast.org.name == "长春光华微电子股份有限公司" and cast.org.contact_person == "王五"
    assert "光华微电子股份" in cast.org.search_text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"uscc": "91220102MA0000000X"}, None),
        ({"region": "110101"}, "您只能将主体迁至本辖区内的地区，“北京市东城区”不在您的管辖范围内。"),
        ({"name": ""}, "请填写主体名称。"),
        ({"website": "not a url"}, "请输入合法的URL。"),
    ],
)
def test_update_bad_input_by_officer(cast, body, message):
    before = writes(cast)
    response = client_for(cast.officer).patch(item(cast.org), body, format="json")
    if message is None:  # a syntactically plausible but wrong USCC: the check digit message
        message = response.json()["message"]
        assert message.startswith("统一社会信用代码")
    assert_error(response, 400, message)
    assert writes(cast) == before


def test_update_uscc_to_another_orgs_is_refused(cast):
    response = client_for(cast.officer).patch(item(cast.org), {"uscc": cast.other_org.uscc}, format="json")
    assert_error(
        response,
        400,
        f"统一社会信用代码{cast.other_org.uscc}已登记，请勿重复注册；如需加入该机构，请联系其管理员邀请。",
    )


def test_admin_of_an_unverified_org_may_correct_its_region(cast):
    # A verified one may not (test_organization_field_rules); this one is checked by the new region's officers.
    cast.org.verification_status = VerificationStatus.PENDING
    cast.org.save()
    response = client_for(cast.org_admin).patch(item(cast.org), {"region": "110101"}, format="json")
    assert response.status_code == 200
    cast.org.refresh_from_db()
    assert cast.org.region_path == "110000/110101/"
    assert cast.org.verification_status == VerificationStatus.PENDING


def test_method_not_allowed_is_an_envelope(cast):
    assert_error(client_for(cast.admin).delete(item(cast.org)), 405, "方法 “DELETE” 不被允许。")
    assert_error(client_for(cast.admin).put(item(cast.org), {}, format="json"), 405, "方法 “PUT” 不被允许。")


# ---------------------------------------------------------------------------------------------------------
# Verify / reject


@pytest.fixture
def pending(cast):  # type: ignore[no-untyped-def]
    cast.org.verification_status = VerificationStatus.PENDING
    cast.org.save()
    return cast.org


@pytest.mark.parametrize(("name", "status"), matrix(org_member=403, org_admin=403, officer=200, admin=200))
@pytest.mark.parametrize("action", ["verify", "reject"])
def test_verify_reject_matrix(cast, pending, name, status, action):
    before = writes(cast)
    response = client_for(who(cast, name)).post(
        f"{item(pending)}{action}/", {"note": "营业执照与登记信息不符"}, format="json"
    )
    assert response.status_code == status
    pending.refresh_from_db()
    if status == 200:
        expected = "verified" if action == "verify" else "rejected"
        assert response.json()["verification_status"] == pending.verification_status == expected
        assert AuditRecord.objects.filter(action=f"organization.{action}").count() == 1
    else:
        assert pending.verification_status == "pending" and writes(cast) == before


def test_verify_twice_and_reject_without_note(cast, pending):
    c = client_for(cast.officer)
    assert_error(c.post(f"{item(pending)}reject/", {}, format="json"), 400, "不予通过时请填写理由。")
    assert c.post(f"{item(pending)}verify/", {}, format="json").status_code == 200
    assert_error(c.post(f"{item(pending)}verify/", {}, format="json"), 400, "该主体已核验，无需重复操作。")
