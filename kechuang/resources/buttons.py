"""The buttons of a booking's and an order's page, pressed the same way: a plain move of the transition
table (with the note and the version the page was drawn at), or an action with a form of its own (record
the use, deliver, rate), whose data goes to its service."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data


@dataclass(frozen=True)
class FormButton:
    """An action with a form: ``run(expected_version=…, **cleaned_data)``; ``invalid`` when the form is not."""

    form: type[forms.Form]
    invalid: str
    run: Callable[..., Any]


def press(
    request: HttpRequest,
    *,
    version: int,
    moves: Mapping[str, str],
    move: Callable[..., Any],
    buttons: Mapping[str, FormButton],
) -> Any:
    """Do what the pressed button (``action``) asks; ``move(to=, actor=, note=, expected_version=)``."""
    action = request.POST.get("action", "")
    seen = int(request.POST.get("version") or version)
    if action in moves:
        return move(
            to=moves[action], actor=request.user, note=request.POST.get("note", ""), expected_version=seen
        )
    if action in buttons:
        button = buttons[action]
        return button.run(
            expected_version=seen, **form_data(button.form(request.POST), invalid=button.invalid)
        )
    raise ApplicationError(_("操作不正确，请刷新页面后重试。"))
