"""Bad input to the targets API answers 400 in the error envelope, never a server error."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api import assert_error

PATENTS = {"op": "sum", "model": "yearly_statistics", "field": "valid_invention_patents"}


def api(user):  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/targets/metrics/compute/", "/api/v1/targets/metrics/validate/"])
def test_metric_definition_null_is_a_400(jilin, path) -> None:  # type: ignore[no-untyped-def]
    r = api(jilin.manager).post(path, {"definition": None}, format="json")
    assert_error(r, 400, "definition: 该字段不能为 null。")


@pytest.mark.django_db
def test_participating_units_overflow_is_a_400(jilin) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/targets/plans/{jilin.plan.pk}/indicators/"
    body = {
        "code": "G12",
        "name": "企业有效发明专利拥有数",
        "unit": "件",
        "target_value": "100",
        "target_date": "2026-12-31",
        "baseline_value": "0",
        "baseline_date": "2024-01-01",
        "metric": PATENTS,
        "participating_units": [2**70],
    }
    r = api(jilin.manager).post(url, body, format="json")
    assert_error(r, 400, "participating_units: 0: 请确保该值小于或者等于 9223372036854775807。")


@pytest.mark.django_db
@pytest.mark.parametrize("definition", ["x", 1, [], [[]], [{"op": "count"}]])
def test_metric_definition_not_a_mapping_is_a_400(jilin, definition) -> None:  # type: ignore[no-untyped-def]
    for path in ["/api/v1/targets/metrics/compute/", "/api/v1/targets/metrics/validate/"]:
        r = api(jilin.manager).post(path, {"definition": definition}, format="json")
        assert_error(r, 400, "定义必须是一个映射(键: 值)。")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "definition",
    [{}, {"op": None}, {"op": "sum", "model": None}, {"op": "count", "model": "organization", "where": [1]}],
)
def test_metric_odd_definitions_answer_in_the_envelope(jilin, definition) -> None:  # type: ignore[no-untyped-def]
    for path in ["/api/v1/targets/metrics/compute/", "/api/v1/targets/metrics/validate/"]:
        r = api(jilin.manager).post(path, {"definition": definition}, format="json")
        assert r.status_code == 400, (definition, r.status_code)
        assert set(r.json()) == {"message", "extra"} and r.json()["message"].startswith("$")
