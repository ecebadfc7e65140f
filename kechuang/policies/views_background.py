"""The officers' buttons whose work may leave the request: the push of a measure (a task above
``KECHUANG_EXPORT_BACKGROUND_ROWS`` organisations) and the qualification run of one measure or of every
published one (always a task). A task's page is the job page (``core:job``): its progress bar, then the
outcome; a second click while the officer's job still runs shows that job."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.pages import page_action
from kechuang.core.views_jobs import job_redirect
from kechuang.policies import selectors, services
from kechuang.policies.services import background
from kechuang.policies.views import _on
from kechuang.registry.guards import officer_required


@login_required
@require_POST
def push(request: HttpRequest, pk: int) -> HttpResponse:
    """Push the measure to the organisations that qualify: at once, or as a task when they are many."""
    back = reverse("policies:qualified", args=[pk])

    def act() -> Any:
        measure = selectors.measure_get(user=request.user, pk=pk, action="select")
        on, message = _on(request), request.POST.get("message", "")
        started = background.push_start(measure=measure, actor=request.user, on=on, message=message)
        if started is not None:
            return started
        return services.push_send(measure=measure, actor=request.user, on=on, message=message)

    def target(result: Any) -> Any:
        if isinstance(result, tuple):
            return job_redirect(request, result)
        messages.success(request, _("已向 %(n)s 家符合条件的单位推送。") % {"n": result})
        return back

    return page_action(request, act, success=None, redirect_to=target, error_redirect=back)


@login_required
@require_POST
def qualify(request: HttpRequest, pk: int) -> HttpResponse:
    """Count, as a task, the organisations in the officer's scope that qualify for the measure."""

    def act() -> Any:
        measure = selectors.measure_get(user=request.user, pk=pk, action="select")
        return background.qualify_start(actor=request.user, measure=measure, on=_on(request))

    back = reverse("policies:measure_detail", args=[pk])
    return page_action(
        request, act, success=None, redirect_to=lambda r: job_redirect(request, r), error_redirect=back
    )


@officer_required
@require_POST
def qualify_all(request: HttpRequest) -> HttpResponse:
    """Count, as a task, the qualifying organisations of every published measure the officer sees."""
    return page_action(
        request,
        lambda: background.qualify_start(actor=request.user, on=_on(request)),
        success=None,
        redirect_to=lambda r: job_redirect(request, r),
        error_redirect=reverse("policies:measure_list"),
    )
