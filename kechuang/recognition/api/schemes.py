"""Scheme API: list the schemes (public), read one with its indicator-system versions, set one up, change
it (a changed indicator system becomes a new version for future calls) — the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.carriers.choices import CarrierKind, Tier
from kechuang.core.api import InputSerializer, PublicReads
from kechuang.core.permissions import can
from kechuang.recognition import selectors, services
from kechuang.registry.guards import user_is_officer_or_admin


class VersionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    pass_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    indicator_system = serializers.JSONField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
    calls = serializers.SerializerMethodField()

    def get_calls(self, obj: Any) -> list[int]:
        return [c.pk for c in obj.calls.all()]


class SchemeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    department = serializers.IntegerField(source="department_id")
    department_name = serializers.CharField(source="department.name")
    tier = serializers.CharField()
    tier_label = serializers.CharField(source="get_tier_display")
    carrier_kind = serializers.CharField()
    recognition_title = serializers.CharField()
    eligibility = serializers.JSONField()
    indicator_system = serializers.JSONField()
    pass_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    publicity_days = serializers.IntegerField()
    validity_years = serializers.IntegerField()
    re_evaluation_years = serializers.IntegerField()
    description = serializers.CharField()
    is_active = serializers.BooleanField()


class SchemeInput(InputSerializer):
    code = serializers.SlugField(max_length=60)
    name = serializers.CharField(max_length=120)
    department = serializers.IntegerField()
    tier = serializers.ChoiceField(choices=Tier.choices)
    carrier_kind = serializers.ChoiceField(choices=CarrierKind.choices, required=False, allow_blank=True)
    recognition_title = serializers.CharField(max_length=120)
    eligibility = serializers.JSONField(required=False)
    indicator_system = serializers.JSONField()
    pass_score = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, min_value=0)
    publicity_days = serializers.IntegerField(required=False, min_value=1, max_value=60)
    validity_years = serializers.IntegerField(required=False, min_value=1, max_value=20)
    re_evaluation_years = serializers.IntegerField(required=False, min_value=1, max_value=20)
    description = serializers.CharField(required=False, allow_blank=True)


class SchemeUpdateInput(SchemeInput):
    code = None  # type: ignore[assignment]
    department = None  # type: ignore[assignment]
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


class SchemeListApi(PublicReads, APIView):
    """GET: every active scheme. POST: set up a scheme for one of the officer's departments."""

    @extend_schema(responses=SchemeOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(SchemeOutput(selectors.scheme_list(user=request.user), many=True).data)

    @extend_schema(request=SchemeInput, responses=SchemeOutput)
    def post(self, request: Request) -> Response:
        if not user_is_officer_or_admin(request.user):
            raise Http404
        data = SchemeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        department = (
            selectors.scheme_departments(user=request.user).filter(pk=values.pop("department")).first()
        )
        if department is None:
            raise Http404
        scheme = services.scheme_create(department=department, actor=request.user, **values)
        return Response(SchemeOutput(scheme).data, status=status.HTTP_201_CREATED)


class SchemeDetailApi(PublicReads, APIView):
    """GET: a scheme (its managers also get its versions). PATCH: change it."""

    @extend_schema(responses=SchemeOutput)
    def get(self, request: Request, pk: int) -> Response:
        scheme = selectors.scheme_get(user=request.user, pk=pk)
        body = dict(SchemeOutput(scheme).data)
        if can(request.user, scheme, "manage"):
            body["versions"] = VersionOutput(selectors.scheme_versions(scheme=scheme), many=True).data
        return Response(body)

    @extend_schema(request=SchemeUpdateInput, responses=SchemeOutput)
    def patch(self, request: Request, pk: int) -> Response:
        scheme = selectors.scheme_get(user=request.user, pk=pk, action="manage")
        data = SchemeUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        note = values.pop("note", "")
        updated = services.scheme_update(scheme=scheme, actor=request.user, data=values, note=note)
        return Response(SchemeOutput(updated).data)
