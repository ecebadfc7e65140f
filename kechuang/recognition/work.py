"""Recognition's share of a user's workbench.

Officers: applications waiting for a formal check or a decision, per call, and open publicity objections.
Applicants: drafts to submit before the call closes, returned applications to revise, open calls.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.permissions import restrict
from kechuang.core.work import WorkItem, WorkList
from kechuang.recognition.choices import ApplicationStatus as S
from kechuang.recognition.choices import ObjectionStatus
from kechuang.recognition.models import Application, Objection
from kechuang.recognition.selectors import my_applications, open_calls
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_organization_ids

# What the officer does next for an application in each waiting state.
OFFICER_WAITING: dict[str, tuple[Any, Any]] = {
    S.SUBMITTED: (gettext_lazy("待受理的认定申请"), gettext_lazy("受理后进入形式审查")),
    S.FORMAL_CHECK: (gettext_lazy("待形式审查的认定申请"), gettext_lazy("审查材料，通过或退回修改")),
    S.DECISION: (gettext_lazy("待审定的认定申请"), gettext_lazy("根据评审结果审定，进入公示")),
}


def pending_for(user: Any) -> list[WorkItem]:
    """Officer: two queries (applications by call and state, open objections); applicant: two more."""
    items = WorkList(_("认定"))
    if user_is_officer_or_admin(user):
        rows = (
            restrict(Application.objects.filter(status__in=list(OFFICER_WAITING)), user, "decide")
            .values("call_id", "call__title", "status")
            .annotate(n=Count("id"))
            .order_by("call_id", "status")
        )
        order = list(OFFICER_WAITING)
        for row in sorted(rows, key=lambda r: (r["call_id"], order.index(r["status"]))):
            title, hint = OFFICER_WAITING[row["status"]]
            items.add(
                f"{title}（{row['call__title']}）",
                count=row["n"],
                url=reverse("recognition:call_pipeline", args=[row["call_id"]]) + f"?status={row['status']}",
                hint=str(hint),
            )
        objections = (
            restrict(Objection.objects.filter(status=ObjectionStatus.OPEN), user, "resolve")
            .values("application_id")
            .annotate(n=Count("id"), first=Min("id"))
            .order_by("application_id")[:20]
        )
        for objection in objections:
            items.add(
                _("待处理的公示异议"),
                count=objection["n"],
                url=reverse("recognition:application_detail", args=[objection["application_id"]]),
                hint=_("核实后作出异议成立或不成立的处理"),
            )
    if user_organization_ids(user, admin_only=True):
        today = timezone.localdate()
        waiting = my_applications(user=user).filter(status__in=[S.DRAFT, S.RETURNED]).order_by("id")[:20]
        for app in waiting:
            closes = timezone.localtime(app.call.closes_at).date() if app.call.closes_at else None
            returned = app.status == S.RETURNED
            items.add(
                (_("退回修改的认定申请：%(call)s") if returned else _("未提交的认定申请：%(call)s"))
                % {"call": app.call.title},
                count=1,
                url=reverse("recognition:application_detail", args=[app.pk]),
                hint=_("按审查意见修改后重新提交") if returned else _("补全材料后提交"),
                due=closes,
                overdue=closes is not None and closes < today,
            )
        items.add(
            _("正在受理的认定通知"),
            count=open_calls(user=user).count(),
            url=reverse("recognition:index"),
            hint=_("查看条件并在线申报"),
        )
    return items
