"""A 免申即享 list for more organizations than KECHUANG_EXPORT_BACKGROUND_ROWS leaves the request: a task
(run at once by the tests' backend) generates the same claims, the officer follows it on the job page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.models import BackgroundJob
from kechuang.policies import services
from kechuang.policies.models import Claim
from kechuang.policies.tests.test_auto_claims_many import _claims, _qualifying
from tests.pages import client_for

from .conftest import ON

pytestmark = pytest.mark.django_db


def test_a_large_list_is_generated_by_a_task_like_the_page_does(
    cast, measures, settings, django_capture_on_commit_callbacks
):
    measure = measures["hnte-income-tax"]
    _qualifying(6)
    url = reverse("policies:auto_claims", args=[measure.pk])
    client = client_for(cast.officer)
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"on": ON.isoformat()})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert job.kind == "policies.auto_claims" and job.status == "succeeded" and job.percent == 100
    created = job.result["created"]
    assert created == job.total == Claim.objects.filter(measure=measure).count() > 2
    page = client.get(response["Location"]).content.decode()
    assert f"已自动生成 {created} 条免申即享兑现记录" in page and "hx-trigger" not in page
    assert reverse("policies:qualified", args=[measure.pk]) in page
    assert client_for(cast.other_officer).get(response["Location"]).status_code == 404
    background = _claims()

    # the same list generated in the request (small threshold not reached) is the same claims
    Claim.objects.all().delete()
    assert services.auto_claims_generate(measure=measure, actor=cast.officer, on=ON) == created
    assert _claims() == background


def test_a_small_list_or_a_refused_one_stays_in_the_request(cast, measures, settings):
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 100
    _qualifying(3)
    measure = measures["hnte-income-tax"]
    response = client_for(cast.officer).post(
        reverse("policies:auto_claims", args=[measure.pk]), {"on": ON.isoformat()}
    )
    assert response.status_code == 302 and "/jobs/" not in response["Location"]
    assert Claim.objects.filter(measure=measure).count() > 0 and not BackgroundJob.objects.exists()
    settings.KECHUANG_EXPORT_BACKGROUND_ROWS = 0
    apply_measure = measures["specialized-sme"]  # not 免申即享: refused with the message, as before
    response = client_for(cast.officer).post(reverse("policies:auto_claims", args=[apply_measure.pk]))
    assert response.status_code == 302 and not BackgroundJob.objects.exists()
