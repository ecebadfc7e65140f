"""The market's front page and the achievement pages: search, publish, review, renew, export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.errors import ApplicationError
from kechuang.core.excel import Column, SheetSpec, dated_filename, xlsx_response
from kechuang.core.pages import page_action, save_form
from kechuang.core.permissions import can
from kechuang.market import selectors, services
from kechuang.market.choices import AchievementStatus, DemandStatus
from kechuang.market.forms import AchievementFilterForm, AchievementForm, ContactForm, ReviewForm
from kechuang.market.views.common import own_org, search_filters
from kechuang.registry.guards import officer_required
from kechuang.registry.selectors import user_organizations
from kechuang.registry.services import resolve_industry, resolve_region


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "market/home.html",
        {
            "achievements": selectors.achievement_public_list()[:8],
            "demands": selectors.demand_list(user=request.user, filters={"status": DemandStatus.OPEN})[:8],
            "summary": selectors.my_market_summary(user=request.user)
            if request.user.is_authenticated
            else None,
            "is_expert": selectors.expert_of_user_exists(user=request.user),
        },
    )


def _picked(filters: dict[str, Any], form: AchievementFilterForm) -> str:
    """Region and industry as codes (chosen from a picker, or typed as a name and resolved here); the form
    then shows their names. Returns the message when a typed name names nothing (shown above the list)."""
    shown = dict(form.data.items())
    try:
        if region := filters.get("region"):
            found = resolve_region(region)
            filters["region"], shown["region"] = found.code, found.full_name or found.name
        if industry := filters.get("industry"):
            picked = resolve_industry(industry)
            if picked is not None:
                filters["industry"], shown["industry"] = picked.code_with_section, picked.name
    except ApplicationError as exc:
        return exc.message
    form.data = shown
    return ""


def achievement_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    filters = search_filters(request)
    filter_form = AchievementFilterForm(
        {k: request.GET.get(k, "")[:60] for k in ("industry", "region", "trl_min")}
    )
    results: list[tuple[Any, list[str]]] = []
    error = _picked(filters, filter_form)
    page = None
    if q and not error:
        try:
            results = selectors.achievement_search(user=request.user, query=q, filters=filters, k=50)
        except ApplicationError as exc:
            error = exc.message
    elif not error:
        # every published achievement (as filtered), 50 a page, with the count and the pages
        listed = selectors.achievement_public_list(filters=filters)
        page = Paginator(listed, 50).get_page(request.GET.get("page"))
        results = [(a, []) for a in page.object_list]
    return render(
        request,
        "market/achievement_list.html",
        {
            "results": results,
            "q": q,
            "error": error,
            "page": page,
            "filter_form": filter_form,
            "hint_examples": selectors.latin_query_examples(q),
        },
    )


@login_required
def achievement_mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.achievement_list(user=request.user, filters={"mine": True})
    return render(request, "market/achievement_mine.html", {"rows": rows})


@login_required
def achievement_create(request: HttpRequest) -> HttpResponse:
    orgs = user_organizations(request.user)
    if not orgs:
        raise Http404
    form = AchievementForm(request.POST or None, orgs=orgs)

    def save(data: dict[str, Any]) -> Any:
        a = services.achievement_create(actor=request.user, owner=own_org(request, data["owner"]), data=data)
        if "submit" in request.POST:
            services.achievement_submit(achievement=a, actor=request.user)
        return a

    if saved := save_form(
        request,
        form,
        save,
        success=_("成果已保存。"),
        redirect_to=lambda a: reverse("market:achievement_detail", args=[a.pk]),
    ):
        return saved
    return render(
        request,
        "market/form.html",
        {"form": form, "title": _("发布科技成果"), "submit_label": _("保存并提交审核")},
    )


def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.achievement_get(user=request.user, pk=pk)
    user = request.user
    ctx: dict[str, Any] = {"a": a}
    if user.is_authenticated:
        ctx["can_change"] = can(user, a, "change")
        ctx["can_contact"] = can(user, a, "contact") and bool(user_organizations(user))
        if ctx["can_contact"]:
            ctx["contact_form"] = ContactForm(
                orgs=[o for o in user_organizations(user) if o.pk != a.owner_id]
            )
        if ctx["can_change"] and a.status == AchievementStatus.PUBLISHED:
            ctx["suggestions"] = selectors.achievement_suggestions(user=user, achievement=a)
        ctx["review_form"] = ReviewForm()
    return render(request, "market/achievement_detail.html", ctx)


def _yes_no(value: str | None) -> bool:
    """The API's boolean as a form sends it (``true``/``false``); anything else is a stale page."""
    if value not in ("true", "false"):
        raise ValueError(value)
    return value == "true"


@require_POST
@login_required
def achievement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The API's verbs: submit, review (``approve=true|false`` and a note), renew, withdraw.

    ``approve`` and ``reject`` are kept as the two outcomes of ``review`` (older pages post them).
    """
    approve: bool | None = None
    if action in {"approve", "reject"}:
        action, approve = "review", action == "approve"
    if action not in {"submit", "review", "renew", "withdraw"}:
        raise Http404
    a = selectors.achievement_get(user=request.user, pk=pk, action=action)
    user = request.user

    def review() -> bool:
        decision = _yes_no(request.POST.get("approve")) if approve is None else approve
        note = request.POST.get("note", "")
        services.achievement_review(achievement=a, actor=user, approve=decision, note=note)
        return decision

    run = {
        "submit": lambda: services.achievement_submit(achievement=a, actor=user),
        "review": review,
        "renew": lambda: services.achievement_renew(achievement=a, actor=user),
        "withdraw": lambda: services.achievement_withdraw(achievement=a, actor=user),
    }[action]
    done = {"submit": _("已提交审核。"), "renew": _("已续期。"), "withdraw": _("已撤回。")}
    return page_action(
        request,
        run,
        success=lambda result: done.get(action) or (_("已发布。") if result else _("已退回。")),
        redirect_to=reverse("market:achievement_detail", args=[pk]),
    )


@officer_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "market/review_queue.html", {"rows": selectors.achievement_review_queue(user=request.user)}
    )


def achievement_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.achievement_list(user=request.user)
    sheet = SheetSpec(
        title=_("科技成果"),
        columns=[
            Column(_("成果名称"), lambda a: a.title),
            Column(_("所有单位"), lambda a: a.owner.name),
            Column(_("所属领域"), lambda a: a.field.name if a.field_id else ""),
            Column(_("成熟度"), lambda a: a.get_maturity_display()),
            Column(_("技术就绪度"), lambda a: a.trl),
            Column(_("转化方式"), lambda a: "、".join(a.transfer_modes)),
            Column(_("意向价格(元)"), lambda a: a.price),
            Column(_("状态"), lambda a: a.get_status_display()),
            Column(_("有效期至"), lambda a: a.expires_on),
        ],
        rows=rows,
    )
    return xlsx_response([sheet], filename=dated_filename("achievements"))
