"""Rule guarded: an administrator's password reset is all or nothing, outside any test transaction too.

``transaction=True``: the test commits for real. A failure after the reset's audit record is written
leaves the user's password and API tokens as they were (a half reset would lock the user out with a
password nobody was given) and no audit record (tests/atomic.py).
"""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from kechuang.accounts import services
from tests.atomic import Boom, assert_chain_intact, counts, fail_after_audit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failure_after_the_reset_is_audited_leaves_password_and_tokens(cast, monkeypatch):
    """Rule: password_set_temporary sets the password, ends the tokens and audits in one transaction."""
    user = cast.org_member
    user.set_password("旧密码-Abc12345")
    user.save()
    Token.objects.create(user=user)
    before = counts(Token)
    fail_after_audit(monkeypatch, services)
    with pytest.raises(Boom):
        services.password_set_temporary(actor=cast.admin, user=user, may_reset=True)
    user.refresh_from_db()
    assert user.check_password("旧密码-Abc12345") and not user.must_change_password
    assert counts(Token) == before
    assert_chain_intact()


def test_the_same_reset_commits_when_nothing_fails(cast):
    """The control: without the injected failure the temporary password is set and the token ended."""
    user = cast.org_member
    Token.objects.create(user=user)
    password = services.password_set_temporary(actor=cast.admin, user=user, may_reset=True)
    user.refresh_from_db()
    assert user.check_password(password) and user.must_change_password
    assert not Token.objects.filter(user=user).exists()
