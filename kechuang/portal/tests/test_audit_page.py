"""The audit log page: officers see their region's organizations (and their own acts), an organization's
history includes its statistics, designations and memberships; others get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kechuang.registry import services
from kechuang.registry.models import Region
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db
URL = "/audit/"


def _history(cast):  # type: ignore[no-untyped-def]
    services.organization_update(organization=cast.org, actor=cast.org_admin, data={"address": "人民大街1号"})
    services.statistics_upsert(
        organization=cast.org, actor=cast.org_admin, data={"year": 2025, "employees": 88}
    )
    services.designation_add(
        organization=cast.org, actor=cast.officer, kind="high_tech", valid_from=dt.date(2024, 1, 1)
    )
    jilin = f.OrganizationFactory(name="吉林市化纤有限公司", region=Region.objects.get(code="220202"))
    services.organization_update(organization=jilin, actor=cast.admin, data={"address": "吉林大街2号"})
    return jilin


def test_officer_sees_region_records_not_other_regions(cast):
    jilin = _history(cast)
    body = text(client_for(cast.officer).get(URL))
    assert "organization.update" in body and cast.org.name in body
    assert jilin.name not in body
    other = text(client_for(cast.other_officer).get(URL))
    assert jilin.name in other and "人民大街1号" not in other


def test_organization_history_includes_children(cast):
    _history(cast)
    response = client_for(cast.officer).get(URL, {"organization": cast.org.pk})
    actions = [r.action for r in response.context["page"].rows]
    assert {"organization.update", "statistics.create", "designation.add"} <= set(actions)
    assert all(
        r.target_type != "registry.organization" or r.target_id == str(cast.org.pk)
        for r in response.context["page"].rows
    )
    # Another region's officer asking for this organization's history gets nothing.
    hidden = client_for(cast.other_officer).get(URL, {"organization": cast.org.pk})
    assert list(hidden.context["page"].rows) == []


def test_filters_by_action(cast):
    _history(cast)
    response = client_for(cast.admin).get(URL, {"action": "statistics."})
    assert {r.action for r in response.context["page"].rows} == {"statistics.create"}


def test_detail_page_links_to_the_history(cast):
    body = text(client_for(cast.officer).get(reverse("registry:organization_detail", args=[cast.org.pk])))
    assert f"/audit/?organization={cast.org.pk}" in body
    body = text(client_for(cast.org_admin).get(reverse("registry:organization_detail", args=[cast.org.pk])))
    assert "/audit/" not in body
