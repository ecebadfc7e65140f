"""Complaints and rights protection (投诉与维权): lodged, assigned to a department, answered, closed.

Every move goes through :func:`complaint_transition` (the workflow kernel, ``COMPLAINT_TRANSITIONS``).
The deadline is fixed when the complaint is lodged: 15 working days, taken simply as 21 calendar days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.services import notification_send
from kechuang.core.workflow import transition
from kechuang.quality.choices import COMPLAINT_TRANSITIONS, ComplaintCategory, ComplaintStatus
from kechuang.quality.models import Complaint
from kechuang.registry.models import Department, OfficerAssignment, Organization, Region

HANDLING_DAYS = 21  # 15 working days
REMIND_DAYS_BEFORE = 3  # the department is reminded this many days before the deadline, then daily


def deadline_for(lodged_on: dt.date) -> dt.date:
    return lodged_on + dt.timedelta(days=HANDLING_DAYS)


@transaction.atomic
def complaint_lodge(
    *,
    actor: Any,
    subject: str,
    body: str,
    region: Region,
    about: Organization | None = None,
    lodging_organization: Organization | None = None,
    category: str = ComplaintCategory.OTHER,
) -> Complaint:
    if not subject.strip():
        raise ApplicationError(_("请填写投诉主题。"), extra={"field": "subject"})
    if not body.strip():
        raise ApplicationError(_("请填写投诉内容。"), extra={"field": "body"})
    if category not in ComplaintCategory.values:
        raise ApplicationError(_("请选择投诉类别。"), extra={"field": "category"})
    today = timezone.localdate()
    complaint = Complaint(
        lodged_by=actor,
        lodging_organization=lodging_organization,
        subject=subject.strip(),
        category=category,
        body=body.strip(),
        about=about,
        region=region,
        region_path=region.path,
        lodged_on=today,
        deadline=deadline_for(today),
    )
    complaint.full_clean()
    complaint.save()
    audit_log(actor=actor, action="complaint.lodge", target=complaint, after=snapshot(complaint))
    return complaint


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    to: str,
    actor: Any,
    note: str = "",
    department: Department | None = None,
    answer: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Move a complaint: assigning names the department, answering needs the answer's text."""
    if to == ComplaintStatus.ASSIGNED:
        if department is None:
            raise ApplicationError(_("请选择承办部门。"), extra={"field": "department"})
        if not complaint.region.path.startswith(department.region.path):
            raise ApplicationError(_("承办部门须为投诉所在地区的部门。"), extra={"field": "department"})
    if to == ComplaintStatus.ANSWERED and not answer.strip():
        raise ApplicationError(_("请填写答复意见。"), extra={"field": "answer"})
    transition(
        obj=complaint,
        to=to,
        actor=actor,
        transitions=COMPLAINT_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    if to == ComplaintStatus.ASSIGNED:
        complaint.department = department
        complaint.save(update_fields=["department", "updated_at"])
    elif to == ComplaintStatus.ANSWERED:
        complaint.answer = answer.strip()
        complaint.save(update_fields=["answer", "updated_at"])
    return complaint


@transaction.atomic
def complaints_remind(*, actor: Any = None, today: dt.date | None = None) -> list[Complaint]:
    """Remind the officers of the assigned department of every complaint due within
    ``REMIND_DAYS_BEFORE`` days or overdue (once a day: ``reminded_on``); unassigned complaints that are
    overdue remind the officers of the complaint's region. Returns the complaints reminded."""
    today = today or timezone.localdate()
    due = (
        Complaint.objects.select_for_update(of=("self",))
        .filter(
            status__in=[ComplaintStatus.LODGED, ComplaintStatus.ASSIGNED],
            deadline__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        )
        .exclude(reminded_on=today)
        .select_related("department", "region")
    )
    reminded: list[Complaint] = []
    for complaint in due:
        if complaint.department_id:
            officers = OfficerAssignment.objects.filter(
                ended_on__isnull=True, department_id=complaint.department_id
            )
        elif complaint.deadline < today:
            officers = OfficerAssignment.objects.filter(
                ended_on__isnull=True, department__region__path__in=_ancestor_paths(complaint.region_path)
            )
        else:
            continue
        overdue = complaint.deadline < today
        title = (
            _("投诉已超期未办结：%(subject)s（办理期限%(date)s）")
            if overdue
            else _("投诉即将到期，请及时答复：%(subject)s（办理期限%(date)s）")
        ) % {"subject": complaint.subject[:80], "date": f"{complaint.deadline:%Y年%-m月%-d日}"}
        link = reverse("quality:complaint_detail", args=[complaint.pk])
        told: set[int] = set()
        for officer in officers.select_related("user"):
            if officer.user_id not in told:
                told.add(officer.user_id)
                notification_send(
                    recipient=officer.user, title=title, link=link, kind="quality.complaint_due"
                )
        complaint.reminded_on = today
        complaint.save(update_fields=["reminded_on", "updated_at"])
        audit_log(
            actor=actor,
            action="complaint.remind",
            target=complaint,
            after={"reminded_on": today.isoformat(), "recipients": sorted(told), "overdue": overdue},
        )
        reminded.append(complaint)
    return reminded


def _ancestor_paths(path: str) -> list[str]:
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]
