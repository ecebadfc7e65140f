"""The guide (申报指南) as a PDF, linked from its public page: what it prints, who may download it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kechuang.programs import selectors
from kechuang.programs.models import CallRecommender
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_guide_content_prints_the_call_the_rule_in_words_topics_units_and_scheme(cast):
    topic = af.TopicFactory(
        title="新能源汽车电驱动", funding_cap=Decimal("100"), project_count=3, co_funding_ratio=Decimal("1.5")
    )
    call = topic.call
    call.eligibility_rule = 'kind == "enterprise"'
    call.notice = "围绕汽车产业链部署。"
    call.save()
    unit = f.OrganizationFactory(name="长春市南关区科学技术局")
    CallRecommender.objects.create(call=call, organization=unit, region=cast.org.region)
    g = selectors.guide_content(call=call, today=dt.date(2026, 3, 1))
    assert g["title"] == call.title and g["notice"] == "围绕汽车产业链部署。"
    assert g["topics"] == [
        {
            "title": "新能源汽车电驱动",
            "description": topic.description,
            "cap": "100.00",
            "count": "3",
            "months": str(topic.duration_months),
            "ratio": "1 : 1.50",
        }
    ]
    # the rule read aloud, not its code
    assert g["conditions"] and all('"enterprise"' not in line for line in g["conditions"])
    assert any("企业" in line for line in g["conditions"])
    assert g["recommenders"] == [
        {"name": "长春市南关区科学技术局", "covers": f"{cast.org.region.name}（含下辖地区）"}
    ]
    assert sum(int(i["max_score"]) for i in g["indicators"]) == 100
    assert g["printed_on"] == "2026年3月1日"


def test_guide_pdf_is_public_for_a_published_call_and_linked_from_its_page(client):
    topic = af.TopicFactory()
    url = reverse("programs:call_guide_pdf", args=[topic.call.pk])
    assert url in client.get(reverse("programs:call_detail", args=[topic.call.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000


def test_guide_pdf_of_a_draft_call_is_hidden(client):
    draft = af.ProgramCallFactory(status="draft")
    assert client.get(reverse("programs:call_guide_pdf", args=[draft.pk])).status_code == 404
