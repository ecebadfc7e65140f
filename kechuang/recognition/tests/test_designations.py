"""A scheme with a designation kind writes the registry's designation when it recognises and ends it on
revocation; units nominate organizations for such schemes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.demo import IP_INDICATORS
from kechuang.recognition.models import Certificate
from kechuang.recognition.services import application_nominate, application_transition, attachment_add
from kechuang.recognition.tests.builders import make_call, make_scheme
from kechuang.recognition.tests.conftest import pdf_file
from kechuang.registry.models import Department, Designation
from kechuang.registry.selectors import OrganizationFilters, organization_list
from tests import factories as f

S = ApplicationStatus


@pytest.fixture
def ip_call(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    department = Department.objects.get(region_id="220100", kind="science")
    scheme = make_scheme(
        department=department,
        actor=cast.admin,
        code="ccipd",
        name="长春市知识产权示范企业认定",
        carrier_kind="",
        designation_kind="ip_demonstration",
        recognition_title="长春市知识产权示范企业",
        indicator_system=IP_INDICATORS,
        eligibility={"organization_kinds": ["enterprise"], "verified_only": True},
    )
    return make_call(scheme=scheme, actor=cast.officer)


def _nominated(ip_call, cast):
    application = application_nominate(
        call=ip_call,
        nominator=cast.other_org,
        organization=cast.org,
        title="光华微电子知识产权示范企业",
        actor=cast.other_org_admin,
    )
    attachment_add(application=application, actor=cast.other_org_admin, title="推荐表", file=pdf_file())
    return application


def _recognise(application, cast, today):
    application = application_transition(application=application, to=S.SUBMITTED, actor=cast.other_org_admin)
    for to in (S.FORMAL_CHECK, S.EXPERT_REVIEW, S.DECISION, S.PUBLICITY):
        application = application_transition(application=application, to=to, actor=cast.officer, today=today)
    return application_transition(
        application=application, to=S.RECOGNISED, actor=cast.officer, today=today + dt.timedelta(days=8)
    )


def test_recognition_writes_the_designation_and_revocation_ends_it(ip_call, cast):
    today = timezone.localdate()
    application = _recognise(_nominated(ip_call, cast), cast, today)
    assert application.status == S.RECOGNISED
    certificate = Certificate.objects.get(application=application)
    designation = Designation.objects.get(organization=cast.org, kind="ip_demonstration")
    assert designation.certificate_no == certificate.number
    assert designation.valid_from == today + dt.timedelta(days=8)
    assert designation.valid_to == certificate.valid_until
    assert designation.issuer == "长春市科学技术局"
    held = organization_list(user=cast.admin, filters=OrganizationFilters(designation="ip_demonstration"))
    assert list(held.values_list("pk", flat=True)) == [cast.org.pk]

    revoked_on = today + dt.timedelta(days=40)
    application_transition(
        application=application, to=S.REVOKED, actor=cast.officer, note="弄虚作假。", today=revoked_on
    )
    designation.refresh_from_db()
    assert designation.valid_to == revoked_on - dt.timedelta(days=1)


def test_revoked_on_the_first_day_the_designation_is_removed(ip_call, cast):
    today = timezone.localdate()
    application = _recognise(_nominated(ip_call, cast), cast, today)
    application_transition(
        application=application,
        to=S.REVOKED,
        actor=cast.officer,
        note="公示后发现材料造假。",
        today=today + dt.timedelta(days=8),
    )
    assert not Designation.objects.filter(organization=cast.org, kind="ip_demonstration").exists()


def test_scheme_without_designation_kind_writes_none(world, draft, cast):
    assert world.scheme.designation_kind == ""
    assert not Designation.objects.filter(organization=cast.org).exists()


def test_nomination_refusals(ip_call, cast):
    with pytest.raises(ApplicationError) as exc:
        application_nominate(
            call=ip_call, nominator=cast.other_org, organization=cast.org, title="x", actor=cast.org_admin
        )
    assert exc.value.message == "只有推荐单位的管理员可以提名。"
    with pytest.raises(ApplicationError) as exc:
        application_nominate(
            call=ip_call,
            nominator=cast.other_org,
            organization=cast.other_org,
            title="x",
            actor=cast.other_org_admin,
        )
    assert exc.value.message == "推荐单位不能提名本单位，请直接申报。"
    application = _nominated(ip_call, cast)
    with pytest.raises(ApplicationError) as exc:
        application_nominate(
            call=ip_call,
            nominator=cast.other_org,
            organization=cast.org,
            title="x",
            actor=cast.other_org_admin,
        )
    assert exc.value.message == f"{cast.org.name}已在本批次申报或被提名。"
    # a stranger may not submit the nominated application
    stranger = f.UserFactory()
    with pytest.raises(ApplicationError):
        application_transition(application=application, to=S.SUBMITTED, actor=stranger)
    # the nominee's own admin may (the application is theirs)
    application = application_transition(application=application, to=S.SUBMITTED, actor=cast.org_admin)
    assert application.status == S.SUBMITTED
