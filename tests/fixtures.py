"""The standard cast of users for permission matrices.

* ``admin`` — platform admin;
* ``officer`` — 长春市科学技术局 officer (region 220100, 长春市 subtree);
* ``other_officer`` — 吉林市科学技术局 officer (220200): same kind, other region;
* ``org`` / ``org_admin`` / ``org_member`` — an enterprise in 长春市南关区 (220102) with its admin and member;
* ``other_org`` / ``other_org_admin`` — another enterprise in 长春市, with its own admin;
* ``norole`` — a signed-in user without any role.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kechuang.registry.choices import MembershipRole
from kechuang.registry.models import Region
from tests import factories as f


@pytest.fixture
def cast(db):  # type: ignore[no-untyped-def]
    return build_cast()


def build_cast() -> SimpleNamespace:
    """The cast's rows (needs database access; the API fuzz run builds it once per module)."""
    admin = f.UserFactory(username="admin", is_platform_admin=True)
    officer = f.OfficerFactory(user__username="officer").user
    jilin = Region.objects.get(code="220200")
    other_officer = f.OfficerFactory(
        user__username="other_officer", department=f.DepartmentFactory(region=jilin)
    ).user
    org = f.OrganizationFactory(name="长春光华微电子有限公司")
    org_admin = f.MembershipFactory(organization=org, user__username="org_admin").user
    org_member = f.MembershipFactory(
        organization=org, user__username="org_member", role=MembershipRole.MEMBER
    ).user
    other_org = f.OrganizationFactory(name="长春北方化工有限公司")
    other_org_admin = f.MembershipFactory(organization=other_org, user__username="other_org_admin").user
    norole = f.UserFactory(username="norole")
    return SimpleNamespace(
        admin=admin,
        officer=officer,
        other_officer=other_officer,
        org=org,
        org_admin=org_admin,
        org_member=org_member,
        other_org=other_org,
        other_org_admin=other_org_admin,
        norole=norole,
    )
