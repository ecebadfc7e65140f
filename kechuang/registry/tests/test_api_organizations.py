"""The organization endpoints: permission matrix, filters, keyset pages, writes and their exact messages."""

from __future__ import annotations

import pytest

from kechuang.core.api import encode_cursor
from kechuang.core.models import AuditRecord
from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Designation, Industry, Organization, Region, YearlyStatistics
from tests import factories as f
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db

LIST = "/api/v1/organizations/"
NOT_FOUND = "对象不存在或无权访问。"
NOT_AUTHENTICATED = "身份认证信息未提供。"
FORBIDDEN_ORG = "您无权对该主体执行此操作。"


def item(org: Organization) -> str:
    return f"/api/v1/organizations/{org.pk}/"


def ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def who(cast, name):  # type: ignore[no-untyped-def]
    return None if name == "anonymous" else getattr(cast, name)


def writes(cast) -> int:  # type: ignore[no-untyped-def]
    """Fingerprint of everything the registry endpoints could write."""
    return (
        Organization.objects.count()
        + YearlyStatistics.objects.count()
        + Designation.objects.count()
        + AuditRecord.objects.count()
    )


# ---------------------------------------------------------------------------------------------------------
# List


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("norole", set()),
        ("org_member", {"org"}),
        ("org_admin", {"org"}),
        ("other_org_admin", {"other_org"}),
        ("other_officer", set()),
        ("officer", {"org", "other_org"}),
        ("admin", {"org", "other_org"}),
    ],
)
def test_list_matrix(cast, name, expected):
    response = client_for(getattr(cast, name)).get(LIST)
    assert set(ids(response)) == {getattr(cast, key).pk for key in expected}


def test_list_anonymous_is_401_with_token_challenge(cast):
    response = client_for(None).get(LIST)
    assert_error(response, 401, NOT_AUTHENTICATED)
    assert response["WWW-Authenticate"] == "Token"


def test_list_row_shape(cast):
    from kechuang.registry.api.organizations import OrganizationListOutput

    cast.org.industry = Industry.objects.get(code="33")
    cast.org.founded_on = "2008-05-04"
    cast.org.save()
    row = client_for(cast.officer).get(LIST, {"q": cast.org.uscc}).json()["results"][0]
    # The hand-built row matches what DRF's generic path would produce from the declared fields.
    cast.org.refresh_from_db()
    generic = super(OrganizationListOutput, OrganizationListOutput()).to_representation(cast.org)
    assert row == generic
    assert row == {
        "id": cast.org.pk,
        "uscc": cast.org.uscc,
        "name": "长春光华微电子有限公司",
        "kind": "enterprise",
        "kind_display": "企业",
        "region": {"code": "220102", "name": "南关区", "full_name": "吉林省长春市南关区"},
        "industry": {"code": "33", "code_with_section": "C33", "name": "金属制品业"},
        "size": "",
        "founded_on": "2008-05-04",
        "verification_status": "verified",
        "verification_status_display": "已核验",
    }


def test_list_filters(cast):
    jilin = Region.objects.get(code="220202")
    c33 = Industry.objects.get(code="33")
    far = f.OrganizationFactory(name="吉林昌邑精密有限公司", region=jilin, industry=c33, size="small")
    pending = f.OrganizationFactory(verification_status=VerificationStatus.PENDING, kind="institute")
    Designation.objects.create(organization=cast.org, kind="high_tech", valid_from="2024-01-01")
    park = f.ParkFactory()
    park.memberships.create(organization=cast.other_org)
    c = client_for(cast.admin)
    assert ids(c.get(LIST, {"region": "220200"})) == [far.pk]
    assert ids(c.get(LIST, {"industry": "C"})) == [far.pk]
    assert ids(c.get(LIST, {"industry": "c33"})) == [far.pk]
    assert ids(c.get(LIST, {"size": "small"})) == [far.pk]
    assert ids(c.get(LIST, {"kind": "institute"})) == [pending.pk]
    assert ids(c.get(LIST, {"verification_status": "pending"})) == [pending.pk]
    assert ids(c.get(LIST, {"designation": "high_tech"})) == [cast.org.pk]
    assert ids(c.get(LIST, {"park": park.pk})) == [cast.other_org.pk]
    # Traditional Chinese input finds the Simplified name (長春光華 → 长春光华).
    assert ids(c.get(LIST, {"q": "長春光華"})) == [cast.org.pk]
    assert ids(c.get(LIST, {"q": cast.other_org.uscc.lower()})) == [cast.other_org.pk]
    assert ids(c.get(LIST, {"region": "999999"})) == []
    # Filters narrow what the user may see; they never widen it.
    assert ids(client_for(cast.other_officer).get(LIST, {"region": "220100"})) == []
    assert ids(client_for(cast.other_officer).get(LIST, {"region": "220200"})) == [far.pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "bank"}, "kind: “bank” 不是合法选项。"),
        ({"region": "2201"}, "region: 应为6位行政区划代码。"),
        ({"industry": "C33-1"}, "industry: 应为国民经济行业代码，例如 C33。"),
        ({"park": "x"}, "park: 请填写合法的整数值。"),
        ({"page_size": "ten"}, "page_size: 页大小必须是整数。"),
        ({"cursor": "!!!"}, "cursor: 分页游标无效。"),
        ({"cursor": encode_cursor(10**30)}, "cursor: 分页游标无效。"),
        ({"cursor": encode_cursor(-5)}, "cursor: 分页游标无效。"),
        ({"cursor": "eyJ4IjogMX0"}, "cursor: 分页游标无效。"),  # {"x": 1}
    ],
)
def test_list_bad_filters(cast, params, message):
    assert_error(client_for(cast.officer).get(LIST, params), 400, message)


def test_keyset_pages_walk_everything_once(cast):
    created = [f.OrganizationFactory() for _ in range(7)]
    c = client_for(cast.officer)
    seen, url, pages = [], f"{LIST}?page_size=3", 0
    while url:
        body = c.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    expected = sorted([cast.org.pk, cast.other_org.pk, *(o.pk for o in created)], reverse=True)
    assert seen == expected and pages == 3


def _bulk_orgs(n: int) -> None:
    region = Region.objects.get(code="220102")
    industry = Industry.objects.get(code="33")
    Organization.objects.bulk_create(
        Organization(
            uscc=f.make_uscc(500_000 + i),
            name=f"批量测试企业{i}",
            kind="enterprise",
            region=region,
            region_path=region.path,
            industry=industry if i % 2 else None,
            search_text=f"批量测试企业{i}",
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    ("name", "params", "queries"),
    [
        # session, user, officer roles, memberships, page
        ("officer", {}, 5),
        # + the region filter's path lookup, + the industry filter's path lookup
        ("officer", {"region": "220100", "industry": "C", "q": "批量"}, 7),
        # platform admins skip the role lookups
        ("admin", {}, 3),
        ("org_admin", {"designation": "high_tech"}, 5),
    ],
)
def test_list_query_count_is_constant_in_page_size(cast, django_assert_num_queries, name, params, queries):
    _bulk_orgs(210)
    c = client_for(getattr(cast, name))
    for size in (20, 50, 200):
        with django_assert_num_queries(queries):
            response = c.get(LIST, {**params, "page_size": size})
        assert response.status_code == 200
    if not params:
        assert len(response.json()["results"]) == 200 and response.json()["next"]


# ---------------------------------------------------------------------------------------------------------
# Detail


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 401),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 200),
        ("org_admin", 200),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_detail_matrix(cast, name, status):
    response = client_for(who(cast, name)).get(item(cast.org))
    assert response.status_code == status
    if status == 404:
        assert_error(response, 404, NOT_FOUND)
    if status == 200:
        assert response.json()["uscc"] == cast.org.uscc


def test_detail_has_designations(cast):
    Designation.objects.create(
        organization=cast.org, kind="high_tech", valid_from="2024-12-01", certificate_no="GR202422000123"
    )
    body = client_for(cast.org_member).get(item(cast.org)).json()
    assert body["designations"][0]["kind_display"] == "高新技术企业"
    assert body["designations"][0]["certificate_no"] == "GR202422000123"


@pytest.mark.parametrize("path", ["999999999/", "999999999999999999/", "0/"])
def test_forged_ids_are_404(cast, path):
    assert_error(client_for(cast.admin).get(LIST + path), 404, NOT_FOUND)


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("patch", ""),
        ("post", "verify/"),
        ("post", "reject/"),
        ("get", "statistics/"),
        ("put", "statistics/2024/"),
        ("get", "designations/"),
        ("post", "designations/"),
    ],
)
@pytest.mark.parametrize("name", ["admin", "officer", "org_admin"])
def test_forged_ids_on_every_organization_endpoint(cast, method, suffix, name):
    before = writes(cast)
    response = getattr(client_for(getattr(cast, name)), method)(
        f"{LIST}987654321/{suffix}", {}, format="json"
    )
    assert_error(response, 404, NOT_FOUND)
    assert writes(cast) == before


def test_non_numeric_or_overflowing_ids_are_404_envelopes(cast):
    for path in ("abc/", "9999999999999999999999/", "-1/"):
        response = client_for(cast.admin).get(LIST + path)
        assert_error(response, 404, "接口不存在。")


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
        from kechuang.registry.validators import uscc_check_digit

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


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 401),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 403),
        ("org_admin", 200),
        ("officer", 200),
        ("admin", 200),
    ],
)
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


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 401),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 403),
        ("org_admin", 403),
        ("officer", 200),
        ("admin", 200),
    ],
)
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


# ---------------------------------------------------------------------------------------------------------
# Yearly statistics


def stats_url(org: Organization, year: int | None = None) -> str:
    return f"{item(org)}statistics/" + (f"{year}/" if year else "")


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 401),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 200),
        ("org_admin", 200),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_statistics_list_matrix(cast, name, status):
    f.StatisticsFactory(organization=cast.org, year=2024)
    f.StatisticsFactory(organization=cast.org, year=2025)
    response = client_for(who(cast, name)).get(stats_url(cast.org))
    assert response.status_code == status
    if status == 200:
        rows = response.json()
        assert [r["year"] for r in rows] == [2025, 2024]
        assert rows[0]["revenue"] == "50000000.00" and rows[0]["employees"] == 120


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 401),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 403),
        ("org_admin", 200),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_statistics_upsert_matrix(cast, name, status):
    before = writes(cast)
    response = client_for(who(cast, name)).put(
        stats_url(cast.org, 2024), {"revenue": "12,345,678.9", "employees": 80, "rd_staff": 12}, format="json"
    )
    assert response.status_code == status
    if status == 200:
        stats = YearlyStatistics.objects.get(organization=cast.org, year=2024)
        assert str(stats.revenue) == "12345678.90" and stats.employees == 80 and stats.rd_staff == 12
        assert response.json()["revenue"] == "12345678.90"
    else:
        assert writes(cast) == before


def test_statistics_upsert_updates_only_sent_figures(cast):
    f.StatisticsFactory(organization=cast.org, year=2024)
    c = client_for(cast.org_admin)
    response = c.put(stats_url(cast.org, 2024), {"exports": 1000, "patent_applications": None}, format="json")
    assert response.status_code == 200
    stats = YearlyStatistics.objects.get(organization=cast.org, year=2024)
    assert stats.exports == 1000 and stats.revenue == 50_000_000 and stats.patent_applications is None
    assert AuditRecord.objects.filter(action="statistics.update").count() == 1


@pytest.mark.parametrize(
    ("year", "body", "message", "field"),
    [
        (2024, {"revenue": "-5"}, "营业收入不能为负数。", "revenue"),
        (2024, {"employees": "3.5"}, "从业人员必须是整数。", "employees"),
        (2024, {"employees": 99_000_000}, "从业人员数值过大，请检查。", "employees"),
        (
            2024,
            {"rd_expenditure": "1e14"},
            "研发费用数值过大（超过10万亿元），请检查单位是否为元。",
            "rd_expenditure",
        ),
        (2024, {"rd_expenditure": "NaN"}, "研发费用必须是数字。", "rd_expenditure"),
        (2024, {"employees": 10, "rd_staff": 11}, "研发人员数不能超过从业人员数。", "rd_staff"),
        (1800, {"revenue": 1}, "年度1800无效：应在1949年至今年之间。", "year"),
        (2999, {"revenue": 1}, "年度2999无效：应在1949年至今年之间。", "year"),
    ],
)
def test_statistics_bad_figures(cast, year, body, message, field):
    before = writes(cast)
    extra = assert_error(
        client_for(cast.org_admin).put(stats_url(cast.org, year), body, format="json"), 400, message
    )
    assert extra["field"] == field
    assert writes(cast) == before


def test_statistics_of_forged_org_is_404(cast):
    assert_error(client_for(cast.admin).get("/api/v1/organizations/987654321/statistics/"), 404, NOT_FOUND)
    assert_error(
        client_for(cast.admin).put("/api/v1/organizations/987654321/statistics/2024/", {}, format="json"),
        404,
        NOT_FOUND,
    )


# ---------------------------------------------------------------------------------------------------------
# Designations


def des_url(org: Organization) -> str:
    return f"{item(org)}designations/"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 401),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 200),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_designations_list_matrix(cast, name, status):
    Designation.objects.create(organization=cast.org, kind="tech_sme", valid_from="2025-04-01")
    response = client_for(who(cast, name)).get(des_url(cast.org))
    assert response.status_code == status
    if status == 200:
        assert [d["kind"] for d in response.json()] == ["tech_sme"]


GOOD_DESIGNATION = {
    "kind": "高新技术企业",
    "certificate_no": "GR202422000123",
    "issuer": "吉林省科学技术厅",
    "valid_from": "2024-12-01",
    "valid_to": "2027-11-30",
}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 401),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 403),
        ("org_admin", 403),
        ("officer", 201),
        ("admin", 201),
    ],
)
def test_designation_add_matrix(cast, name, status):
    before = writes(cast)
    response = client_for(who(cast, name)).post(des_url(cast.org), GOOD_DESIGNATION, format="json")
    assert response.status_code == status
    if status == 201:
        d = Designation.objects.get(organization=cast.org)
        assert (d.kind, str(d.valid_to)) == ("high_tech", "2027-11-30")
        assert response.json()["kind_display"] == "高新技术企业"
    else:
        assert writes(cast) == before


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"kind": "诺贝尔奖"}, "资质类型“诺贝尔奖”无效。", "kind"),
        ({"valid_from": ""}, "请填写有效期起。", "valid_from"),
        ({"valid_from": "2099-01-01"}, "有效期起不能晚于今天。", "valid_from"),
        ({"valid_to": "2020-01-01"}, "有效期止不能早于有效期起。", "valid_to"),
        ({"valid_to": "明年"}, "有效期止“明年”不是有效日期（例如 2020-05-01）。", "valid_to"),
        ({"certificate_no": "G" * 61}, "证书编号不能超过60个字符。", "certificate_no"),
    ],
)
def test_designation_bad_input(cast, overrides, message, field):
    before = writes(cast)
    response = client_for(cast.officer).post(
        des_url(cast.org), {**GOOD_DESIGNATION, **overrides}, format="json"
    )
    assert assert_error(response, 400, message)["field"] == field
    assert writes(cast) == before


def test_detail_query_count_does_not_grow_with_designations(cast, django_assert_num_queries):
    c = client_for(cast.org_admin)
    # session, user, roles (officer + memberships), the organization, its designations
    with django_assert_num_queries(6):
        assert c.get(item(cast.org)).status_code == 200
    for year in range(2015, 2025):
        Designation.objects.create(organization=cast.org, kind="tech_sme", valid_from=f"{year}-04-01")
    with django_assert_num_queries(6):
        assert len(c.get(item(cast.org)).json()["designations"]) == 10


def test_park_members_query_count_is_constant(cast, django_assert_num_queries):
    park = f.ParkFactory()
    _bulk_orgs(60)
    park.memberships.bulk_create(
        [park.memberships.model(park=park, organization=o) for o in Organization.objects.all()]
    )
    c = client_for(cast.officer)
    for size in (5, 50):
        # session, user, park, roles (officer + memberships), the page
        with django_assert_num_queries(6):
            assert (
                len(c.get(f"/api/v1/parks/{park.pk}/members/", {"page_size": size}).json()["results"]) == size
            )
