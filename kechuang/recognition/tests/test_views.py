"""Pages: permission matrix (anonymous, no role, other organization/region → 404, own → 200) and flows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.carriers.choices import Tier
from kechuang.carriers.tests.builders import make_carrier
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.models import Application, Call, Certificate, ReEvaluation
from kechuang.recognition.selectors import due_for_re_evaluation
from kechuang.recognition.services import application_transition

S = ApplicationStatus


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("norole", 404),
        ("other_org_admin", 404),
        ("other_officer", 404),
        ("org_member", 200),
        ("org_admin", 200),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_application_detail_matrix(client, cast, draft, who, expected):
    # the officer sees it only once submitted; drafts are the applicant's business but officers of the
    # region may read them (the page offers them no action)
    response = get(
        client,
        getattr(cast, who) if who else None,
        reverse("recognition:application_detail", args=[draft.pk]),
    )
    assert response.status_code == expected


def test_forged_application_id_is_404(client, cast, draft):
    client.force_login(cast.org_admin)
    assert client.get(reverse("recognition:application_detail", args=[draft.pk + 1000])).status_code == 404
    assert (
        client.post(
            reverse("recognition:application_transition", args=[draft.pk + 1000]),
            {"to": "submitted", "version": 1},
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("norole", 404),
        ("org_admin", 404),
        ("other_officer", 404),
        ("officer", 200),
        ("admin", 200),
    ],
)
def test_officer_pages_matrix(client, cast, world, who, expected):
    user = getattr(cast, who) if who else None
    for name in ("call_pipeline", "call_ranking", "call_export"):
        assert (
            get(client, user, reverse(f"recognition:{name}", args=[world.call.pk])).status_code == expected
        ), name


def test_public_pages(client, world):
    for url in (
        reverse("recognition:index"),
        reverse("recognition:call_detail", args=[world.call.pk]),
        reverse("recognition:publicity"),
        reverse("recognition:verify"),
        reverse("carriers:carrier_list"),
        reverse("carriers:alliance_list"),
    ):
        assert client.get(url).status_code == 200, url


def test_applicant_submits_from_the_page(client, cast, draft):
    client.force_login(cast.org_admin)
    url = reverse("recognition:application_transition", args=[draft.pk])
    response = client.post(url, {"to": "submitted", "version": draft.version}, follow=True)
    assert "状态已变更为“已提交”。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_stale_page_gets_the_conflict_message(client, cast, draft):
    application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    draft.refresh_from_db()
    stale = draft.version
    client.force_login(cast.officer)
    url = reverse("recognition:application_transition", args=[draft.pk])
    client.post(url, {"to": "formal_check", "version": stale})
    response = client.post(url, {"to": "formal_check", "version": stale}, follow=True)
    assert "该记录已被他人修改，请刷新页面后重试。" in response.content.decode()


def test_bulk_action_on_pipeline(client, cast, draft, world):
    application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    client.force_login(cast.officer)
    url = reverse("recognition:call_pipeline", args=[world.call.pk])
    page = client.get(url + "?status=submitted").content.decode()
    assert "形式审查中" in page
    response = client.post(
        url + "?status=submitted", {"ids": [draft.pk], "to": "formal_check", "note": ""}, follow=True
    )
    assert "已处理1件申请。" in response.content.decode()
    assert Application.objects.get(pk=draft.pk).status == S.FORMAL_CHECK


def test_export_is_an_excel_file(client, cast, draft, world):
    from io import BytesIO

    from openpyxl import load_workbook

    Application.objects.filter(pk=draft.pk).update(
        status=S.DECISION, total_score=88, auto_score=30, expert_score=58
    )
    client.force_login(cast.officer)
    response = client.get(reverse("recognition:call_export", args=[world.call.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("排名", "申报单位", "统一社会信用代码")
    assert rows[1][0] == 1 and rows[1][1] == "长春光华微电子有限公司" and float(rows[1][7]) == 88.0


def test_public_objection_form(client, cast, draft):
    Application.objects.filter(pk=draft.pk).update(status=S.DECISION)
    draft.refresh_from_db()
    application_transition(application=draft, to=S.PUBLICITY, actor=cast.officer)
    url = reverse("recognition:objection", args=[draft.pk])
    response = client.post(url, {"name": "王", "contact": "138", "content": "太短"})
    assert "异议内容至少10个字，请写明事实和理由。" in response.content.decode()
    response = client.post(
        url, {"name": "王", "contact": "138", "content": "该企业研发投入数据与审计报告不一致。"}, follow=True
    )
    assert "异议已提交" in response.content.decode()
    assert draft.objections.count() == 1


def test_objection_form_is_404_outside_publicity(client, draft):
    assert client.get(reverse("recognition:objection", args=[draft.pk])).status_code == 404


def test_verify_page_unknown_code(client, db):
    response = client.get(reverse("recognition:verify"), {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "未找到该验证码对应的证书" in response.content.decode()


def test_registry_page_shows_the_ladder(client, cast, world):
    make_carrier(organization=cast.org, actor=cast.admin, tier=Tier.PROVINCIAL)
    client.force_login(cast.org_admin)
    page = client.get(reverse("registry:organization_detail", args=[cast.org.pk])).content.decode()
    assert 'id="carrier-ladder"' in page
    assert page.count('class="rung held"') == 2  # 市级 and 省级 held, 国家级 not
    assert "光华企业技术中心" in page


def test_ranking_page_orders_with_competition_rank(client, cast, world):
    import re

    from tests import factories as f

    scores = [("甲公司", 80), ("乙公司", 90), ("丙公司", 80), ("丁公司", 70)]
    for name, total in scores:
        org = f.OrganizationFactory(name=name)
        Application.objects.create(
            call=world.call,
            organization=org,
            region_path=org.region_path,
            title=name,
            status=S.DECISION,
            total_score=total,
        )
    client.force_login(cast.officer)
    page = client.get(reverse("recognition:call_ranking", args=[world.call.pk])).content.decode()
    rows = re.findall(r'<td class="rc-num">(\d+)</td><td><a href="[^"]+">([^<]+)</a>', page)
    assert rows == [("1", "乙公司"), ("2", "甲公司"), ("2", "丙公司"), ("4", "丁公司")]
    client.force_login(cast.other_officer)
    assert client.get(reverse("recognition:call_ranking", args=[world.call.pk])).status_code == 404


def test_pages_in_english(client, cast, draft, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("recognition:publicity")).content.decode()
    assert "Recognition publicity" in page and "认定公示" not in page
    application = application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    client.force_login(cast.org_admin)
    response = client.post(
        reverse("recognition:application_transition", args=[draft.pk]),
        {"to": "formal_check", "version": application.version},
        follow=True,
    )
    assert "Only officers of the responsible department may do this." in response.content.decode()


def test_officer_creates_and_publishes_a_call(client, cast, world):
    url = reverse("recognition:call_new")
    client.force_login(cast.org_admin)
    assert client.get(url).status_code == 404
    client.force_login(cast.officer)
    data = {
        "scheme": world.scheme.pk,
        "year": 2027,
        "title": "2027年度长春市企业技术中心认定",
        "opens_at": "2027-03-01T09:00",
        "closes_at": "2027-02-01T17:00",
        "quota": 30,
        "notice": "通知",
    }
    page = client.post(url, data).content.decode()
    assert "申报截止时间必须晚于开始时间。" in page
    assert not Call.objects.filter(year=2027).exists()
    data["closes_at"] = "2027-04-30T17:00"
    response = client.post(url, data)
    call = Call.objects.get(year=2027)
    assert response.status_code == 302 and call.status == "draft"
    client.post(reverse("recognition:call_status", args=[call.pk]), {"to": "open", "version": call.version})
    call.refresh_from_db()
    assert call.status == "open"
    response = client.post(
        reverse("recognition:call_status", args=[call.pk]),
        {"to": "closed", "version": call.version - 1},
        follow=True,
    )
    assert "该记录已被他人修改，请刷新页面后重试。" in response.content.decode()


def test_due_for_re_evaluation(client, cast, draft, world):
    import datetime as dt

    Application.objects.filter(pk=draft.pk).update(status=S.RECOGNISED)
    certificate = Certificate.objects.create(
        application=draft,
        number="X-1",
        verification_code="AAAA-BBBB-CCCC-DDDD",
        issued_on=dt.date(2025, 1, 10),
    )
    today = dt.date(2026, 11, 26)  # cycle of the scheme: 2 years
    assert list(due_for_re_evaluation(user=cast.officer, call=world.call, today=today)) == []
    Certificate.objects.filter(pk=certificate.pk).update(issued_on=dt.date(2024, 11, 1))
    assert list(due_for_re_evaluation(user=cast.officer, call=world.call, today=today)) == [draft]
    assert list(due_for_re_evaluation(user=cast.other_officer, call=world.call, today=today)) == []
    ReEvaluation.objects.create(
        application=draft, year=2026, outcome="pass", decided_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    assert list(due_for_re_evaluation(user=cast.officer, call=world.call, today=today)) == []
    client.force_login(cast.officer)
    page = client.get(reverse("recognition:call_pipeline", args=[world.call.pk]) + "?due=1").content.decode()
    assert 'id="due-re-evaluation"' in page


def test_re_evaluation_form(client, cast, draft):
    Application.objects.filter(pk=draft.pk).update(status=S.RE_EVALUATION)
    draft.refresh_from_db()
    client.force_login(cast.officer)
    url = reverse("recognition:application_detail", args=[draft.pk])
    assert 'id="re-evaluation"' in client.get(url).content.decode()
    decide = reverse("recognition:re_evaluation_decide", args=[draft.pk])
    response = client.post(decide, {"outcome": "warning", "note": "", "version": draft.version}, follow=True)
    assert "请填写意见或理由。" in response.content.decode()
    client.post(decide, {"outcome": "warning", "note": "研发投入下降", "version": draft.version})
    draft.refresh_from_db()
    assert draft.status == S.WARNED
