"""The ``login`` fixture signs in through the real form and reports a refused sign-in."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_login_fixture_signs_in_and_refuses_wrong_password(page, login):  # type: ignore[no-untyped-def]
    UserFactory(username="wangfang", display_name="王芳")
    with pytest.raises(AssertionError, match="login as 'wangfang' failed"):
        login("wangfang", "not-the-password")
    login("wangfang", "Kechuang-2026")
    assert page.locator("header .username").inner_text() == "王芳"
