"""The registry's permission rules as properties, over the grid of tests/rule_grid.py (issue 19).

``org`` lies in 南关区 (220102): the officers whose region subtree holds it are ``officer`` (长春市),
``other_dept_officer`` (长春市, another department: the registry's rules ask the region only) and
``province_officer`` (吉林省); ``district_officer`` (朝阳区) and ``other_officer`` (吉林市) are outside.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from kechuang.core.permissions import restrict
from kechuang.registry.choices import DesignationKind, IntegrityKind
from kechuang.registry.models import (
    Department,
    Designation,
    Expert,
    ExpertConflict,
    ExpertCooperation,
    Industry,
    IntegrityRecord,
    Region,
)
from kechuang.registry.permissions import (
    AUTHORITY,
    ORGANIZATION_ADMIN,
    can_register_organization,
    organization_editor_role,
)
from tests import factories as f
from tests.rule_grid import USERS, Grid, make_grid

pytestmark = pytest.mark.django_db

EVERYONE = set(USERS)
REGION = {"admin", "officer", "other_dept_officer", "province_officer"}  # authority over 南关区
MEMBERS = {"org_admin", "org_member"}
ALL_OFFICERS = {"officer", "district_officer", "other_dept_officer", "other_officer", "province_officer"}


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("view", REGION | MEMBERS),
        ("export", REGION | MEMBERS),
        ("change", REGION | {"org_admin"}),
        ("verify", REGION),
        ("import", REGION),
        ("manage_members", {"admin", "org_admin"}),
        ("nonsense", {"admin"}),
    ],
)
def test_an_organization_by_region_authority_and_membership(grid, action, expected):
    """Rule: officers of the region subtree (any department) see, change, verify and import; members see,
    admins change and manage members; other regions and organizations nothing."""
    assert grid.allowed(grid.cast.org, action) == expected


def test_the_editor_role_is_the_authority_or_the_own_admin(grid):
    """Rule: who edits an organization in which capacity (services.EDITABLE_FIELDS keys on it)."""
    roles = {name: organization_editor_role(grid.user(name), grid.cast.org) for name in USERS}
    assert {n for n, r in roles.items() if r == AUTHORITY} == REGION
    assert {n for n, r in roles.items() if r == ORGANIZATION_ADMIN} == {"org_admin"}
    assert {n for n, r in roles.items() if r is None} == EVERYONE - REGION - {"org_admin"}


def test_organizations_are_registered_by_admins_and_officers_within_their_region(grid):
    """Rule: platform admins register anywhere; officers inside their region subtrees; nobody else."""
    nanguan, jilin_city = Region.objects.get(code="220102"), Region.objects.get(code="220202")
    anywhere = {n for n in USERS if can_register_organization(grid.user(n))}
    assert anywhere == {"admin"} | ALL_OFFICERS
    assert {n for n in USERS if can_register_organization(grid.user(n), nanguan)} == REGION
    assert {n for n in USERS if can_register_organization(grid.user(n), jilin_city)} == {
        "admin",
        "other_officer",
        "province_officer",
    }


@pytest.mark.parametrize("make", ["statistics", "designation"])
def test_figures_and_designations_follow_the_organization(grid, make):
    """Rule: an organization's yearly figures and designations: members and the region see them; the
    region and the organization's admins change them."""
    org = grid.cast.org
    row = (
        grid.statistics
        if make == "statistics"
        else Designation.objects.create(
            organization=org, kind=DesignationKind.HIGH_TECH, valid_from=dt.date(2024, 1, 1)
        )
    )
    assert grid.allowed(row, "view") == REGION | MEMBERS
    assert grid.allowed(row, "change") == REGION | {"org_admin"}


def test_a_park_is_public_and_changed_by_the_officers_of_its_region(grid):
    """Rule: parks are read by everyone; changed by platform admins and officers of their region subtree."""
    park = f.ParkFactory(name="长春测试产业园")  # 长春市 220100
    assert grid.allowed(park, "view") == EVERYONE
    assert grid.allowed(park, "change") == {"admin", "officer", "other_dept_officer", "province_officer"}
    assert grid.allowed(park, "delete") == {"admin"}


@pytest.mark.parametrize("model", [Region, Industry, Department])
def test_reference_data_is_read_by_all_and_written_by_platform_admins(grid, model):
    """Rule: regions, industries and departments are reference data."""
    row = model.objects.first()
    assert grid.allowed(row, "view") == EVERYONE
    assert grid.allowed(row, "change") == {"admin"}


def test_memberships_are_seen_by_the_organization_and_its_region_and_changed_by_its_admins(grid):
    """Rule: a membership: the organization's members and its region's officers see it; its admins change it."""
    row = grid.member_membership
    assert grid.allowed(row, "view") == REGION | MEMBERS
    assert grid.allowed(row, "change") == {"admin", "org_admin"}


@pytest.mark.parametrize("action", ["view", "change"])
def test_invitations_are_the_organizations_admins_only(grid, action):
    """Rule: invitations: the organization's admins (and platform admins), whatever the action."""
    assert grid.allowed(grid.invitation, action) == {"admin", "org_admin"}


def test_an_expert_entry_by_officers_pool_managers_and_the_expert(grid):
    """Rule: every officer sees the pool; the expert sees and changes their own entry; officers of the
    expert's region subtree manage it."""
    expert = f.ExpertFactory(user=grid.cast.norole, region=Region.objects.get(code="220102"))
    assert grid.allowed(expert, "view") == {"admin", "norole"} | ALL_OFFICERS
    assert grid.allowed(expert, "change") == REGION | {"norole"}
    assert grid.allowed(expert, "manage") == REGION
    assert grid.allowed(expert, "nonsense") == {"admin"}


def test_an_expert_without_a_region_is_managed_by_every_officer(grid):
    """Rule: an expert with no region is in every officer's pool to manage."""
    expert = f.ExpertFactory(user=grid.cast.norole, region=None)
    assert grid.allowed(expert, "manage") == {"admin"} | ALL_OFFICERS
    assert grid.allowed(expert, "change") == {"admin", "norole"} | ALL_OFFICERS


@pytest.mark.parametrize("model", [ExpertConflict, ExpertCooperation])
def test_an_experts_conflicts_and_cooperations_are_the_experts_and_officers_to_see(grid, model):
    """Rule: officers see every expert's declared conflicts and cooperations; the expert sees and changes
    their own; nobody else."""
    expert = f.ExpertFactory(user=grid.cast.norole)
    extra = {"occurred_on": dt.date(2024, 1, 1)} if model is ExpertCooperation else {}
    row = model.objects.create(expert=expert, organization=grid.cast.other_org, **extra)
    assert grid.allowed(row, "view") == {"admin", "norole"} | ALL_OFFICERS
    assert grid.allowed(row, "change") == {"admin", "norole"}


def test_the_integrity_list_is_kept_by_the_region_and_seen_by_the_organization(grid):
    """Rule: an integrity record: the region's authority sees and keeps it, the organization's members see
    it, nobody else."""
    record = IntegrityRecord.objects.create(
        organization=grid.cast.org,
        kind=IntegrityKind.RESEARCH,
        reason="虚报材料",
        starts_on=dt.date(2025, 1, 1),
    )
    assert grid.allowed(record, "view") == REGION | MEMBERS
    assert grid.allowed(record, "change") == REGION
    assert grid.allowed(record, "nonsense") == {"admin"}


def test_an_organization_of_another_city_is_outside_the_city_officers_rules(grid):
    """Rule: the region condition is a subtree: 吉林市's organization is 吉林市's and the province's."""
    jilin = f.OrganizationFactory(name="吉林测试有限公司", region=Region.objects.get(code="220202"))
    assert grid.allowed(jilin, "view") == {"admin", "other_officer", "province_officer"}


@pytest.mark.parametrize("caller", [None, SimpleNamespace(pk=1)], ids=["none", "not_a_user"])
def test_the_expert_pool_fails_closed_for_a_caller_that_is_not_a_signed_in_user(grid, caller):
    """Rule: no user at all, or an object that does not say it is authenticated, sees no expert entry and
    none of their conflicts."""
    expert = f.ExpertFactory(user=grid.cast.norole)
    ExpertConflict.objects.create(expert=expert, organization=grid.cast.other_org)
    assert restrict(Expert.objects.all(), caller).count() == 0
    assert restrict(ExpertConflict.objects.all(), caller).count() == 0
