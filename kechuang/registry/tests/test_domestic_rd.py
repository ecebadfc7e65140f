"""境内研发费用 (国科发火〔2016〕32号 第十一条（五）): a yearly figure of the registry, never above the R&D
expenditure it is part of — refused with the field named over the API, and read by the engine."""

from __future__ import annotations

import pytest

from kechuang.policies.facts import facts_for
from kechuang.registry.models import YearlyStatistics
from kechuang.registry.services import clean_statistics_data
from tests import factories as f
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db


def test_the_api_stores_it_and_the_engine_reads_it(cast):
    url = f"/api/v1/organizations/{cast.org.pk}/statistics/2024/"
    response = client_for(cast.org_admin).put(
        url, {"rd_expenditure": 1_000_000, "domestic_rd_expenditure": 700_000}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["domestic_rd_expenditure"] == "700000.00"
    assert facts_for(cast.org)["stats"][2024]["domestic_rd_expenditure"] == 700_000


def test_more_than_the_whole_is_refused_naming_the_field(cast):
    f.StatisticsFactory(organization=cast.org, year=2024, rd_expenditure=1_000_000)
    url = f"/api/v1/organizations/{cast.org.pk}/statistics/2024/"
    response = client_for(cast.org_admin).put(url, {"domestic_rd_expenditure": 1_000_001}, format="json")
    extra = assert_error(response, 400, "境内研发费用不能超过研发费用总额。")
    assert extra["field"] == "domestic_rd_expenditure"
    assert YearlyStatistics.objects.get(organization=cast.org, year=2024).domestic_rd_expenditure is None


def test_the_cleaner_refuses_it_within_one_row():
    with pytest.raises(Exception, match="境内研发费用不能超过研发费用总额"):
        clean_statistics_data({"year": 2024, "rd_expenditure": "100", "domestic_rd_expenditure": "101"})
    assert (
        clean_statistics_data({"year": 2024, "rd_expenditure": "100", "domestic_rd_expenditure": "100"})[
            "domestic_rd_expenditure"
        ]
        == 100
    )
