"""The demo's workstations: at enterprises of the industries that host them, with researchers of the demo's
universities and institutes, some in station and some who have left (through the services)."""

from __future__ import annotations

import random

import pytest

from kechuang.carriers.choices import CarrierKind
from kechuang.carriers.demo_workstations import load_workstations
from kechuang.carriers.models import Carrier, Resident
from kechuang.core.models import StatusChange
from kechuang.registry.models import Industry
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_workstations_at_fitting_enterprises(cast):
    for name, kind in (
        ("吉林大学", "university"),
        ("长春中医药大学", "university"),
        ("长春理工大学", "university"),
        ("中国科学院长春应用化学研究所", "institute"),
    ):
        f.OrganizationFactory(name=name, kind=kind)
    hosts = [
        f.OrganizationFactory(industry=Industry.objects.get(code=code), size=size)
        for code, size in (
            ("36", "large"),
            ("36", "small"),
            ("27", "medium"),
            ("39", "large"),
            ("26", "large"),
        )
    ]
    made = load_workstations(
        admin=f.UserFactory(is_platform_admin=True), department=None, enterprises=hosts, rng=random.Random(3)
    )
    assert made == 4
    stations = Carrier.objects.filter(
        kind__in=[k.value for k in CarrierKind if k.value.endswith("workstation")]
    )
    assert {s.host_links.get(role="lead").organization_id for s in stations} == {
        hosts[0].pk,
        hosts[2].pk,
        hosts[3].pk,
        hosts[4].pk,
    }
    assert Resident.objects.count() == 9
    assert set(Resident.objects.values_list("home_institution__name", flat=True)) == {
        "吉林大学",
        "长春中医药大学",
        "长春理工大学",
        "中国科学院长春应用化学研究所",
    }
    left = Resident.objects.filter(status="left")
    assert all(r.ended_on and r.ended_on > r.started_on for r in left)
    assert StatusChange.objects.filter(to_status="left").count() == left.count()
