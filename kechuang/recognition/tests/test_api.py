"""API: error envelope, permission matrix, optimistic locking, sealed scores, public verification."""

from __future__ import annotations

import pytest

from kechuang.carriers.tests.builders import make_carrier
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.models import Application
from kechuang.recognition.services import application_transition

S = ApplicationStatus


@pytest.fixture
def api(client):
    return client


def url(pk, suffix=""):
    return f"/api/v1/recognition/applications/{pk}/{suffix}"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 401),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 200),
        ("officer", 200),
    ],
)
def test_detail_matrix(api, cast, draft, who, expected):
    if who:
        api.force_login(getattr(cast, who))
    assert api.get(url(draft.pk)).status_code == expected


def test_transition_and_error_envelope(api, cast, draft):
    api.force_login(cast.org_admin)
    response = api.post(
        url(draft.pk, "transition/"),
        {"to": "submitted", "version": draft.version},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = api.post(url(draft.pk, "transition/"), {"to": "recognised"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "message": "不能从“已提交”变更为“已认定”。",
        "extra": {"from": "submitted", "to": "recognised"},
    }


def test_stale_version_gets_conflict(api, cast, draft):
    application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    draft.refresh_from_db()
    api.force_login(cast.officer)
    body = {"to": "formal_check", "version": draft.version}
    assert api.post(url(draft.pk, "transition/"), body, content_type="application/json").status_code == 200
    response = api.post(
        url(draft.pk, "transition/"),
        {"to": "expert_review", "version": draft.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["message"] == "该记录已被他人修改，请刷新页面后重试。"
    assert Application.objects.get(pk=draft.pk).status == S.FORMAL_CHECK


def test_list_is_scoped(api, cast, draft):
    api.force_login(cast.other_org_admin)
    assert api.get("/api/v1/recognition/applications/").json()["results"] == []
    api.force_login(cast.org_admin)
    assert [r["id"] for r in api.get("/api/v1/recognition/applications/").json()["results"]] == [draft.pk]


def test_verify_api(api, db):
    assert api.get("/api/v1/recognition/verify/AAAA-BBBB-CCCC-DDDD/").status_code == 404


def test_carriers_api_public(api, cast, world):
    carrier = make_carrier(organization=cast.org, actor=cast.admin, name="光华中心")
    body = api.get(f"/api/v1/carriers/{carrier.pk}/").json()
    assert body["hosts"] == [{"organization": cast.org.name, "organization_id": cast.org.pk, "role": "lead"}]
    assert body["history"][0]["title"] == "认定为市级企业技术中心"
    ladder = api.get(f"/api/v1/carriers/organizations/{cast.org.pk}/ladder/").json()
    assert [r["held"] for r in ladder[0]["rungs"]] == [True, False, False]
