"""The permission matrix of every registry, accounts and core page.

Each row: a page (built from the cast), then the expected status for anonymous, no role, organization
member, organization admin, the other organization's admin, the officer of the region, an officer of
another region, and the platform admin. 302 for anonymous means "sent to the login page".
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.core.models import AuditRecord, Notification
from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Invitation
from kechuang.registry.tests.helpers import ROLES
from tests import factories as f
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def _world(cast):  # type: ignore[no-untyped-def]
    f.StatisticsFactory(organization=cast.org, year=2025)
    park = f.ParkFactory(name="长春光电产业园")
    park.memberships.create(organization=cast.org)
    pending = f.OrganizationFactory(name="待核验科技有限公司", verification_status=VerificationStatus.PENDING)
    invitation = Invitation.objects.create(
        organization=cast.org,
        email="new@example.cn",
        token="tok-" + "x" * 40,
        invited_by=cast.org_admin,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    return park, pending, invitation


PAGES = {
    # name: (url builder, expected per ROLES)
    "home": (lambda c, w: reverse("core:home"), (200, 200, 200, 200, 200, 200, 200, 200)),
    "organization_list": (
        lambda c, w: reverse("registry:organization_list"),
        (302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "organization_create": (
        lambda c, w: reverse("registry:organization_create"),
        (302, 404, 404, 404, 404, 200, 200, 200),
    ),
    "organization_detail": (
        lambda c, w: reverse("registry:organization_detail", args=[c.org.pk]),
        (302, 404, 200, 200, 404, 200, 404, 200),
    ),
    "organization_edit": (
        lambda c, w: reverse("registry:organization_edit", args=[c.org.pk]),
        (302, 404, 404, 200, 404, 200, 404, 200),
    ),
    "statistics_add": (
        lambda c, w: reverse("registry:statistics_add", args=[c.org.pk]),
        (302, 404, 404, 200, 404, 200, 404, 200),
    ),
    "statistics_edit": (
        lambda c, w: reverse("registry:statistics_edit", args=[c.org.pk, 2025]),
        (302, 404, 404, 200, 404, 200, 404, 200),
    ),
    "designation_add": (
        lambda c, w: reverse("registry:designation_add", args=[c.org.pk]),
        (302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "organization_verify": (
        lambda c, w: reverse("registry:organization_verify", args=[w[1].pk]),
        (302, 404, 404, 404, 404, 200, 404, 200),
    ),
    "verification_queue": (
        lambda c, w: reverse("registry:verification_queue"),
        (302, 404, 404, 404, 404, 200, 200, 200),
    ),
    "park_list": (lambda c, w: reverse("registry:park_list"), (200, 200, 200, 200, 200, 200, 200, 200)),
    "park_detail": (
        lambda c, w: reverse("registry:park_detail", args=[w[0].pk]),
        (200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "park_create": (lambda c, w: reverse("registry:park_create"), (302, 404, 404, 404, 404, 200, 200, 200)),
    "organization_members": (
        lambda c, w: reverse("members:organization_members", args=[c.org.pk]),
        (302, 404, 404, 200, 404, 404, 404, 200),
    ),
    "invitation_accept": (
        lambda c, w: reverse("members:invitation_accept", args=[w[2].token]),
        (200, 200, 200, 200, 200, 200, 200, 200),  # the token is the secret; anonymous may sign up here
    ),
    "audit_list": (lambda c, w: reverse("core:audit_list"), (302, 404, 404, 404, 404, 200, 200, 200)),
    "notification_list": (
        lambda c, w: reverse("core:notification_list"),
        (302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "region_picker": (
        lambda c, w: reverse("registry:region_search") + "?q=ccs",
        (200, 200, 200, 200, 200, 200, 200, 200),
    ),
    "industry_picker": (
        lambda c, w: reverse("registry:industry_search") + "?q=C39",
        (200, 200, 200, 200, 200, 200, 200, 200),
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_permission_matrix(cast, page):
    world = _world(cast)
    builder, expected = PAGES[page]
    url = builder(cast, world)
    got = {}
    for role, status in zip(ROLES, expected, strict=True):
        user = None if role == "anonymous" else getattr(cast, role)
        response = client_for(user).get(url)
        got[role] = response.status_code
        if status == 302:
            assert response.status_code == 302, (page, role)
            assert response["Location"].startswith(reverse("accounts:login")), (page, role)
    assert got == dict(zip(ROLES, expected, strict=True)), page


def test_organization_list_shows_only_visible_rows(cast):
    url = reverse("registry:organization_list")
    cases = {
        "norole": (False, False),
        "org_member": (True, False),
        "other_org_admin": (False, True),
        "officer": (True, True),
        "other_officer": (False, False),
        "admin": (True, True),
    }
    for role, (sees_org, sees_other) in cases.items():
        body = client_for(getattr(cast, role)).get(url).content.decode()
        assert (cast.org.name in body) is sees_org, role
        assert (cast.other_org.name in body) is sees_other, role


@pytest.mark.parametrize(
    "name,args",
    [
        ("registry:organization_detail", [999_999]),
        ("registry:organization_edit", [999_999]),
        ("registry:statistics_add", [999_999]),
        ("registry:designation_add", [999_999]),
        ("registry:organization_verify", [999_999]),
        ("registry:park_detail", [999_999]),
        ("members:organization_members", [999_999]),
        ("members:invitation_accept", ["forged-token"]),
    ],
)
def test_forged_ids_are_404_even_for_the_platform_admin(cast, name, args):
    assert client_for(cast.admin).get(reverse(name, args=args)).status_code == 404


def test_statistics_year_not_filed_is_404(cast):
    url = reverse("registry:statistics_edit", args=[cast.org.pk, 2019])
    assert client_for(cast.org_admin).get(url).status_code == 404


def test_someone_elses_notification_is_404(cast):
    note = Notification.objects.create(recipient=cast.org_admin, title="仅本人可见")
    url = reverse("core:notification_read", args=[note.pk])
    assert client_for(cast.other_org_admin).post(url).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    assert client_for(cast.org_admin).post(url).status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize(
    "role,expected", [("other_officer", 404), ("org_admin", 404), ("norole", 404), ("officer", 302)]
)
def test_park_member_add_and_remove_matrix(cast, role, expected):
    park = f.ParkFactory()
    user = getattr(cast, role)
    add = client_for(user).post(
        reverse("registry:park_member_add", args=[park.pk]), {"uscc": cast.other_org.uscc}
    )
    assert add.status_code == expected
    assert park.memberships.filter(organization=cast.other_org).exists() is (expected == 302)
    park.memberships.get_or_create(organization=cast.other_org)
    remove = client_for(user).post(reverse("registry:park_member_remove", args=[park.pk, cast.other_org.pk]))
    assert remove.status_code == expected
    assert park.memberships.filter(organization=cast.other_org).exists() is (expected != 302)


@pytest.mark.parametrize("role,expected", [("other_officer", 404), ("org_admin", 404), ("officer", 302)])
def test_verify_post_matrix(cast, role, expected):
    pending = f.OrganizationFactory(verification_status=VerificationStatus.PENDING)
    response = client_for(getattr(cast, role)).post(
        reverse("registry:organization_verify", args=[pending.pk]), {"decision": "approve"}
    )
    assert response.status_code == expected
    pending.refresh_from_db()
    assert (pending.verification_status == VerificationStatus.VERIFIED) is (expected == 302)


@pytest.mark.parametrize("role,expected", [("org_member", 404), ("other_org_admin", 404), ("officer", 404)])
def test_membership_remove_matrix(cast, role, expected):
    membership = cast.org.memberships.get(user=cast.org_member)
    response = client_for(getattr(cast, role)).post(
        reverse("members:membership_remove", args=[membership.pk])
    )
    assert response.status_code == expected
    assert cast.org.memberships.filter(pk=membership.pk).exists()


def test_org_admin_removes_member(cast):
    membership = cast.org.memberships.get(user=cast.org_member)
    response = client_for(cast.org_admin).post(reverse("members:membership_remove", args=[membership.pk]))
    assert response.status_code == 302
    assert not cast.org.memberships.filter(pk=membership.pk).exists()


POSTS = {
    # name: (url builder, form data, roles that must get 404 and change nothing)
    "organization_edit": (
        lambda c: reverse("registry:organization_edit", args=[c.org.pk]),
        lambda c: {"name": "被篡改的名称", "uscc": c.org.uscc, "kind": "enterprise", "region": "220102"},
        ("norole", "org_member", "other_org_admin", "other_officer"),
    ),
    "statistics_add": (
        lambda c: reverse("registry:statistics_add", args=[c.org.pk]),
        lambda c: {"year": "2025", "revenue": "1"},
        ("norole", "org_member", "other_org_admin", "other_officer"),
    ),
    "designation_add": (
        lambda c: reverse("registry:designation_add", args=[c.org.pk]),
        lambda c: {"kind": "high_tech", "valid_from": "2025-01-01"},
        ("norole", "org_member", "org_admin", "other_org_admin", "other_officer"),
    ),
    "invitation_create": (
        lambda c: reverse("members:organization_members", args=[c.org.pk]),
        lambda c: {"email": "intruder@example.cn", "role": "admin"},
        ("norole", "org_member", "other_org_admin", "officer", "other_officer"),
    ),
    "park_create": (
        lambda c: reverse("registry:park_create"),
        lambda c: {"name": "伪造园区", "level": "municipal", "kind": "industrial_park", "region": "220102"},
        ("norole", "org_member", "org_admin", "other_org_admin"),
    ),
}


@pytest.mark.parametrize("name", sorted(POSTS))
def test_forbidden_posts_are_404_and_write_nothing(cast, name):
    url_for, data_for, roles = POSTS[name]
    audit = AuditRecord.objects.exclude(action__startswith="security.").count()
    for role in roles:
        response = client_for(getattr(cast, role)).post(url_for(cast), data_for(cast))
        assert response.status_code == 404, (name, role)
    anonymous = client_for(None).post(url_for(cast), data_for(cast))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    assert AuditRecord.objects.exclude(action__startswith="security.").count() == audit
    assert AuditRecord.objects.filter(action="security.write_refused").exists()  # but the refusal is
    cast.org.refresh_from_db()
    assert cast.org.name == "长春光华微电子有限公司"
    assert not cast.org.statistics.exists() and not cast.org.designations.exists()
    assert not Invitation.objects.exists()
