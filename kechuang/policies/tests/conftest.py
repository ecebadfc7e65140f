from __future__ import annotations

import copy
import datetime as dt
from typing import Any
from unittest import mock

import pytest

from kechuang.eligibility import source
from kechuang.policies import services
from kechuang.policies.models import Measure
from kechuang.registry.models import YearlyStatistics

ON = dt.date(2026, 6, 30)


# The YAML of each shipped rule file, read once per test process (issue 19: two thirds of the fixture
# below was PyYAML reading the same 25 files again in every test). Each use gets its own deep copy, so
# nothing one test does to the data reaches another; a text that fails to read is never cached.
_RULE_DATA: dict[str, Any] = {}
_read_text = source.read_text


def _read_text_once(text: str) -> Any:
    if text not in _RULE_DATA:
        _RULE_DATA[text] = _read_text(text)
    return copy.deepcopy(_RULE_DATA[text])


@pytest.fixture
def measures(cast):  # type: ignore[no-untyped-def]
    """Every shipped rule as a published measure (documents loaded)."""
    services.documents_load(actor=cast.admin)
    # only while loading the shipped rules: the rules officers write in a test are read as ever
    with mock.patch.object(source, "read_text", _read_text_once):
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
