"""Policy documents over the API: list them (public), enter one (officers; JSON or multipart with its
file), correct one or record when it ceased to apply."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.api import InputSerializer, PublicReads
from kechuang.core.errors import ApplicationError
from kechuang.policies import selectors, services
from kechuang.policies.choices import DocumentLevel
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.services import resolve_region


class DocumentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    number = serializers.CharField()
    issuer = serializers.CharField()
    level = serializers.CharField()
    region = serializers.CharField(source="region_id", allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    effective_from = serializers.DateField(allow_null=True)
    effective_to = serializers.DateField(allow_null=True)
    source = serializers.CharField()
    has_file = serializers.SerializerMethodField()

    def get_has_file(self, obj: Any) -> bool:
        return bool(obj.attachment)


class DocumentInput(InputSerializer):
    title = serializers.CharField(max_length=300)
    number = serializers.CharField(max_length=120, required=False, allow_blank=True)
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=DocumentLevel.choices, required=False)
    region = serializers.CharField(max_length=60, required=False, allow_blank=True)
    issued_on = serializers.DateField(required=False, allow_null=True)
    effective_from = serializers.DateField(required=False, allow_null=True)
    effective_to = serializers.DateField(required=False, allow_null=True)
    full_text = serializers.CharField(required=False, allow_blank=True)
    attachment = serializers.FileField(required=False)


class DocumentUpdateInput(DocumentInput):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


def _values(data: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    values = dict(data)
    attachment = values.pop("attachment", None)
    if "region" in values:
        text = values["region"]
        values["region"] = resolve_region(text) if str(text or "").strip() else None
    return values, attachment


class DocumentListApi(PublicReads, APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=DocumentOutput(many=True))
    def get(self, request: Request) -> Response:
        docs = selectors.document_list(user=request.user, q=request.query_params.get("q", ""))[:200]
        return Response(DocumentOutput(docs, many=True).data)

    @extend_schema(request=DocumentInput, responses={201: DocumentOutput})
    def post(self, request: Request) -> Response:
        if not user_is_officer_or_admin(request.user):
            raise Http404
        data = DocumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values, attachment = _values(data.validated_data)
        doc = services.document_create(actor=request.user, data=values, attachment=attachment)
        return Response(DocumentOutput(doc).data, status=status.HTTP_201_CREATED)


class DocumentDetailApi(PublicReads, APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses=DocumentOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(DocumentOutput(selectors.document_get(user=request.user, pk=pk)).data)

    @extend_schema(request=DocumentUpdateInput, responses=DocumentOutput)
    def patch(self, request: Request, pk: int) -> Response:
        doc = selectors.document_get_for_change(user=request.user, pk=pk)
        data = DocumentUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values, attachment = _values(data.validated_data)
        if not values and attachment is None:
            raise ApplicationError(_("请至少修改一项。"))
        doc = services.document_update(document=doc, actor=request.user, data=values, attachment=attachment)
        return Response(DocumentOutput(doc).data)
