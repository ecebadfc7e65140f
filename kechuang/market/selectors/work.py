"""The market's share of a user's workbench.

Officers: achievements waiting for review. Organizations: contact requests to answer, open demands (with
the achievements the platform suggests for them) and published achievements about to expire.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.work import WorkItem, WorkList
from kechuang.market.choices import AchievementStatus, ContactStatus, DemandStatus
from kechuang.market.models import Achievement, Contact, Demand
from kechuang.market.selectors.listings import achievement_review_queue
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_organization_ids

EXPIRY_NOTICE_DAYS = 60  # an achievement's renewal is due this many days before it expires


def pending_for(user: Any) -> list[WorkItem]:
    """At most four queries, whatever the number of records."""
    items = WorkList(_("科技大市场"))
    if user_is_officer_or_admin(user):
        items.add(
            _("待审核的科技成果"),
            count=achievement_review_queue(user=user).count(),
            url=reverse("market:review_queue"),
            hint=_("审核后发布或退回"),
        )
    orgs = user_organization_ids(user)
    if not orgs:
        return items
    items.add(
        _("待回复的对接请求"),
        count=Contact.objects.filter(to_org_id__in=orgs, status=ContactStatus.PENDING).count(),
        url=reverse("market:contact_list"),
        hint=_("接受后双方可见联系方式"),
    )
    for demand in Demand.objects.filter(owner_id__in=orgs, status=DemandStatus.OPEN).order_by("-id")[:5]:
        items.add(
            _("征集中的技术需求：%(title)s") % {"title": demand.title},
            count=1,
            url=reverse("market:demand_detail", args=[demand.pk]),
            hint=_("查看平台推荐的成果与专家"),
        )
    today = timezone.localdate()
    expiring = Achievement.objects.filter(
        owner_id__in=orgs,
        status=AchievementStatus.PUBLISHED,
        expires_on__lte=today + dt.timedelta(days=EXPIRY_NOTICE_DAYS),
    ).order_by("expires_on")
    first = expiring.values_list("expires_on", flat=True).first()
    if first is not None:
        items.add(
            _("即将到期的科技成果"),
            count=expiring.count(),
            url=reverse("market:achievement_mine"),
            hint=_("到期前续期，否则不再公开展示"),
            due=first,
            overdue=first < today,
        )
    return items
