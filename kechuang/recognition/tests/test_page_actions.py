"""Recognition pages take their buttons from the tables (``recognition/actions.py``): the applicant's
moves for the organization's admins, the officers' moves for the deciding department, none in a
terminal status."""

from __future__ import annotations

import re

from django.urls import reverse

from kechuang.core.workflow import allowed_actions
from kechuang.recognition.choices import ApplicationStatus as S
from kechuang.recognition.models import Application
from kechuang.recognition.services import application_transition, objection_lodge


def _moves(client, user, application) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("recognition:application_detail", args=[application.pk])).content.decode()
    return re.findall(r'id="move-([a-z_]+)"', page)


def _page(client, user, application) -> str:
    client.force_login(user)
    return client.get(reverse("recognition:application_detail", args=[application.pk])).content.decode()


def test_applicant_and_officer_moves(client, cast, draft):
    assert allowed_actions(draft, cast.org_admin).moves() == [
        ("submitted", "提交申报"),
        ("withdrawn", "撤回申报"),
    ]
    assert _moves(client, cast.org_admin, draft) == ["submitted", "withdrawn"]
    assert _moves(client, cast.org_member, draft) == []  # members may see, only admins apply
    assert _moves(client, cast.officer, draft) == []
    application_transition(application=draft, to=S.SUBMITTED, actor=cast.org_admin)
    draft.refresh_from_db()
    assert _moves(client, cast.org_admin, draft) == ["withdrawn"]
    assert _moves(client, cast.officer, draft) == ["formal_check"]
    # buttons say what the user does, not the status it ends in
    assert allowed_actions(draft, cast.officer).moves() == [("formal_check", "受理，进入形式审查")]
    assert ">受理，进入形式审查</button>" in _page(client, cast.officer, draft)
    assert _moves(client, cast.other_officer, draft) == []
    application_transition(application=draft, to=S.WITHDRAWN, actor=cast.org_admin)
    draft.refresh_from_db()
    for user in (cast.org_admin, cast.officer, cast.admin):
        assert _moves(client, user, draft) == []
        assert not allowed_actions(draft, user)


def test_re_evaluation_form_and_objections_follow_the_tables(client, cast, draft):
    client.force_login(cast.officer)
    url = reverse("recognition:application_detail", args=[draft.pk])
    assert 'id="re-evaluation"' not in client.get(url).content.decode()
    Application.objects.filter(pk=draft.pk).update(status=S.DECISION)
    draft.refresh_from_db()
    application_transition(application=draft, to=S.PUBLICITY, actor=cast.officer)
    draft.refresh_from_db()
    objection = objection_lodge(
        application=draft, name="王", contact="138", content="该企业研发投入数据与审计报告不一致。"
    )
    assert f'id="resolve-{objection.pk}"' in client.get(url).content.decode()
    client.post(
        reverse("recognition:objection_resolve", args=[objection.pk]),
        {"upheld": "0", "resolution": "经核查不成立"},
    )
    page = client.get(url).content.decode()
    assert f'id="resolve-{objection.pk}"' not in page and "经核查不成立" in page
    Application.objects.filter(pk=draft.pk).update(status=S.RE_EVALUATION)
    assert 'id="re-evaluation"' in client.get(url).content.decode()
    client.force_login(cast.org_admin)
    assert 'id="re-evaluation"' not in client.get(url).content.decode()


def test_call_moves(client, cast, world):
    client.force_login(cast.officer)
    url = reverse("recognition:call_pipeline", args=[world.call.pk])
    status = world.call.status
    page = client.get(url).content.decode()
    assert re.findall(r'button type="submit" id="call-([a-z]+)"', page) == [
        to for to, _label in allowed_actions(world.call, cast.officer)
    ]
    assert status == "open" and re.findall(r'button type="submit" id="call-([a-z]+)"', page) == ["closed"]
    assert 'id="call-closed">截止申报</button>' in page
    r = client.post(
        reverse("recognition:call_status", args=[world.call.pk]),
        {"to": "closed", "version": "x"},
        follow=True,
    )
    assert "操作不正确，请刷新页面后重试。" in r.content.decode()
    world.call.refresh_from_db()
    r = client.post(
        reverse("recognition:call_status", args=[world.call.pk]),
        {"to": "closed", "version": world.call.version},
        follow=True,
    )
    assert "申报批次状态已变更为“已截止”。" in r.content.decode()
    assert re.findall(r'button type="submit" id="call-([a-z]+)"', r.content.decode()) == ["open", "archived"]
