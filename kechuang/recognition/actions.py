"""The buttons of the recognition workflows, from their tables and the recognition rules.

An application's moves are the applicant's (``submit`` right: the organization's admins) or the
officers' (``decide`` right), as ``TRANSITION_ACTORS`` says; each is named after the status it leads to,
as the transition form posts it. Calls are published, closed, reopened and archived by the department
that manages them; objections are ruled on by the officers who decide the application.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from kechuang.core.workflow import Action, register_actions
from kechuang.recognition import choices
from kechuang.recognition.models import Application, Call, Objection

S, Actor = choices.ApplicationStatus, choices.Actor

_RIGHT: dict[str, str] = {Actor.APPLICANT: "submit", Actor.OFFICER: "decide"}
# Buttons say what the user does (a verb), not the status the application ends in: "退回修改" is both,
# "已撤回" on a button reads as if it had already happened.
_LABELS: dict[tuple[str, str], Any] = {
    (S.SUBMITTED, Actor.APPLICANT): _("提交申报"),
    (S.WITHDRAWN, Actor.APPLICANT): _("撤回申报"),
    (S.FORMAL_CHECK, Actor.OFFICER): _("受理，进入形式审查"),
    (S.RETURNED, Actor.OFFICER): _("退回修改"),
    (S.EXPERT_REVIEW, Actor.OFFICER): _("形式审查通过，送专家评审"),
    (S.DECISION, Actor.OFFICER): _("评审结束，提交审定"),
    (S.PUBLICITY, Actor.OFFICER): _("审定通过，进入公示"),
    (S.RECOGNISED, Actor.OFFICER): _("予以认定"),
    (S.RE_EVALUATION, Actor.OFFICER): _("启动复核"),
    (S.WARNED, Actor.OFFICER): _("警告整改"),
    (S.REVOKED, Actor.OFFICER): _("撤销认定"),
    (S.REJECTED, Actor.OFFICER): _("不予通过"),
}
_CALL_LABELS: dict[str, Any] = {
    choices.CallStatus.OPEN: _("开放申报"),
    choices.CallStatus.CLOSED: _("截止申报"),
    choices.CallStatus.ARCHIVED: _("归档"),
}


def _moves() -> Iterator[Action]:
    """One action per target status and kind of actor, offered from the statuses that actor moves it from."""
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (source, to), actor in choices.TRANSITION_ACTORS.items():
        sources[(to, actor)].add(source)
    for to in S.values:
        for actor in Actor.values:
            if (to, actor) in sources:
                yield Action(
                    to,
                    to=to,
                    sources=frozenset(sources[(to, actor)]),
                    permission=_RIGHT[actor],
                    label=_LABELS.get((to, actor)),
                )


register_actions(
    Application,
    transitions=choices.TRANSITIONS,
    actions=[
        *_moves(),
        # the re-evaluation conclusion (keep, warn, revoke) has a form of its own
        Action(
            "re_evaluate",
            to=S.RECOGNISED,
            sources=frozenset({S.RE_EVALUATION}),
            permission="decide",
            own_form=True,
        ),
    ],
)

register_actions(
    Call,
    transitions=choices.CALL_TRANSITIONS,
    actions=[
        Action(to, to=to, permission="manage", label=_CALL_LABELS.get(to))
        for to in choices.CallStatus.values
        if to != choices.CallStatus.DRAFT
    ],
)

register_actions(
    Objection,
    transitions=choices.OBJECTION_TRANSITIONS,
    actions=[Action("resolve", to=choices.ObjectionStatus.UPHELD, permission="decide", own_form=True)],
)
