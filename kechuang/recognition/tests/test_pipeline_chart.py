"""The officers' recognition page charts every scheme's applications by stage; each bar (and the table
beside it) opens the call's list filtered to that stage, and counts exactly what that list shows."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from kechuang.recognition.choices import ApplicationStatus as S
from kechuang.recognition.models import Application
from tests import factories as f
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def test_pipeline_chart_per_scheme_traceable_to_the_filtered_list(world, draft, cast):  # type: ignore[no-untyped-def]
    orgs = [f.OrganizationFactory() for _ in range(3)]
    others = [
        Application.objects.create(
            call=world.call,
            organization=o,
            region_path=o.region_path,
            title=f"企业技术中心{i}",
            summary="简介",
        )
        for i, o in enumerate(orgs)
    ]
    Application.objects.filter(pk=draft.pk).update(status=S.SUBMITTED)
    Application.objects.filter(pk__in=[a.pk for a in others[:2]]).update(status=S.FORMAL_CHECK)
    # others[2] stays a draft: not counted
    client = client_for(cast.officer)
    response = client.get(reverse("recognition:officer_calls"))
    ((scheme, rows),) = response.context["pipelines"]
    assert scheme == world.scheme.name
    assert [(r["name"], r["value"]) for r in rows] == [
        (f"2026年度 · {S.SUBMITTED.label}", 1),
        (f"2026年度 · {S.FORMAL_CHECK.label}", 2),
    ]
    html = response.content.decode()
    chart = json.loads(
        re.search(r'<script id="pipeline-chart-1-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert chart == rows  # the bars are the table's rows
    for row in rows:
        assert f'href="{row["url"]}"' in html  # the accessible table links the same lists
        listed = client.get(row["url"]).context["page"].paginator.count
        assert listed == row["value"], row


def test_no_chart_without_submitted_applications(world, draft, cast):  # type: ignore[no-untyped-def]
    response = client_for(cast.officer).get(reverse("recognition:officer_calls"))
    assert response.context["pipelines"] == [] and "pipeline-chart" not in response.content.decode()
