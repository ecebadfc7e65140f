"""Pages of shared resources: public instrument search and detail, the booking form, the booking page
(the owner's approval and usage record, the requester's rating), the owner's queue, the enterprise's
vouchers, the officer's settlement queue and reconciliation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data, post_action, save_form
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry.guards import officer_required
from kechuang.registry.selectors import user_organizations
from kechuang.resources import selectors
from kechuang.resources.buttons import FormButton, press
from kechuang.resources.choices import BookingStatus, RedemptionStatus
from kechuang.resources.forms import BookingForm, RateForm, RedeemForm, SearchForm, UseForm
from kechuang.resources.models import Booking, Instrument, Redemption, ServiceOrder, Voucher
from kechuang.resources.selectors_agencies import redeemable_orders
from kechuang.resources.services import bookings as booking_services
from kechuang.resources.services import vouchers as voucher_services

PAGE_SIZE = 50  # the first matches; more: the user refines the search


def instrument_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = list(
        selectors.instrument_search(
            user=request.user, q=data.get("q", ""), category=data.get("category", "")
        )[: PAGE_SIZE + 1]
    )
    return render(
        request,
        "resources/instrument_list.html",
        {"form": form, "instruments": found[:PAGE_SIZE], "more": len(found) > PAGE_SIZE},
    )


def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = get_object_or_404_for(
        request.user, Instrument.objects.select_related("owner"), "view", pk=pk
    )
    return render(
        request,
        "resources/instrument_detail.html",
        {"instrument": instrument, "upcoming": selectors.upcoming_bookings(instrument=instrument)},
    )


@login_required
def booking_create(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = get_object_or_404_for(
        request.user, Instrument.objects.select_related("owner"), "view", pk=pk
    )
    organizations = {o.pk: o for o in user_organizations(request.user)}
    form = BookingForm(request.POST or None, organizations=[(k, o.name) for k, o in organizations.items()])

    def save(data: dict[str, Any]) -> Booking:
        return booking_services.booking_request(
            actor=request.user,
            instrument=instrument,
            organization=organizations[data["organization"]],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            sample_description=data["sample_description"],
        )

    if saved := save_form(
        request,
        form,
        save,
        success=_("预约申请已提交，等待仪器所属单位审核。"),
        redirect_to=lambda booking: reverse("resources:booking_detail", args=[booking.pk]),
    ):
        return saved
    return render(request, "resources/booking_form.html", {"instrument": instrument, "form": form})


@login_required
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404_for(
        request.user, Booking.objects.select_related("instrument__owner", "organization"), "view", pk=pk
    )
    return render(
        request,
        "resources/booking_detail.html",
        {"booking": booking, "use_form": UseForm(), "rate_form": RateForm()},
    )


BOOKING_MOVES = {
    "approve": BookingStatus.APPROVED,
    "decline": BookingStatus.DECLINED,
    "cancel": BookingStatus.CANCELLED,
}


@post_action(success=gettext_lazy("操作成功。"), redirect_to="resources:booking_detail")
def booking_action(request: HttpRequest, pk: int) -> Any:
    """The booking's buttons: approve, decline, cancel, record the use, rate."""
    booking = get_object_or_404_for(request.user, Booking.objects.select_related("instrument"), "view", pk=pk)
    actor = request.user
    return press(
        request,
        version=booking.version,
        moves=BOOKING_MOVES,
        move=lambda **move: booking_services.booking_transition(booking=booking, **move),
        buttons={
            "use": FormButton(
                UseForm,
                _("请填写使用机时、样品数和服务费。"),
                lambda **data: booking_services.booking_record_use(booking=booking, actor=actor, **data),
            ),
            "rate": FormButton(
                RateForm,
                _("请填写1至5分的评分。"),
                lambda expected_version, **data: booking_services.booking_rate(
                    booking=booking, actor=actor, **data
                ),
            ),
        },
    )


@login_required
def owner_requests(request: HttpRequest) -> HttpResponse:
    return render(
        request, "resources/owner_requests.html", {"bookings": selectors.owner_requests(user=request.user)}
    )


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    return render(
        request, "resources/my_bookings.html", {"bookings": selectors.my_bookings(user=request.user)}
    )


@login_required
def my_vouchers(request: HttpRequest) -> HttpResponse:
    vouchers = [
        (v, selectors.redeemable_bookings(voucher=v), redeemable_orders(voucher=v))
        for v in selectors.my_vouchers(user=request.user)
    ]
    return render(
        request,
        "resources/my_vouchers.html",
        {
            "vouchers": vouchers,
            "schemes": selectors.open_schemes(user=request.user),
            "applications": selectors.my_applications(user=request.user),
        },
    )


@post_action(
    success=lambda r: _("已抵扣%(amount)s元。") % {"amount": f"{r.amount:,}"},
    redirect_to=lambda request, pk: reverse("resources:my_vouchers"),
)
def voucher_redeem(request: HttpRequest, pk: int) -> Any:
    voucher = get_object_or_404_for(request.user, Voucher.objects.all(), "redeem", pk=pk)
    data = form_data(RedeemForm(request.POST), invalid=_("请选择要抵扣的预约或服务。"))
    if data["order"]:
        order = get_object_or_404_for(request.user, ServiceOrder.objects.all(), "apply", pk=data["order"])
        return voucher_services.voucher_redeem_order(actor=request.user, voucher=voucher, order=order)
    if not data["booking"]:
        raise ApplicationError(_("请选择要抵扣的预约或服务。"))
    booking = get_object_or_404_for(request.user, Booking.objects.all(), "apply", pk=data["booking"])
    return voucher_services.voucher_redeem(actor=request.user, voucher=voucher, booking=booking)


@login_required
def provider_settlements(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "resources/provider_settlements.html",
        {"redemptions": selectors.provider_redemptions(user=request.user)},
    )


SETTLEMENT_MOVES = {
    "claim": voucher_services.settlement_claim,
    "approve": voucher_services.settlement_approve,
    "pay": voucher_services.settlement_pay,
}


@post_action(
    success=gettext_lazy("操作成功。"),
    redirect_to=lambda request, pk: (
        (request.POST.get("next") == "provider" and reverse("resources:provider_settlements"))
        or reverse("resources:settlement_queue")
    ),
)
def redemption_action(request: HttpRequest, pk: int) -> Any:
    redemption = get_object_or_404_for(request.user, Redemption.objects.all(), "view", pk=pk)
    move = SETTLEMENT_MOVES.get(request.POST.get("action", ""))
    if move is None:
        raise ApplicationError(_("操作不正确，请刷新页面后重试。"))
    return move(actor=request.user, redemption=redemption)


@officer_required
def settlement_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "resources/settlement_queue.html",
        {"redemptions": selectors.settlement_queue(user=request.user), "CLAIMED": RedemptionStatus.CLAIMED},
    )


@officer_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    return render(
        request, "resources/reconciliation.html", {"result": selectors.reconciliation(user=request.user)}
    )
