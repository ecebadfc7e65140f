"""The organization list page: search (Traditional input too), filters, keyset pages, htmx, query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kechuang.registry.choices import DesignationKind, OrganizationKind, SizeClass, VerificationStatus
from kechuang.registry.models import Designation, Industry, Region
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db
URL = "/registry/organizations/"


def _get(user, **params):  # type: ignore[no-untyped-def]
    return client_for(user).get(URL, params)


def test_traditional_chinese_search_finds_simplified_names(cast):
    body = text(_get(cast.officer, q="長春光華"))
    assert cast.org.name in body and cast.other_org.name not in body


def test_search_by_uscc_full_and_partial(cast):
    body = text(_get(cast.officer, q=cast.org.uscc.lower()))
    assert cast.org.name in body and cast.other_org.name not in body
    body = text(_get(cast.officer, q=cast.other_org.uscc[:12]))
    assert cast.other_org.name in body


def test_filters_kind_size_status(cast):
    uni = f.OrganizationFactory(name="长春理工大学", kind=OrganizationKind.UNIVERSITY)
    small = f.OrganizationFactory(name="小型科技公司", size=SizeClass.SMALL)
    pending = f.OrganizationFactory(name="新注册公司", verification_status=VerificationStatus.PENDING)
    body = text(_get(cast.officer, kind="university"))
    assert uni.name in body and cast.org.name not in body
    body = text(_get(cast.officer, size="small"))
    assert small.name in body and uni.name not in body
    body = text(_get(cast.officer, verification_status="pending"))
    assert pending.name in body and small.name not in body


def test_region_filter_includes_the_subtree_and_accepts_names(cast):
    chaoyang = f.OrganizationFactory(name="朝阳区企业", region=Region.objects.get(code="220104"))
    body = text(_get(cast.officer, region="220100"))
    assert chaoyang.name in body and cast.org.name in body
    body = text(_get(cast.officer, region="220104"))
    assert chaoyang.name in body and cast.org.name not in body
    body = text(_get(cast.officer, region="南关区"))
    assert cast.org.name in body and chaoyang.name not in body


def test_unknown_region_filter_shows_the_message_and_no_rows(cast):
    body = text(_get(cast.officer, region="999999"))
    assert "没有符合条件的主体。" in body
    body = text(_get(cast.officer, region="火星市"))
    assert "找不到地区“火星市”。" in body and cast.org.name not in body


def test_industry_filter_includes_the_subtree(cast):
    c39 = Industry.objects.get(code_with_section="C39")
    org = f.OrganizationFactory(name="电子设备制造公司", industry=c39)
    for value in ("C", "C39", "39"):
        body = text(_get(cast.officer, industry=value))
        assert org.name in body and cast.org.name not in body, value
    body = text(_get(cast.officer, industry="Z99"))
    assert "国民经济行业代码或名称“Z99”不存在。" in body


def test_designation_filter_counts_only_current_designations(cast):
    today = dt.date.today()
    Designation.objects.create(
        organization=cast.org, kind=DesignationKind.HIGH_TECH, valid_from=today - dt.timedelta(days=30)
    )
    Designation.objects.create(
        organization=cast.other_org,
        kind=DesignationKind.HIGH_TECH,
        valid_from=today - dt.timedelta(days=1200),
        valid_to=today - dt.timedelta(days=100),
    )
    body = text(_get(cast.officer, designation="high_tech"))
    assert cast.org.name in body and cast.other_org.name not in body


def test_park_filter(cast):
    park = f.ParkFactory()
    park.memberships.create(organization=cast.other_org)
    body = text(_get(cast.officer, park=park.pk))
    assert cast.other_org.name in body and cast.org.name not in body


def _make_orgs(n: int) -> list:
    orgs = [f.OrganizationFactory(name=f"分页测试公司{i:03d}") for i in range(n)]
    today = dt.date.today()
    Designation.objects.bulk_create(
        Designation(organization=o, kind=DesignationKind.TECH_SME, valid_from=today) for o in orgs
    )
    return orgs


def test_keyset_pages_cover_everything_once_and_go_back(cast):
    orgs = _make_orgs(45)
    seen: list[str] = []
    params = {"size": 20, "q": "分页测试"}
    after = None
    pages = []
    while True:
        response = _get(cast.officer, **params, **({"after": after} if after else {}))
        page = response.context["page"]
        pages.append(page)
        seen += [o.name for o in page.rows]
        if not page.next_after:
            break
        after = page.next_after
    assert sorted(seen) == sorted(o.name for o in orgs) and len(seen) == len(set(seen)) == 45
    assert [len(p.rows) for p in pages] == [20, 20, 5]
    back = _get(cast.officer, **params, before=pages[2].prev_before).context["page"]
    assert [o.pk for o in back.rows] == [o.pk for o in pages[1].rows]


def test_malformed_cursor_falls_back_to_first_page(cast):
    response = _get(cast.officer, after="abc", before="-3")
    assert response.status_code == 200 and cast.org.name in text(response)


def test_query_count_does_not_depend_on_page_size(cast):
    """The list must cost the same number of queries for 20 rows as for 200 (no per-row queries)."""
    _make_orgs(210)
    client = client_for(cast.officer)
    counts = {}
    for size in (20, 200):
        client.get(URL, {"size": size})  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"size": size})
        assert len(response.context["page"].rows) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[20] == counts[200], counts


def test_query_count_is_pinned(cast, django_assert_num_queries):
    """Pinned: session, user, parks for the filter, officer roles, memberships, the region filter, rows,
    designations, unread badge. A change here means a new per-request query: justify it or fix it.
    The total is a separate request (htmx, after the rows are shown)."""
    _make_orgs(60)
    client = client_for(cast.officer)
    client.get(URL)
    with django_assert_num_queries(9):
        response = client.get(URL, {"size": 50, "designation": "tech_sme", "region": "220100"})
    assert len(response.context["page"].rows) == 50
    assert "count=1" in text(response)


def test_total_is_counted_in_a_separate_request(cast, django_assert_num_queries):
    _make_orgs(60)
    client = client_for(cast.officer)
    client.get(URL)
    with django_assert_num_queries(7):  # session, user, parks, roles, memberships, region, count
        response = client.get(URL, {"count": "1", "designation": "tech_sme", "region": "220100"})
    assert text(response).strip() == '<span id="org-count">共 60 个主体</span>'
    body = text(client_for(cast.other_officer).get(URL, {"count": "1"}))
    assert "共 0 个主体" in body
    body = text(client_for(cast.officer).get(URL, {"count": "1", "region": "火星市"}))
    assert "共 0 个主体" in body


def test_htmx_request_returns_only_the_results(cast):
    response = client_for(cast.officer).get(
        URL, {"q": "光华"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    body = text(response)
    assert "<html" not in body and cast.org.name in body and 'id="org-filters"' not in body
    full = text(client_for(cast.officer).get(URL, {"q": "光华"}))
    assert "<html" in full and 'id="org-filters"' in full
