"""The quality API: the error envelope with the services' messages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.quality.models import Complaint, Patent


@pytest.fixture
def api(cast):
    client = APIClient()
    client.force_authenticate(cast.org_admin)
    return client


def test_patent_with_a_wrong_check_digit_is_refused(api, cast):
    url = reverse("quality-patents", kwargs={"pk": cast.org.pk})
    body = {
        "application_no": "CN202310123456.7",
        "kind": "invention",
        "title": "一种光电探测器",
        "applied_on": "2023-03-01",
        "status": "pending",
    }
    response = api.post(url, body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "message": "申请号“CN202310123456.7”的校验位不正确（应为 6）。",
        "extra": {"field": "application_no", "code": "check"},
    }
    body["application_no"] = "CN202310123456.6"
    response = api.post(url, body, format="json")
    assert response.status_code == 201 and response.json()["application_no"] == "202310123456.6"
    assert Patent.objects.filter(organization=cast.org).count() == 1
    listed = api.get(url).json()
    assert [p["application_no"] for p in listed["results"]] == ["202310123456.6"]


def test_lodging_on_behalf_needs_a_membership(cast):
    client = APIClient()
    client.force_authenticate(cast.norole)
    url = reverse("quality-complaints")
    body = {"subject": "计量不准", "body": "加油站计量不准。", "region": "220102", "on_behalf": True}
    response = client.post(url, body, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "您不是任何单位的成员，不能以单位名义投诉。"
    assert not Complaint.objects.exists()
    body["on_behalf"] = False
    response = client.post(url, body, format="json")
    assert response.status_code == 201
    assert response.json()["deadline"] and response.json()["status"] == "lodged"
