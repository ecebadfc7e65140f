"""What the detail and park pages show to whom."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.registry.models import Region
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _detail(user, org):  # type: ignore[no-untyped-def]
    return text(client_for(user).get(reverse("registry:organization_detail", args=[org.pk])))


def test_members_panel_for_admins_and_officers_only(cast):
    assert 'id="members"' in _detail(cast.officer, cast.org)
    assert 'id="members"' in _detail(cast.org_admin, cast.org)
    assert 'id="members"' not in _detail(cast.org_member, cast.org)


def test_actions_by_role(cast):
    edit = reverse("registry:organization_edit", args=[cast.org.pk])
    designation = reverse("registry:designation_add", args=[cast.org.pk])
    members = reverse("members:organization_members", args=[cast.org.pk])
    body = _detail(cast.org_admin, cast.org)
    assert edit in body and members in body and designation not in body
    body = _detail(cast.officer, cast.org)
    assert edit in body and designation in body and members not in body
    body = _detail(cast.org_member, cast.org)
    assert edit not in body and designation not in body and members not in body


def test_list_offers_the_excel_export_with_the_filters(cast):
    body = text(client_for(cast.officer).get(reverse("registry:organization_list"), {"kind": "enterprise"}))
    assert f'href="{reverse("registry:organization_export")}?kind=enterprise"' in body


def test_park_detail_members_scoped_to_the_viewer(cast):
    park = f.ParkFactory(name="长春北湖科技园")
    jilin_org = f.OrganizationFactory(name="吉林市碳纤维有限公司", region=Region.objects.get(code="220202"))
    for org in (cast.org, cast.other_org, jilin_org):
        park.memberships.create(organization=org)
    url = reverse("registry:park_detail", args=[park.pk])
    anonymous = text(client_for(None).get(url))
    assert "登录后可查看入园主体名单。" in anonymous and cast.org.name not in anonymous
    officer = text(client_for(cast.officer).get(url))
    assert cast.org.name in officer and cast.other_org.name in officer and jilin_org.name not in officer
    assert "仅显示您有权查看的 2 个主体。" in officer
    assert reverse("registry:park_member_add", args=[park.pk]) in officer
    org_admin = text(client_for(cast.org_admin).get(url))
    assert cast.org.name in org_admin and cast.other_org.name not in org_admin
    assert reverse("registry:park_member_add", args=[park.pk]) not in org_admin


def test_park_list_is_public_and_counts_members(cast):
    park = f.ParkFactory(name="长春北湖科技园")
    park.memberships.create(organization=cast.org)
    response = client_for(None).get(reverse("registry:park_list"))
    assert "长春北湖科技园" in text(response)
    assert next(p for p in response.context["parks"] if p.pk == park.pk).member_count == 1
    assert reverse("registry:park_create") not in text(response)
    assert reverse("registry:park_create") in text(
        client_for(cast.officer).get(reverse("registry:park_list"))
    )


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        ("registry:region_search", "2201", "220102"),
        ("registry:region_search", "ccs", "220100"),
        ("registry:region_search", "長春", "220100"),  # Traditional input
        ("registry:region_search", "南关", "220102"),
        ("registry:industry_search", "C39", "C39"),
        ("registry:industry_search", "39", "C39"),
        ("registry:industry_search", "计算机", "C39"),
    ],
)
def test_pickers_search_by_code_name_and_pinyin(db, url, query, expected):
    body = text(client_for(None).get(reverse(url), {"q": query}))
    assert f'data-value="{expected}"' in body


def test_picker_reads_the_fields_own_name_and_says_when_nothing_matches(db):
    body = text(client_for(None).get(reverse("registry:region_search"), {"region": "ccs"}))
    assert 'data-value="220100"' in body
    body = text(client_for(None).get(reverse("registry:region_search"), {"q": "zzzzzz"}))
    assert "没有匹配项" in body


def test_park_members_are_paged(cast):
    park = f.ParkFactory()
    orgs = [f.OrganizationFactory(name=f"园区企业{i:02d}") for i in range(25)]
    for org in orgs:
        park.memberships.create(organization=org)
    url = reverse("registry:park_detail", args=[park.pk])
    client = client_for(cast.officer)
    first = client.get(url, {"size": 20})
    assert len(first.context["members"]) == 20 and first.context["page"].next_after
    second = client.get(url, {"size": 20, "after": first.context["page"].next_after})
    names = {o.name for o in first.context["members"]} | {o.name for o in second.context["members"]}
    assert names == {o.name for o in orgs}
