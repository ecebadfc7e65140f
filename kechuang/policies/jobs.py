"""When a page's policy work leaves the request: the 免申即享 list of a measure with many qualifying
organizations is queued (:mod:`kechuang.policies.tasks`) instead of generated in the request."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import get_language

from kechuang.core.background import background_threshold
from kechuang.core.errors import ApplicationError
from kechuang.core.models import BackgroundJob
from kechuang.core.permissions import can
from kechuang.core.services_jobs import job_start
from kechuang.policies import exports, selectors, tasks
from kechuang.policies.choices import OPEN, MeasureMode, MeasureStatus
from kechuang.policies.models import Claim


def auto_claims_job(request: HttpRequest, pk: int) -> BackgroundJob | None:
    """The queued job when the list is large and may be generated; None when the page should do it now
    (small, or refused: the page then says why exactly as before)."""
    user: Any = request.user
    try:
        measure = selectors.measure_get(user=user, pk=pk, action="select")
        on = exports.on_of(request.POST if "on" in request.POST else request.GET)
    except (ApplicationError, ValueError, Http404):
        return None
    if measure.mode != MeasureMode.AUTOMATIC or measure.status != MeasureStatus.PUBLISHED:
        return None
    if not can(user, measure, "select"):
        return None
    open_ = Claim.objects.filter(measure=measure, status__in=sorted(OPEN)).values("organization_id")
    qualified = selectors.qualified_organizations(user=user, measure=measure, on=on)
    total = qualified.exclude(pk__in=open_).count()
    if total <= background_threshold():
        return None
    with transaction.atomic():
        job = job_start(actor=user, kind=tasks.AUTO_CLAIMS_JOB, total=total, phase=tasks.QUEUED)
        language = get_language() or ""
        transaction.on_commit(
            lambda: tasks.generate_auto_claims.enqueue(job.pk, measure.pk, on.isoformat(), language)
        )
    return job
