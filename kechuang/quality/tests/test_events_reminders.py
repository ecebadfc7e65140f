"""Events (宣传周, 科技活动月) and their totals; complaint reminders and statistics."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import Notification
from kechuang.quality import selectors
from kechuang.quality.services.complaints import complaint_lodge, complaint_transition, complaints_remind
from kechuang.quality.services.events import event_create, event_update
from kechuang.registry.models import Region

EVENT = {
    "kind": "ip_week",
    "title": "2025年4.26知识产权宣传周启动仪式",
    "held_on": dt.date(2025, 4, 26),
    "place": "长春市科技大市场",
    "participants": 320,
    "outcome": "发放宣传资料1200份，现场咨询86人次。",
}


def test_events_are_recorded_checked_and_counted(cast):
    event = event_create(organiser=cast.org, actor=cast.org_admin, **EVENT)
    assert event.region == cast.org.region and event.region_path == cast.org.region_path
    event_create(
        organiser=cast.org, actor=cast.org_admin, **{**EVENT, "kind": "science_month", "participants": 80}
    )
    with pytest.raises(ApplicationError) as exc:
        event_create(organiser=cast.org, actor=cast.org_admin, **{**EVENT, "participants": "很多"})
    assert exc.value.message == "参加人数应为整数。"
    with pytest.raises(ApplicationError) as exc:
        event_create(organiser=cast.org, actor=cast.org_admin, **{**EVENT, "place": " "})
    assert exc.value.message == "请填写活动地点。"
    event_update(event=event, actor=cast.officer, **{**EVENT, "participants": 350})
    totals = selectors.event_totals(region=Region.objects.get(code="220100"), year=2025)
    assert totals == {
        "ip_week": {"events": 1, "participants": 350},
        "science_month": {"events": 1, "participants": 80},
    }
    assert selectors.event_list(user=cast.norole, kind="ip_week").count() == 1


@pytest.fixture
def science(cast):
    return cast.officer.officer_assignments.get().department


def _lodge(cast, subject="假冒商标", category="trademark"):
    return complaint_lodge(
        actor=cast.org_admin,
        subject=subject,
        body="市场上发现假冒本公司商标的产品。",
        region=Region.objects.get(code="220102"),
        category=category,
    )


def test_reminders_go_to_the_department_once_a_day(cast, science):
    complaint = _lodge(cast)
    complaint_transition(complaint=complaint, to="assigned", actor=cast.officer, department=science)
    today = timezone.localdate()
    assert complaints_remind(today=today) == []  # 21 days left
    near = complaint.deadline - dt.timedelta(days=2)
    assert [c.pk for c in complaints_remind(today=near)] == [complaint.pk]
    note = Notification.objects.get(recipient=cast.officer)
    assert note.title.startswith("投诉即将到期，请及时答复：假冒商标")
    assert complaints_remind(today=near) == []  # once a day
    late = complaint.deadline + dt.timedelta(days=1)
    call_command("quality_remind", "--now", "--date", late.isoformat(), stdout=io.StringIO())
    titles = list(Notification.objects.filter(recipient=cast.officer).values_list("title", flat=True))
    assert any(t.startswith("投诉已超期未办结") for t in titles)
    complaint_transition(complaint=complaint, to="answered", actor=cast.officer, answer="已处理。")
    assert complaints_remind(today=late + dt.timedelta(days=1)) == []


def test_bad_category_refused(cast):
    with pytest.raises(ApplicationError) as exc:
        _lodge(cast, category="bogus")
    assert exc.value.message == "请选择投诉类别。"


def test_statistics_by_region_and_category(cast, science):
    a = _lodge(cast)
    _lodge(cast, subject="电热水壶漏电", category="product_quality")
    complaint_transition(complaint=a, to="assigned", actor=cast.officer, department=science)
    complaint_transition(complaint=a, to="answered", actor=cast.officer, answer="已处理。")
    complaint_transition(complaint=a, to="closed", actor=cast.org_admin)
    stats = selectors.complaint_statistics(user=cast.officer)
    assert [(r["label"], r["total"], r["open"], r["closed"]) for r in stats["region"]] == [
        ("南关区", 2, 1, 1)
    ]
    assert {r["label"]: r["total"] for r in stats["category"]} == {"产品质量": 1, "商标侵权": 1}
    assert selectors.complaint_statistics(user=cast.other_officer)["region"] == []
