"""The plan dashboard's indicator catalogue counts commissioners' dispatches in force and the work their
hosts confirmed (kechuang/targets/catalogue.py reads the resources app's records; never the reverse)."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.registry.models import Region
from kechuang.targets.catalogue import get_catalogue
from kechuang.targets.compute import compute_one, region_refs
from kechuang.targets.metrics import parse
from tests import app_factories as af

pytestmark = pytest.mark.django_db


def test_dispatches_and_confirmed_work_feed_the_catalogue(cast):
    changchun = region_refs(list(Region.objects.filter(code="220100")))[0]
    jilin = region_refs(list(Region.objects.filter(code="220200")))[0]
    dispatch = af.DispatchFactory(
        organization=cast.org, starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 12, 31)
    )
    af.DispatchFactory(organization=cast.org, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    af.WorkLogFactory(dispatch=dispatch, worked_on=dt.date(2026, 5, 1), status="confirmed", trainees=30)
    af.WorkLogFactory(dispatch=dispatch, worked_on=dt.date(2026, 6, 1), status="confirmed", trainees=12)
    af.WorkLogFactory(dispatch=dispatch, worked_on=dt.date(2026, 6, 2), status="submitted", trainees=99)
    catalogue = get_catalogue()
    in_force = parse({"op": "count", "model": "commissioner_dispatch"}, catalogue)
    trained = parse({"op": "sum", "model": "commissioner_work", "field": "trainees"}, catalogue)
    on = dt.date(2026, 6, 30)
    assert compute_one(in_force, changchun, on=on) == 1
    assert compute_one(trained, changchun, on=on) == 42
    assert compute_one(trained, jilin, on=on) == 0
