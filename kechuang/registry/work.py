"""The registry's share of a user's workbench: organizations to verify; last year's figures to file."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.work import WorkItem, WorkList
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.models import YearlyStatistics
from kechuang.registry.selectors import reports_yearly_statistics, user_organizations, verification_queue


def pending_for(user: Any) -> list[WorkItem]:
    """At most two queries: the officer's verification queue, the organizations' missing yearly figures."""
    items = WorkList(_("主体核验"))
    if user_is_officer_or_admin(user):
        items.add(
            _("待核验的新注册主体"),
            count=verification_queue(user=user).count(),
            url=reverse("registry:verification_queue"),
            hint=_("核对信用代码、名称与地区后通过或退回"),
        )
    figures = WorkList(_("主体信息"))
    orgs = [o for o in user_organizations(user, admin_only=True) if reports_yearly_statistics(o)]
    if orgs:
        year = timezone.localdate().year - 1
        filed = set(
            YearlyStatistics.objects.filter(organization__in=orgs, year=year).values_list(
                "organization_id", flat=True
            )
        )
        for org in orgs:
            if org.pk not in filed:
                figures.add(
                    _("%(org)s：%(year)s年度统计数据未填报") % {"org": org.name, "year": year},
                    count=1,
                    url=reverse("registry:statistics_add", args=[org.pk]),
                    hint=_("认定、项目和政策核算都以此为依据"),
                )
    return [*items, *figures]
