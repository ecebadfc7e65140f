"""The transition kernel shared by every workflow (recognition, projects, claims, achievements…).

A workflow declares a ``TextChoices`` status, a ``TRANSITIONS`` table ``{from: {to, ...}}`` and a
``TERMINAL`` set in its app's ``choices.py``; its ``<entity>_transition`` service calls
:func:`transition`, which validates the move, saves the status, writes a :class:`StatusChange` row and an
audit record, all in the caller's transaction.

Pages take their buttons from the same table: an app declares each move's :class:`Action` (verb, label,
permission) with :func:`register_actions`, and :func:`allowed_actions` — or the template tag
``{% load workflow %}{% allowed_actions obj as actions %}`` — says which of them a user may take now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.models import StatusChange
from kechuang.core.permissions import can


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


# ------------------------------------------------------------------------------------------ page actions


@dataclass(frozen=True)
class Action:
    """A move a page offers as a button, declared next to the workflow's transition table.

    ``name`` is the verb (the API's where the API has one), ``to`` the status the move leads to (``None``
    for an action that keeps the status, offered in ``sources``), ``permission`` the
    :func:`~kechuang.core.permissions.restrict` action the user needs on the object. The move is offered
    when the ``TRANSITIONS`` table allows it from the current status (and the status is in ``sources``,
    when given), ``when(obj)`` holds (when given) and the user has the permission. ``own_form`` actions
    have a form of their own on the page and are left out of the plain list of moves.
    """

    name: str
    to: str | None
    permission: str
    label: Any = None
    sources: frozenset[str] | None = None
    when: Callable[[Any], bool] | None = None
    own_form: bool = False


@dataclass(frozen=True)
class Offered:
    """An action offered on one object: its name, target status, label (the status's by default), the
    permission it took."""

    name: str
    to: str | None
    label: str
    permission: str
    own_form: bool


class AllowedActions:
    """What a user may do to one object now. Iterating gives ``(to, label)`` pairs of the plain moves;
    ``actions.submit`` (in a template) or ``actions["submit"]`` gives one action by name (missing →
    ``KeyError``, so a template's ``{% if actions.submit %}`` is false)."""

    def __init__(self, offered: list[Offered]) -> None:
        self.offered = offered
        self._by_name = {o.name: o for o in offered}

    def __iter__(self) -> Iterator[tuple[str | None, str]]:
        return iter(self.moves())

    def moves(self, permission: str | None = None) -> list[tuple[str | None, str]]:
        """``(to, label)`` of the plain moves, or of those that take ``permission`` (e.g. the applicant's
        moves and the officers' moves of one application, shown in two places)."""
        return [
            (o.to, o.label)
            for o in self.offered
            if not o.own_form and (permission is None or o.permission == permission)
        ]

    def __getitem__(self, name: str) -> Offered:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __len__(self) -> int:
        return len(self.offered)

    def __bool__(self) -> bool:
        return bool(self.offered)

    def __repr__(self) -> str:
        return f"AllowedActions({[o.name for o in self.offered]!r})"


@dataclass(frozen=True)
class _Workflow:
    transitions: Mapping[str, Any]
    actions: tuple[Action, ...]
    field: str


_WORKFLOWS: dict[type[models.Model], _Workflow] = {}


def register_actions(
    model: type[models.Model],
    *,
    transitions: Mapping[str, Any],
    actions: Iterable[Action],
    field: str = "status",
) -> None:
    """Declare the buttons of ``model``'s workflow (in the app's ``actions.py``, imported by ``ready()``).

    Every action that moves must be a move of the table: a typo fails at start-up, not on a page.
    """
    actions = tuple(actions)
    targets = {to for allowed in transitions.values() for to in allowed}
    for action in actions:
        if action.to is None and not action.sources:
            raise ValueError(f"{model.__name__}.{action.name}: an action that keeps the status needs sources")
        if action.to is not None and action.to not in targets:
            raise ValueError(f"{model.__name__}.{action.name}: no transition leads to {action.to!r}")
        for source in action.sources or ():
            if action.to is not None and action.to not in transitions.get(source, ()):
                raise ValueError(f"{model.__name__}.{action.name}: {source!r} → {action.to!r} is not a move")
    _WORKFLOWS[model] = _Workflow(transitions=transitions, actions=actions, field=field)


def allowed_actions(obj: models.Model, user: Any) -> AllowedActions:
    """The actions of ``obj``'s workflow that ``user`` may take now, in declaration order.

    One permission query per distinct permission among the actions the status allows; none for a
    terminal status or an anonymous user.
    """
    workflow = _WORKFLOWS.get(type(obj)._meta.concrete_model or type(obj))
    if workflow is None:
        raise LookupError(f"no actions registered for {type(obj).__name__}")
    if not getattr(user, "is_authenticated", False):
        return AllowedActions([])
    current = getattr(obj, workflow.field)
    targets = allowed_targets(workflow.transitions, current)
    candidates = [
        a
        for a in workflow.actions
        if (a.to in targets if a.to is not None else True)
        and (a.sources is None or current in a.sources)
        and (a.when is None or a.when(obj))
    ]
    granted = {p for p in {a.permission for a in candidates} if can(user, obj, p)}
    return AllowedActions(
        [
            Offered(
                name=a.name,
                to=a.to,
                label=str(a.label)
                if a.label is not None
                else status_label(obj, a.to or current, workflow.field),
                permission=a.permission,
                own_form=a.own_form,
            )
            for a in candidates
            if a.permission in granted
        ]
    )
