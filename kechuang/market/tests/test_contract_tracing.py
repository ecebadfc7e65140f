"""Every figure of the contract statistics can be traced: a count opens the contract list filtered as the
cell was, and the list holds exactly that many contracts (region subtrees, the region's own level,
technical field sections and types)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.registry.models import Industry, Region
from tests import app_factories as af
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _count(client, url):  # type: ignore[no-untyped-def]
    return client.get(url).context["page"].paginator.count


def test_each_statistics_cell_opens_the_contracts_it_counts(cast):
    field = Industry.objects.filter(code_with_section__startswith="C").exclude(level="section").first()
    for code in ("220102", "220102", "220104", "220100"):
        af.TechContractFactory(region=Region.objects.get(code=code), field=field)
    af.TechContractFactory(region=Region.objects.get(code="220104"), contract_type="development")
    client = client_for(cast.officer)
    response = client.get(reverse("market:contract_statistics"), {"region": "220100"})
    rows = response.context["region_rows"] + response.context["field_rows"] + response.context["type_rows"]
    assert len(rows) >= 5
    for row, url in rows:
        if url:
            assert _count(client, url) == row.count, (row.label, url)
    own = [r for r, _url in response.context["region_rows"] if r.key == "220100"]
    assert own and own[0].count == 1
    chart = response.context["region_chart"]
    assert sum(bar["value"] for bar in chart) == pytest.approx(4 * 80 + 80)  # 万元, every contract once


def test_filtered_list_says_it_is_filtered_and_pages(cast):
    for _ in range(55):
        af.TechContractFactory()
    client = client_for(cast.officer)
    response = client.get(reverse("market:contract_list"), {"region": "220102"})
    assert response.context["page"].paginator.count == 55 and len(response.context["page"].object_list) == 50
    assert "按统计表所选条件筛选，共55份合同" in text(response)
