"""Sign-in, sign-up, members and invitations: an organization's admins manage its members
(kechuang/accounts/permissions.py); the invitation token is the secret."""

from __future__ import annotations

from kechuang.accounts.models import User
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
        "members:member_password_reset",
        only_own(200),
        kwargs=lambda w: {"pk": w.member_membership.pk},
        method="POST",
        effect=lambda w: User.objects.get(pk=w.cast.org_member.pk).must_change_password,
        why="an organization's admin, for a plain member of its own (shown once; audited)",
    ),
    Row(
        "members:invitation_accept",
        PUBLIC,
        kwargs=lambda w: {"token": w.invitation.token},
        why="the token is the secret: anyone holding the link may open it (and sign up)",
    ),
    Row(
        "accounts:login_otp",
        (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        why="the code step exists only after a right password for an account with TOTP: else back to it",
    ),
    Row("accounts:security", SIGNED_IN, why="one's own two-factor settings"),
    Row("accounts:password_change", SIGNED_IN, why="one's own password"),
    Row("accounts:user_admin", only_own(200), own="admin", why="账户管理: platform admins only"),
    Row(
        "accounts:user_otp_reset",
        only_own(302),
        own="admin",
        kwargs=lambda w: {"pk": w.cast.org_member.pk},
        method="POST",
        why="resetting a second factor: platform admins only (audited)",
    ),
    Row(
        "accounts:user_password_reset",
        only_own(200),
        own="admin",
        kwargs=lambda w: {"pk": w.cast.org_member.pk},
        method="POST",
        effect=lambda w: User.objects.get(pk=w.cast.org_member.pk).must_change_password,
        why="a temporary password: platform admins only (audited); shown once on the answer page",
    ),
    *[
        Row(
            f"accounts:{name}",
            (404, 404, 404, 404, 404, 404),
            kwargs=kwargs,
            why="e-mail password reset is off unless KECHUANG_PASSWORD_RESET_BY_EMAIL (mail configured)",
        )
        for name, kwargs in (
            ("password_reset", lambda w: {}),
            ("password_reset_done", lambda w: {}),
            ("password_reset_confirm", lambda w: {"uidb64": "MQ", "token": "set-password"}),
            ("password_reset_complete", lambda w: {}),
        )
    ],
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
