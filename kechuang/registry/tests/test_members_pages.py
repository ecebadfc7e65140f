"""Sign-up, members and invitations are the directory's pages now, at the paths they always had; an
organization's audit history still shows membership records written before the move."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse

from kechuang.core.audit import AuditEntry, audit_log_many
from kechuang.registry.models import Membership
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def test_the_pages_keep_their_paths(cast):
    assert reverse("members:signup") == "/accounts/signup/"
    assert reverse("members:organization_members", args=[7]) == "/accounts/organizations/7/members/"
    assert reverse("members:membership_remove", args=[7]) == "/accounts/memberships/7/remove/"
    assert reverse("members:invitation_accept", args=["abc"]) == "/accounts/invitations/abc/"
    assert reverse("accounts:login") == "/accounts/login/"


def test_organization_history_shows_membership_records_from_before_and_after_the_move(cast):
    membership = Membership.objects.get(user=cast.org_member)
    # A record written while memberships were the accounts app's carries that label for good (the chain
    # covers it); one written now carries the registry's.
    before_move = SimpleNamespace(
        _meta=SimpleNamespace(app_label="accounts", model_name="membership"), pk=membership.pk
    )
    with transaction.atomic():
        audit_log_many(
            actor=cast.org_admin,
            entries=[
                AuditEntry(action="membership.create", target=before_move, after={"role": "old-label"}),
                AuditEntry(action="membership.create", target=membership, after={"role": "new-label"}),
            ],
        )
    body = text(client_for(cast.officer).get(reverse("core:audit_list"), {"organization": cast.org.pk}))
    # both records are listed for the organization (the page names records in words, not type codes)
    assert "old-label" in body and "new-label" in body and "机构成员：" in body
