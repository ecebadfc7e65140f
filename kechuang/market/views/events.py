"""Matchmaking events (对接活动): create and publish, roadshow items, registration, outcomes, exports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.excel import Column, SheetSpec, dated_filename, xlsx_response
from kechuang.core.pages import post_action, save_form
from kechuang.core.permissions import can, role_required
from kechuang.market import selectors, services
from kechuang.market.forms import EventForm, OutcomeForm
from kechuang.market.views.common import can_organize, own_org, wan
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import user_organizations


def event_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "market/event_list.html",
        {"rows": selectors.event_list(user=user), "can_create": can_organize(user)},
    )


@role_required(can_organize)
def event_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    own = user_organizations(user)
    form = EventForm(
        request.POST or None,
        regions=selectors.event_region_choices(user=user),
        initial={"organizer": own[0].name if own else ""},
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.event_create(actor=user, **data),
        success=_("活动已创建（筹备中），请添加路演项目后发布。"),
        redirect_to=lambda event: _back(event.pk),
    ):
        return saved
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
        "orgs_to_register": [o for o in own if o.pk not in registered],
        "own_registered": [o for o in own if o.pk in registered],
        "can_manage": can_manage,
        "can_register_contract": user_is_officer_or_admin(user),
        "q": q,
        "candidates": candidates,
        "search_error": search_error,
    }
    return render(request, "market/event_detail.html", ctx)


def _back(pk: int) -> str:
    return reverse("market:event_detail", args=[pk])


@post_action(success=gettext_lazy("活动已发布，各单位现在可以报名。"), redirect_to="market:event_detail")
def event_publish(request: HttpRequest, pk: int) -> Any:
    ev = selectors.event_get(user=request.user, pk=pk, action="change")
    return services.event_publish(event=ev, actor=request.user)


@post_action(success=gettext_lazy("已添加路演项目。"), redirect_to="market:event_detail")
def event_item_add(request: HttpRequest, pk: int) -> Any:
    ev = selectors.event_get(user=request.user, pk=pk, action="change")
    kind, item_pk = request.POST.get("kind", ""), request.POST.get("pk", "")
    get: Any = {"achievement": selectors.achievement_get, "demand": selectors.demand_get}.get(kind)
    if get is None:
        raise Http404
    subject: dict[str, Any] = {kind: get(user=request.user, pk=item_pk)}
    return services.event_item_add(event=ev, actor=request.user, **subject)


@post_action(success=gettext_lazy("报名成功。"), redirect_to="market:event_detail")
def event_register(request: HttpRequest, pk: int) -> Any:
    ev = selectors.event_get(user=request.user, pk=pk)
    org_pk = request.POST.get("organization", "")
    organization = own_org(request, int(org_pk) if org_pk.isdigit() else 0)
    return services.event_register(event=ev, actor=request.user, organization=organization)


@post_action(success=gettext_lazy("已取消报名。"), redirect_to="market:event_detail")
def event_unregister(request: HttpRequest, pk: int) -> Any:
    ev = selectors.event_get(user=request.user, pk=pk)
    organization_id = request.POST.get("organization", "")
    reg = selectors.event_registration_get(user=request.user, event=ev, organization_id=organization_id)
    return services.event_registration_cancel(registration=reg, actor=request.user)


@login_required
def event_outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    ev = selectors.event_get(user=request.user, pk=pk, action="change")
    items = list(selectors.event_items(event=ev))
    orgs = selectors.event_party_choices(event=ev)
    form = OutcomeForm(request.POST or None, items=items, orgs=orgs)
    by_pk = {o.pk: o for o in orgs}
    items_by_pk = {i.pk: i for i in items}
    if saved := save_form(
        request,
        form,
        lambda data: services.event_outcome_record(
            event=ev,
            actor=request.user,
            kind=data["kind"],
            item=items_by_pk.get(data["item"]) if data["item"] else None,
            seller=by_pk.get(data["seller"]) if data["seller"] else None,
            buyer=by_pk.get(data["buyer"]) if data["buyer"] else None,
            parties=data["parties"],
            amount=data["amount"],
            note=data["note"],
        ),
        success=_("活动成效已记录。"),
        redirect_to=_back(pk),
    ):
        return saved
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
                Column(_("金额(万元)"), lambda o: wan(o.amount), number_format="#,##0.00"),
                Column(_("说明"), lambda o: o.note),
                Column(_("合同登记编号"), lambda o: o.contract.registration_no if o.contract_id else ""),
            ],
            rows=selectors.event_outcomes(event=ev),
        )
    else:
        raise Http404
    return xlsx_response([sheet], filename=dated_filename(f"event-{ev.pk}-{what}"))
