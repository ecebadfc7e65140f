"""Pages of service agencies: the public catalogue and agency list (with their park checks), registration
and catalogue entries for an agency's admin, officers' park checks, and orders (request, the agency's
accept/decline/deliver, the enterprise's rating, either side's cancel)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.pages import post_action, save_form
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry.guards import officer_required, user_is_officer_or_admin
from kechuang.registry.selectors import user_organizations
from kechuang.resources import selectors_agencies as selectors
from kechuang.resources.buttons import FormButton, press
from kechuang.resources.choices import OrderStatus
from kechuang.resources.forms_agencies import (
    AgencyRegisterForm,
    DeliverForm,
    OrderForm,
    OrderRateForm,
    PresenceForm,
    ServiceForm,
    ServiceSearchForm,
)
from kechuang.resources.models_agencies import AgencyService, ServiceAgency, ServiceOrder
from kechuang.resources.services import agencies as services


def service_list(request: HttpRequest) -> HttpResponse:
    form = ServiceSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = selectors.service_search(
        user=request.user, q=data.get("q", ""), kind=data.get("kind", ""), region=data.get("region", "")
    )[:200]
    return render(request, "resources/service_list.html", {"form": form, "services": found})


def agency_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "resources/agency_list.html",
        {
            "agencies": selectors.agencies_with_presence(user=request.user),
            "can_check": request.user.is_authenticated and user_is_officer_or_admin(request.user),
        },
    )


@login_required
def agency_register(request: HttpRequest) -> HttpResponse:
    organizations = {o.pk: o for o in user_organizations(request.user, admin_only=True)}
    form = AgencyRegisterForm(
        request.POST or None, organizations=[(k, o.name) for k, o in organizations.items()]
    )

    def save(data: dict[str, Any]) -> ServiceAgency:
        return services.agency_register(
            actor=request.user,
            organization=organizations[data["organization"]],
            kind=data["kind"],
            description=data["description"],
            contact=data["contact"],
        )

    if saved := save_form(
        request,
        form,
        save,
        success=_("已登记为科技服务机构，请添加服务项目。"),
        redirect_to=lambda agency: reverse("resources:service_create", args=[agency.pk]),
    ):
        return saved
    return render(
        request,
        "resources/agency_register.html",
        {"form": form, "agencies": selectors.my_agencies(user=request.user)},
    )


@login_required
def service_create(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404_for(
        request.user, ServiceAgency.objects.select_related("organization"), "manage", pk=pk
    )
    form = ServiceForm(request.POST or None)

    def save(data: dict[str, Any]) -> AgencyService:
        return services.service_create(actor=request.user, agency=agency, **data)

    if saved := save_form(
        request, form, save, success=_("服务项目已上架。"), redirect_to=reverse("resources:service_list")
    ):
        return saved
    return render(request, "resources/service_form.html", {"agency": agency, "form": form})


@officer_required
def presence_record(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404_for(
        request.user, ServiceAgency.objects.select_related("organization"), "view", pk=pk
    )
    parks = {p.pk: p for p in selectors.parks_to_check(user=request.user)}
    form = PresenceForm(request.POST or None, parks=[(k, p.name) for k, p in parks.items()])

    def save(data: dict[str, Any]) -> Any:
        return services.presence_record(
            actor=request.user,
            agency=agency,
            park=parks[data["park"]],
            has_sign=data["has_sign"],
            staff=data["staff"],
            has_office=data["has_office"],
            service_records=data["service_records"],
            note=data["note"],
        )

    if saved := save_form(
        request, form, save, success=_("入园服务检查已记录。"), redirect_to=reverse("resources:agency_list")
    ):
        return saved
    return render(request, "resources/presence_form.html", {"agency": agency, "form": form})


@login_required
def order_create(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404_for(
        request.user, AgencyService.objects.select_related("agency__organization"), "view", pk=pk
    )
    organizations = {o.pk: o for o in user_organizations(request.user)}
    form = OrderForm(request.POST or None, organizations=[(k, o.name) for k, o in organizations.items()])

    def save(data: dict[str, Any]) -> ServiceOrder:
        return services.order_request(
            actor=request.user,
            service=service,
            enterprise=organizations[data["enterprise"]],
            description=data["description"],
        )

    if saved := save_form(
        request,
        form,
        save,
        success=_("服务委托已提交，等待服务机构受理。"),
        redirect_to=lambda order: reverse("resources:order_detail", args=[order.pk]),
    ):
        return saved
    return render(request, "resources/order_form.html", {"service": service, "form": form})


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "resources/order_list.html",
        {
            "mine": selectors.my_orders(user=request.user),
            "theirs": selectors.agency_orders(user=request.user),
        },
    )


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404_for(
        request.user,
        ServiceOrder.objects.select_related("service__agency__organization", "enterprise"),
        "view",
        pk=pk,
    )
    return render(
        request,
        "resources/order_detail.html",
        {"order": order, "deliver_form": DeliverForm(), "rate_form": OrderRateForm()},
    )


ORDER_MOVES = {
    "accept": OrderStatus.ACCEPTED,
    "decline": OrderStatus.DECLINED,
    "cancel": OrderStatus.CANCELLED,
}


@post_action(success=gettext_lazy("操作成功。"), redirect_to="resources:order_detail")
def order_action(request: HttpRequest, pk: int) -> Any:
    """The order's buttons: accept, decline, cancel, deliver, rate."""
    order = get_object_or_404_for(request.user, ServiceOrder.objects.all(), "view", pk=pk)
    actor = request.user
    return press(
        request,
        version=order.version,
        moves=ORDER_MOVES,
        move=lambda **move: services.order_transition(order=order, **move),
        buttons={
            "deliver": FormButton(
                DeliverForm,
                _("请填写服务费和交付说明。"),
                lambda **data: services.order_deliver(order=order, actor=actor, **data),
            ),
            "rate": FormButton(
                OrderRateForm,
                _("请填写1至5分的评分。"),
                lambda expected_version, **data: services.order_rate(order=order, actor=actor, **data),
            ),
        },
    )
