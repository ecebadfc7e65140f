"""The integrity list (失信名单) over the API: the records a user may see, recording and lifting decisions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import KEYSET_PARAMETERS, InputSerializer, paginated
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry import selectors
from kechuang.registry.api.common import keyset_page
from kechuang.registry.choices import IntegrityKind
from kechuang.registry.models import IntegrityRecord, Organization
from kechuang.registry.selectors_integrity import integrity_records
from kechuang.registry.services_integrity import integrity_record_add, integrity_record_lift


class IntegrityFilterInput(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[("in_force", "限制中"), ("lifted", "已移出")], required=False, allow_blank=True
    )
    organization = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    q = serializers.CharField(required=False, allow_blank=True, max_length=60)


class IntegrityRecordOutput(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    organization_name = serializers.CharField(source="organization.name")
    automatic = serializers.SerializerMethodField()

    class Meta:
        model = IntegrityRecord
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "kind_display",
            "reason",
            "document",
            "authority",
            "starts_on",
            "ends_on",
            "lifted_on",
            "lifted_reason",
            "automatic",
        ]

    def get_automatic(self, record: IntegrityRecord) -> bool:
        """Listed by another business rule (the quality credit grade), lifted by it too."""
        return bool(record.source_key)


class IntegrityRecordInput(InputSerializer):
    organization = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(choices=IntegrityKind.choices)
    reason = serializers.CharField(max_length=500)
    document = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    authority = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class IntegrityLiftInput(InputSerializer):
    reason = serializers.CharField(max_length=255)


class IntegrityCollectionApi(APIView):
    @extend_schema(
        operation_id="integrity_list",
        summary="失信名单",
        description="辖区内（或本单位）的失信记录；state=in_force 只列限制申报中的。",
        parameters=[IntegrityFilterInput, *KEYSET_PARAMETERS],
        responses={200: paginated(IntegrityRecordOutput, "PaginatedIntegrityRecordList")},
    )
    def get(self, request: Request) -> Response:
        params = IntegrityFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        organization = None
        if data.get("organization"):
            organization = selectors.organization_get(user=request.user, pk=data["organization"])
        qs = integrity_records(
            user=request.user, state=data.get("state", ""), organization=organization, query=data.get("q", "")
        )
        return keyset_page(self, request, qs, IntegrityRecordOutput)

    @extend_schema(
        operation_id="integrity_create",
        summary="列入失信名单",
        description="辖区政府工作人员依据处理决定录入；限制申报期内该主体的各类申报被拒绝。",
        request=IntegrityRecordInput,
        responses={201: IntegrityRecordOutput},
    )
    def post(self, request: Request) -> Response:
        body = IntegrityRecordInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        organization = get_object_or_404_for(
            request.user, Organization.objects.all(), "view", pk=data["organization"]
        )
        record = integrity_record_add(
            actor=request.user,
            organization=organization,
            kind=data["kind"],
            reason=data["reason"],
            document=data["document"],
            authority=data["authority"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        return Response(IntegrityRecordOutput(record).data, status=201)


class IntegrityLiftApi(APIView):
    @extend_schema(
        operation_id="integrity_lift",
        summary="移出失信名单",
        request=IntegrityLiftInput,
        responses={200: IntegrityRecordOutput},
    )
    def post(self, request: Request, pk: int) -> Response:
        record = get_object_or_404_for(request.user, IntegrityRecord.objects.all(), "change", pk=pk)
        body = IntegrityLiftInput(data=request.data)
        body.is_valid(raise_exception=True)
        record = integrity_record_lift(
            actor=request.user, record=record, reason=body.validated_data["reason"]
        )
        return Response(IntegrityRecordOutput(record).data)
