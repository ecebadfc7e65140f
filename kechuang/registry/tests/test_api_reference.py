"""Reference data and parks over the API: regions, industries, departments, parks and their members."""

from __future__ import annotations

import pytest

from kechuang.registry.models import Organization, Region
from kechuang.registry.tests.helpers import bulk_orgs
from tests import factories as f
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db

NOT_AUTHENTICATED = "身份认证信息未提供。"

READ_ONLY = [
    "/api/v1/regions/",
    "/api/v1/regions/220100/",
    "/api/v1/regions/220100/children/",
    "/api/v1/industries/",
    "/api/v1/industries/C/",
    "/api/v1/industries/C/children/",
    "/api/v1/departments/",
    "/api/v1/parks/",
]


@pytest.mark.parametrize("url", READ_ONLY)
@pytest.mark.parametrize("name", ["norole", "org_member", "other_officer", "officer", "admin"])
def test_reference_data_is_readable_by_every_signed_in_user(cast, url, name):
    assert client_for(getattr(cast, name)).get(url).status_code == 200


@pytest.mark.parametrize("url", READ_ONLY)
def test_reference_data_needs_sign_in(cast, url):
    assert_error(client_for(None).get(url), 401, NOT_AUTHENTICATED)


@pytest.mark.parametrize("url", [u for u in READ_ONLY if u != "/api/v1/departments/"])
def test_reference_data_is_read_only(cast, url):
    """Departments are the exception: platform admins set them up (``api-departments`` POST, issue 20)."""
    response = client_for(cast.admin).post(url, {}, format="json")
    assert_error(response, 405, "方法 “POST” 不被允许。")


# ---------------------------------------------------------------------------------------------------------
# Regions


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("2201", "220100"),  # code prefix
        ("ccs", "220100"),  # pinyin initials of 长春市
        ("长春", "220100"),
        ("長春", "220100"),  # Traditional input
        ("南关区", "220102"),
    ],
)
def test_region_search(cast, q, first):
    rows = client_for(cast.norole).get("/api/v1/regions/", {"q": q}).json()
    assert rows[0]["code"] == first


def test_region_search_without_q_lists_provinces_and_honours_limit(cast):
    c = client_for(cast.norole)
    rows = c.get("/api/v1/regions/", {"limit": 100}).json()
    assert len(rows) == 31 + 3  # 31 mainland provinces + HK, Macao, Taiwan in the MCA table
    assert {r["level"] for r in rows} == {"province"}
    assert len(c.get("/api/v1/regions/", {"q": "22", "limit": 5}).json()) == 5
    assert_error(c.get("/api/v1/regions/", {"limit": 1000}), 400, "limit: 请确保该值小于或者等于 100。")


def test_region_detail_and_children(cast):
    c = client_for(cast.norole)
    assert c.get("/api/v1/regions/220102/").json() == {
        "code": "220102",
        "name": "南关区",
        "full_name": "吉林省长春市南关区",
        "level": "county",
        "level_display": "县级",
        "parent_code": "220100",
        "pinyin_initials": "ngq",
    }
    children = c.get("/api/v1/regions/220100/children/").json()
    expected = list(Region.objects.filter(parent_id="220100").order_by("code").values_list("code", flat=True))
    assert [r["code"] for r in children] == expected and "220102" in expected


@pytest.mark.parametrize("url", ["/api/v1/regions/999999/", "/api/v1/regions/999999/children/"])
def test_unknown_region_is_404_with_its_code(cast, url):
    assert_error(client_for(cast.norole).get(url), 404, "行政区划代码“999999”不存在。")


# ---------------------------------------------------------------------------------------------------------
# Industries


@pytest.mark.parametrize(
    ("q", "first"),
    [("C3", "C30"), ("33", "33"), ("jszpy", "33"), ("金属制品", "33"), ("金屬製品", "33")],
)
def test_industry_search(cast, q, first):
    rows = client_for(cast.norole).get("/api/v1/industries/", {"q": q}).json()
    assert first in (rows[0]["code_with_section"], rows[0]["code"])


def test_industry_detail_by_either_code_and_children(cast):
    c = client_for(cast.norole)
    assert c.get("/api/v1/industries/C33/").json()["name"] == "金属制品业"
    assert c.get("/api/v1/industries/33/").json()["code_with_section"] == "C33"
    assert c.get("/api/v1/industries/c33/").json()["code"] == "33"
    children = c.get("/api/v1/industries/C/children/").json()
    assert [r["code_with_section"] for r in children][:3] == ["C13", "C14", "C15"]
    assert all(r["parent_code"] == "C" for r in children)
    assert_error(c.get("/api/v1/industries/Z99/"), 404, "国民经济行业代码“Z99”不存在。")


# ---------------------------------------------------------------------------------------------------------
# Departments


def test_departments_filter_by_region_and_kind(cast):
    jilin = Region.objects.get(code="220200")
    gxj = f.DepartmentFactory(kind="industry_it", name="长春市工业和信息化局")
    county = f.DepartmentFactory(region=Region.objects.get(code="220102"), name="南关区科学技术局")
    c = client_for(cast.norole)

    def names(**params):  # type: ignore[no-untyped-def]
        return {row["name"] for row in c.get("/api/v1/departments/", params).json()["results"]}

    assert names(region="220100") == {"长春市科学技术局", gxj.name}
    assert names(region="220100", subtree="true") == {"长春市科学技术局", gxj.name, county.name}
    assert names(region="220100", kind="industry_it") == {gxj.name}
    assert names(region=jilin.code) == {"吉林市科学技术局"}
    assert_error(c.get("/api/v1/departments/", {"kind": "army"}), 400, "kind: “army” 不是合法选项。")
    assert_error(c.get("/api/v1/departments/", {"region": "22"}), 400, "region: 应为6位行政区划代码。")


# ---------------------------------------------------------------------------------------------------------
# Parks


def test_park_list_filters_and_detail(cast):
    changchun = f.ParkFactory(name="长春新区", level="national", kind="high_tech_zone")
    jilin = f.ParkFactory(name="吉林化工园", region=Region.objects.get(code="220200"))
    c = client_for(cast.norole)

    def names(**params):  # type: ignore[no-untyped-def]
        return {row["name"] for row in c.get("/api/v1/parks/", params).json()["results"]}

    assert names() == {changchun.name, jilin.name}
    assert names(region="220200") == {jilin.name}
    assert names(level="national") == {changchun.name}
    assert names(kind="high_tech_zone", region="220100") == {changchun.name}
    detail = c.get(f"/api/v1/parks/{changchun.pk}/").json()
    assert detail["kind_display"] == "高新技术产业开发区" and detail["region"]["code"] == "220100"
    assert_error(c.get("/api/v1/parks/987654/"), 404, "对象不存在或无权访问。")
    assert_error(c.get("/api/v1/parks/", {"level": "galactic"}), 400, "level: “galactic” 不是合法选项。")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("norole", set()),
        ("org_member", {"org"}),
        ("other_org_admin", {"other_org"}),
        ("other_officer", set()),
        ("officer", {"org", "other_org"}),
        ("admin", {"org", "other_org"}),
    ],
)
def test_park_members_show_only_visible_organizations(cast, name, expected):
    park = f.ParkFactory()
    park.memberships.create(organization=cast.org)
    park.memberships.create(organization=cast.other_org)
    f.OrganizationFactory()  # not in the park
    response = client_for(getattr(cast, name)).get(f"/api/v1/parks/{park.pk}/members/")
    assert {row["id"] for row in response.json()["results"]} == {getattr(cast, k).pk for k in expected}


def test_park_members_anonymous_and_forged(cast):
    park = f.ParkFactory()
    assert_error(client_for(None).get(f"/api/v1/parks/{park.pk}/members/"), 401, NOT_AUTHENTICATED)
    assert_error(client_for(cast.admin).get("/api/v1/parks/987654/members/"), 404, "对象不存在或无权访问。")


def test_park_members_query_count_is_constant(cast, django_assert_num_queries):
    park = f.ParkFactory()
    bulk_orgs(60)
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
