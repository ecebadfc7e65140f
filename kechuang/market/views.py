"""Pages of the technology market.  Views parse input, call services/selectors, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import Column, SheetSpec, dated_filename, xlsx_response
from kechuang.core.pages import add_service_error
from kechuang.core.permissions import can, get_object_or_404_for
from kechuang.market import selectors, services
from kechuang.market.choices import AchievementStatus, ContractType, DemandStatus, EventStatus
from kechuang.market.forms import (
    AchievementForm,
    ContactForm,
    ContractForm,
    DemandForm,
    EventForm,
    ExpertProfileForm,
    FeedbackForm,
    MessageForm,
    OutcomeForm,
    ReviewForm,
    SavedSearchForm,
)
from kechuang.market.models import Achievement, Demand, SavedSearch
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_is_officer, user_organizations

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
            "is_expert": selectors.expert_of_user_exists(user=request.user),
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


def _wan(value: Any) -> Decimal | None:
    return None if value is None else (Decimal(value) / 10000).quantize(Decimal("0.01"))


@login_required
def contract_create(request: HttpRequest) -> HttpResponse:
    """Register a contract; ``?outcome=<id>`` prefills it from a matchmaking event's signed agreement."""
    if not (user_is_officer(request.user) or user_is_platform_admin(request.user)):
        raise Http404
    outcome_id = request.POST.get("outcome") or request.GET.get("outcome") or ""
    outcome = selectors.event_outcome_get(user=request.user, pk=outcome_id) if outcome_id else None
    orgs = list(Organization.objects.order_by("name")[:500])
    initial: dict[str, Any] = {"signed_on": timezone.localdate().isoformat()}
    if outcome is not None:
        for org in (outcome.seller, outcome.buyer):
            if org is not None and org not in orgs:
                orgs.insert(0, org)
        subject = outcome.item.subject if outcome.item_id else None
        initial.update(
            {
                "outcome": outcome.pk,
                "seller": outcome.seller_id,
                "buyer": outcome.buyer_id,
                "title": subject.title if subject is not None else outcome.parties,
                "amount": outcome.amount or "",
                "tech_amount": outcome.amount or "",
                "field": subject.field.code_with_section if subject is not None and subject.field_id else "",
            }
        )
    form = ContractForm(request.POST or None, orgs=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("outcome", None)
        by_pk = {o.pk: o for o in orgs}
        data["seller"], data["buyer"] = by_pk.get(data["seller"]), by_pk.get(data["buyer"])
        if outcome is not None and outcome.item_id and outcome.item.achievement_id:
            data["achievement"] = outcome.item.achievement
        try:
            contract = services.contract_register(actor=request.user, data=data, outcome=outcome)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("合同已登记，登记编号 %(no)s。") % {"no": contract.registration_no})
            return redirect("market:contract_list")
    title = _("技术合同登记")
    if outcome is not None:
        title = _("技术合同登记（来自“%(event)s”的签约协议）") % {"event": outcome.event.title}
    return render(request, "market/form.html", {"form": form, "title": title, "submit_label": _("登记")})


@login_required
def contract_statistics(request: HttpRequest) -> HttpResponse:
    """Contracts by region (rolled up along the region tree), field and type; officers: their subtree."""
    if not (user_is_officer(request.user) or user_is_platform_admin(request.user)):
        raise Http404
    filters = {"contract_type": request.GET.get("contract_type", ""), "year": request.GET.get("year", "")}
    stats = selectors.contract_statistics_rollup(
        user=request.user, region_code=request.GET.get("region", ""), filters=filters
    )
    if request.GET.get("format") == "xlsx":
        columns = [
            Column(_("名称"), lambda r: r.label),
            Column(_("份数"), lambda r: r.count),
            Column(_("合同金额(万元)"), lambda r: _wan(r.amount), number_format="#,##0.00"),
            Column(_("技术交易额(万元)"), lambda r: _wan(r.tech_amount), number_format="#,##0.00"),
        ]
        sheets = [
            SheetSpec(title=_("按地区"), columns=columns, rows=[*stats["by_region"], stats["total"]]),
            SheetSpec(title=_("按领域"), columns=columns, rows=stats["by_field"]),
            SheetSpec(title=_("按类型"), columns=columns, rows=stats["by_type"]),
        ]
        return xlsx_response(sheets, filename=dated_filename("contract-statistics"))
    return render(
        request,
        "market/contract_statistics.html",
        {"stats": stats, "types": ContractType.choices, "filters": filters},
    )


# ---------------------------------------------------------------------------------------------------------
# matchmaking events


def event_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    can_create = user.is_authenticated and (
        user_is_officer(user) or user_is_platform_admin(user) or bool(user_organizations(user))
    )
    return render(
        request,
        "market/event_list.html",
        {"rows": selectors.event_list(user=user), "can_create": can_create},
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user_is_officer(user) or user_is_platform_admin(user) or user_organizations(user)):
        raise Http404
    own = user_organizations(user)
    form = EventForm(
        request.POST or None,
        regions=selectors.event_region_choices(user=user),
        initial={"organizer": own[0].name if own else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=user, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("活动已创建（筹备中），请添加路演项目后发布。"))
            return redirect("market:event_detail", pk=event.pk)
    return render(
        request,
        "market/event_form.html",
        {"form": form, "organizers": selectors.organizer_choices(user=user)},
    )


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ev = selectors.event_get(user=request.user, pk=pk)
    user = request.user
    can_manage = user.is_authenticated and can(user, ev, "change")
    registrations = selectors.event_registrations(event=ev)
    registered = {r.organization_id for r in registrations}
    own = user_organizations(user) if user.is_authenticated else []
    q = request.GET.get("q", "").strip()
    candidates: list[tuple[str, Any]] = []
    search_error = ""
    if can_manage and q:
        try:
            candidates = selectors.event_item_candidates(user=user, event=ev, query=q)
        except ApplicationError as exc:
            search_error = exc.message
    ctx = {
        "ev": ev,
        "items": selectors.event_items(event=ev),
        "outcomes": selectors.event_outcomes(event=ev),
        # who registered is shown to the event's managers; others see the number and their own
        "registrations": registrations
        if can_manage
        else [r for r in registrations if r.organization_id in {o.pk for o in own}],
        "registration_count": len(registrations),
        "can_register": ev.status == EventStatus.PUBLISHED,
        "orgs_to_register": [o for o in own if o.pk not in registered],
        "own_registered": [o for o in own if o.pk in registered],
        "can_manage": can_manage,
        "can_register_contract": user.is_authenticated
        and (user_is_officer(user) or user_is_platform_admin(user)),
        "q": q,
        "candidates": candidates,
        "search_error": search_error,
    }
    return render(request, "market/event_detail.html", ctx)


@require_POST
@login_required
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    ev = selectors.event_get(user=request.user, pk=pk, action="change")
    try:
        services.event_publish(event=ev, actor=request.user)
        messages.success(request, _("活动已发布，各单位现在可以报名。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("market:event_detail", pk=pk)


@require_POST
@login_required
def event_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    ev = selectors.event_get(user=request.user, pk=pk, action="change")
    kind = request.POST.get("kind", "")
    item_pk = request.POST.get("pk", "")
    subject: dict[str, Any]
    if kind == "achievement":
        subject = {"achievement": selectors.achievement_get(user=request.user, pk=item_pk)}
    elif kind == "demand":
        subject = {"demand": selectors.demand_get(user=request.user, pk=item_pk)}
    else:
        raise Http404
    try:
        services.event_item_add(event=ev, actor=request.user, **subject)
        messages.success(request, _("已添加路演项目。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("market:event_detail", pk=pk)


@require_POST
@login_required
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    ev = selectors.event_get(user=request.user, pk=pk)
    org_pk = request.POST.get("organization", "")
    try:
        services.event_register(
            event=ev, actor=request.user, organization=_org(request, int(org_pk) if org_pk.isdigit() else 0)
        )
        messages.success(request, _("报名成功。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("market:event_detail", pk=pk)


@require_POST
@login_required
def event_unregister(request: HttpRequest, pk: int) -> HttpResponse:
    ev = selectors.event_get(user=request.user, pk=pk)
    reg = selectors.event_registration_get(
        user=request.user, event=ev, organization_id=request.POST.get("organization", "")
    )
    try:
        services.event_registration_cancel(registration=reg, actor=request.user)
        messages.success(request, _("已取消报名。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("market:event_detail", pk=pk)


@login_required
def event_outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    ev = selectors.event_get(user=request.user, pk=pk, action="change")
    items = list(selectors.event_items(event=ev))
    orgs = selectors.event_party_choices(event=ev)
    form = OutcomeForm(request.POST or None, items=items, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        by_pk = {o.pk: o for o in orgs}
        items_by_pk = {i.pk: i for i in items}
        try:
            services.event_outcome_record(
                event=ev,
                actor=request.user,
                kind=data["kind"],
                item=items_by_pk.get(data["item"]) if data["item"] else None,
                seller=by_pk.get(data["seller"]) if data["seller"] else None,
                buyer=by_pk.get(data["buyer"]) if data["buyer"] else None,
                parties=data["parties"],
                amount=data["amount"],
                note=data["note"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("活动成效已记录。"))
            return redirect("market:event_detail", pk=pk)
    return render(
        request,
        "market/event_outcome_form.html",
        {"form": form, "ev": ev, "title": _("记录活动成效")},
    )


@login_required
def event_export(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    ev = selectors.event_get(user=request.user, pk=pk, action="change")
    if what == "registrations":
        sheet = SheetSpec(
            title=_("报名单位"),
            columns=[
                Column(_("单位名称"), lambda r: r.organization.name),
                Column(_("统一社会信用代码"), lambda r: r.organization.uscc),
                Column(_("所在地区"), lambda r: r.organization.region.name),
                Column(_("报名人"), lambda r: str(r.user) if r.user_id else ""),
                Column(_("报名时间"), lambda r: timezone.localtime(r.created_at).replace(tzinfo=None)),
            ],
            rows=selectors.event_registrations(event=ev),
        )
    elif what == "outcomes":
        sheet = SheetSpec(
            title=_("活动成效"),
            columns=[
                Column(_("成效类型"), lambda o: o.get_kind_display()),
                Column(_("路演项目"), lambda o: str(o.item.subject) if o.item_id else ""),
                Column(_("卖方"), lambda o: o.seller.name if o.seller_id else ""),
                Column(_("买方"), lambda o: o.buyer.name if o.buyer_id else ""),
                Column(_("参与方"), lambda o: o.parties),
                Column(_("金额(万元)"), lambda o: _wan(o.amount), number_format="#,##0.00"),
                Column(_("说明"), lambda o: o.note),
                Column(_("合同登记编号"), lambda o: o.contract.registration_no if o.contract_id else ""),
            ],
            rows=selectors.event_outcomes(event=ev),
        )
    else:
        raise Http404
    return xlsx_response([sheet], filename=dated_filename(f"event-{ev.pk}-{what}"))


# ---------------------------------------------------------------------------------------------------------
# saved searches and expert profile


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        kind = data.get("kind", "")
        back = {"achievement": "market:achievement_list", "demand": "market:demand_list"}.get(kind)
        filters = {k: v for k, v in request.POST.items() if k in SEARCH_FILTERS and v.strip()}
        if "trl_min" in filters:
            filters["trl_min"] = (
                int(filters["trl_min"]) if filters["trl_min"].isdigit() else filters["trl_min"]
            )
        try:
            services.saved_search_create(
                actor=request.user,
                name=data.get("name") or data.get("q", ""),
                kind=kind,
                query=data.get("q", ""),
                filters=filters,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            if back:
                return redirect(f"{reverse(back)}?{urlencode({'q': data.get('q', ''), **filters})}")
        else:
            messages.success(request, _("检索已保存，有新的匹配项目发布时会通知您。"))
        return redirect("market:saved_search_list")
    return render(
        request, "market/saved_search_list.html", {"rows": selectors.saved_search_list(user=request.user)}
    )


@require_POST
@login_required
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404_for(request.user, SavedSearch.objects.all(), "delete", pk=pk)
    services.saved_search_delete(saved=saved, actor=request.user)
    messages.success(request, _("已删除保存的检索。"))
    return redirect("market:saved_search_list")


@login_required
def expert_profile_edit(request: HttpRequest) -> HttpResponse:
    """An expert of the pool edits their own research directions and biography."""
    expert = selectors.expert_of_user(user=request.user)
    profile = getattr(expert, "market_profile", None)
    form = ExpertProfileForm(
        request.POST or None,
        initial={
            "keywords": "，".join(profile.keywords) if profile else "",
            "bio": profile.bio if profile else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_profile_set(
                expert=expert,
                actor=request.user,
                keywords=form.cleaned_data["keywords"],
                bio=form.cleaned_data["bio"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("专家档案已保存。"))
            return redirect("market:expert_profile")
    return render(request, "market/expert_profile.html", {"form": form, "expert": expert})
