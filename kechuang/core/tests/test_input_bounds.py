"""Issue 10 (low): free text bounded everywhere (100,000-character fields were accepted), names and titles
cleaned of control, bidi and zero-width characters, dates in sane ranges (founding dates back to 1800,
deadlines not in year 9999), and "-0" stored as 0."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.core.errors import ApplicationError
from kechuang.core.limits import first_overlong
from kechuang.core.numbers import clean_money
from kechuang.market.services.common import clean_datetime
from kechuang.market.services.demands import demand_fields
from kechuang.programs import services as program_services
from kechuang.programs.models import Application as ProgramApplication
from kechuang.recognition import services as recognition_services
from kechuang.recognition.models import Application as RecognitionApplication
from kechuang.registry.models import Organization
from kechuang.registry.services import clean_date
from tests import app_factories as af
from tests.pages import client_for

LONG = "长" * 100_000
BIDI = "\u202e\u200b"  # right-to-left override, zero-width space


def test_minus_zero_is_zero():
    assert str(clean_money("-0", field="x", label="金额")) == "0.00"
    assert str(clean_money("-0.00", field="x", label="金额")) == "0.00"
    assert clean_money(Decimal("-0"), field="x", label="金额").is_signed() is False


@pytest.mark.django_db
def test_founding_dates_go_back_to_1800_not_to_year_1():
    assert clean_date("1946-10-01", field="founded_on", label="成立日期") == dt.date(1946, 10, 1)  # 吉林大学
    assert clean_date("1800-01-01", field="founded_on", label="成立日期") == dt.date(1800, 1, 1)
    with pytest.raises(ApplicationError) as caught:
        clean_date("0001-01-01", field="founded_on", label="成立日期")
    assert caught.value.message == "成立日期应在 1800-01-01 至 2100-12-31 之间。"


@pytest.mark.django_db
def test_an_organization_founded_in_year_1_is_refused_by_the_api(cast):
    api = APIClient()
    api.force_authenticate(cast.org_admin)
    response = api.patch(
        reverse("api-organization", args=[cast.org.pk]), {"founded_on": "0001-01-01"}, format="json"
    )
    assert response.status_code == 400
    cast.org.refresh_from_db()
    assert cast.org.founded_on != dt.date(1, 1, 1)


def test_deadlines_and_event_times_are_bounded():
    with pytest.raises(ApplicationError) as caught:
        demand_fields({"title": "需求", "problem": "问题", "deadline": "9999-12-31"})
    assert caught.value.message == "截止日期应在 1949-10-01 至 2100-12-31 之间。"
    with pytest.raises(ApplicationError):
        clean_datetime("9999-12-31 09:00", "starts_at", "开始时间")


def test_first_overlong_names_the_field():
    assert first_overlong({"a": "x", "b": [{"c": LONG}]}) == "b[0].c"
    assert first_overlong({"a": "x" * 50_000}) is None


@pytest.mark.django_db
def test_a_100k_character_summary_is_refused_by_the_api_and_nothing_is_written(cast):
    topic = af.TopicFactory()
    api = APIClient()
    api.force_authenticate(cast.org_admin)
    response = api.post(
        reverse("programs-applications"),
        {
            "topic": topic.pk,
            "organization": cast.org.pk,
            "title": "项目",
            "summary": LONG,
            "leader_name": "王五",
            "leader_identifier": "X9",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["summary"] == ["“summary”内容过长：每项文字最多50000个字符。"]
    assert not ProgramApplication.objects.exists()
    description = api.patch(
        reverse("api-organization", args=[cast.org.pk]), {"description": LONG}, format="json"
    )
    assert description.status_code == 400
    assert len(Organization.objects.get(pk=cast.org.pk).description) < 100_000


@pytest.mark.django_db
def test_a_100k_character_summary_is_refused_on_a_page(cast):
    call = af.CallFactory()
    response = client_for(cast.org_admin).post(
        reverse("recognition:apply", args=[call.pk]),
        {"organization": cast.org.pk, "title": "申报", "summary": LONG},
    )
    assert response.status_code == 400
    assert "“summary”内容过长：每项文字最多50000个字符。" in response.content.decode()
    assert not RecognitionApplication.objects.exists()


@pytest.mark.django_db
def test_titles_lose_bidi_and_zero_width_characters(cast):
    call = af.CallFactory()
    application = recognition_services.application_create(
        call=call, organization=cast.org, title=f"{BIDI}企业技术中心\u200d认定", actor=cast.org_admin
    )
    assert application.title == "企业技术中心认定"
    with pytest.raises(ApplicationError, match="请填写申报名称"):
        recognition_services.application_update(
            application=application, actor=cast.org_admin, title="\u200b\u200b", summary=""
        )
    draft = program_services.application_create(
        topic=af.TopicFactory(),
        organization=cast.org,
        actor=cast.org_admin,
        title=f"车规级{BIDI}芯片",
        leader_name="李\u200b四",
        leader_identifier="X9",
    )
    assert (draft.title, draft.leader_name) == ("车规级芯片", "李四")
    fields = demand_fields({"title": f"{BIDI}（长春）需求", "problem": "问题"})
    assert fields["title"] == "（长春）需求"  # full-width brackets kept: no NFKC on names
