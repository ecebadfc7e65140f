"""The organization endpoints, reading: permission matrix, filters, keyset pages, detail, forged ids and
query counts. Writes: test_api_organization_writes.py; statistics and designations:
test_api_statistics_designations.py."""

from __future__ import annotations

import pytest

from kechuang.core.api import encode_cursor
from kechuang.registry.api.organizations import OrganizationListOutput
from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Designation, Industry, Region
from kechuang.registry.tests.helpers import (
    LIST,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    bulk_orgs,
    ids,
    item,
    matrix,
    who,
    writes,
)
from tests import factories as f
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db


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
    bulk_orgs(210)
    c = client_for(getattr(cast, name))
    for size in (20, 50, 200):
        with django_assert_num_queries(queries):
            response = c.get(LIST, {**params, "page_size": size})
        assert response.status_code == 200
    if not params:
        assert len(response.json()["results"]) == 200 and response.json()["next"]


# ---------------------------------------------------------------------------------------------------------
# Detail


@pytest.mark.parametrize(("name", "status"), matrix(org_member=200, org_admin=200, officer=200, admin=200))
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


def test_detail_query_count_does_not_grow_with_designations(cast, django_assert_num_queries):
    c = client_for(cast.org_admin)
    # session, user, roles (officer + memberships), the organization, its designations
    with django_assert_num_queries(6):
        assert c.get(item(cast.org)).status_code == 200
    for year in range(2015, 2025):
        Designation.objects.create(organization=cast.org, kind="tech_sme", valid_from=f"{year}-04-01")
    with django_assert_num_queries(6):
        assert len(c.get(item(cast.org)).json()["designations"]) == 10
