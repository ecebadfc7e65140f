"""Reads about users themselves. Roles (officer, organization member, expert) are the directory's:
``kechuang.registry.selectors``."""

from __future__ import annotations

from typing import Any


def user_is_signed_in(user: Any) -> bool:
    """A real, active, authenticated user (not ``None``, not anonymous, not deactivated)."""
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def user_is_platform_admin(user: Any) -> bool:
    return user_is_signed_in(user) and bool(user.is_platform_admin or user.is_superuser)
