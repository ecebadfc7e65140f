"""Policies' share of a user's workbench.

Officers: claims waiting for review and approved claims waiting to be paid out. Organizations: measures
they meet today and have not claimed, and their own claims to submit or to complete after a return.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.core.permissions import restrict
from kechuang.core.work import WorkItem, WorkList
from kechuang.policies.choices import ClaimStatus
from kechuang.policies.models import Claim
from kechuang.policies.selectors import claim_list, organization_overview, review_queue
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_organizations


def pending_for(user: Any) -> list[WorkItem]:
    """A fixed number of queries: the review queue count; per organization the overview (a handful)."""
    items = WorkList(_("政策兑现"))
    if user_is_officer_or_admin(user):
        items.add(
            _("待审核的政策兑现申请"),
            count=review_queue(user=user).count(),
            url=reverse("policies:review_queue"),
            hint=_("核对申报数据，通过、退回补充或不予通过"),
        )
        items.add(
            _("审核通过待兑现的申请"),
            count=restrict(Claim.objects.filter(status=ClaimStatus.APPROVED), user, "review").count(),
            url=reverse("policies:claim_list") + f"?status={ClaimStatus.APPROVED}",
            hint=_("登记拨付金额与日期"),
        )
    orgs = user_organizations(user, admin_only=True)
    if not orgs:
        return items
    org = orgs[0]
    overview = organization_overview(user=user, organization=org)
    claimable = [a for a in overview["eligible"] if a.claim is None]
    items.add(
        _("%(org)s现在可以申请的政策") % {"org": org.name},
        count=len(claimable),
        url=reverse("policies:my_policies"),
        hint=_("符合条件的政策，一键生成申请"),
    )
    mine = dict(
        claim_list(user=user)
        .filter(organization__in=orgs, status__in=[ClaimStatus.DRAFT, ClaimStatus.RETURNED])
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    items.add(
        _("退回补充的政策兑现申请"),
        count=mine.get(ClaimStatus.RETURNED, 0),
        url=reverse("policies:claim_list") + f"?status={ClaimStatus.RETURNED}",
        hint=_("按审核意见补充后重新提交"),
    )
    items.add(
        _("尚未提交的政策兑现申请"),
        count=mine.get(ClaimStatus.DRAFT, 0),
        url=reverse("policies:claim_list") + f"?status={ClaimStatus.DRAFT}",
        hint=_("核对自动填入的数据后提交"),
    )
    return items
