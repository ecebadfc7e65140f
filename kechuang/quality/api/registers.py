"""Quality API, the rest of the registers and the figures: trademarks, products, patent transfers and
licences, events, complaint statistics."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import KEYSET_PARAMETERS, InputSerializer, KeysetPagination, paginated
from kechuang.core.errors import ApplicationError
from kechuang.quality import selectors
from kechuang.quality.choices import EventKind, LicenceScope, PatentDealKind, StandardLevel, TrademarkFame
from kechuang.quality.services import events, ip, registers


class QualityTrademarkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    registration_no = serializers.CharField()
    name = serializers.CharField()
    nice_class = serializers.IntegerField()
    fame = serializers.CharField()
    fame_since = serializers.DateField(allow_null=True)
    fame_valid_until = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)


class QualityTrademarkInput(InputSerializer):
    registration_no = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=100)
    nice_class = serializers.IntegerField(min_value=1, max_value=45)
    fame = serializers.ChoiceField(choices=TrademarkFame.choices, required=False, default=TrademarkFame.NONE)
    fame_since = serializers.DateField(required=False, allow_null=True, default=None)
    fame_valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class TrademarksApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="quality_trademarks_list",
        responses=paginated(QualityTrademarkOutput, "QualityTrademarkPage"),
        parameters=KEYSET_PARAMETERS,
    )
    def get(self, request: Request, pk: int) -> Response:
        organization = selectors.ip_organization(user=request.user, pk=pk)
        qs = selectors.organization_trademarks(user=request.user, organization=organization)
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(QualityTrademarkOutput(page, many=True).data)

    @extend_schema(
        operation_id="quality_trademarks_create",
        request=QualityTrademarkInput,
        responses={201: QualityTrademarkOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        organization = selectors.ip_organization(user=request.user, pk=pk, action="change")
        data = QualityTrademarkInput(data=request.data)
        data.is_valid(raise_exception=True)
        mark = ip.trademark_create(organization=organization, actor=request.user, **data.validated_data)
        return Response(QualityTrademarkOutput(mark).data, status=201)


class QualityProductStandardOutput(serializers.Serializer):
    number = serializers.CharField()
    level = serializers.CharField()


class QualityProductOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    model_spec = serializers.CharField()
    has_standard = serializers.BooleanField()
    standards = QualityProductStandardOutput(many=True, source="standards.all")


class QualityProductStandardInput(InputSerializer):
    number = serializers.CharField(max_length=60)
    level = serializers.ChoiceField(
        choices=StandardLevel.choices, required=False, allow_blank=True, default=""
    )


class QualityProductInput(InputSerializer):
    name = serializers.CharField(max_length=200)
    model_spec = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    standards = QualityProductStandardInput(many=True, required=False, default=list)


class ProductsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="quality_products_list", responses=QualityProductOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        organization = selectors.ip_organization(user=request.user, pk=pk)
        qs = selectors.organization_products(user=request.user, organization=organization)[:1000]
        return Response(QualityProductOutput(qs, many=True).data)

    @extend_schema(
        operation_id="quality_products_create",
        request=QualityProductInput,
        responses={201: QualityProductOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        organization = selectors.ip_organization(user=request.user, pk=pk, action="change")
        data = QualityProductInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        standards = [
            (s["number"], s["level"] or registers.standard_level_for(s["number"]))
            for s in values["standards"]
        ]
        product = registers.product_create(
            organization=organization,
            actor=request.user,
            name=values["name"],
            model_spec=values["model_spec"],
            standards=standards,
        )
        return Response(QualityProductOutput(product).data, status=201)


class QualityPatentDealOutput(serializers.Serializer):
    id = serializers.IntegerField()
    patent = serializers.IntegerField(source="patent_id")
    kind = serializers.CharField()
    counterparty = serializers.CharField()
    licence_scope = serializers.CharField()
    signed_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class QualityPatentDealInput(InputSerializer):
    kind = serializers.ChoiceField(choices=PatentDealKind.choices)
    counterparty = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    counterparty_uscc = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    licence_scope = serializers.ChoiceField(
        choices=LicenceScope.choices, required=False, allow_blank=True, default=""
    )
    signed_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    contract_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True, default=None
    )


class PatentDealsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="quality_patent_deals_create",
        request=QualityPatentDealInput,
        responses={201: QualityPatentDealOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        patent = selectors.patent_get(user=request.user, pk=pk, action="change")
        data = QualityPatentDealInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        other = selectors.deal_counterparty(user=request.user, uscc=values.pop("counterparty_uscc"))
        deal = registers.patent_deal_record(
            patent=patent, actor=request.user, counterparty_organization=other, **values
        )
        return Response(QualityPatentDealOutput(deal).data, status=201)


class QualityEventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    organiser = serializers.CharField(source="organiser.name")
    region = serializers.CharField(source="region_id")
    held_on = serializers.DateField()
    place = serializers.CharField()
    participants = serializers.IntegerField()
    outcome = serializers.CharField()


class QualityEventInput(InputSerializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=200)
    organiser = serializers.IntegerField()
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    participants = serializers.IntegerField(min_value=0, max_value=events.MAX_PARTICIPANTS)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class EventsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="quality_events_list",
        responses=paginated(QualityEventOutput, "QualityEventPage"),
        parameters=KEYSET_PARAMETERS,
    )
    def get(self, request: Request) -> Response:
        kind = request.query_params.get("kind", "")
        qs = selectors.event_list(user=request.user, kind=kind if kind in EventKind.values else "")
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(QualityEventOutput(page, many=True).data)

    @extend_schema(
        operation_id="quality_events_create", request=QualityEventInput, responses={201: QualityEventOutput}
    )
    def post(self, request: Request) -> Response:
        data = QualityEventInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        organiser = selectors.event_organiser(pk=values.pop("organiser"))
        if organiser is None:
            raise ApplicationError(_("请选择主办单位。"), extra={"field": "organiser"})
        event = events.event_create(organiser=organiser, actor=request.user, **values)
        return Response(QualityEventOutput(event).data, status=201)


class QualityStatisticsRow(serializers.Serializer):
    label = serializers.CharField()
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    closed = serializers.IntegerField()
    overdue = serializers.IntegerField()


class QualityComplaintStatistics(serializers.Serializer):
    region = QualityStatisticsRow(many=True)
    category = QualityStatisticsRow(many=True)


class ComplaintStatisticsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="quality_complaint_statistics", responses=QualityComplaintStatistics)
    def get(self, request: Request) -> Response:
        year = request.query_params.get("year", "")
        stats = selectors.complaint_statistics(
            user=request.user, year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
        )
        return Response(QualityComplaintStatistics(stats).data)
