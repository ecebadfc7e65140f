"""Carrier and alliance pages (public information)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.carriers import selectors, services, services_residents
from kechuang.carriers.choices import AllianceRole, CarrierKind, CarrierStatus, ChainPosition, HostRole, Tier
from kechuang.carriers.models import Alliance, Carrier
from kechuang.core.errors import ApplicationError
from kechuang.core.pages import post_action
from kechuang.core.permissions import can, get_object_or_404_for
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import organization_by_uscc


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
            "can_create": user_is_officer_or_admin(request.user),
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
            "workstation": workstation_card(request.user, carrier),
            "can_change": can(request.user, carrier, "change"),
            "host_roles": [(v, label) for v, label in HostRole.choices if v != HostRole.LEAD],
        },
    )


def workstation_card(user: Any, carrier: Carrier) -> dict[str, Any] | None:
    """A workstation's public counts on its page, and whether the user runs its entries and exits."""
    counts = selectors.workstation_resident_counts(carrier=carrier)
    if counts is None:
        return None
    return {**counts, "can_manage": services_residents.may_manage_residents(user, carrier)}


def alliance_list(request: HttpRequest) -> HttpResponse:
    alliances = selectors.alliance_list(user=request.user, filters={"q": request.GET.get("q", "")})
    return render(
        request,
        "carriers/alliance_list.html",
        {
            "alliances": alliances,
            "q": request.GET.get("q", ""),
            "can_create": user_is_officer_or_admin(request.user),
        },
    )


def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404_for(
        request.user, Alliance.objects.select_related("lead", "industry"), "view", pk=pk
    )
    return render(
        request,
        "carriers/alliance_detail.html",
        {
            "alliance": alliance,
            **selectors.alliance_detail(alliance=alliance),
            "can_change": can(request.user, alliance, "change"),
            "roles": [(v, label) for v, label in AllianceRole.choices if v != AllianceRole.LEAD],
            "positions": ChainPosition.choices,
        },
    )


# ------------------------------------------------------------------------------------ officer actions


def _org_by_uscc(request: HttpRequest, value: str) -> Any:
    org = organization_by_uscc(user=request.user, uscc=value)
    if org is None:
        raise ApplicationError(_("未找到该统一社会信用代码对应的主体。"))
    return org


@post_action(success=gettext_lazy("载体状态已变更。"), redirect_to="carriers:carrier_detail")
def carrier_status(request: HttpRequest, pk: int) -> Any:
    carrier = get_object_or_404_for(request.user, Carrier.objects.all(), "change", pk=pk)
    version = int(request.POST.get("version", "0"))
    note, to = request.POST.get("note", ""), request.POST.get("to", "")
    return services.carrier_transition(
        carrier=carrier, to=to, actor=request.user, note=note, expected_version=version
    )


@post_action(success=gettext_lazy("已新增依托单位。"), redirect_to="carriers:carrier_detail")
def carrier_host_add(request: HttpRequest, pk: int) -> Any:
    carrier = get_object_or_404_for(request.user, Carrier.objects.all(), "change", pk=pk)
    organization = _org_by_uscc(request, request.POST.get("uscc", ""))
    return services.carrier_host_add(
        carrier=carrier, organization=organization, role=request.POST.get("role", ""), actor=request.user
    )


@post_action(success=gettext_lazy("载体已合并。"), redirect_to="carriers:carrier_detail")
def carrier_merge(request: HttpRequest, pk: int) -> Any:
    carrier = get_object_or_404_for(request.user, Carrier.objects.all(), "change", pk=pk)
    into = get_object_or_404_for(
        request.user, Carrier.objects.all(), "change", pk=int(request.POST.get("into", "0"))
    )
    return services.carrier_merge(
        carrier=carrier, into=into, actor=request.user, note=request.POST.get("note", "")
    )


@post_action(success=gettext_lazy("已新增联盟成员。"), redirect_to="carriers:alliance_detail")
def alliance_member_add(request: HttpRequest, pk: int) -> Any:
    alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "change", pk=pk)
    return services.alliance_member_add(
        alliance=alliance,
        organization=_org_by_uscc(request, request.POST.get("uscc", "")),
        actor=request.user,
        role=request.POST.get("role") or AllianceRole.MEMBER,
        chain_position=request.POST.get("chain_position", ""),
    )


@post_action(success=gettext_lazy("已新增联合项目。"), redirect_to="carriers:alliance_detail")
def alliance_project_add(request: HttpRequest, pk: int) -> Any:
    alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "change", pk=pk)
    codes = [c for c in request.POST.get("participants", "").replace("，", ",").split(",") if c.strip()]
    if not request.POST.get("title", "").strip():
        raise ApplicationError(_("请填写项目名称。"))
    return services.alliance_project_add(
        alliance=alliance,
        title=request.POST["title"],
        participants=[_org_by_uscc(request, c) for c in codes],
        actor=request.user,
        results=request.POST.get("results", ""),
    )
