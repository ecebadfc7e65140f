"""Recommending units (推荐/归口单位) of a call: the officers set them; a submitted application goes to
the unit that covers its lead organization, whose members approve (推荐) or return it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.services import notification_send
from kechuang.programs.models import Application, Call, CallRecommender
from kechuang.programs.services._common import ensure_allowed
from kechuang.registry.models import Organization, Region
from kechuang.registry.selectors import membership_list
from kechuang.registry.services import full_clean


def _organization(uscc: str, *, field: str) -> Organization:
    code = (uscc or "").strip().upper()
    organization = Organization.objects.filter(uscc=code).first() if code else None
    if organization is None:
        raise ApplicationError(
            _("统一社会信用代码“%(code)s”对应的单位不存在。") % {"code": code or "—"}, extra={"field": field}
        )
    return organization


@transaction.atomic
def recommender_add(
    *, call: Call, actor: Any, uscc: str, region_code: str = "", covered_usccs: Sequence[str] = ()
) -> CallRecommender:
    """Make the organization with ``uscc`` a recommending unit of ``call`` (its department's officers),
    covering itself, the organizations listed by code and, with ``region_code``, that region's subtree."""
    ensure_allowed(actor, call, "manage")
    unit = _organization(uscc, field="uscc")
    region = None
    if region_code.strip():
        region = Region.objects.filter(code=region_code.strip()).first()
        if region is None:
            raise ApplicationError(
                _("行政区划代码“%(code)s”不存在。") % {"code": region_code.strip()}, extra={"field": "region"}
            )
    covered = [_organization(code, field="covered") for code in covered_usccs if code.strip()]
    recommender = CallRecommender(
        call=call, organization=unit, region=region, region_path=region.path if region else ""
    )
    full_clean(recommender)
    recommender.save()
    recommender.covered.set(covered)
    audit_log(
        actor=actor,
        action="programs.recommender_add",
        target=call,
        after={"unit": unit.pk, "region": region.pk if region else None, "covered": [o.pk for o in covered]},
    )
    return recommender


@transaction.atomic
def recommender_remove(*, recommender: CallRecommender, actor: Any) -> None:
    """Remove a unit that no application has gone to yet (else its record must stay)."""
    ensure_allowed(actor, recommender.call, "manage")
    if Application.objects.filter(recommender=recommender).exists():
        raise ApplicationError(_("已有申报书报送到该推荐单位，不能移除。"))
    audit_log(
        actor=actor,
        action="programs.recommender_remove",
        target=recommender.call,
        before={"unit": recommender.organization_id},
    )
    recommender.delete()


def recommender_for(*, call: Call, organization: Organization) -> CallRecommender | None:
    """The unit that covers ``organization`` in ``call``: one naming it (or being it), else the one with
    the smallest region holding it; ``None`` when no unit covers it (the bureau recommends)."""
    named = (
        CallRecommender.objects.filter(call=call)
        .filter(Q(organization=organization) | Q(covered=organization))
        .order_by("id")
        .first()
    )
    if named is not None:
        return named
    by_region = [
        r
        for r in CallRecommender.objects.filter(call=call).exclude(region_path="")
        if organization.region_path.startswith(r.region_path)
    ]
    return max(by_region, key=lambda r: (len(r.region_path), -r.pk), default=None)


def route_to_recommender(*, application: Application) -> None:
    """On (re)submission: record the covering unit and tell its members an application waits for them."""
    unit = recommender_for(call=application.topic.call, organization=application.organization)
    Application.objects.filter(pk=application.pk).update(recommender=unit)
    application.recommender = unit
    if unit is None:
        return
    link = reverse("programs:application_detail", args=[application.pk])
    for membership in membership_list(organization=unit.organization):
        notification_send(
            recipient=membership.user,
            title=_("有项目申报待推荐：%(title)s（%(org)s）")
            % {"title": application.title, "org": application.organization.name},
            body=_("请审核后推荐，或写明理由退回修改。"),
            link=link,
            kind="programs.recommend",
        )
