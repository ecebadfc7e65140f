"""Alliances over the API: public to read; officers of the region found one, change it (a new lead, or
``is_active`` false when it dissolved) and add members — the services of the pages."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.carriers import selectors, services, services_alliances
from kechuang.carriers.choices import AllianceRole, ChainPosition, Tier
from kechuang.carriers.models import Alliance
from kechuang.core.api import InputSerializer, PublicReads
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import get_object_or_404_for
from kechuang.registry.guards import user_is_officer_or_admin


class MemberOutput(serializers.Serializer):
    organization = serializers.CharField(source="organization.name")
    uscc = serializers.CharField(source="organization.uscc")
    role = serializers.CharField()
    chain_position = serializers.CharField()
    joined_on = serializers.DateField(allow_null=True)
    left_on = serializers.DateField(allow_null=True)


class AllianceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    lead = serializers.CharField(source="lead.name")
    lead_uscc = serializers.CharField(source="lead.uscc")
    region = serializers.CharField(source="region_id")
    industry = serializers.CharField(source="industry.code_with_section", allow_null=True, default=None)
    chain = serializers.CharField()
    tier = serializers.CharField()
    established_on = serializers.DateField(allow_null=True)
    is_active = serializers.BooleanField()
    description = serializers.CharField()


class AllianceDetailOutput(AllianceOutput):
    members = serializers.SerializerMethodField()

    def get_members(self, obj: Any) -> list[dict[str, Any]]:
        return MemberOutput(selectors.alliance_detail(alliance=obj)["members"], many=True).data  # type: ignore[return-value]


class AllianceInput(InputSerializer):
    name = serializers.CharField(max_length=200)
    lead = serializers.CharField(max_length=200, help_text="统一社会信用代码或单位全称")
    region = serializers.CharField(max_length=60)
    industry = serializers.CharField(max_length=60, required=False, allow_blank=True)
    chain = serializers.CharField(max_length=200, required=False, allow_blank=True)
    tier = serializers.ChoiceField(choices=Tier.choices, required=False)
    established_on = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)


class AllianceUpdateInput(AllianceInput):
    is_active = serializers.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


class MemberInput(InputSerializer):
    organization = serializers.CharField(max_length=200, help_text="统一社会信用代码或单位全称")
    role = serializers.ChoiceField(
        choices=[c for c in AllianceRole.choices if c[0] != AllianceRole.LEAD], default=AllianceRole.MEMBER
    )
    chain_position = serializers.ChoiceField(choices=ChainPosition.choices, required=False, allow_blank=True)


class AllianceListApi(PublicReads, APIView):
    @extend_schema(responses=AllianceOutput(many=True))
    def get(self, request: Request) -> Response:
        alliances = selectors.alliance_list(
            user=request.user, filters={"q": request.query_params.get("q", "")}
        )
        return Response(AllianceOutput(alliances[:500], many=True).data)

    @extend_schema(request=AllianceInput, responses={201: AllianceDetailOutput})
    def post(self, request: Request) -> Response:
        if not user_is_officer_or_admin(request.user):
            raise Http404
        data = AllianceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = services_alliances.alliance_resolve(data.validated_data)
        alliance = services.alliance_create(actor=request.user, **values)
        return Response(AllianceDetailOutput(alliance).data, status=status.HTTP_201_CREATED)


class AllianceDetailApi(PublicReads, APIView):
    @extend_schema(responses=AllianceDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        alliance = get_object_or_404_for(request.user, Alliance.objects.select_related("lead"), "view", pk=pk)
        return Response(AllianceDetailOutput(alliance).data)

    @extend_schema(request=AllianceUpdateInput, responses=AllianceDetailOutput)
    @transaction.atomic
    def patch(self, request: Request, pk: int) -> Response:
        alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "change", pk=pk)
        data = AllianceUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        active = values.pop("is_active", None)
        if values:
            alliance = services_alliances.alliance_update(
                alliance=alliance,
                actor=request.user,
                data=services_alliances.alliance_resolve(values, partial=True),
            )
        if active is not None:
            alliance = services_alliances.alliance_set_active(
                alliance=alliance, actor=request.user, active=active
            )
        return Response(AllianceDetailOutput(alliance).data)


class AllianceMembersApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=MemberInput, responses={201: AllianceDetailOutput})
    def post(self, request: Request, pk: int) -> Response:
        alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "change", pk=pk)
        data = MemberInput(data=request.data)
        data.is_valid(raise_exception=True)
        organization = services_alliances.organization_from_text(data.validated_data["organization"])
        if organization is None:
            raise ApplicationError(
                _missing(data.validated_data["organization"]), extra={"field": "organization"}
            )
        services.alliance_member_add(
            alliance=alliance,
            organization=organization,
            actor=request.user,
            role=data.validated_data["role"],
            chain_position=data.validated_data.get("chain_position", ""),
        )
        return Response(AllianceDetailOutput(alliance).data, status=status.HTTP_201_CREATED)


def _missing(text: str) -> str:
    return _("主体库中没有“%(org)s”（请填写统一社会信用代码或全称）。") % {"org": text}


class EvaluationInput(InputSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1),
        help_text="每项评价标准的得分：organisation、joint_research、results、standards",
    )
    comment = serializers.CharField(required=False, allow_blank=True)


class EvaluationOutput(serializers.Serializer):
    year = serializers.IntegerField()
    scores = serializers.DictField(child=serializers.CharField())
    total = serializers.DecimalField(max_digits=5, decimal_places=1)
    grade = serializers.CharField()
    comment = serializers.CharField()


class AllianceEvaluationsApi(PublicReads, APIView):
    """GET: the alliance's yearly evaluations (public). POST: officers of its region record one."""

    @extend_schema(operation_id="carriers_alliance_evaluations", responses=EvaluationOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "view", pk=pk)
        return Response(EvaluationOutput(alliance.evaluations.order_by("-year"), many=True).data)

    @extend_schema(
        operation_id="carriers_alliance_evaluate", request=EvaluationInput, responses={201: EvaluationOutput}
    )
    def post(self, request: Request, pk: int) -> Response:
        alliance = get_object_or_404_for(request.user, Alliance.objects.all(), "change", pk=pk)
        data = EvaluationInput(data=request.data)
        data.is_valid(raise_exception=True)
        evaluation = services_alliances.alliance_evaluate(
            alliance=alliance,
            actor=request.user,
            year=data.validated_data["year"],
            scores=data.validated_data["scores"],
            comment=data.validated_data.get("comment", ""),
        )
        return Response(EvaluationOutput(evaluation).data, status=status.HTTP_201_CREATED)
