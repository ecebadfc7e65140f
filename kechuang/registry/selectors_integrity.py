"""Reads of the integrity list (失信名单): what bars an organization from applying, and who may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.permissions import restrict
from kechuang.core.templatetags.kechuang import cn_date
from kechuang.registry.models import IntegrityRecord, Organization


def in_force_q(day: dt.date) -> Q:
    """Records that bar applications on ``day``: not lifted, started, not yet ended."""
    return Q(lifted_on__isnull=True, starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def integrity_blocks(*, organization: Organization, on: dt.date | None = None) -> list[IntegrityRecord]:
    """The records that bar ``organization`` from applying on ``on`` (today by default), earliest end first."""
    day = on or timezone.localdate()
    return list(
        IntegrityRecord.objects.filter(in_force_q(day), organization=organization).order_by("starts_on")
    )


def integrity_block_message(record: IntegrityRecord, *, own: bool = True) -> str:
    """The applicant's words for one record: which list, why, by whose decision, until when (``own=False``:
    the officer's words, naming the organization)."""
    until = cn_date(record.ends_on) if record.ends_on else _("另行通知")
    document = _("（%(doc)s）") % {"doc": record.document} if record.document else ""
    return _(
        "%(subject)s已被列入%(kind)s名单%(document)s：%(reason)s。限制申报期为%(start)s至%(until)s，"
        "期间不能申报项目、认定和政策兑现。如有异议，请联系作出决定的部门%(authority)s。"
    ) % {
        "subject": _("贵单位") if own else record.organization.name,
        "kind": record.get_kind_display(),
        "document": document,
        "reason": record.reason.rstrip("。."),
        "start": cn_date(record.starts_on),
        "until": until,
        "authority": _("（%(a)s）") % {"a": record.authority} if record.authority else "",
    }


def integrity_records(
    *, user: Any, state: str = "", organization: Organization | None = None, query: str = ""
) -> QuerySet[IntegrityRecord]:
    """Records the user may see: ``state`` is ``in_force``, ``lifted`` or empty for all."""
    qs = restrict(IntegrityRecord.objects.select_related("organization", "organization__region"), user)
    if organization is not None:
        qs = qs.filter(organization=organization)
    today = timezone.localdate()
    if state == "in_force":
        qs = qs.filter(in_force_q(today))
    elif state == "lifted":
        qs = qs.filter(lifted_on__isnull=False)
    if query:
        qs = qs.filter(
            Q(organization__name__icontains=query)
            | Q(organization__uscc=query.upper())
            | Q(document__icontains=query)
        )
    return qs
