from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.recognition.services import application_create, attachment_add
from kechuang.recognition.tests.builders import GOOD_FIGURES, make_call, make_scheme
from kechuang.registry.models import Department, Region
from kechuang.registry.services_experts import expert_create
from tests import factories as f

_n = itertools.count(1)


def pdf_file(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


@pytest.fixture
def world(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    department = Department.objects.get(region_id="220100", kind="science")
    scheme = make_scheme(department=department, actor=cast.admin)
    call = make_call(scheme=scheme, actor=cast.officer)
    f.StatisticsFactory(organization=cast.org, year=2025, **GOOD_FIGURES)
    f.StatisticsFactory(organization=cast.other_org, year=2025, **GOOD_FIGURES)
    universities = [
        f.OrganizationFactory(
            name=f"吉林测试大学{i}", kind="university", region=Region.objects.get(code="220104")
        )
        for i in range(6)
    ]
    experts = [
        expert_create(
            name=f"专家{i}",
            user=f.UserFactory(username=f"expert{i}"),
            organization=universities[i],
            region=universities[i].region,
            title="教授",
            fields=["C"],
            actor=cast.admin,
        )
        for i in range(6)
    ]
    return SimpleNamespace(
        department=department, scheme=scheme, call=call, experts=experts, universities=universities
    )


@pytest.fixture
def draft(world, cast):
    application = application_create(
        call=world.call,
        organization=cast.org,
        title="长春光华微电子企业技术中心",
        summary="研发中心简介",
        actor=cast.org_admin,
    )
    attachment_add(application=application, actor=cast.org_admin, title="营业执照", file=pdf_file())
    return application
