"""One error envelope for every API failure, oversized bodies refused, and the offline schema/docs."""

from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from kechuang.core.api import exception_handler
from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.registry.models import Organization
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db


def test_unknown_api_path_is_an_envelope_404(cast):
    extra = assert_error(client_for(cast.admin).get("/api/v1/nothing/here/"), 404, "接口不存在。")
    assert extra == {"path": "/api/v1/nothing/here/"}
    # Anonymous callers get the same answer: the catch-all reveals nothing either way.
    assert_error(client_for(None).post("/api/v1/organizations/1/delete/"), 404, "接口不存在。")


def test_application_error_keeps_its_extra():
    response = exception_handler(ApplicationError("坏了", extra={"field": "x"}), {})
    assert response.status_code == 400 and response.data == {"message": "坏了", "extra": {"field": "x"}}


def test_validation_errors_are_flattened_with_their_field(cast):
    response = client_for(cast.officer).get("/api/v1/organizations/", {"size": "giant"})
    extra = assert_error(response, 400, "size: “giant” 不是合法选项。")
    assert extra == {"fields": {"size": ["“giant” 不是合法选项。"]}}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_oversized_json_is_413_and_writes_nothing(cast):
    before = Organization.objects.count() + AuditRecord.objects.count()
    body = json.dumps({"uscc": "x", "description": "长" * 2000})
    response = client_for(cast.officer).post("/api/v1/organizations/", body, content_type="application/json")
    extra = assert_error(response, 413, "请求内容过大：上限为1 KB。")
    assert extra == {"limit_bytes": 1024}
    assert Organization.objects.count() + AuditRecord.objects.count() == before


@override_settings(KECHUANG_MAX_UPLOAD_BYTES=2048)
def test_oversized_upload_is_413(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.xlsx", b"0" * 5000)
    response = client_for(cast.officer).post(
        "/api/v1/organizations/import/", {"file": upload}, format="multipart"
    )
    assert_error(response, 413, "请求内容过大：上限为2 KB。")


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5)
def test_too_many_form_fields_is_413(cast):
    data = {f"f{i}": "x" for i in range(20)}
    response = client_for(cast.officer).post("/api/v1/organizations/import/", data, format="multipart")
    assert response.status_code == 413


def test_a_body_other_than_json_is_415(cast):
    """Only the Excel import takes a form; elsewhere a form body is refused, not read as text values."""
    response = client_for(cast.officer).post("/api/v1/organizations/", {"uscc": "x"}, format="multipart")
    assert response.status_code == 415
    assert response.json()["message"].startswith("不支持请求中的媒体类型 “multipart/form-data")


def test_envelope_in_english(cast):
    c = client_for(cast.officer)
    en = {"HTTP_ACCEPT_LANGUAGE": "en"}
    assert_error(c.get("/api/v1/nothing/", **en), 404, "No such endpoint.")
    assert_error(
        c.get("/api/v1/organizations/", {"region": "22"}, **en),
        400,
        "region: Expected a 6-digit administrative division code.",
    )
    body = {"uscc": "91220102MA0000000X", "name": "x", "region": "220102", "foo": 1}
    assert_error(c.post("/api/v1/organizations/", body, format="json", **en), 400, "Unsupported fields: foo.")


# ---------------------------------------------------------------------------------------------------------
# Schema and docs


def test_schema_generates_without_warnings_or_errors():
    """The foundation's endpoints (accounts + registry) generate a valid schema with no warning at all.

    (Other apps' endpoints are checked by ``manage.py spectacular --validate --fail-on-warn`` in CI.)
    """
    from django.urls import include, path

    patterns = [
        path("api/v1/", include("kechuang.accounts.api.urls")),
        path("api/v1/", include("kechuang.registry.api.urls")),
    ]
    GENERATOR_STATS.reset()
    GENERATOR_STATS.enable_trace_lineno()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, list(
        GENERATOR_STATS._warn_cache
    ) + list(GENERATOR_STATS._error_cache)
    from drf_spectacular.validation import validate_schema

    validate_schema(schema)
    paths = schema["paths"]
    for url in (
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{id}/",
        "/api/v1/organizations/{id}/verify/",
        "/api/v1/organizations/{id}/statistics/{year}/",
        "/api/v1/regions/{code}/children/",
        "/api/v1/industries/",
    ):
        assert url in paths, url
    org_list = paths["/api/v1/organizations/"]["get"]
    assert {p["name"] for p in org_list["parameters"]} >= {"q", "region", "industry", "cursor", "page_size"}
    assert org_list["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOutput"
    }
    assert set(paths["/api/v1/organizations/"]) == {"get", "post"}
    assert set(paths["/api/v1/organizations/{id}/"]) == {"get", "patch"}


def test_schema_endpoint_is_public(cast):
    response = client_for(None).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/organizations/" in response.json()["paths"]


@pytest.mark.parametrize(
    ("url", "asset"),
    [("/api/v1/docs/", "swagger-ui-bundle.js"), ("/api/v1/redoc/", "redoc.standalone.js")],
)
def test_docs_pages_are_offline(cast, url, asset):
    response = client_for(None).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html and asset in html
    # Nothing is fetched from another host: every src/href is a local path.
    external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', html) if u.startswith(("http", "//"))]
    assert external == []
    assert "cdn" not in html.lower()


def test_sidecar_assets_exist_locally():
    from django.contrib.staticfiles import finders

    for asset in (
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js",
    ):
        assert finders.find(asset), asset
