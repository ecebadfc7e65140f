"""著名商标 from a recognition: the application names one of the applicant's trademarks, recognising it sets
the trademark's 著名 status with the certificate's validity, revocation ends it, expiry ends it by date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.quality import selectors
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.demo import IP_INDICATORS
from kechuang.recognition.models import Certificate
from kechuang.recognition.services import (
    application_create,
    application_transition,
    application_update,
    attachment_add,
)
from kechuang.recognition.tests.builders import make_call, make_scheme
from kechuang.recognition.tests.conftest import pdf_file
from kechuang.registry.models import Department, Designation, Region
from kechuang.targets.catalogue import get_catalogue
from kechuang.targets.compute import RegionRef, compute_many
from kechuang.targets.metrics import parse
from tests import app_factories as af

S = ApplicationStatus


@pytest.fixture
def tm_call(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    department = Department.objects.get(region_id="220100", kind="science")
    scheme = make_scheme(
        department=department,
        actor=cast.admin,
        code="cczm",
        name="长春市著名商标认定",
        carrier_kind="",
        designation_kind="famous_trademark",
        recognition_title="长春市著名商标",
        indicator_system=IP_INDICATORS,
        eligibility={"organization_kinds": ["enterprise"], "verified_only": True},
    )
    return make_call(scheme=scheme, actor=cast.officer)


@pytest.fixture
def draft(tm_call, cast):
    application = application_create(
        call=tm_call, organization=cast.org, title="“光华”商标申报著名商标", actor=cast.org_admin
    )
    attachment_add(application=application, actor=cast.org_admin, title="商标注册证", file=pdf_file())
    return application


def _famous_count(on: dt.date) -> object:
    metric = parse({"op": "count", "model": "famous_trademark"}, get_catalogue())
    region = Region.objects.get(code="220100")
    return compute_many([metric], [RegionRef(region.code, region.path)], on=on, fresh=True)[0]["220100"]


def _recognise(application, cast, today):
    application = application_transition(application=application, to=S.SUBMITTED, actor=cast.org_admin)
    for to in (S.FORMAL_CHECK, S.EXPERT_REVIEW, S.DECISION, S.PUBLICITY):
        application = application_transition(application=application, to=to, actor=cast.officer, today=today)
    return application_transition(
        application=application, to=S.RECOGNISED, actor=cast.officer, today=today + dt.timedelta(days=8)
    )


def test_submission_needs_one_of_the_applicants_trademarks(draft, cast):
    with pytest.raises(ApplicationError) as exc:
        application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    assert exc.value.message == "请先在申请中选择申报的商标，再提交。"
    foreign = af.TrademarkFactory(organization=cast.other_org)
    with pytest.raises(ApplicationError) as exc:
        application_update(
            application=draft, actor=cast.org_admin, title=draft.title, summary="", trademark=foreign.pk
        )
    assert exc.value.message == "请从本单位的商标中选择申报的商标。"
    national = af.TrademarkFactory(
        organization=cast.org,
        name="长白",
        fame="well_known",
        fame_since=dt.date(2024, 1, 1),
        fame_valid_until=dt.date(2099, 12, 31),
    )
    with pytest.raises(ApplicationError) as exc:
        application_update(
            application=draft, actor=cast.org_admin, title=draft.title, summary="", trademark=national.pk
        )
    assert exc.value.message == "商标“长白”已被认定为驰名商标，无需申报著名商标。"
    own = af.TrademarkFactory(organization=cast.org, name="光华")
    draft = application_update(
        application=draft, actor=cast.org_admin, title=draft.title, summary="", trademark=own.pk
    )
    assert draft.trademark_id == own.pk
    assert AuditRecord.objects.filter(action="application.update", after__trademark_id=own.pk).exists()


def test_recognition_sets_fame_and_revocation_ends_it(draft, cast):
    today = timezone.localdate()
    mark = af.TrademarkFactory(organization=cast.org, name="光华")
    draft = application_update(
        application=draft, actor=cast.org_admin, title=draft.title, summary="", trademark=mark.pk
    )
    before = _famous_count(today + dt.timedelta(days=8))
    application = _recognise(draft, cast, today)
    assert application.status == S.RECOGNISED
    certificate = Certificate.objects.get(application=application)
    mark.refresh_from_db()
    recognised_on = today + dt.timedelta(days=8)
    assert (mark.fame, mark.fame_since, mark.fame_valid_until, mark.fame_certificate_no) == (
        "famous",
        recognised_on,
        certificate.valid_until,
        certificate.number,
    )
    assert AuditRecord.objects.filter(action="trademark.fame_recognised", target_id=str(mark.pk)).exists()
    assert Designation.objects.filter(organization=cast.org, kind="famous_trademark").exists()
    assert _famous_count(recognised_on) == before + 1
    assert mark.fame_in_force(certificate.valid_until)
    # expiry: the day after the certificate's last day it is no longer in force anywhere
    after = certificate.valid_until + dt.timedelta(days=1)
    assert not mark.fame_in_force(after)
    assert _famous_count(after) == before
    assert selectors.verify_number(number=mark.registration_no, today=after)["title"] == "光华（注册商标）"

    revoked_on = today + dt.timedelta(days=40)
    application_transition(
        application=application, to=S.REVOKED, actor=cast.officer, note="以欺骗手段取得。", today=revoked_on
    )
    mark.refresh_from_db()
    assert mark.fame == "famous" and mark.fame_valid_until == revoked_on - dt.timedelta(days=1)
    assert not mark.fame_in_force(revoked_on)
    assert _famous_count(revoked_on) == before
    record = AuditRecord.objects.get(action="trademark.fame_revoked", target_id=str(mark.pk))
    assert record.after["reason"] == "以欺骗手段取得。"


def test_revoked_on_its_first_day_the_status_is_removed_and_a_hand_entry_is_kept(draft, cast):
    today = timezone.localdate()
    mark = af.TrademarkFactory(organization=cast.org)
    draft = application_update(
        application=draft, actor=cast.org_admin, title=draft.title, summary="", trademark=mark.pk
    )
    application = _recognise(draft, cast, today)
    application_transition(
        application=application,
        to=S.REVOKED,
        actor=cast.officer,
        note="公示后发现材料造假。",
        today=today + dt.timedelta(days=8),
    )
    mark.refresh_from_db()
    assert (mark.fame, mark.fame_since, mark.fame_valid_until, mark.fame_certificate_no) == (
        "none",
        None,
        None,
        "",
    )


def test_the_application_page_offers_and_shows_the_trademark(draft, cast, client):
    mark = af.TrademarkFactory(organization=cast.org, name="光华", registration_no="12345678")
    af.TrademarkFactory(organization=cast.other_org, name="别家")
    client.force_login(cast.org_admin)
    page = client.get(reverse("recognition:application_detail", args=[draft.pk])).content.decode()
    assert "光华（12345678，第9类）" in page and "别家" not in page
    response = client.post(
        reverse("recognition:application_edit", args=[draft.pk]),
        {"title": draft.title, "summary": "", "version": draft.version, "trademark": mark.pk},
    )
    assert response.status_code == 302
    page = client.get(reverse("recognition:application_detail", args=[draft.pk])).content.decode()
    assert "申报商标：光华（注册号 12345678，第9类）" in page
