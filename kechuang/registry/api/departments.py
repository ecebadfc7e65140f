"""Departments and officer appointments over the API: the services of the pages (``services_departments``).
Setting departments up is for platform admins; appointments for platform admins and department admins."""

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
from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.registry import services_departments as services
from kechuang.registry.api.reference import DepartmentListApi, DepartmentOutput
from kechuang.registry.choices import DepartmentKind
from kechuang.registry.models import Department, OfficerAssignment


class DepartmentInput(InputSerializer):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=DepartmentKind.choices)
    region = serializers.CharField(max_length=60, help_text="6位行政区划代码或地区全称")


class DepartmentUpdateInput(DepartmentInput):
    is_active = serializers.BooleanField(required=False, help_text="false：撤并（须无在职工作人员）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


class DepartmentCollectionApi(DepartmentListApi):
    """GET: departments by region and kind. POST: a platform admin sets one up."""

    @extend_schema(
        operation_id="registry_department_create", request=DepartmentInput, responses={201: DepartmentOutput}
    )
    def post(self, request: Request) -> Response:
        if not user_is_platform_admin(request.user):
            raise Http404
        data = DepartmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        department = services.department_add(
            actor=request.user, **services.department_resolve(data.validated_data)
        )
        return Response(DepartmentOutput(department).data, status=status.HTTP_201_CREATED)


class DepartmentItemApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="registry_department_update", request=DepartmentUpdateInput, responses=DepartmentOutput
    )
    def patch(self, request: Request, pk: int) -> Response:
        if not user_is_platform_admin(request.user):
            raise Http404
        department = get_object_or_404_for(request.user, Department.objects.all(), "change", pk=pk)
        data = DepartmentUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        active = values.pop("is_active", None)
        if values:
            merged = {
                "name": department.name,
                "kind": department.kind,
                "region": department.region_id,
                **values,
            }
            department = services.department_update(
                actor=request.user, department=department, **services.department_resolve(merged)
            )
        if active is not None:
            department = services.department_set_active(
                actor=request.user, department=department, active=active
            )
        return Response(DepartmentOutput(department).data)


class AppointmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.display_name")
    department = serializers.IntegerField(source="department_id")
    region = serializers.CharField(source="region_id")
    is_department_admin = serializers.BooleanField()
    ended_on = serializers.DateField(allow_null=True)


class AppointmentInput(InputSerializer):
    user = serializers.CharField(max_length=150, help_text="用户名或电子邮箱")
    region = serializers.CharField(
        max_length=60, required=False, allow_blank=True, help_text="默认部门所在地区"
    )
    is_department_admin = serializers.BooleanField(required=False, default=False)


class AppointmentUpdateInput(InputSerializer):
    region = serializers.CharField(max_length=60, required=False)
    is_department_admin = serializers.BooleanField(required=False)
    ended = serializers.BooleanField(required=False, help_text="true：免职（记录保留）")


class DepartmentOfficersApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="registry_department_officers", responses=AppointmentOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        department = get_object_or_404_for(request.user, Department.objects.all(), "view", pk=pk)
        officers = restrict(OfficerAssignment.objects.filter(department=department), request.user, "view")
        return Response(AppointmentOutput(officers.select_related("user"), many=True).data)

    @extend_schema(
        operation_id="registry_officer_appoint", request=AppointmentInput, responses={201: AppointmentOutput}
    )
    def post(self, request: Request, pk: int) -> Response:
        department = get_object_or_404_for(
            request.user, Department.objects.select_related("region"), "view", pk=pk
        )
        if not (
            user_is_platform_admin(request.user) or services.is_department_admin(request.user, department)
        ):
            raise Http404
        data = AppointmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.officer_appoint_to(
            actor=request.user,
            department=department,
            **services.appointment_resolve(data.validated_data, department=department),
        )
        return Response(AppointmentOutput(assignment).data, status=status.HTTP_201_CREATED)


class OfficerItemApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="registry_officer_update", request=AppointmentUpdateInput, responses=AppointmentOutput
    )
    def patch(self, request: Request, pk: int) -> Response:
        assignment = get_object_or_404_for(
            request.user, OfficerAssignment.objects.select_related("department__region"), "change", pk=pk
        )
        data = AppointmentUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if values.pop("ended", False):
            assignment = services.officer_end(actor=request.user, assignment=assignment)
        elif values:
            merged = {
                "region": values.get("region", assignment.region_id),
                "is_department_admin": values.get("is_department_admin", assignment.is_department_admin),
            }
            resolved = services.appointment_resolve(merged, department=assignment.department)
            assignment = services.officer_change(actor=request.user, assignment=assignment, **resolved)
        return Response(AppointmentOutput(assignment).data)
