"""Quality credit: the published grade rule, recomputation with history, the 失信 hook."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.quality.models import CreditGrade
from kechuang.quality.selectors import credit_blocks, credit_grade
from kechuang.quality.services.credit import (
    credit_event_create,
    credit_event_delete,
    credit_event_update,
    grade_for,
)

TODAY = dt.date(2026, 6, 30)
RECENT = dt.date(2025, 12, 1)
OLD = dt.date(2024, 6, 1)  # more than 24 months before TODAY


@pytest.mark.parametrize(
    ("events", "grade", "reason"),
    [
        ([], "A", "近24个月内无不良质量信用记录"),
        ([("inspection_passed", RECENT), ("honour", RECENT)], "A", "近24个月内无不良质量信用记录"),
        ([("inspection_failed", RECENT)], "B", "近24个月内抽检不合格或产品召回1次"),
        ([("recall", RECENT)], "B", "近24个月内抽检不合格或产品召回1次"),
        ([("inspection_failed", OLD)], "A", "近24个月内无不良质量信用记录"),
        ([("inspection_failed", RECENT), ("recall", RECENT)], "C", "近24个月内抽检不合格或产品召回2次"),
        ([("penalty", RECENT)], "C", "近24个月内有行政处罚1次"),
        ([("penalty", OLD), ("recall", RECENT)], "B", "近24个月内抽检不合格或产品召回1次"),
        ([("major_penalty", RECENT), ("honour", RECENT)], "D", "近24个月内有重大行政处罚1次"),
        ([("major_penalty", dt.date(2024, 6, 30))], "D", "近24个月内有重大行政处罚1次"),  # exactly 730 days
        ([("major_penalty", dt.date(2024, 6, 29))], "A", "近24个月内无不良质量信用记录"),
    ],
)
def test_grade_rule(events, grade, reason):
    assert grade_for(events, today=TODAY) == (grade, reason)


def test_every_event_change_recomputes_and_keeps_history(cast):
    recent = timezone.localdate() - dt.timedelta(days=30)
    event = credit_event_create(
        organization=cast.org,
        actor=cast.officer,
        kind="inspection_failed",
        occurred_on=recent,
        source="市场监管局抽检",
    )
    assert credit_grade(organization=cast.org).grade == "B"
    credit_event_update(
        event=event, actor=cast.officer, kind="major_penalty", occurred_on=recent, source="市场监管局"
    )
    assert credit_grade(organization=cast.org).grade == "D"
    credit_event_delete(event=event, actor=cast.officer)
    assert credit_grade(organization=cast.org).grade == "A"
    assert list(
        CreditGrade.objects.filter(organization=cast.org).order_by("id").values_list("grade", "is_current")
    ) == [
        ("B", False),
        ("D", False),
        ("A", True),
    ]


def test_an_unchanged_grade_adds_no_row(cast):
    recent = timezone.localdate() - dt.timedelta(days=30)
    credit_event_create(
        organization=cast.org, actor=cast.officer, kind="honour", occurred_on=recent, source="省质量奖"
    )
    credit_event_create(
        organization=cast.org, actor=cast.officer, kind="inspection_passed", occurred_on=recent, source="抽检"
    )
    assert CreditGrade.objects.filter(organization=cast.org).count() == 1


def test_credit_blocks_gives_the_reason_for_d_only(cast):
    recent = timezone.localdate() - dt.timedelta(days=30)
    assert credit_blocks(organization=cast.org) is None
    credit_event_create(
        organization=cast.org, actor=cast.officer, kind="penalty", occurred_on=recent, source="市场监管局"
    )
    assert credit_blocks(organization=cast.org) is None  # C is a risk, not 失信
    credit_event_create(
        organization=cast.org,
        actor=cast.officer,
        kind="major_penalty",
        occurred_on=recent,
        source="市场监管局",
    )
    assert credit_blocks(organization=cast.org) == (
        "长春光华微电子有限公司质量信用等级为D级（失信）：近24个月内有重大行政处罚1次。"
    )


def test_an_event_in_the_future_is_refused(cast):
    with pytest.raises(ApplicationError) as exc:
        credit_event_create(
            organization=cast.org,
            actor=cast.officer,
            kind="recall",
            occurred_on=timezone.localdate() + dt.timedelta(days=1),
            source="市场监管局",
        )
    assert exc.value.message == "发生日期不能晚于今天。"


def test_the_page_shows_the_grade_and_the_officer_records(client, cast):
    client.force_login(cast.officer)
    url = reverse("quality:credit_event_add", kwargs={"pk": cast.org.pk})
    day = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    client.post(url, {"kind": "recall", "occurred_on": day, "source": "省市场监管局"})
    page = client.get(reverse("quality:organization_ip", kwargs={"pk": cast.org.pk})).content.decode()
    assert "B级（基本守信）" in page and "产品召回" in page
