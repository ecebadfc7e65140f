"""Technology demand pages: search, publish, the owner's explained suggestions and feedback, closing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data, post_action, save_form
from kechuang.core.permissions import can
from kechuang.market import selectors, services
from kechuang.market.choices import DemandStatus
from kechuang.market.forms import ContactForm, DemandForm, FeedbackForm
from kechuang.market.views.common import own_org, search_filters
from kechuang.registry.selectors import user_organizations


def demand_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    error = ""
    results: list[tuple[Any, list[str]]] = []
    if q:
        try:
            results = selectors.demand_search(
                user=request.user, query=q, filters=search_filters(request), k=50
            )
        except ApplicationError as exc:
            error = exc.message
    else:
        results = [
            (d, [])
            for d in selectors.demand_list(user=request.user, filters={"status": DemandStatus.OPEN})[:100]
        ]
    return render(
        request,
        "market/demand_list.html",
        {
            "results": results,
            "q": q,
            "error": error,
            "hint_examples": selectors.latin_query_examples(q),
        },
    )


@login_required
def demand_create(request: HttpRequest) -> HttpResponse:
    orgs = user_organizations(request.user)
    if not orgs:
        raise Http404
    form = DemandForm(request.POST or None, orgs=orgs)
    if saved := save_form(
        request,
        form,
        lambda data: services.demand_create(
            actor=request.user, owner=own_org(request, data["owner"]), data=data, publish=True
        ),
        success=_("需求已发布。"),
        redirect_to=lambda d: reverse("market:demand_detail", args=[d.pk]),
    ):
        return saved
    return render(
        request, "market/form.html", {"form": form, "title": _("发布技术需求"), "submit_label": _("发布")}
    )


def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.demand_get(user=request.user, pk=pk)
    user = request.user
    ctx: dict[str, Any] = {"d": d, "show_confidential": False}
    if user.is_authenticated:
        ctx["show_confidential"] = selectors.demand_confidential_visible(user=user, demand=d)
        ctx["is_owner"] = can(user, d, "suggest")
        if ctx["is_owner"] and d.status == DemandStatus.OPEN:
            ctx["suggestions"] = selectors.demand_suggestions(user=user, demand=d)
            ctx["contacts"] = d.contacts.select_related("from_org")
        ctx["can_contact"] = can(user, d, "contact") and bool(user_organizations(user))
        if ctx["can_contact"]:
            ctx["contact_form"] = ContactForm(
                orgs=[o for o in user_organizations(user) if o.pk != d.owner_id]
            )
    return render(request, "market/demand_detail.html", ctx)


@login_required
def demand_why(request: HttpRequest, pk: int) -> HttpResponse:
    """For the demand's owner: why one suggested achievement is above another (``?above=&below=``)."""
    d = selectors.demand_get(user=request.user, pk=pk, action="suggest")
    above, below = request.GET.get("above", ""), request.GET.get("below", "")
    lines: list[str] = []
    if above.isdigit() and below.isdigit():
        lines = selectors.why_above(user=request.user, demand=d, above_id=int(above), below_id=int(below))
    return render(request, "market/demand_why.html", {"d": d, "lines": lines, "asked": bool(above or below)})


@post_action(success=gettext_lazy("感谢反馈，推荐结果已调整。"), redirect_to="market:demand_detail")
def demand_feedback(request: HttpRequest, pk: int) -> Any:
    d = selectors.demand_get(user=request.user, pk=pk, action="suggest")
    data = form_data(FeedbackForm(request.POST), invalid=_("反馈内容不完整。"))
    return services.match_feedback_record(
        actor=request.user,
        source=d,
        target_kind=data["target_kind"],
        target_id=data["target_id"],
        useful=data["useful"],
        reason=data["reason"],
    )


@post_action(success=gettext_lazy("需求已关闭。"), redirect_to="market:demand_detail")
def demand_close(request: HttpRequest, pk: int) -> Any:
    d = selectors.demand_get(user=request.user, pk=pk, action="close")
    return services.demand_close(demand=d, actor=request.user)
