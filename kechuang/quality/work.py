"""Quality's share of a user's workbench: complaints to assign, to answer (with their deadline) and, for
the one who lodged it, answered complaints to close."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.permissions import restrict
from kechuang.core.work import WorkItem, WorkList
from kechuang.quality.choices import ComplaintStatus
from kechuang.quality.models import Complaint
from kechuang.registry.selectors import user_organization_ids

STEPS = (
    # (action the user may take, status waiting for it, title, next step)
    ("assign", ComplaintStatus.LODGED, gettext_lazy("待交办的投诉"), gettext_lazy("交办给负责的部门")),
    (
        "answer",
        ComplaintStatus.ASSIGNED,
        gettext_lazy("待答复的投诉"),
        gettext_lazy("在办理期限内答复投诉人"),
    ),
    ("close", ComplaintStatus.ANSWERED, gettext_lazy("已答复待办结的投诉"), gettext_lazy("确认答复后办结")),
)


def pending_for(user: Any) -> list[WorkItem]:
    """One query per step (three)."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = WorkList(_("投诉与维权"))
    today = timezone.localdate()
    for action, status, title, hint in STEPS:
        qs = restrict(Complaint.objects.filter(status=status), user, action)
        if action == "close":  # the one who lodged it closes it (a platform admin is not that person)
            qs = qs.filter(Q(lodged_by=user) | Q(lodging_organization_id__in=user_organization_ids(user)))
        row = qs.aggregate(n=Count("id"), due=Min("deadline"))
        items.add(
            str(title),
            count=row["n"],
            url=reverse("quality:complaint_list") + f"?status={status}",
            hint=str(hint),
            due=row["due"],
            overdue=row["due"] is not None and row["due"] < today,
        )
    return items
