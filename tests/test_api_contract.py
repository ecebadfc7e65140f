"""What the API fuzz run (tests/test_api_fuzz.py, Schemathesis) found, pinned one by one: the schema says what
the responses are, and the API refuses what its schema does not describe (issue 10)."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from kechuang.core.excel import XLSX_CONTENT_TYPE
from tests.api import assert_error, client_for
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _ok(schema, path, method="get", status="200"):
    return schema["paths"][path][method]["responses"][status]["content"]


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


# ---------------------------------------------------------------------------------------------------------
# Server errors


def test_a_carrier_filter_by_a_non_numeric_organization_is_400_not_500(cast):
    """GET /api/v1/carriers/?organization=ä was a 500 (ValueError in the filter)."""
    response = client_for(cast.officer).get("/api/v1/carriers/", {"organization": "ä"})
    assert response.status_code == 400, response.content
    assert set(response.json()["extra"]["fields"]) == {"organization"}


# ---------------------------------------------------------------------------------------------------------
# The schema describes the responses as they are


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/carriers/",
        "/api/v1/recognition/applications/",
        "/api/v1/quality/complaints/",
        "/api/v1/quality/organizations/{id}/patents/",
    ],
)
def test_paginated_lists_are_documented_as_pages(schema, path):
    body = _resolve(schema, _ok(schema, path)["application/json"]["schema"])
    assert body["type"] == "object" and set(body["properties"]) == {"next", "results"}
    assert {p["name"] for p in schema["paths"][path]["get"]["parameters"]} >= {"cursor", "page_size"}


@pytest.mark.parametrize(
    ("path", "method", "kind"),
    [
        ("/api/v1/targets/plans/{id}/dashboard/", "get", "object"),
        ("/api/v1/policies/measures/{id}/what-if/", "get", "array"),
        ("/api/v1/policies/measures/{id}/what-if/", "post", "object"),
        ("/api/v1/carriers/organizations/{id}/ladder/", "get", "array"),
        ("/api/v1/carriers/{id}/", "get", "object"),
    ],
)
def test_arrays_and_objects_are_the_right_way_round(schema, path, method, kind):
    body = _resolve(schema, _ok(schema, path, method)["application/json"]["schema"])
    assert body["type"] == kind


def test_null_fields_are_nullable(schema):
    for name in ("AchievementOutput", "DemandOutput"):
        assert schema["components"]["schemas"][name]["properties"]["field_code"]["nullable"] is True


@pytest.mark.parametrize(
    "path",
    ["/api/v1/organizations/export/", "/api/v1/statistics/export/", "/api/v1/organizations/import/template/"],
)
def test_workbooks_are_documented_as_xlsx(schema, path):
    assert set(_ok(schema, path)) == {XLSX_CONTENT_TYPE}


def test_every_operation_documents_the_error_envelope(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {"400", "401", "403", "404"}
            if method in ("post", "put", "patch"):
                codes |= {"413", "415"}
            assert codes <= set(operation["responses"]), (method, path)
            for code in codes:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOutput"), (method, path, code)


def test_request_bodies_refuse_unknown_fields_in_the_schema(schema):
    assert schema["components"]["schemas"]["MessageInputRequest"]["additionalProperties"] is False
    body = schema["paths"]["/api/v1/market/contacts/"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json"}


# ---------------------------------------------------------------------------------------------------------
# Input the schema does not describe is refused


def test_a_number_for_a_text_field_is_refused(cast):
    world = World(cast)
    url = f"/api/v1/market/contacts/{world.contact.pk}/messages/"
    response = client_for(cast.org_admin).post(url, {"body": 0}, format="json")
    assert assert_error(response, 400, "body: 应为文本。") == {"fields": {"body": ["应为文本。"]}}


def test_a_form_body_is_415_and_does_not_decline_a_contact(cast):
    """A form without ``accept`` declined the contact (DRF reads a missing box as false)."""
    world = World(cast)
    contact = world.contact
    url = f"/api/v1/market/contacts/{contact.pk}/respond/"
    response = client_for(cast.org_admin).post(url, {"accept": "0"}, format="multipart")
    assert response.status_code == 415
    contact.refresh_from_db()
    assert contact.status == "pending"


@pytest.mark.parametrize("on", ["", "20261205", "2026-W49-6"])
def test_dates_outside_the_documented_format_are_refused(cast, on):
    world = World(cast)
    url = f"/api/v1/targets/plans/{world.plan.pk}/dashboard/"
    assert client_for(cast.officer).get(url, {"on": on}).status_code == 400


def test_an_unknown_status_filter_is_refused(cast):
    response = client_for(cast.officer).get("/api/v1/recognition/applications/", {"status": "AAA"})
    assert response.status_code == 400
