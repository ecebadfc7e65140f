"""Excel over the API: import organizations and yearly statistics from .xlsx, download the template and
error workbooks, export the organization list and yearly statistics.

Same service (:mod:`kechuang.registry.excel`), same rules and messages as the import page; exports take the
organization list's filters (:class:`OrganizationFilterInput`) and its selector.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kechuang.core.errors import ApplicationError
from kechuang.core.excel import (
    XLSX_CONTENT_TYPE,
    dated_filename,
    export_response,
    stored_xlsx_response,
    upload_path,
    xlsx_response,
)
from kechuang.core.parsers import MultiPartParser
from kechuang.core.permissions import restrict
from kechuang.registry import excel, selectors
from kechuang.registry.api.organizations import OrganizationFilterInput
from kechuang.registry.models import Organization

# The body is a workbook, not JSON: documented under its own media type (errors stay JSON).
_XLSX = {(200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="Excel 工作簿（.xlsx）")}


def _require_importer(user: object) -> None:
    if not excel.can_import(user):
        raise Http404


class ImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="含“主体”和/或“年度统计”工作表的 .xlsx 文件（见模板）")
    mode = serializers.ChoiceField(
        choices=[("upsert", "更新已登记主体"), ("create", "已登记视为错误")],
        default="upsert",
        help_text="upsert：按统一社会信用代码更新已登记的主体（空白单元格保留原值）；create：只新增，已登记报错",
    )


class ImportErrorItem(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class ImportResultOutput(serializers.Serializer):
    organizations_created = serializers.IntegerField()
    organizations_updated = serializers.IntegerField()
    statistics_created = serializers.IntegerField()
    statistics_updated = serializers.IntegerField()
    rows = serializers.IntegerField()


class OrganizationImportApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="organizations_import",
        summary="Excel批量导入主体和年度统计",
        description=(
            "全部行检查通过才写入（全有或全无）。有错误时返回400，`extra.errors` 列出前200处错误"
            "（工作表、行号、列、错误信息），`extra.error_count` 为总数，`extra.error_workbook` 为错误清单"
            "下载地址。仅平台管理员和政府工作人员（本辖区）可用。"
        ),
        request={"multipart/form-data": ImportInput},
        responses={200: ImportResultOutput},
    )
    def post(self, request: Request) -> Response:
        _require_importer(request.user)
        body = ImportInput(data=request.data)
        if not body.is_valid():
            if "file" in body.errors:
                raise ApplicationError(_("请选择要上传的 Excel 文件。"), extra={"field": "file"})
            body.is_valid(raise_exception=True)
        with upload_path(body.validated_data["file"]) as path:
            try:
                result = excel.import_workbook(
                    actor=request.user, path=path, mode=body.validated_data["mode"]
                )
            except excel.ImportFailed as exc:
                token = excel.store_error_workbook(actor=request.user, errors=exc.errors, source=path)
                url = request.build_absolute_uri(reverse("api-organizations-import-errors", args=[token]))
                raise ApplicationError(exc.message, extra={**exc.extra, "error_workbook": url}) from None
        return Response(ImportResultOutput(result.as_dict()).data)


class ImportTemplateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="organizations_import_template", summary="下载导入模板", responses=_XLSX)
    def get(self, request: Request) -> FileResponse:
        _require_importer(request.user)
        return xlsx_response(excel.template_sheets(), filename=excel.TEMPLATE_FILENAME)


class ImportErrorsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="organizations_import_errors", summary="下载导入错误清单", responses=_XLSX)
    def get(self, request: Request, token: str) -> FileResponse:
        path = excel.error_workbook_path(actor=request.user, token=token)
        if path is None:
            raise Http404
        return stored_xlsx_response(path, filename=excel.ERRORS_FILENAME)


def _exportable(request: Request, params: OrganizationFilterInput) -> QuerySet[Organization]:
    """The filtered organization list, scoped by "export" (its own action in the permission rule)."""
    qs = selectors.organization_list(user=request.user, filters=params.filters())
    return restrict(qs, request.user, "export")


class OrganizationExportApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="organizations_export",
        summary="导出主体列表（Excel）",
        description="与主体列表相同的筛选条件和可见范围，导出全部匹配的主体；表头与导入模板一致，可修改后再导入。",
        parameters=[OrganizationFilterInput],
        responses=_XLSX,
    )
    def get(self, request: Request) -> FileResponse:
        params = OrganizationFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        return export_response(
            _exportable(request, params),
            excel.organization_export_columns(),
            title=excel.ORG_SHEET,
            filename=dated_filename("主体名录"),
        )


class StatisticsExportInput(OrganizationFilterInput):
    year = serializers.IntegerField(required=False, min_value=1949, max_value=2100)


class StatisticsExportApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="statistics_export",
        summary="导出年度统计（Excel）",
        description="可见主体（主体列表的筛选条件）的年度统计；`year` 只导出某一年度。",
        parameters=[StatisticsExportInput],
        responses=_XLSX,
    )
    def get(self, request: Request) -> FileResponse:
        params = StatisticsExportInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.pop("year", None)
        orgs = _exportable(request, params)
        qs = excel.statistics_for_export(user=request.user, organizations=orgs, year=year)
        return export_response(
            qs,
            excel.statistics_export_columns(),
            title=excel.STATS_SHEET,
            filename=dated_filename("年度统计"),
        )
