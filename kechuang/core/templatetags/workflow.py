"""Buttons from transition tables: ``{% load workflow %}{% allowed_actions obj as actions %}``.

``actions`` lists what the signed-in user (or ``user``, when given as a second argument) may do to
``obj`` now, from the app's ``TRANSITIONS`` table and its permission rule (:func:`allowed_actions`):

    {% for to, label in actions %}<button name="to" value="{{ to }}">{{ label }}</button>{% endfor %}
    {% if actions.submit %}<form …>提交审核</form>{% endif %}

A terminal status or a user without the right gets no action.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from kechuang.core.workflow import AllowedActions, status_label
from kechuang.core.workflow import allowed_actions as _allowed_actions

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed_actions(context: template.Context, obj: models.Model, user: Any = None) -> AllowedActions:
    if user is None:
        request = context.get("request")
        user = getattr(request, "user", None)
    return _allowed_actions(obj, user)


@register.filter
def status_of(value: str, obj: models.Model) -> str:
    """A status code of ``obj``'s workflow in words (its field's choice label): ``{{ h.to_status|status_of:claim }}``."""
    return status_label(obj, value) if value else "—"
