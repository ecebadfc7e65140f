"""The buttons of the review machinery: the panel's (managed by its department's officers) and the
expert's own assignment (scored or declined while the panel scores)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kechuang.core.workflow import Action, register_actions
from kechuang.review.choices import ASSIGNMENT_TRANSITIONS, PANEL_TRANSITIONS, AssignmentStatus, PanelStatus
from kechuang.review.models import Panel, ReviewAssignment

register_actions(
    Panel,
    transitions=PANEL_TRANSITIONS,
    actions=[
        # assigning experts keeps the status: first while forming, then to fill gaps while scoring
        Action(
            "assign",
            to=None,
            sources=frozenset({PanelStatus.FORMING}),
            permission="manage",
            label=_("自动分配专家"),
        ),
        Action(
            "assign",
            to=None,
            sources=frozenset({PanelStatus.SCORING}),
            permission="manage",
            label=_("补充分配专家"),
        ),
        Action("open", to=PanelStatus.SCORING, permission="manage", label=_("开始评审")),
        Action("close", to=PanelStatus.CLOSED, permission="manage", label=_("结束评审并汇总")),
    ],
)


def _panel_scoring(assignment: ReviewAssignment) -> bool:
    return assignment.item.panel.status == PanelStatus.SCORING


register_actions(
    ReviewAssignment,
    transitions=ASSIGNMENT_TRANSITIONS,
    actions=[
        Action(
            "score", to=AssignmentStatus.SUBMITTED, permission="score", when=_panel_scoring, own_form=True
        ),
        Action(
            "decline", to=AssignmentStatus.DECLINED, permission="score", when=_panel_scoring, own_form=True
        ),
    ],
)
