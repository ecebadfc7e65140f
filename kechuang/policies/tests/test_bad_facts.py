"""The platform refuses a founding date after the application date with the field named (issue 12):
the API's explanation answers 400 with the envelope, the page shows the refusal and today instead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.policies import services
from kechuang.policies.models import Claim
from kechuang.registry.models import ParkMembership
from tests import factories as f

pytestmark = pytest.mark.django_db

REFUSED = "主体数据有误：成立日期 2019-05-10 晚于申请日 2019-01-01"


def test_api_explain_refuses_a_founding_date_after_the_application_date(cast, srdi):
    c = APIClient()
    c.force_authenticate(cast.org_member)
    url = reverse("api-policy-explain", args=[srdi.pk]) + f"?organization={cast.org.pk}&on=2019-01-01"
    r = c.get(url)
    assert r.status_code == 400
    assert r.json() == {
        "message": REFUSED,
        "extra": {"reason": "成立日期 2019-05-10 晚于申请日 2019-01-01", "field": "founded_on"},
    }
    r = c.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert r.json()["message"] == (
        "The organization's data are wrong: "
        "the founding date 2019-05-10 is after the application date 2019-01-01"
    )


def test_the_page_shows_the_refusal(client, cast, srdi):
    assert cast.org.founded_on == dt.date(2019, 5, 10)
    client.force_login(cast.org_admin)
    url = reverse("policies:measure_detail", args=[srdi.pk])
    r = client.get(url + f"?org={cast.org.pk}&on=2019-01-01")
    assert r.status_code == 302 and r["Location"] == url + f"?org={cast.org.pk}"
    assert REFUSED in client.get(r["Location"]).content.decode()


def test_auto_claims_skip_an_organisation_founded_after_the_application_date(cast, srdi, measures):
    ParkMembership.objects.create(park=f.ParkFactory(), organization=cast.org)
    park = measures["park-policy-push"]  # 免申即享 for every enterprise in a park: no founding condition
    assert services.auto_claims_generate(measure=park, actor=cast.officer, on=dt.date(2019, 1, 1)) == 0
    assert services.auto_claims_generate_many(
        actor=cast.officer, measures=[park], on=dt.date(2019, 1, 1)
    ) == {park.pk: 0}
    assert not Claim.objects.exists()
    assert services.auto_claims_generate(measure=park, actor=cast.officer, on=dt.date(2019, 5, 10)) == 1
