"""Shared-resources API: instrument search, bookings (request, moves), vouchers (redeem), settlement moves
and the officer's reconciliation. Refusals come back as ``{"message", "extra"}`` with 400; what the user
may not see is 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.resources import selectors
from kechuang.resources.api.common import MoveInput, PaidOutput, own_organization, validated
from kechuang.resources.choices import BookingStatus, RedemptionStatus
from kechuang.resources.models import Booking, Instrument, Redemption, ServiceOrder, Voucher
from kechuang.resources.services import bookings as booking_services
from kechuang.resources.services import vouchers as voucher_services


class InstrumentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    owner = serializers.CharField(source="owner.name")
    model_number = serializers.CharField()
    location = serializers.CharField()
    original_value = serializers.DecimalField(max_digits=18, decimal_places=2)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    measures = serializers.CharField()
    fee_internal = serializers.DecimalField(max_digits=18, decimal_places=2)
    fee_external = serializers.DecimalField(max_digits=18, decimal_places=2)
    opening_hours = serializers.CharField()


class InstrumentListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_instrument_list", responses=InstrumentOutput(many=True))
    def get(self, request: Request) -> Response:
        found = selectors.instrument_search(
            user=request.user,
            q=request.query_params.get("q", ""),
            category=request.query_params.get("category", ""),
        )[:200]
        return Response(InstrumentOutput(found, many=True).data)


class BookingOutput(PaidOutput):
    instrument = serializers.IntegerField(source="instrument_id")
    organization = serializers.IntegerField(source="organization_id")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    sample_description = serializers.CharField()
    hours_used = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)


class BookingInput(InputSerializer):
    instrument = serializers.IntegerField()
    organization = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    sample_description = serializers.CharField()


class BookingListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_booking_list", responses=BookingOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(BookingOutput(selectors.my_bookings(user=request.user), many=True).data)

    @extend_schema(
        operation_id="resources_booking_request", request=BookingInput, responses={201: BookingOutput}
    )
    def post(self, request: Request) -> Response:
        v = validated(BookingInput, request)
        organization = own_organization(request.user, v["organization"])
        instrument = get_object_or_404_for(request.user, Instrument.objects.all(), "view", pk=v["instrument"])
        booking = booking_services.booking_request(
            actor=request.user,
            instrument=instrument,
            organization=organization,
            starts_at=v["starts_at"],
            ends_at=v["ends_at"],
            sample_description=v["sample_description"],
        )
        return Response(BookingOutput(booking).data, status=status.HTTP_201_CREATED)


class BookingMoveInput(MoveInput):
    to = serializers.ChoiceField(
        choices=[BookingStatus.APPROVED, BookingStatus.DECLINED, BookingStatus.CANCELLED]
    )


class BookingTransitionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resources_booking_transition", request=BookingMoveInput, responses=BookingOutput
    )
    def post(self, request: Request, pk: int) -> Response:
        booking = get_object_or_404_for(request.user, Booking.objects.all(), "view", pk=pk)
        v = validated(BookingMoveInput, request)
        booking_services.booking_transition(
            booking=booking, to=v["to"], actor=request.user, note=v["note"], expected_version=v.get("version")
        )
        booking.refresh_from_db()
        return Response(BookingOutput(booking).data)


class VoucherOutput(serializers.Serializer):
    id = serializers.IntegerField()
    scheme = serializers.CharField(source="scheme.name")
    enterprise = serializers.CharField(source="enterprise.name")
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    balance = serializers.DecimalField(max_digits=18, decimal_places=2)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")


class VoucherListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_voucher_list", responses=VoucherOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(VoucherOutput(selectors.my_vouchers(user=request.user), many=True).data)


class RedemptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    voucher = serializers.IntegerField(source="voucher_id")
    booking = serializers.IntegerField(source="booking_id", allow_null=True)
    order = serializers.IntegerField(source="order_id", allow_null=True)
    provider = serializers.CharField(source="provider.name")
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")


class RedeemInput(InputSerializer):
    """What the voucher pays: a used booking or a delivered service order, one of the two."""

    booking = serializers.IntegerField(required=False)
    order = serializers.IntegerField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("booking" in attrs) == ("order" in attrs):
            raise serializers.ValidationError(_("请指定要抵扣的一次预约或一项服务委托（二者选一）。"))
        return attrs


class VoucherRedeemApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resources_voucher_redeem", request=RedeemInput, responses={201: RedemptionOutput}
    )
    def post(self, request: Request, pk: int) -> Response:
        voucher = get_object_or_404_for(request.user, Voucher.objects.all(), "redeem", pk=pk)
        v = validated(RedeemInput, request)
        if "order" in v:
            order = get_object_or_404_for(request.user, ServiceOrder.objects.all(), "apply", pk=v["order"])
            redemption = voucher_services.voucher_redeem_order(
                actor=request.user, voucher=voucher, order=order
            )
        else:
            booking = get_object_or_404_for(request.user, Booking.objects.all(), "apply", pk=v["booking"])
            redemption = voucher_services.voucher_redeem(actor=request.user, voucher=voucher, booking=booking)
        return Response(RedemptionOutput(redemption).data, status=status.HTTP_201_CREATED)


SETTLEMENT_MOVES: dict[str, Any] = {
    RedemptionStatus.CLAIMED: voucher_services.settlement_claim,
    RedemptionStatus.APPROVED: voucher_services.settlement_approve,
    RedemptionStatus.PAID: voucher_services.settlement_pay,
}


class RedemptionMoveInput(InputSerializer):
    to = serializers.ChoiceField(choices=list(SETTLEMENT_MOVES))


class RedemptionTransitionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resources_redemption_transition",
        request=RedemptionMoveInput,
        responses=RedemptionOutput,
    )
    def post(self, request: Request, pk: int) -> Response:
        redemption = get_object_or_404_for(request.user, Redemption.objects.all(), "view", pk=pk)
        data = validated(RedemptionMoveInput, request)
        moved = SETTLEMENT_MOVES[data["to"]](actor=request.user, redemption=redemption)
        return Response(RedemptionOutput(moved).data)


class SchemeBalanceOutput(serializers.Serializer):
    scheme = serializers.CharField(source="scheme.name")
    issued = serializers.DecimalField(max_digits=18, decimal_places=2)
    redeemed = serializers.DecimalField(max_digits=18, decimal_places=2)
    expired = serializers.DecimalField(max_digits=18, decimal_places=2)
    open = serializers.DecimalField(max_digits=18, decimal_places=2)
    difference = serializers.DecimalField(max_digits=18, decimal_places=2)


class ReconciliationOutput(serializers.Serializer):
    schemes = SchemeBalanceOutput(many=True)
    mismatches = serializers.ListField(child=serializers.CharField())


class ReconciliationApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="resources_reconciliation", responses=ReconciliationOutput)
    def get(self, request: Request) -> Response:
        if not user_is_officer_or_admin(request.user):
            raise Http404(_("对象不存在或无权访问。"))
        return Response(ReconciliationOutput(selectors.reconciliation(user=request.user)).data)
