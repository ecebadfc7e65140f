"""The demo loader: patents agree with the registry's figures, grades A–D, complaints at several steps."""

from __future__ import annotations

import io
import random

import pytest

from kechuang.quality import demo, selectors
from kechuang.quality.models import Complaint, CreditGrade, Event, Patent, PatentDeal, Product
from kechuang.registry.demo import load as registry_load


@pytest.mark.django_db
def test_demo_patents_match_the_figures():
    out = io.StringIO()
    registry_load(stdout=out, rng=random.Random(3), organizations=200)
    demo.load(stdout=out, rng=random.Random(3))
    chosen = demo._enterprises()
    assert len(chosen) > 5
    counts = selectors.valid_invention_patents(organization_ids=[o.pk for o, _f, _y in chosen])
    assert all(counts.get(o.pk, 0) == figure for o, figure, _y in chosen)
    assert set(CreditGrade.objects.filter(is_current=True).values_list("grade", flat=True)) == {
        "A",
        "B",
        "C",
        "D",
    }
    assert sorted(Complaint.objects.values_list("status", flat=True)) == ["answered", "assigned", "lodged"]
    assert Product.objects.filter(has_standard=True).count() > Product.objects.count() * 0.7
    assert set(Event.objects.values_list("kind", flat=True)) == {"ip_week", "science_month", "quality_month"}
    assert set(PatentDeal.objects.values_list("kind", flat=True)) == {"licence", "transfer"}
    before = Patent.objects.count()
    demo.load(stdout=out, rng=random.Random(3))  # idempotent
    assert Patent.objects.count() == before
