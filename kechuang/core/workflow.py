"""The transition kernel shared by every workflow (recognition, projects, claims, achievements…).

A workflow declares a ``TextChoices`` status, a ``TRANSITIONS`` table ``{from: {to, ...}}`` and a
``TERMINAL`` set in its app's ``choices.py``; its ``<entity>_transition`` service calls
:func:`transition`, which validates the move, saves the status, writes a :class:`StatusChange` row and an
audit record, all in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.models import StatusChange


def allowed_targets(transitions: Mapping[str, Any], current: str) -> set[str]:
    return set(transitions.get(current, ()))


def status_label(obj: models.Model, value: str, field: str = "status") -> str:
    choices = dict(getattr(obj._meta.get_field(field), "flatchoices", ()))
    return str(choices.get(value, value))


@transaction.atomic
def transition(
    *,
    obj: models.Model,
    to: str,
    actor: Any,
    transitions: Mapping[str, Any],
    note: str = "",
    field: str = "status",
    expected_version: int | None = None,
) -> StatusChange:
    """Move ``obj`` to status ``to`` or raise :class:`ApplicationError` saying why not.

    If the model has an integer ``version`` field and ``expected_version`` is given, the update is
    conditional on it (optimistic locking): a second officer acting on a stale page gets a clear error.
    """
    current = getattr(obj, field)
    if to not in allowed_targets(transitions, current):
        raise ApplicationError(
            _("不能从“%(from)s”变更为“%(to)s”。")
            % {"from": status_label(obj, current, field), "to": status_label(obj, to, field)},
            extra={"from": current, "to": to},
        )
    model = type(obj)
    has_version = any(f.name == "version" for f in model._meta.concrete_fields)
    filters: dict[str, Any] = {"pk": obj.pk, field: current}
    updates: dict[str, Any] = {field: to}
    if has_version:
        version = obj.version if expected_version is None else expected_version  # type: ignore[attr-defined]
        filters["version"] = version
        updates["version"] = models.F("version") + 1
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        updates["updated_at"] = timezone.now()
    changed = model._default_manager.filter(**filters).update(**updates)
    if changed != 1:
        raise ApplicationError(_("该记录已被他人修改，请刷新页面后重试。"), extra={"conflict": True})
    obj.refresh_from_db()
    change = StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(obj.pk),
        from_status=current,
        to_status=to,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
    )
    audit_log(
        actor=actor,
        action=f"{model._meta.model_name}.transition",
        target=obj,
        before={field: current},
        after={field: to, "note": note},
    )
    return change


def history(obj: models.Model) -> models.QuerySet[StatusChange]:
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor")
