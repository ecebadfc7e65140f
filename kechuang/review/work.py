"""Review's share of a user's workbench: the expert's open score sheets; the officer's panels to run."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.core.permissions import restrict
from kechuang.core.work import WorkItem, WorkList
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_is_expert
from kechuang.review.choices import AssignmentStatus, PanelStatus
from kechuang.review.models import Panel
from kechuang.review.selectors import my_assignments


def pending_for(user: Any) -> list[WorkItem]:
    """One query for the expert's assignments, one for the officer's panels."""
    items = WorkList(_("专家评审"))
    if user_is_expert(user):
        rows = my_assignments(user=user, status=AssignmentStatus.ASSIGNED).order_by("item__panel_id", "id")[
            :30
        ]
        for a in rows:
            scoring = a.item.panel.status == PanelStatus.SCORING
            items.add(
                _("评审任务：%(item)s（%(panel)s）") % {"item": a.item.label, "panel": a.item.panel.name},
                count=1,
                url=reverse("review:assignment_detail", args=[a.pk]),
                hint=_("阅读申报材料并打分") if scoring else _("评审组尚未开始评分，可先阅读材料"),
            )
    if user_is_officer_or_admin(user):
        panels = (
            restrict(
                Panel.objects.filter(status__in=[PanelStatus.FORMING, PanelStatus.SCORING]), user, "manage"
            )
            .annotate(
                n_open=Count(
                    "items__assignments", filter=Q(items__assignments__status=AssignmentStatus.ASSIGNED)
                ),
                n_items=Count("items", distinct=True),
            )
            .order_by("id")[:20]
        )
        for p in panels:
            if p.status == PanelStatus.FORMING and p.n_items:
                title, hint = (
                    _("待启动评分的评审组：%(name)s") % {"name": p.name},
                    _("专家已分配，启动后专家即可打分"),
                )
            elif p.status == PanelStatus.SCORING and not p.n_open:
                title, hint = _("评分已完成的评审组：%(name)s") % {"name": p.name}, _("结束评审，汇总得分")
            else:
                continue
            items.add(
                title,
                count=1,
                url=reverse("review:panel_detail", args=[p.pk]),
                hint=hint,
            )
    return items
