"""The authentication backend: Django's username and password check, and a user loaded with their entry
in the expert pool.

Whether the user is a review expert is the directory's (an active ``Expert`` row), and every page asks it
(the menu, the home page). Loading that row with the user in the session's one query keeps it free.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class DirectoryBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("expert_profile").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
