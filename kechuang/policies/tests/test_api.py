from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.policies.models import Claim

from .conftest import ON

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def test_measures_are_public(measures):
    r = api().get(reverse("api-policy-measures"))
    assert r.status_code == 200 and len(r.json()) == len(measures)


def test_explain_matrix(cast, srdi):
    url = reverse("api-policy-explain", args=[srdi.pk]) + f"?organization={cast.org.pk}&on={ON}"
    assert api().get(url).status_code == 401
    assert api(cast.norole).get(url).status_code == 404
    assert api(cast.other_org_admin).get(url).status_code == 404
    assert api(cast.other_officer).get(url).status_code == 404
    r = api(cast.org_member).get(url)
    assert r.status_code == 200 and r.json()["status"] == "eligible"
    assert api(cast.officer).get(url).json()["status"] == "eligible"


def test_overview(cast, srdi):
    r = api(cast.other_org_admin).get(reverse("api-policy-overview", args=[cast.other_org.pk]) + f"?on={ON}")
    almost = {a["code"]: a for a in r.json()["almost"]}
    assert almost["specialized-sme"]["changes"][0]["required"] == 1000000.0


def test_qualified_and_what_if_need_an_officer(cast, srdi):
    url = reverse("api-policy-qualified", args=[srdi.pk]) + f"?on={ON}"
    assert api(cast.org_admin).get(url).status_code == 404
    r = api(cast.officer).get(url)
    assert r.json()["total"] == 1 and r.json()["organizations"][0]["name"] == cast.org.name
    th = api(cast.officer).get(reverse("api-policy-what-if", args=[srdi.pk]) + f"?on={ON}").json()
    idx = next(t["index"] for t in th if "100万元" in t["label"])
    r = api(cast.officer).post(
        reverse("api-policy-what-if", args=[srdi.pk]) + f"?on={ON}",
        {"changes": {str(idx): "800000"}},
        format="json",
    )
    assert r.json()["after"] == 2 and r.json()["added"] == 1
    r = api(cast.officer).post(
        reverse("api-policy-what-if", args=[srdi.pk]), {"changes": {"99": "1"}}, format="json"
    )
    assert r.status_code == 400 and r.json()["message"] == "没有编号为 99 的门槛。"


def test_claim_flow_over_api(cast, srdi):
    r = api(cast.org_admin).post(
        reverse("api-policy-claims"),
        {"measure": srdi.pk, "organization": cast.org.pk, "on": ON.isoformat()},
        format="json",
    )
    assert r.status_code == 201 and r.json()["status"] == "draft"
    pk = r.json()["id"]
    r = api(cast.other_org_admin).post(
        reverse("api-policy-claim-action", args=[pk]), {"action": "submit"}, format="json"
    )
    assert r.status_code == 404
    r = api(cast.org_admin).post(
        reverse("api-policy-claim-action", args=[pk]), {"action": "submit"}, format="json"
    )
    assert r.json()["status"] == "submitted"
    r = api(cast.org_admin).post(
        reverse("api-policy-claim-action", args=[pk]), {"action": "approve"}, format="json"
    )
    assert r.status_code == 400 and r.json()["message"] == "您无权执行此操作。"
    r = api(cast.officer).post(
        reverse("api-policy-claim-action", args=[pk]),
        {"action": "approve", "amount_approved": "1000"},
        format="json",
    )
    assert r.json()["status"] == "approved"
    r = api(cast.officer).post(
        reverse("api-policy-disbursements", args=[pk]),
        {"amount": "1000", "paid_on": ON.isoformat()},
        format="json",
    )
    assert r.status_code == 201
    assert Claim.objects.get(pk=pk).status == "disbursed"


def test_claim_refused_with_envelope(cast, srdi):
    r = api(cast.other_org_admin).post(
        reverse("api-policy-claims"),
        {"measure": srdi.pk, "organization": cast.other_org.pk, "on": ON.isoformat()},
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["message"].startswith("贵单位不符合该事项的条件：")
    r = api(cast.org_admin).post(
        reverse("api-policy-claims"),
        {"measure": srdi.pk, "organization": cast.org.pk, "bogus": 1},
        format="json",
    )
    assert r.json()["message"] == "不支持的字段：bogus。"
