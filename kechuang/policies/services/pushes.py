"""Pushing a measure to the organisations that qualify for it (政策推送)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.core.services import notification_send
from kechuang.policies import selectors
from kechuang.policies.choices import MeasureStatus
from kechuang.policies.models import Measure, PushNotice
from kechuang.policies.services._shared import members_by_organization


@transaction.atomic
def push_send(*, measure: Measure, actor: Any, on: dt.date | None = None, message: str = "") -> int:
    """Push a measure to every qualifying organisation in the officer's scope not pushed before;
    each member gets a notification. Returns the number of organisations pushed."""
    ensure_can(actor, measure, "select")
    if measure.status != MeasureStatus.PUBLISHED:
        raise ApplicationError(_("只能推送已发布的政策事项。"))
    qualified = selectors.qualified_organizations(user=actor, measure=measure, on=on)
    targets = list(qualified.exclude(policy_pushes__measure=measure).only("id", "name", "region_path"))
    text = message.strip() or _("贵单位符合“%(title)s”的条件，请查看详情。") % {"title": measure.title}
    pushes = [
        PushNotice(
            measure=measure, organization=o, region_path=o.region_path, sent_by=actor, message=text[:300]
        )
        for o in targets
    ]
    PushNotice.objects.bulk_create(pushes, batch_size=2000)
    link = reverse("policies:measure_detail", args=[measure.pk])
    members = members_by_organization(o.pk for o in targets)
    for o in targets:
        for user in members.get(o.pk, []):
            notification_send(recipient=user, title=_("政策推送：%(title)s") % {"title": measure.title},
                              body=text, link=link, kind="policy_push")  # fmt: skip
    audit_log(actor=actor, action="measure.push", target=measure, after={"organizations": len(targets)})
    return len(targets)
