"""The carriers' permission rules as properties, over the grid of tests/rule_grid.py (issue 19).

Region and department are varied independently: a carrier with a responsible department is changed only
by officers of that department whose region subtree holds it; one without, by any officer of the region.
"""

from __future__ import annotations

import pytest

from kechuang.carriers.models import CarrierEvent
from kechuang.registry.models import Region
from tests import app_factories as af
from tests.rule_grid import USERS, Grid, make_grid

pytestmark = pytest.mark.django_db
EVERYONE = set(USERS)


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


def test_carriers_and_alliances_are_public(grid):
    """Rule: recognised carriers and alliances (and their hosts, members, events) are public information."""
    carrier = af.CarrierFactory(responsible_department=grid.science)
    host = af.CarrierHostFactory(carrier=carrier, organization=grid.cast.org)
    event = CarrierEvent.objects.create(carrier=carrier, occurred_on="2025-01-01", title="认定")
    alliance = af.AllianceFactory(lead=grid.cast.org)
    member = af.AllianceMemberFactory(alliance=alliance, organization=grid.cast.org)
    for row in (carrier, host, event, alliance, member):
        assert grid.allowed(row, "view") == EVERYONE, type(row).__name__


def test_a_carrier_is_changed_by_its_departments_officers_of_its_region_only(grid):
    """Rule: change a carrier = an officer of its responsible department AND of a region subtree holding it
    (the same department in another district, or another department of the same city, may not)."""
    carrier = af.CarrierFactory(responsible_department=grid.science)  # 南关区 220102, 长春市科学技术局
    assert grid.allowed(carrier, "change") == {"admin", "officer"}


def test_a_carrier_without_a_responsible_department_is_changed_by_every_officer_of_its_region(grid):
    """Rule: without a responsible department, the region alone decides (any department serving it)."""
    carrier = af.CarrierFactory(responsible_department=None)
    assert grid.allowed(carrier, "change") == {"admin", "officer", "other_dept_officer", "province_officer"}


def test_a_carrier_of_another_region_is_not_changed_by_the_department_of_this_one(grid):
    """Rule: the department condition never widens the region condition (吉林市's carrier of 长春市科技局)."""
    jilin = af.CarrierFactory(responsible_department=grid.science, region=Region.objects.get(code="220202"))
    assert grid.allowed(jilin, "change") == {"admin"}


def test_an_alliance_is_changed_by_the_officers_of_its_region(grid):
    """Rule: change an alliance = any officer whose region subtree holds it (alliances have no department)."""
    alliance = af.AllianceFactory(lead=grid.cast.org)
    assert grid.allowed(alliance, "change") == {"admin", "officer", "other_dept_officer", "province_officer"}


@pytest.mark.parametrize("action", ["change", "delete", "manage", "nonsense"])
def test_hosts_members_and_events_are_changed_by_platform_admins_only(grid, action):
    """Rule: a carrier's hosts and events, an alliance's members: read by all, written by admins only."""
    carrier = af.CarrierFactory(responsible_department=grid.science)
    host = af.CarrierHostFactory(carrier=carrier, organization=grid.cast.org)
    member = af.AllianceMemberFactory(
        alliance=af.AllianceFactory(lead=grid.cast.org), organization=grid.cast.org
    )
    event = CarrierEvent.objects.create(carrier=carrier, occurred_on="2025-01-01", title="认定")
    for row in (host, member, event):
        assert grid.allowed(row, action) == {"admin"}, type(row).__name__


@pytest.mark.parametrize("action", ["delete", "manage", "nonsense"])
def test_an_unknown_action_on_a_carrier_or_alliance_is_for_platform_admins_only(grid, action):
    """Rule: an action the rule does not name fails closed (platform admins excepted)."""
    carrier = af.CarrierFactory(responsible_department=None)
    alliance = af.AllianceFactory(lead=grid.cast.org)
    assert grid.allowed(carrier, action) == {"admin"}
    assert grid.allowed(alliance, action) == {"admin"}
