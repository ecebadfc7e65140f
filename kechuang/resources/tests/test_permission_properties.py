"""The shared resources' permission rules as properties, over the grid of tests/rule_grid.py (issue 19).

A voucher scheme of 长春市科学技术局 (region 长春市) is managed by its officers serving 长春市 only: the same
department serving 朝阳区 (``district_officer``), another department of 长春市 (``other_dept_officer``) and
the province (``province_officer``) get nothing — region and department varied apart.
"""

from __future__ import annotations

import pytest

from tests import app_factories as af
from tests.rule_grid import USERS, Grid, make_grid

pytestmark = pytest.mark.django_db

EVERYONE = set(USERS)
MEMBERS = {"org_admin", "org_member"}
SCHEME = {"admin", "officer"}


@pytest.fixture
def grid(cast) -> Grid:  # type: ignore[no-untyped-def]
    return make_grid(cast)


def test_an_instrument_is_public_and_managed_by_its_owners_members(grid):
    """Rule: instruments are public; the owner organization's members manage them."""
    instrument = af.InstrumentFactory(owner=grid.cast.org)
    assert grid.allowed(instrument, "view") == EVERYONE
    assert grid.allowed(instrument, "manage") == {"admin"} | MEMBERS
    assert grid.allowed(instrument, "nonsense") == {"admin"}


def test_a_booking_is_the_requesters_and_the_owners(grid):
    """Rule: a booking: the requester's members (apply: rate; cancel) and the owner's members (manage;
    cancel) see it; nobody else."""
    booking = af.BookingFactory(
        instrument=af.InstrumentFactory(owner=grid.cast.org), organization=grid.cast.other_org
    )
    assert grid.allowed(booking, "view") == {"admin", "other_org_admin"} | MEMBERS
    assert grid.allowed(booking, "cancel") == {"admin", "other_org_admin"} | MEMBERS
    assert grid.allowed(booking, "apply") == {"admin", "other_org_admin"}
    assert grid.allowed(booking, "manage") == {"admin"} | MEMBERS
    assert grid.allowed(booking, "nonsense") == {"admin"}


def test_a_voucher_scheme_is_its_departments_officers_of_its_region(grid):
    """Rule: a voucher scheme = officers of its department AND of a region subtree holding it."""
    scheme = af.VoucherSchemeFactory(department=grid.science)
    assert grid.allowed(scheme, "view") == SCHEME
    assert grid.allowed(scheme, "manage") == SCHEME
    assert grid.allowed(scheme, "nonsense") == {"admin"}


def test_a_voucher_is_the_schemes_officers_and_the_enterprises(grid):
    """Rule: a voucher: the scheme's officers see and manage it; the enterprise's members see and redeem it."""
    voucher = af.VoucherFactory(
        scheme=af.VoucherSchemeFactory(department=grid.science), enterprise=grid.cast.org
    )
    assert grid.allowed(voucher, "view") == SCHEME | MEMBERS
    assert grid.allowed(voucher, "redeem") == {"admin"} | MEMBERS
    assert grid.allowed(voucher, "manage") == SCHEME
    assert grid.allowed(voucher, "nonsense") == {"admin"}


def test_a_redemption_is_claimed_by_the_providers_admins_and_settled_by_the_schemes_officers(grid):
    """Rule: a redemption: the enterprise, the provider and the scheme's officers see it; the provider's
    admins claim settlement; the scheme's officers settle it."""
    voucher = af.VoucherFactory(
        scheme=af.VoucherSchemeFactory(department=grid.science), enterprise=grid.cast.other_org
    )
    redemption = af.RedemptionFactory(
        voucher=voucher,
        booking__instrument=af.InstrumentFactory(owner=grid.cast.org),
    )
    assert grid.allowed(redemption, "view") == SCHEME | MEMBERS | {"other_org_admin"}
    assert grid.allowed(redemption, "claim") == {"admin", "org_admin"}
    assert grid.allowed(redemption, "settle") == SCHEME
    assert grid.allowed(redemption, "nonsense") == {"admin"}
