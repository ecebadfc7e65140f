"""Row-level permissions in one engine.

Each app registers, per model, a rule ``(queryset, user, action) -> queryset`` that keeps only the rows
the user may act on. Views, API and selectors call :func:`restrict`; an object outside the restricted
queryset is answered with 404 whether it exists or not, so ids cannot be probed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.refusals import note_refusal

M = TypeVar("M", bound=models.Model)
Rule = Callable[[models.QuerySet, Any, str], models.QuerySet]

_RULES: dict[type[models.Model], Rule] = {}


def register_rule(model: type[models.Model]) -> Callable[[Rule], Rule]:
    """Declare the permission rule for ``model`` (one per model, in the app's ``permissions.py``)."""

    def decorator(func: Rule) -> Rule:
        _RULES[model] = func
        return func

    return decorator


def restrict(queryset: models.QuerySet[M], user: Any, action: str = "view") -> models.QuerySet[M]:
    """Only the rows of ``queryset`` on which ``user`` may perform ``action``.

    A model without a registered rule is visible to platform admins only: forgetting a rule fails closed.
    """
    rule = _RULES.get(queryset.model)
    if rule is None:
        if user is not None and getattr(user, "is_authenticated", False) and user.is_platform_admin:
            return queryset
        return queryset.none()
    return rule(queryset, user, action)


def rule_through(
    parent: type[models.Model],
    field: str,
    *,
    sees_all: Callable[[Any], bool],
    as_action: str | None = None,
    only: Collection[str] | None = None,
) -> Rule:
    """The rule of rows that belong to a ``parent`` row through the foreign key ``field`` (an application's
    partners, budget lines, attachments…): the user may do ``action`` on the row when they may do it on
    its parent (or ``as_action`` on its parent, whatever the action; an action outside ``only`` on none);
    users for whom ``sees_all(user)`` holds (the platform admins) see every row.

    ``register_rule(Partner)(rule_through(Application, "application_id", sees_all=user_is_platform_admin))``
    """

    def rule(qs: models.QuerySet, user: Any, action: str) -> models.QuerySet:
        if sees_all(user):
            return qs
        if only is not None and action not in only:
            return qs.none()
        parents = restrict(parent._default_manager.all(), user, as_action or action).values("pk")
        return qs.filter(**{f"{field}__in": parents})

    return rule


def get_object_or_404_for(user: Any, queryset: models.QuerySet[M], action: str = "view", **lookup: Any) -> M:
    """Fetch one row the user may act on; hidden and missing are the same 404."""
    try:
        return restrict(queryset, user, action).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        note_refusal(f"hidden_or_missing:{action}")
        raise Http404(_("对象不存在或无权访问。")) from exc


def can(user: Any, obj: models.Model, action: str) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj`` (one query)."""
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def ensure_visible(user: Any, obj: models.Model) -> None:
    """For services acting on an object the caller chose (a call to apply to): one the actor may not see
    is answered exactly like a missing one (404), whichever page or API reached the service."""
    if not can(user, obj, "view"):
        note_refusal("hidden")
        raise Http404(_("对象不存在或无权访问。"))


def not_allowed(reason: str = "not_allowed") -> ApplicationError:
    """The error a service raises when the actor may not do this — noted as a refused write (a security
    event when the request was one: kechuang/core/refusals.py)."""
    note_refusal(reason)
    return ApplicationError(_("您无权执行此操作。"))


def ensure_can(user: Any, obj: models.Model, action: str) -> None:
    """For services: raise a user-facing error if the actor may not do this."""
    if not can(user, obj, action):
        raise not_allowed(f"not_allowed:{action}")


View = Callable[..., HttpResponseBase]


def role_required(predicate: Callable[[Any], bool]) -> Callable[[View], View]:
    """A page guard from a role rule: anonymous users go to the sign-in page, signed-in users for whom
    ``predicate(user)`` is false get the same 404 as a hidden object.

    The rule itself lives where the roles are defined (``officer_required`` in the directory); the kernel
    only knows how to guard a page with it.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not predicate(request.user):
                note_refusal("role")
                raise Http404(_("对象不存在或无权访问。"))
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorator
