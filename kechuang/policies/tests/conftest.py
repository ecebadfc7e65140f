from __future__ import annotations

import datetime as dt

import pytest

from kechuang.policies import services
from kechuang.policies.models import Measure
from kechuang.registry.models import YearlyStatistics

ON = dt.date(2026, 6, 30)


@pytest.fixture
def measures(cast):  # type: ignore[no-untyped-def]
    """Every shipped rule as a published measure (documents loaded)."""
    services.documents_load(actor=cast.admin)
    services.measures_sync(actor=cast.admin)
    return {m.code: m for m in Measure.objects.all()}


@pytest.fixture
def srdi(cast, measures):  # type: ignore[no-untyped-def]
    """cast.org qualifies for 专精特新 (small, founded 2019, R&D 320万 of 8000万); other_org does not."""
    org = cast.org
    org.size, org.founded_on = "small", dt.date(2019, 5, 10)
    org.save()
    YearlyStatistics.objects.create(organization=org, year=2025, revenue=80_000_000, rd_expenditure=3_200_000)
    other = cast.other_org
    other.size, other.founded_on = "small", dt.date(2019, 5, 10)
    other.save()
    YearlyStatistics.objects.create(organization=other, year=2025, revenue=20_000_000, rd_expenditure=800_000)
    return measures["specialized-sme"]
