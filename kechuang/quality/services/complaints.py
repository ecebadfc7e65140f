"""Complaints and rights protection (投诉与维权): lodged, assigned to a department, answered, closed.

Every move goes through :func:`complaint_transition` (the workflow kernel, ``COMPLAINT_TRANSITIONS``).
The deadline is fixed when the complaint is lodged: 15 working days, taken simply as 21 calendar days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.workflow import transition
from kechuang.quality.choices import COMPLAINT_TRANSITIONS, ComplaintStatus
from kechuang.quality.models import Complaint
from kechuang.registry.models import Department, Organization, Region

HANDLING_DAYS = 21  # 15 working days


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
) -> Complaint:
    if not subject.strip():
        raise ApplicationError(_("请填写投诉主题。"), extra={"field": "subject"})
    if not body.strip():
        raise ApplicationError(_("请填写投诉内容。"), extra={"field": "body"})
    today = timezone.localdate()
    complaint = Complaint(
        lodged_by=actor,
        lodging_organization=lodging_organization,
        subject=subject.strip(),
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
