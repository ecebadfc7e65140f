"""The buttons of an application: the applicant submits (its own form, with every check) and withdraws
(``submit`` right: the lead organization's admins); the recommending unit recommends or returns a
submitted one (``recommend`` right); officers make every other move (``decide`` right) — but 立项
(approved), which is the funding decision's page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kechuang.core.workflow import Action, register_actions
from kechuang.programs.choices import APPLICATION_TRANSITIONS, EDITABLE, ApplicationStatus
from kechuang.programs.models import Application

S = ApplicationStatus

_OFFICER_LABELS = {
    S.FORMAL_CHECK: _("受理，开始形式审查"),
    S.IN_REVIEW: _("形式审查通过，进入专家评审"),
    S.REJECTED: _("不予立项"),
    S.PUBLICITY: _("立项公示"),
    S.ISSUED: _("下达"),
}

register_actions(
    Application,
    transitions=APPLICATION_TRANSITIONS,
    actions=[
        Action(
            "submit",
            to=S.SUBMITTED,
            sources=EDITABLE,
            permission="submit",
            label=_("提交申报"),
            own_form=True,
        ),
        Action("withdraw", to=S.WITHDRAWN, permission="submit", label=_("撤回申报")),
        Action("recommend", to=S.RECOMMENDED, permission="recommend", label=_("推荐")),
        Action(
            "recommend_return",
            to=S.RETURNED,
            sources=frozenset({S.SUBMITTED}),
            permission="recommend",
            label=_("退回修改"),
        ),
        Action(
            "returned",
            to=S.RETURNED,
            sources=frozenset({S.FORMAL_CHECK}),
            permission="decide",
            label=_("形式审查不通过，退回修改"),
        ),
        *(Action(str(to), to=to, permission="decide", label=label) for to, label in _OFFICER_LABELS.items()),
    ],
)
