"""Panel and score-sheet buttons come from the review tables (``review/actions.py``)."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.urls import reverse

from kechuang.core.workflow import allowed_actions
from kechuang.review.services import score_submit

from .test_views import scoring  # noqa: F401  (fixture)


def _panel_buttons(client, user, panel) -> list[tuple[str, str]]:
    client.force_login(user)
    page = client.get(reverse("review:panel_detail", args=[panel.pk])).content.decode()
    return re.findall(r'<button name="action" value="([a-z]+)" id="panel-[a-z]+">([^<]+)</button>', page)


def _post(client, url, data) -> list[str]:
    response = client.post(url, data, follow=True)
    return [m.message for m in get_messages(response.wsgi_request)]


def test_panel_buttons_follow_the_panel_table(client, cast, scoring):  # noqa: F811
    panel, assignment, a, _b = scoring
    assert _panel_buttons(client, cast.officer, panel) == [
        ("assign", "补充分配专家"),
        ("close", "结束评审并汇总"),
    ]
    assert not allowed_actions(panel, cast.other_officer) and not allowed_actions(panel, a.user)
    url = reverse("review:panel_detail", args=[panel.pk])
    client.force_login(cast.officer)
    assert _post(client, url, {"action": "reopen"}) == ["操作不正确，请刷新页面后重试。"]
    assert _post(client, url, {"action": "close", "version": "v"}) == ["操作不正确，请刷新页面后重试。"]
    assert _post(client, url, {"action": "close", "version": panel.version}) == [
        "还有1份评分表未提交，不能结束评审。"
    ]
    score_submit(assignment=assignment, actor=a.user, scores={"q": 90}, comment="好")
    assert _post(client, url, {"action": "close", "version": panel.version}) == [
        "评审已结束，评分已解封并汇总。"
    ]
    assert _panel_buttons(client, cast.officer, panel) == []


def test_score_sheet_is_offered_to_its_expert_while_the_panel_scores(client, cast, scoring):  # noqa: F811
    _panel, assignment, a, _b = scoring
    url = reverse("review:assignment_detail", args=[assignment.pk])
    assert [o.name for o in allowed_actions(assignment, a.user).offered] == ["score", "decline"]
    assert not allowed_actions(assignment, cast.officer)
    client.force_login(a.user)
    page = client.get(url).content.decode()
    assert 'id="score-form"' in page and "申请回避" in page
    score_submit(assignment=assignment, actor=a.user, scores={"q": 90}, comment="好")
    assignment.refresh_from_db()
    assert not allowed_actions(assignment, a.user)
    page = client.get(url).content.decode()
    assert 'id="score-form"' not in page and "申请回避" not in page
