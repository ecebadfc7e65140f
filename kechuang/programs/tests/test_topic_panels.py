"""Per-topic expert panels: a call reviewed by topic has one panel per topic, each with its own experts,
closed and collected on its own; the grouping is frozen once a panel exists."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kechuang.core.errors import ApplicationError
from kechuang.programs import services
from kechuang.programs.choices import ApplicationStatus as S
from kechuang.programs.models import Application, Call
from kechuang.programs.services.review import call_panels, review_finished
from kechuang.review import services as review
from kechuang.review.selectors import panel_for_owner
from tests import app_factories as af
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def _scheme(cast, call, by_topic):  # type: ignore[no-untyped-def]
    return services.call_review_scheme_set(
        call=Call.objects.get(pk=call.pk), actor=cast.officer, indicators_text="综合|100",
        experts_per_item=2, publicity_days=7, panels_by_topic=by_topic,
    )  # fmt: skip


def _in_review(cast, topic):  # type: ignore[no-untyped-def]
    app = af.ProgramApplicationFactory(topic=topic, organization=cast.org, status=S.FORMAL_CHECK)
    services.application_transition(application=app, to=S.IN_REVIEW, actor=cast.officer)
    return Application.objects.get(pk=app.pk)


def _score_and_close(cast, panel, value):  # type: ignore[no-untyped-def]
    experts = [af.ExpertFactory() for _ in range(2)]
    review.panel_assign(panel=panel, actor=cast.officer, experts=experts)
    review.panel_open(panel=panel, actor=cast.officer)
    for expert in experts:
        for assignment in expert.assignments.all():
            review.score_submit(
                assignment=assignment, actor=expert.user, scores={"i1": Decimal(value)}, comment="同意"
            )
    review.panel_close(panel=panel, actor=cast.officer)
    return experts


@pytest.fixture
def two_topics(cast):  # type: ignore[no-untyped-def]
    first = af.TopicFactory(title="电驱动系统")
    second = af.TopicFactory(call=first.call, title="智能座舱")
    return first.call, first, second


def test_each_topic_has_its_own_panel_experts_and_scores(cast, two_topics):
    call, first, second = two_topics
    _scheme(cast, call, True)
    a, b = _in_review(cast, first), _in_review(cast, second)
    panels = call_panels(call=Call.objects.get(pk=call.pk))
    assert [(t, p.name) for t, p in panels] == [
        (first, f"{call.title} · 电驱动系统 专家评审组"),
        (second, f"{call.title} · 智能座舱 专家评审组"),
    ]
    assert panel_for_owner(owner=call) is None
    p1, p2 = panels[0][1], panels[1][1]
    assert [i.subject_id for i in p1.items.all()] == [str(a.pk)]
    assert [i.subject_id for i in p2.items.all()] == [str(b.pk)]
    experts1 = _score_and_close(cast, p1, "80")
    # the first topic is collected while the second is still sealed
    assert services.review_results_collect(call=call, actor=cast.officer) == 1
    assert Application.objects.get(pk=a.pk).review_score == Decimal("80.00")
    assert Application.objects.get(pk=b.pk).review_score is None
    assert review_finished(a) and not review_finished(b)
    experts2 = _score_and_close(cast, p2, "70")
    assert not {e.pk for e in experts1} & {e.pk for e in experts2}  # separate experts
    assert services.review_results_collect(call=call, actor=cast.officer) == 2  # both topics now
    assert Application.objects.get(pk=b.pk).review_score == Decimal("70.00")


def test_a_topic_panel_under_way_refuses_latecomers_of_that_topic_only(cast, two_topics):
    call, first, second = two_topics
    _scheme(cast, call, True)
    _in_review(cast, first)
    panel = call_panels(call=call)[0][1]
    review.panel_assign(panel=panel, actor=cast.officer, experts=[af.ExpertFactory() for _ in range(2)])
    review.panel_open(panel=panel, actor=cast.officer)
    with pytest.raises(ApplicationError) as exc:
        _in_review(cast, first)
    assert exc.value.message == "该指南方向的专家评审已开始，不能再加入新的申报书。"
    assert _in_review(cast, second).status == S.IN_REVIEW


def test_nothing_is_collected_while_every_panel_is_sealed(cast, two_topics):
    call, first, _second = two_topics
    _scheme(cast, call, True)
    _in_review(cast, first)
    with pytest.raises(ApplicationError) as exc:
        services.review_results_collect(call=call, actor=cast.officer)
    assert exc.value.message == "专家评审尚未结束，评分封存中，不能汇总。"


def test_the_grouping_is_frozen_once_a_panel_exists(cast, two_topics):
    call, first, _second = two_topics
    _scheme(cast, call, False)
    _in_review(cast, first)
    with pytest.raises(ApplicationError) as exc:
        _scheme(cast, call, True)
    assert exc.value.message == "专家评审组已组建，不能再改变是否按指南方向分组评审。"
    assert Call.objects.get(pk=call.pk).panels_by_topic is False
    assert [t for t, _p in call_panels(call=call)] == [None]


def test_the_ranking_page_links_every_topic_panel(cast, two_topics):
    call, first, second = two_topics
    _scheme(cast, call, True)
    _in_review(cast, first)
    _in_review(cast, second)
    page = client_for(cast.officer).get(reverse("programs:call_decision", args=[call.pk])).content.decode()
    assert "电驱动系统 专家评审组" in page and "智能座舱 专家评审组" in page
