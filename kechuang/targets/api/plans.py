"""Entering a plan over the API: create it (officers, for one of their departments) and allocate an
indicator's target to sub-regions (all rows or none)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.api import InputSerializer
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.models import Department, Region
from kechuang.registry.selectors import officer_department_ids
from kechuang.registry.services import resolve_region
from kechuang.targets import selectors, services, services_plans
from kechuang.targets.api.views import PlanListApi, PlanOutput
from kechuang.targets.choices import PlanKind


class PlanInput(InputSerializer):
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    title = serializers.CharField(max_length=200)
    document_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    issuer = serializers.CharField(max_length=120, required=False, allow_blank=True)
    department = serializers.IntegerField()
    region = serializers.CharField(max_length=60)
    issued_on = serializers.DateField(required=False, allow_null=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class PlanCollectionApi(PlanListApi):
    """GET: the plans the user may see. POST: enter a plan for one of the officer's departments."""

    @extend_schema(request=PlanInput, responses={201: PlanOutput})
    def post(self, request: Request) -> Response:
        if not user_is_officer_or_admin(request.user):
            raise Http404
        data = PlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        departments = Department.objects.all()
        if not user_is_platform_admin(request.user):
            departments = departments.filter(pk__in=officer_department_ids(request.user))
        department = departments.filter(pk=values.pop("department")).first()
        if department is None:
            raise Http404
        values["region"] = resolve_region(values["region"])
        plan = services.plan_create(actor=request.user, department=department, **values)
        return Response(PlanOutput(plan).data, status=status.HTTP_201_CREATED)


class AllocationRow(serializers.Serializer):
    region = serializers.CharField(max_length=6)
    target_value = serializers.DecimalField(max_digits=20, decimal_places=4)


class AllocationsInput(InputSerializer):
    allocations = AllocationRow(many=True, allow_empty=False)


class AllocationsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=AllocationsInput, responses={200: dict})
    def post(self, request: Request, pk: int) -> Response:
        indicator = selectors.indicator_get(user=request.user, pk=pk)  # managing it: the service (400)
        data = AllocationsInput(data=request.data)
        data.is_valid(raise_exception=True)
        rows: list[dict[str, Any]] = data.validated_data["allocations"]
        regions = {r.code: r for r in Region.objects.filter(code__in=[row["region"] for row in rows])}
        values = {}
        for row in rows:
            region = regions.get(row["region"])
            if region is None:
                raise Http404
            values[region] = row["target_value"]
        saved = services_plans.allocations_set(actor=request.user, indicator=indicator, values=values)
        return Response(
            {"allocations": [{"region": a.region_id, "target_value": str(a.target_value)} for a in saved]}
        )
