"""The officers' claim desk: filters, paging, one decision for many claims (each decided on its own, the
ones that cannot be decided reported with the reason), and the qualified list with the organizations
whose data is missing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.policies import services
from kechuang.policies.choices import ClaimOrigin, ClaimStatus
from kechuang.policies.models import Claim
from kechuang.registry.models import Region
from tests import app_factories as af
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _claims(n, **kwargs):  # type: ignore[no-untyped-def]
    measure = kwargs.pop("measure", None) or af.MeasureFactory()
    return [
        af.ClaimFactory(
            measure=measure, status=ClaimStatus.SUBMITTED, organization=f.OrganizationFactory(), **kwargs
        )
        for _ in range(n)
    ]


def test_one_decision_for_many_claims_each_audited(cast):
    claims = _claims(3)
    decided, refused = services.claims_review_bulk(
        claim_ids=[c.pk for c in claims], actor=cast.officer, decision="approve"
    )
    assert len(decided) == 3 and refused == []
    assert set(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)) == {
        "approved"
    }
    assert (
        AuditRecord.objects.filter(
            action="claim.transition", target_id__in=[str(c.pk) for c in claims]
        ).count()
        == 3
    )


def test_claims_that_cannot_be_decided_are_reported_and_the_others_go_through(cast):
    ok, done = _claims(2)
    Claim.objects.filter(pk=done.pk).update(status=ClaimStatus.APPROVED)
    elsewhere = af.ClaimFactory(
        status=ClaimStatus.SUBMITTED,
        organization=f.OrganizationFactory(region=Region.objects.get(code="220200")),
    )
    decided, refused = services.claims_review_bulk(
        claim_ids=[ok.pk, done.pk, elsewhere.pk, 999999], actor=cast.officer, decision="approve"
    )
    assert [c.pk for c in decided] == [ok.pk]
    reasons = {(c if isinstance(c, int) else c.pk): r for c, r in refused}
    assert set(reasons) == {done.pk, elsewhere.pk, 999999}
    assert "不存在或无权访问" in reasons[999999]
    elsewhere.refresh_from_db()
    assert elsewhere.status == ClaimStatus.SUBMITTED


def test_return_and_reject_need_a_note_and_nothing_is_written_without_it(cast):
    claims = _claims(2)
    for decision in ("return", "reject"):
        with pytest.raises(ApplicationError, match="必须填写审核意见"):
            services.claims_review_bulk(
                claim_ids=[c.pk for c in claims], actor=cast.officer, decision=decision
            )
    assert set(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)) == {
        "submitted"
    }


def test_nothing_checked_or_too_many_is_refused(cast):
    with pytest.raises(ApplicationError, match="请先勾选"):
        services.claims_review_bulk(claim_ids=[], actor=cast.officer, decision="approve")
    with pytest.raises(ApplicationError, match="一次最多"):
        services.claims_review_bulk(claim_ids=range(1, 300), actor=cast.officer, decision="approve")


def test_desk_filters_by_measure_origin_and_name_and_pages(cast):
    wanted = af.MeasureFactory(title="科技型中小企业研发补助")
    _claims(55, measure=wanted)
    _claims(3)
    automatic = _claims(2, measure=wanted, origin=ClaimOrigin.AUTOMATIC)
    client = client_for(cast.officer)
    response = client.get(reverse("policies:review_queue"), {"measure": wanted.pk})
    assert response.context["page"].paginator.count == 57 and len(response.context["page"].object_list) == 50
    assert "科技型中小企业研发补助（57）" in text(response)
    response = client.get(reverse("policies:review_queue"), {"measure": wanted.pk, "origin": "automatic"})
    assert {c.pk for c in response.context["page"]} == {c.pk for c in automatic}
    name = automatic[0].organization.name
    response = client.get(reverse("policies:review_queue"), {"q": name})
    assert [c.pk for c in response.context["page"]] == [automatic[0].pk]


def test_bulk_page_action_reports_in_words(cast):
    claims = _claims(2)
    client = client_for(cast.officer)
    response = client.post(
        reverse("policies:review_bulk"),
        {"claims": [c.pk for c in claims], "decision": "return", "note": ""},
        follow=True,
    )
    assert "必须填写审核意见" in text(response)
    response = client.post(
        reverse("policies:review_bulk"),
        {"claims": [c.pk for c in claims], "decision": "return", "note": "请补充研发费用专项审计报告。"},
        follow=True,
    )
    assert "已审核2件申请" in text(response)
    assert set(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)) == {
        "returned"
    }


def test_qualified_page_lists_the_organizations_missing_data_with_what_is_missing(cast):
    measure = af.MeasureFactory()
    f.OrganizationFactory(name="缺数据的企业")
    response = client_for(cast.officer).get(
        reverse("policies:qualified", args=[measure.pk]), {"show": "unknown"}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert all(isinstance(missing, dict) for _org, missing in rows)
    assert "缺少数据（" in text(response)


def test_each_bar_opens_the_organizations_it_counted(cast):
    """A figure is traceable: the region bar's count equals the list it opens (the same rule, that region)."""
    measure = af.MeasureFactory()
    response = client_for(cast.officer).get(reverse("policies:qualified", args=[measure.pk]))
    chart = response.context["region_chart"]
    assert chart, "the standard world has qualifying enterprises"
    assert sum(bar["value"] for bar in chart) == response.context["breakdown"].total
    for bar in chart:
        opened = client_for(cast.officer).get(
            reverse("policies:qualified", args=[measure.pk]) + bar["url"].split("#")[0]
        )
        assert opened.context["page"].paginator.count == bar["value"]
        assert opened.context["narrowed"] and "名单只显示所点击的地区或行业" in text(opened)


def test_desk_region_is_a_picker_chosen_or_typed_by_name(cast):
    """The region filter is the region picker: a code it fills in, or a name typed without choosing; the box
    then shows the region's name, and a name that names no region says so and lists nothing."""
    nanguan = Region.objects.get(code="220102")
    chaoyang = Region.objects.get(code="220104")
    measure = af.MeasureFactory()
    here = af.ClaimFactory(
        measure=measure, status=ClaimStatus.SUBMITTED, organization=f.OrganizationFactory(region=nanguan)
    )
    af.ClaimFactory(
        measure=measure, status=ClaimStatus.SUBMITTED, organization=f.OrganizationFactory(region=chaoyang)
    )
    client = client_for(cast.officer)
    url = reverse("policies:review_queue")
    html = client.get(url).content.decode()
    assert 'data_picker="region"' in html and f'hx-get="{reverse("registry:region_search")}"' in html
    assert "区划代码" not in html
    for value in ("220102", "南关区", "吉林省长春市南关区"):
        response = client.get(url, {"region": value})
        assert [c.pk for c in response.context["page"]] == [here.pk], value
        assert response.context["region_form"]["region"].value() == nanguan.full_name
    response = client.get(url, {"region": "没有这个区"})
    assert response.context["page"].paginator.count == 0
    assert "找不到地区“没有这个区”" in text(response)
    # a forged value that is neither a code nor a name of a region is ignored the same way
    assert client.get(url, {"region": "22010"}).context["page"].paginator.count == 0
