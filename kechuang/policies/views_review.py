"""The officers' claim desk (政策兑现审核): submitted claims filtered by measure, origin, region and name,
paged, with one decision for many checked claims; approved claims waiting for payment below."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.policies import selectors, services
from kechuang.policies.choices import ClaimOrigin, ClaimStatus
from kechuang.policies.forms import BulkReviewForm
from kechuang.registry.forms import region_filter
from kechuang.registry.guards import officer_required

PAGE = 50


def _filters(request: HttpRequest) -> dict[str, object]:
    measure = request.GET.get("measure", "")
    origin = request.GET.get("origin", "")
    return {
        "measure_id": int(measure) if measure.isdigit() else None,
        "origin": origin if origin in ClaimOrigin.values else "",
        "q": request.GET.get("q", "")[:100],
    }


@officer_required
def review_queue(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    region_form, filters["region"] = region_filter(request)
    queue = selectors.review_queue(user=request.user, **filters)  # type: ignore[arg-type]
    page = Paginator(queue, PAGE).get_page(request.GET.get("page"))
    approved = selectors.claim_list(user=request.user, status=ClaimStatus.APPROVED)
    return render(
        request,
        "policies/review_queue.html",
        {
            "page": page,
            "filters": filters,
            "region_form": region_form,
            "measures": selectors.review_queue_measures(user=request.user),
            "origins": ClaimOrigin.choices,
            "approved": approved[:50],
            "approved_count": approved.count(),
            "form": BulkReviewForm(),
        },
    )


@officer_required
@require_POST
def review_bulk(request: HttpRequest) -> HttpResponse:
    """One decision for the checked claims; what could not be decided is listed with the reason."""
    back = request.POST.get("next") or ""
    target = back if back.startswith("/policies/review/") else "policies:review_queue"
    form = BulkReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核结论。"))
        return redirect(target)
    try:
        decided, refused = services.claims_review_bulk(
            claim_ids=[int(v) for v in request.POST.getlist("claims") if v.isdigit()],
            actor=request.user,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(target)
    if decided:
        messages.success(request, _("已审核%(n)d件申请。") % {"n": len(decided)})
    for claim, reason in refused:
        label = claim if isinstance(claim, int) else f"{claim.organization.name}（{claim.measure.title}）"
        messages.error(request, _("%(claim)s未能审核：%(reason)s") % {"claim": label, "reason": reason})
    return redirect(target)
