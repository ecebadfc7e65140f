"""Issue 10: an organization (here one of 吉林市) must not start a draft in a call it cannot see — a draft
call of 长春市's department answers exactly like a call that does not exist (404), on the page and in
the API, and nothing is written. Same for recognition calls (a draft call is seen only by its department's
officers)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.programs import services as program_services
from kechuang.programs.models import Application as ProgramApplication
from kechuang.recognition import services as recognition_services
from kechuang.recognition.models import Application as RecognitionApplication
from kechuang.registry.models import Region
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def jilin_admin():  # type: ignore[no-untyped-def]
    org = f.OrganizationFactory(name="吉林市化纤科技有限公司", region=Region.objects.get(code="220202"))
    return f.MembershipFactory(organization=org, user__username="jilin_admin").user, org


def _client(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_recognition_draft_call_answers_like_a_missing_one(jilin_admin):  # type: ignore[no-untyped-def]
    user, org = jilin_admin
    hidden = af.CallFactory(status="draft")  # window open, but not published
    client = _client(user)
    data = {"organization": org.pk, "title": "偷跑的申报", "summary": ""}
    hidden_response = client.post(reverse("recognition:apply", args=[hidden.pk]), data)
    missing_response = client.post(reverse("recognition:apply", args=[hidden.pk + 1000]), data)
    assert hidden_response.status_code == missing_response.status_code == 404
    assert hidden_response.content == missing_response.content
    assert not RecognitionApplication.objects.exists()
    # The service refuses it too, like a missing call, whoever calls it.
    with pytest.raises(Exception) as caught:
        recognition_services.application_create(call=hidden, organization=org, title="x", actor=user)
    assert caught.type.__name__ == "Http404"
    assert not RecognitionApplication.objects.exists()


def test_program_draft_call_answers_like_a_missing_one(jilin_admin):  # type: ignore[no-untyped-def]
    user, org = jilin_admin
    topic = af.TopicFactory(call=af.ProgramCallFactory(status="draft"))
    data = {"organization": org.pk, "title": "偷跑的项目", "leader_name": "王五", "leader_identifier": "X9"}
    client = _client(user)
    hidden_response = client.post(reverse("programs:apply", args=[topic.pk]), data)
    missing_response = client.post(reverse("programs:apply", args=[topic.pk + 1000]), data)
    assert hidden_response.status_code == missing_response.status_code == 404
    api = APIClient()
    api.force_authenticate(user)
    url = reverse("programs-applications")
    hidden_api = api.post(url, {**data, "topic": topic.pk}, format="json")
    missing_api = api.post(url, {**data, "topic": topic.pk + 1000}, format="json")
    assert hidden_api.status_code == missing_api.status_code == 404
    assert hidden_api.json() == missing_api.json()
    assert not ProgramApplication.objects.exists()
    with pytest.raises(Exception) as caught:
        program_services.application_create(
            topic=topic, organization=org, actor=user, title="x", leader_name="王五", leader_identifier="X9"
        )
    assert caught.type.__name__ == "Http404"
    assert not ProgramApplication.objects.exists()
