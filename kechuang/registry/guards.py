"""Page guards built on the directory's role rules: who counts as an officer for a page.

``officer_required`` keeps a page to officers (a role in some department) and platform admins: anonymous
users are sent to sign in, everyone else gets the 404 of a hidden page. ``user_is_officer_or_admin`` is
the same rule for a page that only shows or hides a button.
"""

from __future__ import annotations

from typing import Any

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import role_required
from kechuang.registry.selectors import user_is_officer


def user_is_officer_or_admin(user: Any) -> bool:
    """Officers of any department and platform admins (who may do what an officer may)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user_is_platform_admin(user) or user_is_officer(user)
    )


officer_required = role_required(user_is_officer_or_admin)
