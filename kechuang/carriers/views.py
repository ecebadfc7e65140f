"""Carrier and alliance pages (public information)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.carriers import selectors, services
from kechuang.carriers.choices import (
    CARRIER_TRANSITIONS,
    AllianceRole,
    CarrierKind,
    CarrierStatus,
    HostRole,
    Tier,
)
from kechuang.carriers.models import Alliance, Carrier
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can, get_object_or_404_for


def carrier_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in ("kind", "tier", "status", "q")}
    qs = selectors.carrier_list(user=request.user, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "carriers/carrier_list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": CarrierKind.choices,
            "tiers": Tier.choices,
            "statuses": CarrierStatus.choices,
        },
    )


def carrier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    carrier = get_object_or_404_for(
        request.user,
        Carrier.objects.select_related("region", "responsible_department", "merged_into"),
        "view",
        pk=pk,
    )
    return render(
        request,
        "carriers/carrier_detail.html",
        {
            "carrier": carrier,
            "hosts": carrier.host_links.select_related("organization"),
            "history": selectors.carrier_history(carrier=carrier),
            "can_change": can(request.user, carrier, "change"),
            "moves": [
                (to, CarrierStatus(to).label)
                for to in CARRIER_TRANSITIONS[carrier.status]
                if to != CarrierStatus.MERGED
            ],
            "host_roles": [(v, label) for v, label in HostRole.choices if v != HostRole.LEAD],
        },
    )


def alliance_list(request: HttpRequest) -> HttpResponse:
    alliances = selectors.alliance_list(user=request.user, filters={"q": request.GET.get("q", "")})
    return render(
        request, "carriers/alliance_list.html", {"alliances": alliances, "q": request.GET.get("q", "")}
    )


def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404_for(
        request.user, Alliance.objects.select_related("lead", "industry"), "view", pk=pk
    )
    return render(
        request,
        "carriers/alliance_detail.html",
        {"alliance": alliance, **selectors.alliance_detail(alliance=alliance)},
    )


# ------------------------------------------------------------------------------------ officer actions


def _org_by_uscc(request: HttpRequest, value: str) -> Any:
    from kechuang.registry.selectors import organization_by_uscc

    org = organization_by_uscc(user=request.user, uscc=value)
    if org is None:
        raise ApplicationError(_("未找到该统一社会信用代码对应的主体。"))
    return org


def _act(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    try:
        action()
    except (ApplicationError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", _("操作不正确，请刷新页面后重试。")))
    else:
        messages.success(request, success)


@login_required
@require_POST
def carrier_status(request: HttpRequest, pk: int) -> HttpResponse:
    carrier = get_object_or_404_for(request.user, Carrier.objects.all(), "change", pk=pk)
    _act(
        request,
        lambda: services.carrier_transition(
            carrier=carrier,
            to=request.POST.get("to", ""),
            actor=request.user,
            note=request.POST.get("note", ""),
            expected_version=int(request.POST.get("version", "0")),
        ),
        _("载体状态已变更。"),
    )
    return redirect("carriers:carrier_detail", pk=pk)


@login_required
@require_POST
def carrier_host_add(request: HttpRequest, pk: int) -> HttpResponse:
    carrier = get_object_or_404_for(request.user, Carrier.objects.all(), "change", pk=pk)
    _act(
        request,
        lambda: services.carrier_host_add(
            carrier=carrier,
            organization=_org_by_uscc(request, request.POST.get("uscc", "")),
            role=request.POST.get("role", ""),
            actor=request.user,
        ),
        _("已新增依托单位。"),
    )
    return redirect("carriers:carrier_detail", pk=pk)


@login_required
@require_POST
def carrier_merge(request: HttpRequest, pk: int) -> HttpResponse:
    carrier = get_object_or_404_for(request.user, Carrier.objects.all(), "change", pk=pk)

    def merge() -> None:
        into = get_object_or_404_for(
            request.user, Carrier.objects.all(), "change", pk=int(request.POST.get("into", "0"))
        )
        services.carrier_merge(
            carrier=carrier, into=into, actor=request.user, note=request.POST.get("note", "")
        )

    _act(request, merge, _("载体已合并。"))
    return redirect("carriers:carrier_detail", pk=pk)


@login_required
@require_POST
def alliance_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "change", pk=pk)
    _act(
        request,
        lambda: services.alliance_member_add(
            alliance=alliance,
            organization=_org_by_uscc(request, request.POST.get("uscc", "")),
            actor=request.user,
            role=request.POST.get("role") or AllianceRole.MEMBER,
            chain_position=request.POST.get("chain_position", ""),
        ),
        _("已新增联盟成员。"),
    )
    return redirect("carriers:alliance_detail", pk=pk)


@login_required
@require_POST
def alliance_project_add(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "change", pk=pk)

    def add() -> None:
        codes = [c for c in request.POST.get("participants", "").replace("，", ",").split(",") if c.strip()]
        if not request.POST.get("title", "").strip():
            raise ApplicationError(_("请填写项目名称。"))
        services.alliance_project_add(
            alliance=alliance,
            title=request.POST["title"],
            participants=[_org_by_uscc(request, c) for c in codes],
            actor=request.user,
            results=request.POST.get("results", ""),
        )

    _act(request, add, _("已新增联合项目。"))
    return redirect("carriers:alliance_detail", pk=pk)
