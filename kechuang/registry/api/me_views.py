"""GET /api/v1/me/: the signed-in user and the roles they hold in the directory (what a client should
show and allow). Signing in for the API (tokens) is the accounts app's."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.registry.selectors import (
    user_is_expert,
    user_memberships,
    user_officer_roles,
    user_role_labels,
)


class OfficerRoleOutput(serializers.Serializer):
    department_id = serializers.IntegerField()
    department = serializers.CharField()
    department_kind = serializers.CharField()
    region_code = serializers.CharField()
    region = serializers.CharField()


class MembershipOutput(serializers.Serializer):
    organization_id = serializers.IntegerField()
    organization = serializers.CharField()
    uscc = serializers.CharField()
    role = serializers.CharField()
    role_display = serializers.CharField()


class RolesOutput(serializers.Serializer):
    platform_admin = serializers.BooleanField()
    expert = serializers.BooleanField()
    officer = OfficerRoleOutput(many=True)
    memberships = MembershipOutput(many=True)


class MeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    email = serializers.CharField()
    roles = RolesOutput()
    role_labels = serializers.ListField(child=serializers.CharField())


class MeApi(APIView):
    """The signed-in user and the roles they hold (what the client should show and allow)."""

    @extend_schema(operation_id="me", responses={200: MeOutput})
    def get(self, request: Request) -> Response:
        user = request.user
        roles = {
            "platform_admin": user_is_platform_admin(user),
            "expert": user_is_expert(user),
            "officer": [
                {
                    "department_id": r.department_id,
                    "department": r.department.name,
                    "department_kind": r.department.kind,
                    "region_code": r.region_id,
                    "region": str(r.region),
                }
                for r in user_officer_roles(user)
            ],
            "memberships": [
                {
                    "organization_id": m.organization_id,
                    "organization": m.organization.name,
                    "uscc": m.organization.uscc,
                    "role": m.role,
                    "role_display": m.get_role_display(),
                }
                for m in user_memberships(user)
            ],
        }
        payload = {
            "id": user.pk,
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "roles": roles,
            "role_labels": user_role_labels(user),
        }
        return Response(MeOutput(payload).data)
