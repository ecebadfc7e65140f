"""Carriers API (public information): list, detail with hosts and history, an organization's ladder."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.carriers import selectors, services_records
from kechuang.carriers.api.records import CarrierCorrectionInput, CarrierInput
from kechuang.carriers.choices import CarrierKind, CarrierStatus, Tier
from kechuang.carriers.models import Carrier
from kechuang.core.api import KEYSET_PARAMETERS, KeysetPagination, PublicReads, paginated
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.models import Organization


class HostOutput(serializers.Serializer):
    organization = serializers.CharField(source="organization.name")
    organization_id = serializers.IntegerField()
    role = serializers.CharField()


class CarrierOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    tier = serializers.CharField()
    status = serializers.CharField()
    responsible_department = serializers.CharField(source="responsible_department.name", allow_null=True)
    certificate_no = serializers.CharField()
    recognised_on = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    hosts = HostOutput(source="host_links.all", many=True)


class HistoryOutput(serializers.Serializer):
    date = serializers.DateField(allow_null=True)
    title = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class CarrierDetailOutput(CarrierOutput):
    history = HistoryOutput(many=True)


class RungOutput(serializers.Serializer):
    tier = serializers.CharField()
    label = serializers.CharField()
    held = serializers.BooleanField()


class LadderOutput(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    rungs = RungOutput(many=True)


class CarrierFilterInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CarrierKind.choices, required=False, allow_blank=True)
    tier = serializers.ChoiceField(choices=Tier.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=CarrierStatus.choices, required=False, allow_blank=True)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="名称或依托单位")
    organization = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="依托单位编号"
    )


class CarrierListApi(PublicReads, APIView):
    @extend_schema(
        operation_id="carriers_list",
        responses=paginated(CarrierOutput, "CarrierPage"),
        parameters=[*KEYSET_PARAMETERS, CarrierFilterInput],
    )
    def get(self, request: Request) -> Response:
        params = CarrierFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = {k: v for k, v in params.validated_data.items() if v not in ("", None)}
        qs = selectors.carrier_list(user=request.user, filters=filters)
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(CarrierOutput(page, many=True).data)

    @extend_schema(operation_id="carriers_create", request=CarrierInput, responses={201: CarrierDetailOutput})
    def post(self, request: Request) -> Response:
        """Enter a carrier that already exists (recognised before this platform, or by another body)."""
        if not user_is_officer_or_admin(request.user):
            raise Http404
        data = CarrierInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = services_records.carrier_resolve(data.validated_data)
        carrier = services_records.carrier_register(actor=request.user, values=values)
        return Response(_detail(carrier), status=status.HTTP_201_CREATED)


def _detail(carrier: Carrier) -> dict[str, Any]:
    body = dict(CarrierOutput(carrier).data)
    body["history"] = [
        {"date": row["date"], "title": row["title"], "note": row["note"]}
        for row in selectors.carrier_history(carrier=carrier)
    ]
    return body


class CarrierDetailApi(PublicReads, APIView):
    @extend_schema(responses=CarrierDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        carrier = get_object_or_404_for(request.user, Carrier.objects.all(), "view", pk=pk)
        return Response(_detail(carrier))

    @extend_schema(
        operation_id="carriers_correct", request=CarrierCorrectionInput, responses=CarrierDetailOutput
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Correct a carrier's record with the reason (hosts: send ``lead`` and the full lists)."""
        carrier = get_object_or_404_for(request.user, Carrier.objects.all(), "change", pk=pk)
        data = CarrierCorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reason = values.pop("reason", "")
        if ("joint" in values or "co_built" in values) and "lead" not in values:
            values["lead"] = carrier.host_links.get(role="lead").organization.uscc
        carrier = services_records.carrier_correct(
            carrier=carrier,
            actor=request.user,
            data=services_records.carrier_resolve(values, partial=True),
            reason=reason,
        )
        return Response(_detail(carrier))


class LadderApi(APIView):
    """An organization's ladder 市级 → 省级 → 国家级 per carrier kind (recognitions are public)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=LadderOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        try:
            organization = Organization.objects.get(pk=pk)
        except Organization.DoesNotExist as exc:
            raise Http404 from exc
        return Response(
            [
                {
                    "kind": ladder.kind,
                    "label": ladder.label,
                    "rungs": [{"tier": r.tier, "label": r.label, "held": r.held} for r in ladder.rungs],
                }
                for ladder in selectors.enterprise_ladder(organization=organization)
            ]
        )
