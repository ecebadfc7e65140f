"""The directory's events reach users through the kernel's notification inbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.registry.choices import VerificationStatus
from tests import factories as f
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def test_verification_notifies_the_organization_admins(cast):
    pending = f.OrganizationFactory(name="新注册光电公司", verification_status=VerificationStatus.PENDING)
    admin = f.MembershipFactory(organization=pending).user
    client_for(cast.officer).post(
        reverse("registry:organization_verify", args=[pending.pk]), {"decision": "approve"}
    )
    note = admin.notifications.get()
    assert note.title == "新注册光电公司已通过核验，可以开始申报。"
    assert note.link == reverse("registry:organization_detail", args=[pending.pk])
