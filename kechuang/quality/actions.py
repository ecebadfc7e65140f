"""The buttons of the complaint workflow (``COMPLAINT_TRANSITIONS``): officers of the region assign, the
assigned department answers, the lodger closes."""

from __future__ import annotations

from kechuang.core.workflow import Action, register_actions
from kechuang.quality.choices import COMPLAINT_TRANSITIONS, ComplaintStatus
from kechuang.quality.models import Complaint

register_actions(
    Complaint,
    transitions=COMPLAINT_TRANSITIONS,
    actions=[
        Action("assign", to=ComplaintStatus.ASSIGNED, permission="assign", own_form=True),
        Action("answer", to=ComplaintStatus.ANSWERED, permission="answer", own_form=True),
        Action("close", to=ComplaintStatus.CLOSED, permission="close"),
    ],
)
