"""Pushing a measure to the organisations that qualify for it (政策推送).

In the request (:func:`push_send`: one transaction) or, for more organisations than the page may wait for,
by a task worker (:func:`push_run`): the same organisations, in batches of :data:`PUSH_BATCH`, each batch
its own transaction with its audit record, the progress reported after each. A run stopped half-way
leaves whole batches pushed; starting again pushes the rest (an organisation is pushed a measure once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
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
from kechuang.registry.models import Organization

PUSH_BATCH = 500  # organisations a transaction (and a progress report) of a background push


def push_targets(*, measure: Measure, actor: Any, on: dt.date | None = None) -> QuerySet[Organization]:
    """The qualifying organisations in the officer's scope the measure was not pushed to yet (checks that
    the officer may push it, and that it is published)."""
    ensure_can(actor, measure, "select")
    if measure.status != MeasureStatus.PUBLISHED:
        raise ApplicationError(_("只能推送已发布的政策事项。"))
    qualified = selectors.qualified_organizations(user=actor, measure=measure, on=on)
    return qualified.exclude(policy_pushes__measure=measure)


def _text(measure: Measure, message: str) -> str:
    return message.strip() or _("贵单位符合“%(title)s”的条件，请查看详情。") % {"title": measure.title}


def _push(*, measure: Measure, actor: Any, targets: Sequence[Organization], text: str) -> int:
    """Record the pushes to ``targets``, notify their members; returns the members notified."""
    pushes = [
        PushNotice(
            measure=measure, organization=o, region_path=o.region_path, sent_by=actor, message=text[:300]
        )
        for o in targets
    ]
    PushNotice.objects.bulk_create(pushes, batch_size=2000)
    link = reverse("policies:measure_detail", args=[measure.pk])
    members = members_by_organization(o.pk for o in targets)
    title = _("政策推送：%(title)s") % {"title": measure.title}
    notified = 0
    for o in targets:
        for user in members.get(o.pk, []):
            notification_send(recipient=user, title=title, body=text, link=link, kind="policy_push")
            notified += 1
    return notified


@transaction.atomic
def push_send(*, measure: Measure, actor: Any, on: dt.date | None = None, message: str = "") -> int:
    """Push a measure to every qualifying organisation in the officer's scope not pushed before;
    each member gets a notification. Returns the number of organisations pushed."""
    targets = list(push_targets(measure=measure, actor=actor, on=on).only("id", "name", "region_path"))
    _push(measure=measure, actor=actor, targets=targets, text=_text(measure, message))
    audit_log(actor=actor, action="measure.push", target=measure, after={"organizations": len(targets)})
    return len(targets)


def push_run(
    *,
    measure: Measure,
    actor: Any,
    on: dt.date | None = None,
    message: str = "",
    progress: Callable[[int, int], None] | None = None,
    batch: int = PUSH_BATCH,
) -> tuple[int, int]:
    """:func:`push_send` for a task worker: the organisations in batches of ``batch``, each in its own
    transaction and audited; ``progress(done, total)`` after each. Returns (organisations, members)."""
    ids = list(push_targets(measure=measure, actor=actor, on=on).order_by("pk").values_list("pk", flat=True))
    text = _text(measure, message)
    pushed = notified = 0
    if progress:
        progress(0, len(ids))
    for start in range(0, len(ids), max(1, batch)):
        chunk = ids[start : start + max(1, batch)]
        with transaction.atomic():
            # qualified when the run began and still not pushed (another push may have reached some)
            targets = list(
                Organization.objects.filter(pk__in=chunk)
                .exclude(policy_pushes__measure=measure)
                .only("id", "name", "region_path")
            )
            notified += _push(measure=measure, actor=actor, targets=targets, text=text)
            audit_log(
                actor=actor,
                action="measure.push",
                target=measure,
                after={"organizations": len(targets), "background": True},
            )
        pushed += len(targets)
        if progress:
            progress(start + len(chunk), len(ids))
    return pushed, notified
