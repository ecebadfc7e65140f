"""Sign-in, sign-up, members and invitations: an organization's admins manage its members
(kechuang/accounts/permissions.py); the invitation token is the secret."""

from __future__ import annotations

from kechuang.registry.models import Membership
from tests.matrix import LOGIN, PUBLIC, SIGNED_IN, Row, only_own

ROWS = [
    Row("accounts:login", PUBLIC),
    Row("accounts:logout", (302, 302, 302, 302, 302, 302), method="POST", why="back to the home page"),
    Row("members:signup", PUBLIC),
    Row("members:organization_members", only_own(200), kwargs=lambda w: {"pk": w.cast.org.pk}),
    Row(
        "members:membership_remove",
        only_own(302),
        kwargs=lambda w: {"pk": w.member_membership.pk},
        method="POST",
        effect=lambda w: not Membership.objects.filter(pk=w.member_membership.pk).exists(),
    ),
    Row(
        "members:invitation_accept",
        PUBLIC,
        kwargs=lambda w: {"token": w.invitation.token},
        why="the token is the secret: anyone holding the link may open it (and sign up)",
    ),
    # API
    Row(
        "api-auth-token",
        PUBLIC,
        method="POST",
        data=lambda w: {"username": "org_admin", "password": "Kechuang-2026"},
        why="the credentials are the authentication",
    ),
    Row("api-auth-token-revoke", (LOGIN, 204, 204, 204, 204, 204), method="POST"),
    Row("api-me", SIGNED_IN),
]
