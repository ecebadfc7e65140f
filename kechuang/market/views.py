"""Pages of the technology market.  Views parse input, call services/selectors, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.accounts.selectors import user_is_officer, user_is_platform_admin, user_organizations
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import Column, SheetSpec, dated_filename, xlsx_response
from kechuang.core.pages import add_service_error
from kechuang.core.permissions import can, get_object_or_404_for
from kechuang.market import selectors, services
from kechuang.market.choices import AchievementStatus, DemandStatus
from kechuang.market.forms import (
    AchievementForm,
    ContactForm,
    ContractForm,
    DemandForm,
    FeedbackForm,
    MessageForm,
    ReviewForm,
)
from kechuang.market.models import Achievement, Demand
from kechuang.registry.models import Organization

SEARCH_FILTERS = ("industry", "region", "maturity", "trl_min", "transfer_mode")


def _search_filters(request: HttpRequest) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in SEARCH_FILTERS:
        value = request.GET.get(key, "").strip()
        if value:
            out[key] = int(value) if key == "trl_min" and value.isdigit() else value
    return out


def _org(request: HttpRequest, pk: int) -> Organization:
    for org in user_organizations(request.user):
        if org.pk == pk:
            return org
    raise Http404


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
        },
    )


# ---------------------------------------------------------------------------------------------------------
# achievements


def achievement_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    filters = _search_filters(request)
    results: list[tuple[Any, list[str]]] = []
    error = ""
    if q:
        try:
            results = selectors.achievement_search(user=request.user, query=q, filters=filters, k=50)
        except ApplicationError as exc:
            error = exc.message
    else:
        results = [(a, []) for a in selectors.achievement_public_list()[:100]]
    return render(request, "market/achievement_list.html", {"results": results, "q": q, "error": error})


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
    if request.method == "POST" and form.is_valid():
        try:
            a = services.achievement_create(
                actor=request.user, owner=_org(request, form.cleaned_data["owner"]), data=form.cleaned_data
            )
            if "submit" in request.POST:
                services.achievement_submit(achievement=a, actor=request.user)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("成果已保存。"))
            return redirect("market:achievement_detail", pk=a.pk)
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
        ctx["can_review"] = a.status == AchievementStatus.SUBMITTED and can(user, a, "review")
        ctx["can_contact"] = can(user, a, "contact") and bool(user_organizations(user))
        if ctx["can_contact"]:
            ctx["contact_form"] = ContactForm(
                orgs=[o for o in user_organizations(user) if o.pk != a.owner_id]
            )
        if ctx["can_change"] and a.status == AchievementStatus.PUBLISHED:
            ctx["suggestions"] = selectors.achievement_suggestions(user=user, achievement=a)
        ctx["review_form"] = ReviewForm()
    return render(request, "market/achievement_detail.html", ctx)


@require_POST
@login_required
def achievement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    try:
        if action == "submit":
            a = selectors.achievement_get(user=request.user, pk=pk, action="submit")
            services.achievement_submit(achievement=a, actor=request.user)
            messages.success(request, _("已提交审核。"))
        elif action in {"approve", "reject"}:
            a = selectors.achievement_get(user=request.user, pk=pk, action="review")
            services.achievement_review(
                achievement=a,
                actor=request.user,
                approve=action == "approve",
                note=request.POST.get("note", ""),
            )
            messages.success(request, _("已发布。") if action == "approve" else _("已退回。"))
        elif action == "renew":
            a = selectors.achievement_get(user=request.user, pk=pk, action="renew")
            services.achievement_renew(achievement=a, actor=request.user)
            messages.success(request, _("已续期。"))
        elif action == "withdraw":
            a = selectors.achievement_get(user=request.user, pk=pk, action="withdraw")
            services.achievement_withdraw(achievement=a, actor=request.user)
            messages.success(request, _("已撤回。"))
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("market:achievement_detail", pk=pk)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not (user_is_officer(request.user) or user_is_platform_admin(request.user)):
        raise Http404
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


# ---------------------------------------------------------------------------------------------------------
# demands


def demand_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    error = ""
    results: list[tuple[Any, list[str]]] = []
    if q:
        try:
            results = selectors.demand_search(
                user=request.user, query=q, filters=_search_filters(request), k=50
            )
        except ApplicationError as exc:
            error = exc.message
    else:
        results = [
            (d, [])
            for d in selectors.demand_list(user=request.user, filters={"status": DemandStatus.OPEN})[:100]
        ]
    return render(request, "market/demand_list.html", {"results": results, "q": q, "error": error})


@login_required
def demand_create(request: HttpRequest) -> HttpResponse:
    orgs = user_organizations(request.user)
    if not orgs:
        raise Http404
    form = DemandForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            d = services.demand_create(
                actor=request.user,
                owner=_org(request, form.cleaned_data["owner"]),
                data=form.cleaned_data,
                publish=True,
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("需求已发布。"))
            return redirect("market:demand_detail", pk=d.pk)
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


@require_POST
@login_required
def demand_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.demand_get(user=request.user, pk=pk, action="suggest")
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.match_feedback_record(
                actor=request.user,
                source=d,
                target_kind=form.cleaned_data["target_kind"],
                target_id=form.cleaned_data["target_id"],
                useful=form.cleaned_data["useful"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("感谢反馈，推荐结果已调整。"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("反馈内容不完整。"))
    return redirect("market:demand_detail", pk=pk)


@require_POST
@login_required
def demand_close(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.demand_get(user=request.user, pk=pk, action="close")
    try:
        services.demand_close(demand=d, actor=request.user)
        messages.success(request, _("需求已关闭。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("market:demand_detail", pk=pk)


# ---------------------------------------------------------------------------------------------------------
# contacts


@require_POST
@login_required
def contact_create(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    subject: Achievement | Demand
    if kind == "achievement":
        subject = get_object_or_404_for(request.user, Achievement.objects.all(), "view", pk=pk)
    elif kind == "demand":
        subject = get_object_or_404_for(request.user, Demand.objects.all(), "view", pk=pk)
    else:
        raise Http404
    form = ContactForm(request.POST, orgs=user_organizations(request.user))
    back = redirect(f"market:{kind}_detail", pk=pk)
    if not form.is_valid():
        messages.error(request, _("请选择单位并填写留言。"))
        return back
    try:
        contact = services.contact_create(
            actor=request.user,
            from_org=_org(request, form.cleaned_data["from_org"]),
            message=form.cleaned_data["message"],
            **{kind: subject},
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return back
    messages.success(request, _("对接请求已发送。"))
    return redirect("market:contact_detail", pk=contact.pk)


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    return render(request, "market/contact_list.html", {"rows": selectors.contact_list(user=request.user)})


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, pk=pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if "accept" in request.POST or "decline" in request.POST:
            try:
                services.contact_respond(contact=contact, actor=request.user, accept="accept" in request.POST)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            return redirect("market:contact_detail", pk=pk)
        if form.is_valid():
            try:
                services.contact_message_post(
                    contact=contact, actor=request.user, body=form.cleaned_data["body"]
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                return redirect("market:contact_detail", pk=pk)
    ctx = {
        "c": contact,
        "thread": contact.messages.select_related("author"),
        "form": form,
        "can_respond": contact.status == "pending" and can(request.user, contact, "respond"),
    }
    return render(request, "market/contact_detail.html", ctx)


# ---------------------------------------------------------------------------------------------------------
# contracts and events


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    filters = {"contract_type": request.GET.get("contract_type", ""), "year": request.GET.get("year", "")}
    ctx = {
        "rows": selectors.contract_list(user=request.user, filters=filters)[:200],
        "stats": selectors.contract_statistics(user=request.user, filters=filters),
        "can_register": user_is_officer(request.user) or user_is_platform_admin(request.user),
    }
    return render(request, "market/contract_list.html", ctx)


@login_required
def contract_create(request: HttpRequest) -> HttpResponse:
    if not (user_is_officer(request.user) or user_is_platform_admin(request.user)):
        raise Http404
    orgs = list(Organization.objects.order_by("name")[:500])
    form = ContractForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        by_pk = {o.pk: o for o in orgs}
        data["seller"], data["buyer"] = by_pk.get(data["seller"]), by_pk.get(data["buyer"])
        try:
            services.contract_register(actor=request.user, data=data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("合同已登记。"))
            return redirect("market:contract_list")
    return render(
        request, "market/form.html", {"form": form, "title": _("技术合同登记"), "submit_label": _("登记")}
    )


def event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "market/event_list.html", {"rows": selectors.event_list(user=request.user)})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ev = selectors.event_get(user=request.user, pk=pk)
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise PermissionDenied
        try:
            services.event_register(
                event=ev,
                actor=request.user,
                organization=_org(request, int(request.POST.get("organization", 0))),
            )
            messages.success(request, _("报名成功。"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("market:event_detail", pk=pk)
    ctx = {
        "ev": ev,
        "items": ev.items.select_related("achievement", "demand"),
        "outcomes": ev.outcomes.all(),
        "registrations": ev.registrations.select_related("organization"),
        "orgs": user_organizations(request.user) if request.user.is_authenticated else [],
    }
    return render(request, "market/event_detail.html", ctx)
